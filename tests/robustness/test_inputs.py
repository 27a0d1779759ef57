"""Every input path of the command line, fed every class of hostile file: exit status 1, a
bounded report that names the file, never a traceback, a hang or unbounded memory."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ._hostile import JSON_VALUES, READING, YAML, framework_doc
from ._run import assert_clean_failure, run

# Each input path: the command line with {file} where the input goes.
FILE_PATHS = {
    "validate": ["validate", "{file}"],
    "import case": ["import", "{file}", "--from", "case"],
    "import csv": ["import", "{file}", "--from", "csv"],
    "import skos": ["import", "{file}", "--from", "skos"],
    "import moodle": ["import", "{file}", "--from", "moodle"],
    "crosswalk validate": ["crosswalk", "validate", "{file}"],
    "crosswalk report --crosswalk": ["crosswalk", "report", "pt-nos", "ls-nos", "--crosswalk",
                                     "{file}"],
    "crosswalk evaluate": ["crosswalk", "evaluate", "{file}", "--reference", "pt-nos:ls-nos"],
}
JSON_PATHS = {
    "validate": ["validate", "{file}"],
    "import case": ["import", "{file}", "--from", "case"],
    "crosswalk suggest": ["crosswalk", "suggest", "{file}", "ls-nos"],
}


def _argv(template: list[str], path: Path) -> list[str]:
    return [str(path) if part == "{file}" else part for part in template]


@pytest.mark.parametrize("kind", sorted(READING))
@pytest.mark.parametrize("command", sorted(FILE_PATHS))
def test_unreadable_or_endless_input_is_a_clean_error(
    command: str, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = READING[kind](tmp_path)
    code, out, err = run(_argv(FILE_PATHS[command], path), capsys)
    assert_clean_failure(code, out, err)
    assert str(path) in err


@pytest.mark.parametrize("kind", sorted(JSON_VALUES))
@pytest.mark.parametrize("command", sorted(JSON_PATHS))
def test_unusable_json_values_are_reported_at_their_place(
    command: str, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hostile.json"
    path.write_bytes(JSON_VALUES[kind]())
    code, out, err = run(_argv(JSON_PATHS[command], path), capsys)
    assert_clean_failure(code, out, err)
    assert f"{path}:" in err
    if kind in ("repeated key, different value", "NaN", "Infinity", "-Infinity", "1e400",
                "5,000-digit integer", "lone surrogate", "arrays 30,000 deep",
                "objects 5,000 deep"):
        assert f"{path}:line 1, column " in err


def _csv(header: str) -> bytes:
    return (header + "id,kind,notation,parent,text\ndemo:U1,unit,U1,,Work safely.\n").encode()


def _sssom(header: str) -> bytes:
    rows = ("subject_id\tpredicate_id\tobject_id\tmapping_justification\n"
            "pt-nos:LSIPT01\tskos:relatedMatch\tls-nos:A\tsemapv:ManualMappingCuration\n")
    return (header + rows).encode()


YAML_PATHS: dict[str, tuple[list[str], Callable[[str], bytes], str]] = {
    "import csv": (["import", "{file}", "--from", "csv"], _csv, "# "),
    "crosswalk validate": (["crosswalk", "validate", "{file}"], _sssom, "#"),
    "crosswalk report --crosswalk": (
        ["crosswalk", "report", "pt-nos", "ls-nos", "--crosswalk", "{file}"], _sssom, "#"),
    "crosswalk evaluate": (["crosswalk", "evaluate", "{file}", "--reference", "pt-nos:ls-nos"],
                           _sssom, "#"),
}


@pytest.mark.parametrize("kind", sorted(YAML))
@pytest.mark.parametrize("command", sorted(YAML_PATHS))
def test_yaml_bombs_and_deep_yaml_fail_fast_with_their_line(
    command: str, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template, build, prefix = YAML_PATHS[command]
    path = tmp_path / "hostile.tsv"
    path.write_bytes(build(YAML[kind](prefix)))
    code, out, err = run(_argv(template, path), capsys)
    assert_clean_failure(code, out, err)
    assert "nests more than 32" in err or "more than 100000 values" in err


@pytest.mark.parametrize("kind", sorted(JSON_VALUES))
def test_standard_input_is_read_like_a_file(
    kind: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(JSON_VALUES[kind]())))
    code, out, err = run(["validate", "-"], capsys)
    assert_clean_failure(code, out, err)
    assert err.startswith("<stdin>:")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_an_endless_standard_input_stops_at_the_limit(
    device: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with open(device, "rb") as stream:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(stream))
        code, out, err = run(["validate", "-"], capsys)
    assert_clean_failure(code, out, err)
    assert "more than the input limit of 64 KiB" in err


def test_a_valid_document_on_standard_input_validates(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.dumps(framework_doc()).encode()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run(["validate", "-"], capsys)
    assert code == 0
    assert "ok (demo: 2 elements, 1 relations)" in out


def test_the_input_limit_can_be_raised(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "padded.json"
    path.write_bytes(json.dumps(framework_doc()).encode() + b" " * 70_000)
    code, _, err = run(["validate", str(path)], capsys)
    assert code == 1
    assert "larger than the input limit of 64 KiB" in err
    assert "--max-input-size" in err
    from competency.cli import main

    assert main(["validate", "--max-input-size", "1M", str(path)]) == 0
    monkeypatch.setenv("COMPETENCY_MAX_INPUT_SIZE", "1M")
    assert main(["validate", str(path)]) == 0
    monkeypatch.setenv("COMPETENCY_MAX_INPUT_SIZE", "32K")
    assert main(["validate", str(path)]) == 1


HOSTILE_IDS = {
    "terminal escape": "\x1b]0;pwned\x07\x1b[2J",
    "carriage return": "pt-nos\rok",
    "10,000 characters": "x" * 10_000,
    "NUL": "pt\x00nos",
    "lone surrogate": "pt-nos\udc80",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_IDS))
@pytest.mark.parametrize("position", ["framework", "element"])
def test_show_with_a_hostile_id_is_a_clean_error(
    kind: str, position: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["show", HOSTILE_IDS[kind]] if position == "framework" else [
        "show", "pt-nos", HOSTILE_IDS[kind]]
    code, out, err = run(argv, capsys)
    assert_clean_failure(code, out, err)
