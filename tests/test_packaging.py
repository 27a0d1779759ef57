"""The built wheel carries the shipped data and finds it through importlib.resources."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(out), str(ROOT)],
        check=True, capture_output=True,
    )
    (built,) = out.glob("competency-*.whl")
    return built


def test_the_wheel_contains_the_shipped_frameworks_and_schemas(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "competency/_data/frameworks/pt-nos.json" in names
    assert "competency/_data/frameworks/ls-nos.json" in names
    assert "competency/schemas/framework.schema.json" in names
    assert "competency/py.typed" in names
    shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / "frameworks").rglob("*")
               if p.is_file()}
    assert {f"competency/_data/{name}" for name in shipped} <= names


def test_an_installed_wheel_loads_its_data_without_the_source_tree(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target",
         str(target), str(wheel)],
        check=True, capture_output=True,
    )
    code = (
        "import competency, competency._data as d; "
        "print(competency.__file__); print(d.data_root()); "
        "print(len(competency.load('pt-nos').elements))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env, cwd=tmp_path).stdout.splitlines()
    assert out[0].startswith(str(target))
    assert out[1].startswith(str(target))
    assert out[2] == "190"
