"""The README's two commands are what CI runs, and the tests need nothing outside the
repository (a clean clone or an unpacked sdist is enough)."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```\n(.*?)```", section, re.DOTALL)]


def test_the_readme_has_two_commands_and_ci_runs_the_second_exactly() -> None:
    run_report, run_tests = _readme_commands()
    assert run_report == ("python -m pip install -e . && "
                          "competency crosswalk report pt-nos ls-nos")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert run_tests in ci.splitlines()
    # a newcomer's venv has the pip it brings: CI must not upgrade it first
    assert not re.search(r"pip install[^\n]*(--upgrade|-U)\b[^\n]*\bpip\b", ci)
    assert "shared" not in ci


def test_no_test_reads_files_outside_the_repository() -> None:
    outside = re.compile(r"""(\.\./shared|["']shared["']\s*/|parent\s*/\s*["']shared)""")
    offenders = [
        path.relative_to(ROOT).as_posix()
        for folder in ("tests", "src", "benchmarks", "docs")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".md"} and path != Path(__file__)
        and outside.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> tarfile.TarFile:
    out = tmp_path_factory.mktemp("sdist")
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    (built,) = out.glob("competency-*.tar.gz")
    return tarfile.open(built)


def test_the_sdist_carries_everything_the_tests_read(sdist: tarfile.TarFile) -> None:
    names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"conftest.py", "docs/plugins.md", "tests/conftest.py",
            "tests/data/specs/case-v1p1-cfpackage-schema.json",
            "frameworks/pt-nos.json", "README.md"} <= names
    seeds = {p.name for p in (ROOT / "tests" / "data" / "seeds").iterdir()}
    assert {f"tests/data/seeds/{name}" for name in seeds} <= names
