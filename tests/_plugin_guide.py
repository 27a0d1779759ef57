"""Build the example plugin from the text of docs/plugins.md and install it normally.

The guide shows every file of the plugin in a fenced block whose info string carries
``title="<path in the plugin folder>"``; :func:`guide_files` collects them, and
:func:`install_example_plugin` writes them out and runs a normal (non-editable)
``pip install`` into a target folder, with the project's own hatchling (no network).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "plugins.md"

_FILE_BLOCK = re.compile(
    r'^```[a-z]*[ \t]+title="(?P<path>[^"]+)"[ \t]*\n(?P<body>.*?)^```[ \t]*$',
    re.MULTILINE | re.DOTALL,
)


def guide_files(text: str | None = None) -> dict[str, str]:
    """The plugin's files as the guide shows them: path in the plugin folder -> text."""
    source = GUIDE.read_text(encoding="utf-8") if text is None else text
    files: dict[str, str] = {}
    for match in _FILE_BLOCK.finditer(source):
        path = match["path"]
        if path in files:
            raise AssertionError(f"docs/plugins.md shows {path} twice")
        files[path] = match["body"]
    return files


def install_example_plugin(workdir: Path) -> Path:
    """Write the guide's plugin under `workdir`, install it with a normal ``pip install``
    into ``workdir/site`` and return that folder (put it on ``sys.path`` to use it)."""
    project = workdir / "competency-example-plugin"
    for relative, body in guide_files().items():
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    site = workdir / "site"
    completed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
         "--no-build-isolation", "--no-index", "--target", str(site), str(project)],
        capture_output=True, text=True, check=False,
    )
    if completed.returncode != 0:
        raise AssertionError(
            "installing the plugin built from docs/plugins.md failed:\n"
            + completed.stdout + completed.stderr)
    return site
