"""Fixtures for the tests: the example plugin of docs/plugins.md, built and installed once
per session into a temporary folder (nothing is installed into the environment)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from competency import _plugins

from ._plugin_guide import install_example_plugin


@pytest.fixture(scope="session")
def example_plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the installed example plugin (a normal, non-editable install)."""
    return install_example_plugin(tmp_path_factory.mktemp("example-plugin"))


@pytest.fixture
def example_plugin(example_plugin_site: Path) -> Iterator[Path]:
    """The example plugin on ``sys.path`` for one test, found through its entry points."""
    sys.path.insert(0, str(example_plugin_site))
    _plugins.clear_cache()
    try:
        yield example_plugin_site
    finally:
        sys.path.remove(str(example_plugin_site))
        for name in [m for m in sys.modules if m.startswith("competency_example_plugin")]:
            del sys.modules[name]
        _plugins.clear_cache()
