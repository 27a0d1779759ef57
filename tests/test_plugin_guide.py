"""docs/plugins.md is complete: the plugin built from its text alone, installed with a normal
(non-editable) pip install, is found, listed as working and scores from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ._plugin_guide import guide_files


def _competency(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(site),
                                                        os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "competency", *args], capture_output=True,
                          text=True, check=False, env=env)


def test_the_guide_shows_every_file_of_the_plugin() -> None:
    assert set(guide_files()) == {
        "pyproject.toml",
        "src/competency_example_plugin/__init__.py",
        "src/competency_example_plugin/example-mentoring.json",
        "src/competency_example_plugin/scoring.py",
    }
    assert "[build-system]" in guide_files()["pyproject.toml"]


def test_the_installed_wheel_carries_the_rubric_json(example_plugin_site: Path) -> None:
    data = example_plugin_site / "competency_example_plugin" / "example-mentoring.json"
    assert json.loads(data.read_text(encoding="utf-8"))["id"] == "example-mentoring"
    assert not list(example_plugin_site.glob("__editable__*"))  # a real, normal install


def test_the_guide_plugin_is_listed_as_working(example_plugin_site: Path) -> None:
    done = _competency(example_plugin_site, "list")
    assert done.returncode == 0, done.stderr
    out = " ".join(done.stdout.replace("│", " ").split())
    assert "competency.rubrics example-mentoring competency-example-plugin ok" in out
    assert "competency.scoring best-fit competency-example-plugin ok" in out
    assert "broken" not in out


def test_the_guide_plugin_scores_from_the_command_line(example_plugin_site: Path) -> None:
    done = _competency(example_plugin_site, "score", "example-mentoring", "--levels",
                       "leading,established,emerging,none", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == 9
    gap = _competency(example_plugin_site, "score", "example-mentoring", "--levels",
                      "leading,leading,leading,emerging", "--strategy", "best-fit",
                      "--format", "json")
    assert gap.returncode == 0, gap.stderr
    data = json.loads(gap.stdout)
    assert (data["total"], data["bands"], data["strategy"]) == (
        16, {"overall": "Exemplary"}, "best-fit")
