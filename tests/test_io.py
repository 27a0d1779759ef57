from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from competency import (
    CompetencyError,
    DocumentError,
    Framework,
    StructureError,
    dump_framework,
    dumps,
    load_framework,
    loads,
)
from competency.cli import main
from competency.errors import Location, Pointer, Position
from competency.testing import frameworks
from tests._docs import valid


def _write(tmp_path: Path, doc: Any, name: str = "fw.json") -> Path:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def _validate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["validate", str(path)])
    err = capsys.readouterr().err
    return code, err.splitlines()


def test_a_valid_document_loads_and_validates(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, valid())
    assert load_framework(path).element("demo:U1.P1").text == "check the site"
    assert main(["validate", str(path)]) == 0
    assert "ok (demo: 4 elements, 3 relations)" in capsys.readouterr().out


# -- each bad input: a precise error naming file, location and expectation ---------------

def _mutated(change: Any) -> dict[str, Any]:
    doc = valid()
    change(doc)
    return doc


BAD_DOCUMENTS: list[tuple[str, Any, Location, str]] = [
    # (case, document, location, words the message must contain)
    ("not JSON", "framework: pt-nos", Position(1, 1), "not valid JSON"),
    ("trailing comma", '{"id": "x",}', Position(1, 12), "not valid JSON"),
    ("wrong top-level type", "[1, 2]", Pointer(), "found an array of 2 items — expected an object"),
    ("missing required field", _mutated(lambda d: d.pop("title")), Pointer(),
     "missing required field 'title'"),
    ("unknown field", _mutated(lambda d: d["elements"][1].update(colour="red")),
     Pointer("elements", 1), "unknown field 'colour'"),
    ("wrong type", _mutated(lambda d: d["elements"][2].update(notation=7)),
     Pointer("elements", 2, "notation"), "found 7 — expected a string"),
    ("unknown element kind", _mutated(lambda d: d["elements"][1].update(kind="skill")),
     Pointer("elements", 1, "kind"), "found 'skill' — expected one of 'unit'"),
    ("empty text", _mutated(lambda d: d["elements"][1].update(text="  ")),
     Pointer("elements", 1, "text"), "expected non-empty text"),
    ("bad CURIE", _mutated(lambda d: d["elements"][1].update(id="U1 P1")),
     Pointer("elements", 1, "id"), "expected a CURIE such as 'pt-nos:LSIPT01.P1'"),
    ("duplicate id", _mutated(lambda d: d["elements"][3].update(id="demo:U1")),
     Pointer("elements", 3, "id"), "duplicate id 'demo:U1' (first used at /elements/0/id)"),
    ("relation to an unknown id",
     _mutated(lambda d: d["relations"][2].update(target="demo:U1.P9")),
     Pointer("relations", 2, "target"), "target 'demo:U1.P9' is not an element of this framework"),
    ("contains cycle", _mutated(lambda d: d["relations"].extend([
        {"source": "demo:U2", "type": "contains", "target": "demo:U1"},
        {"source": "demo:U1", "type": "contains", "target": "demo:U2"}])),
     Pointer("relations"), "'contains' cycle"),
    ("two parents", _mutated(lambda d: d["relations"].append(
        {"source": "demo:U2", "type": "contains", "target": "demo:U1.P1"})),
     Pointer("relations", 3, "target"), "has two parents, 'demo:U1' and 'demo:U2'"),
]


@pytest.mark.parametrize(("case", "doc", "location", "words"), BAD_DOCUMENTS,
                         ids=[c[0] for c in BAD_DOCUMENTS])
def test_bad_input_is_reported_with_file_location_and_expectation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, doc: Any,
    location: Location,
    words: str,
) -> None:
    path = _write(tmp_path, doc)
    with pytest.raises(CompetencyError) as info:
        load_framework(path)
    assert isinstance(info.value, (DocumentError, StructureError))
    assert isinstance(info.value, ValueError)
    problem = info.value.problems[0]
    assert problem.file == str(path)
    if isinstance(location, Pointer):  # the problem lies at or under the expected place
        assert isinstance(problem.location, Pointer)
        assert problem.location.tokens[:len(location.tokens)] == location.tokens
    else:
        assert problem.location == location
    assert words in str(problem)
    code, lines = _validate(path, capsys)
    assert code == 1
    assert lines[0].startswith(f"{path}:{str(location) or '/'}")
    assert words in lines[0]
    assert "Traceback" not in "\n".join(lines)


def test_validate_json_gives_the_first_use_of_a_duplicate_id_as_a_pointer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, _mutated(lambda d: d["elements"][3].update(id="demo:U1")))
    assert main(["validate", "--format", "json", str(path)]) == 1
    [problem] = json.loads(capsys.readouterr().out)["files"][0]["problems"]
    assert problem == {
        "file": str(path), "location": "/elements/3/id", "pointer": "/elements/3/id",
        "message": "duplicate id 'demo:U1' (first used at /elements/0/id)",
        "expected": "each element id to be unique", "fix": "Give this element its own id",
        "related": {"location": "/elements/0/id", "pointer": "/elements/0/id",
                    "as": "first used at"}}


