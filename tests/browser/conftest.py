"""Fixtures for the browser tests: Chromium, axe-core from the npm registry, report pages.

Chromium is Debian's ``chromium`` (``apt-get install -y chromium``), or the executable named
by ``$COMPETENCY_CHROMIUM``. axe-core is fetched at test time with ``npm pack`` from the npm
registry (pinned to :data:`AXE_VERSION`) into a cache directory outside the repository, and
never committed.

Missing tools: on CI (``CI=true``) the tests fail, so they are never silently skipped there;
on a developer machine they are skipped with a reason that says how to install the tool.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from competency.analysis import render_html, report
from competency.crosswalk import load_crosswalk
from competency.registry import load
from tests.browser._cdp import Browser, find_chromium

AXE_VERSION = "4.14.1"
"""The axe-core release the accessibility test runs (npm package ``axe-core``)."""


def _missing(what: str, how: str) -> None:
    message = f"{what} is needed for the browser tests: {how}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI=true: browser tests must run on CI)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium executable (skip or fail, see the module documentation)."""
    found = find_chromium()
    if found is None:
        _missing("chromium", "apt-get install -y chromium (or set COMPETENCY_CHROMIUM)")
    assert found is not None
    return found


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Browser]:
    """One headless Chromium for the whole session, with a fresh profile."""
    with Browser(chromium) as b:
        yield b


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "competency-tests" / f"axe-core-{AXE_VERSION}"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The text of ``axe.min.js`` from the npm package ``axe-core@AXE_VERSION``."""
    target = _cache_dir() / "axe.min.js"
    if not target.is_file():
        npm = shutil.which("npm")
        if npm is None:
            _missing("npm", "apt-get install -y npm (axe-core is fetched with npm pack)")
        assert npm is not None
        target.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [npm, "pack", f"axe-core@{AXE_VERSION}", "--silent",
             "--pack-destination", str(target.parent)],
            capture_output=True, text=True, timeout=300, check=False)
        if done.returncode != 0:
            pytest.fail(f"npm pack axe-core@{AXE_VERSION} failed: {done.stderr.strip()}")
        tarball = target.parent / done.stdout.strip().splitlines()[-1]
        with tarfile.open(tarball) as archive:
            member = archive.extractfile("package/axe.min.js")
            assert member is not None
            partial = target.with_suffix(".part")
            partial.write_bytes(member.read())
            os.replace(partial, target)
    text = target.read_text(encoding="utf-8")
    assert f"axe v{AXE_VERSION}" in text[:200], "not the pinned axe-core release"
    return text


@pytest.fixture(scope="session")
def report_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The HTML reports of two shipped crosswalks, written once per session."""
    folder = tmp_path_factory.mktemp("reports")
    pages = {}
    for a, b in (("pt-nos", "ls-nos"), ("fe-pt-role", "pt-nos")):
        page = folder / f"{a}__{b}.html"
        page.write_text(render_html(report(load_crosswalk(a, b), load(a), load(b)),
                                    generated="2026-01-31"), encoding="utf-8")
        pages[f"{a}__{b}"] = page
    return pages
