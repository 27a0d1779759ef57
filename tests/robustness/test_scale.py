"""Many problems: all of them collected, the first 20 printed with a count of the rest, all
of them with ``validate --format json``; YAML bombs fail before anything is built."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from competency._yaml import YAMLBoundsError, safe_compose, safe_load
from competency.cli import main
from competency.cli._render import MAX_SHOWN

from ._hostile import billion_laughs, deep_yaml, framework_doc


def _many_problems(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "many.json"
    elements = [{"id": f"demo:E{i}", "kind": "skill", "text": "x"} for i in range(n)]
    path.write_text(json.dumps(framework_doc(elements=elements, relations=[])),
                    encoding="utf-8")
    return path


def test_validate_prints_the_first_problems_and_counts_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _many_problems(tmp_path, 5_000)
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == MAX_SHOWN + 1
    assert lines[0].startswith(f"{path}:/elements/0/kind: found 'skill'")
    assert lines[-1] == (f"… and {5_000 - MAX_SHOWN:,} more problems in this file "
                         "(--format json lists them all)")


def test_validate_format_json_lists_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _many_problems(tmp_path, 5_000)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(framework_doc()), encoding="utf-8")
    assert main(["validate", "--format", "json", str(path), str(good)]) == 1
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert captured.err == ""
    assert report["valid"] is False
    bad, ok = report["files"]
    assert bad["valid"] is False
    assert len(bad["problems"]) == 5_000
    assert bad["problems"][4_999] == {
        "file": str(path), "location": "/elements/4999/kind",
        "pointer": "/elements/4999/kind", "message": "found 'skill'",
        "expected": "one of 'unit', 'section', 'criterion', 'knowledge', 'attribute', "
                    "'scope', 'duty', 'requirement', 'expectation'", "fix": ""}
    assert ok == {"file": str(good), "valid": True, "id": "demo", "elements": 2,
                  "relations": 1, "problems": []}


def test_every_command_bounds_the_problems_it_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "many.csv"
    rows = "".join(f"demo:E{i},skill,,,x\n" for i in range(3_000))
    path.write_text("id,kind,notation,parent,text\n" + rows, encoding="utf-8")
    assert main(["import", str(path), "--from", "csv", "--id", "demo"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == MAX_SHOWN + 1
    assert lines[-1].startswith("… and ")


def test_a_billion_laughs_fails_at_the_alias_that_breaks_the_bound() -> None:
    with pytest.raises(YAMLBoundsError) as info:
        safe_load(billion_laughs(prefix=""))
    assert "more than 100000 values" in str(info.value)
    assert info.value.problem_mark is not None
    assert info.value.problem_mark.line == 4  # 0-based: the fifth line, 10**5 values


def test_deep_yaml_fails_without_recursion() -> None:
    with pytest.raises(YAMLBoundsError, match="nests more than 32 levels"):
        safe_compose(deep_yaml(prefix=""))


def test_yaml_bounds_errors_are_pyyaml_errors_with_a_mark() -> None:
    assert issubclass(YAMLBoundsError, yaml.MarkedYAMLError)


def test_modest_aliases_and_tags_of_the_safe_schema_still_load() -> None:
    text = "base: &b [x, y]\nboth: [*b, *b]\nwhen: 2024-01-02\n"
    assert safe_load(text)["both"] == [["x", "y"], ["x", "y"]]


def test_python_tags_are_refused() -> None:
    with pytest.raises(yaml.YAMLError):
        safe_load("x: !!python/object/apply:os.system ['true']")