def test_validate_json_gives_the_first_place_of_a_repeated_key_as_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, '{"id": "a",\n  "id": "b"}')
    assert main(["validate", "--format", "json", str(path)]) == 1
    [problem] = json.loads(capsys.readouterr().out)["files"][0]["problems"]
    assert (problem["location"], problem["line"], problem["column"]) == ("line 2, column 3", 2, 3)
    assert problem["related"] == {"location": "line 1, column 2", "line": 1, "column": 2,
                                  "as": "first at"}
    assert problem["message"] == ("duplicate key 'id' with a different value "
                                  "(first at line 1, column 2)")


def test_all_problems_in_one_file_are_reported_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = valid()
    doc["elements"][1]["text"] = ""
    doc["elements"][2]["kind"] = "skill"
    doc["elements"][3]["colour"] = "red"
    doc["relations"][0]["type"] = "includes"
    code, lines = _validate(_write(tmp_path, doc), capsys)
    assert code == 1
    assert [line.split(": ")[0].split(":", 1)[1] for line in lines] == [
        "/elements/1/text", "/elements/2/kind", "/elements/3", "/relations/0/type"]


def test_schema_and_structure_problems_are_reported_together(tmp_path: Path) -> None:
    doc = valid()
    doc["elements"][1]["text"] = ""
    doc["elements"][3]["id"] = "demo:U1"
    with pytest.raises(DocumentError) as info:
        load_framework(_write(tmp_path, doc))
    assert [p.location for p in info.value.problems] == [Pointer("elements", 1, "text"),
                                                         Pointer("elements", 3, "id")]


@pytest.mark.parametrize("make", ["missing", "directory"])
def test_a_path_that_is_not_a_readable_file_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: str
) -> None:
    path = tmp_path / "fw.json"
    if make == "directory":
        path.mkdir()
    with pytest.raises(DocumentError, match="cannot read the file"):
        load_framework(path)
    code, lines = _validate(path, capsys)
    assert code == 1
    reason = "it does not exist" if make == "missing" else "it is a directory"
    assert lines == [f"{path}:/: cannot read the file: {reason} — expected the path of a "
                     "framework JSON file"]


def test_very_deeply_nested_json_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = _write(tmp_path, "[" * 200_000 + "]" * 200_000)
    with pytest.raises(DocumentError, match=r"nest more than 64 deep") as info:
        load_framework(path)
    assert info.value.problems[0].location == Position(1, 65)


def test_a_large_invalid_document_reports_its_problems(tmp_path: Path) -> None:
    doc = valid()
    doc["elements"].extend(
        {"id": f"demo:X{i}", "kind": "criterion", "text": "x" if i % 1000 else ""}
        for i in range(20_000)
    )
    with pytest.raises(DocumentError) as info:
        load_framework(_write(tmp_path, doc))
    assert len(info.value.problems) == 20
    assert info.value.problems[0].location == Pointer("elements", 4, "text")


def test_non_json_constants_are_rejected() -> None:
    with pytest.raises(DocumentError, match="NaN is not a JSON value"):
        loads('{"id": NaN}')


def test_text_that_is_not_utf8_is_reported() -> None:
    with pytest.raises(DocumentError, match="not UTF-8"):
        loads(b'{"id": "\xff"}')


# -- writing -----------------------------------------------------------------------------

def test_dump_is_deterministic_and_keeps_element_order(tmp_path: Path) -> None:
    fw = loads(json.dumps(valid()))
    path = tmp_path / "out.json"
    dump_framework(fw, path)
    first = path.read_bytes()
    dump_framework(loads(first), path)
    assert path.read_bytes() == first
    assert [e["id"] for e in json.loads(first)["elements"]] == [e["id"] for e in valid()["elements"]]


def test_a_failed_write_leaves_the_existing_file_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out.json"
    path.write_text("precious", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(DocumentError, match="No space left on device"):
        dump_framework(loads(json.dumps(valid())), path)
    assert path.read_text(encoding="utf-8") == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_writing_into_a_missing_directory_is_reported(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="existing, writable directory"):
        dump_framework(loads(json.dumps(valid())), tmp_path / "nope" / "out.json")


# -- properties --------------------------------------------------------------------------

@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks())
def test_loads_of_dumps_gives_the_framework_back(fw: Framework) -> None:
    assert loads(dumps(fw)) == fw


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks())
def test_dumps_is_byte_identical_when_repeated(fw: Framework) -> None:
    assert dumps(fw) == dumps(loads(dumps(fw)))
