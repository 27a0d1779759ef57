"""Spreadsheet import: the contract CSV plus optional columns, row errors at line/column."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import competency
from competency.cli import main
from competency.errors import DocumentError, Position
from competency.formats.tabular import dumps_table, join_cell, loads_csv, split_cell, to_csv
from competency.model import Framework
from competency.testing import frameworks

from ._shared import SHIPPED


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_shipped_framework_round_trips_through_the_table(framework_id: str) -> None:
    framework = competency.load(framework_id)
    assert loads_csv(dumps_table(framework)) == framework


@settings(max_examples=100, deadline=None)
@given(frameworks())
def test_any_framework_round_trips_through_the_table(framework: Framework) -> None:
    assert loads_csv(dumps_table(framework)) == framework


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_contract_csv_imports_with_the_same_elements_and_hierarchy(framework_id: str) -> None:
    framework = competency.load(framework_id)
    imported = loads_csv(to_csv(framework))
    assert [(e.id, e.kind, e.notation, e.text) for e in imported] == [
        (e.id, e.kind, e.notation, e.text) for e in framework]
    assert list(imported.relations) == sorted(
        (r for r in framework.relations if r.type.value == "contains"),
        key=lambda r: framework.index_of(r.target))


@given(st.lists(st.text(alphabet="ab|\\ ", max_size=6), min_size=1))
def test_multi_value_cells_split_back_into_the_values(values: list[str]) -> None:
    assert split_cell(join_cell(values)) == values


def test_shipped_table_lists_underpins_and_keeps_metadata() -> None:
    table = dumps_table(competency.load("ls-nos"))
    assert table.startswith("# id: ls-nos\n# title: National Occupational Standards")
    header = next(line for line in table.splitlines() if line.startswith("id,"))
    assert header == "id,kind,notation,parent,text,title,alt_titles,note,location,underpins"


def test_local_ids_take_the_given_framework_id() -> None:
    framework = loads_csv("id,kind,parent,text\nU1,unit,,Unit one\nP1,criterion,U1,Do it\n",
                          framework_id="mine")
    assert [e.id for e in framework] == ["mine:U1", "mine:P1"]
    assert framework.parent("mine:P1") is not None


def test_every_bad_row_is_reported_with_line_and_column() -> None:
    text = (
        "# title: Demo\n"
        "id,kind,notation,parent,text,necessity\n"
        "demo:U1,unit,U1,,Unit one,\n"
        'demo:P1,criterion,"P\n1",demo:U1,,\n'
        "demo:P2,gadget,P2,demo:U1,text,\n"
        "demo:P3,criterion,P3,demo:U9,text,\n"
        "demo:P4,criterion,P4,demo:U1,text,essential\n"
        "demo:R1,requirement,R1,demo:U1,text,maybe\n"
        "demo:P1,criterion,P1,demo:U1,again,\n"
    )
    with pytest.raises(DocumentError) as info:
        loads_csv(text, file="fw.csv")
    where = [(p.file, p.location) for p in info.value.problems]
    assert where == [
        ("fw.csv", Position(4)),
        ("fw.csv", Position(6, 2)),
        ("fw.csv", Position(8, 6)),
        ("fw.csv", Position(9)),
    ]
    assert "text must be non-empty" in info.value.problems[0].message


def test_structure_problems_point_at_the_row() -> None:
    text = ("id,kind,notation,parent,text\n"
            "demo:U1,unit,U1,,Unit one\n"
            "demo:P3,criterion,P3,demo:U9,text\n"
            "demo:U1,criterion,P1,,again\n")
    with pytest.raises(DocumentError) as info:
        loads_csv(text, file="fw.csv")
    locations = {p.location for p in info.value.problems}
    assert locations == {Position(3, 4), Position(4, 1)}


def test_a_duplicate_id_names_the_row_of_its_first_use_as_a_value() -> None:
    text = ("id,kind,notation,parent,text\n"
            "demo:U1,unit,U1,,Unit one\n"
            "demo:P3,criterion,P3,demo:U1,text\n"
            "demo:U1,criterion,P1,,again\n")
    with pytest.raises(DocumentError) as info:
        loads_csv(text, file="fw.csv")
    [problem] = info.value.problems
    assert problem.location == Position(4, 1)
    assert problem.related == Position(2, 1)  # the row, not the framework's /elements/0/id
    assert problem.message == "duplicate id 'demo:U1'"
    assert str(problem) == ("fw.csv:line 4, column 1: duplicate id 'demo:U1' (first used at "
                            "line 2, column 1) — expected each element id to be unique. "
                            "Give this element its own id")


def test_unknown_and_missing_columns_are_reported_on_the_header_line() -> None:
    with pytest.raises(DocumentError) as info:
        loads_csv("# id: demo\nid,kynd,text\n")
    assert [p.location for p in info.value.problems] == [Position(2, 2), Position(2)]


def test_bad_yaml_header_is_reported_at_its_line() -> None:
    with pytest.raises(DocumentError) as info:
        loads_csv("# id: demo\n# title: [unclosed\nid,kind,text\ndemo:U1,unit,x\n")
    assert info.value.problems[0].location == Position(2)


def test_cli_imports_a_spreadsheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "pt.csv"
    assert main(["export", "pt-nos", "--format", "table", "-o", str(table)]) == 0
    out = tmp_path / "pt.json"
    assert main(["import", str(table), "--from", "csv", "-o", str(out)]) == 0
    assert competency.load_framework(out) == competency.load("pt-nos")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,kind,text\ndemo:A,widget,x\n", encoding="utf-8")
    assert main(["import", str(bad), "--from", "csv"]) == 1
    assert f"{bad}:line 2, column 2: unknown element kind 'widget'" in capsys.readouterr().err


def test_a_quote_left_open_is_an_error_at_its_row_not_a_cell_that_swallows_the_rest() -> None:
    text = ('id,kind,notation,parent,text\nx:U1,unit,U1,,"Unit one\n'
            "x:U1.P1,criterion,P1,x:U1,do it\nx:U1.P2,criterion,P2,x:U1,do more\n")
    with pytest.raises(DocumentError) as exc:
        loads_csv(text, file="open.csv", framework_id="x")
    (problem,) = exc.value.problems
    assert str(problem).startswith("open.csv:line 2: not CSV: unexpected end of data")


def _reordered(size: int) -> Framework:
    """A framework of `size` criteria under one unit whose relations are listed in reverse,
    so the table must write a relation_order with one entry per relation."""
    from competency.model import Criterion, Relation, RelationType, Unit

    criteria = [Criterion(id=f"d:P{i}", text=f"criterion {i}") for i in range(size)]
    relations = [Relation("d:U1", RelationType.CONTAINS, c.id) for c in criteria]
    return Framework(id="d", title="D", base_iri="https://example.org/d/",
                     elements=[Unit(id="d:U1", text="unit"), *criteria],
                     relations=relations[::-1])


def test_a_relation_order_longer_than_the_yaml_value_bound_reads_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the bound on YAML values (issue 17) is 100,000: an ESCO-scale table (130,000
    # relations out of row order) was refused as an alias bomb; here the bound is lowered
    import competency._yaml

    monkeypatch.setattr(competency._yaml, "MAX_YAML_VALUES", 50)
    defaults = competency._yaml.check_bounds.__kwdefaults__
    assert defaults is not None
    monkeypatch.setitem(defaults, "max_values", 50)
    framework = _reordered(200)
    text = dumps_table(framework)
    assert "relation_order" in text
    assert loads_csv(text) == framework


def test_an_alias_bomb_in_the_header_is_still_refused() -> None:
    bomb = "# a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"# {chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
        for i in range(8))
    with pytest.raises(DocumentError, match=r"more than .* values"):
        loads_csv(bomb + "id,kind,text\nd:U1,unit,x\n")
