"""Differences between two versions of a framework: ``competency diff``."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

import competency
from competency.analysis.diff import diff_frameworks
from competency.cli import main
from competency.io import dump_framework
from competency.model import Framework


def _second_version() -> tuple[Framework, Framework]:
    old = competency.load("pt-nos")
    k1 = old.element("pt-nos:LSIPT01.K1")
    removed = "pt-nos:LSIPT01.K2"
    elements = [attrs.evolve(e, text=e.text + " (revised)") if e is k1 else e
                for e in old.elements if e.id != removed]
    new_item = attrs.evolve(k1, id="pt-nos:LSIPT01.K99", notation="K99", text="a new item")
    elements.insert(elements.index(next(e for e in elements if e.id == k1.id)) + 1, new_item)
    relations = [r for r in old.relations if removed not in (r.source, r.target)]
    relations.append(attrs.evolve(relations[0], target=new_item.id))
    return old, attrs.evolve(old, version="2", elements=elements, relations=relations)


def test_added_removed_and_changed_elements_and_metadata() -> None:
    old, new = _second_version()
    d = diff_frameworks(old, new)
    assert [e.id for e in d.added] == ["pt-nos:LSIPT01.K99"]
    assert [e.id for e in d.removed] == ["pt-nos:LSIPT01.K2"]
    assert [(c.element_id, c.aspects) for c in d.changed] == [("pt-nos:LSIPT01.K1", ("text",))]
    assert d.changed[0].fields[0].new.endswith("(revised)")  # type: ignore[attr-defined]
    assert [f.field for f in d.metadata] == ["version"]
    assert d.unchanged == len(old.elements) - 2
    assert diff_frameworks(old, old).is_empty


def test_a_moved_element_is_a_change_of_parent() -> None:
    old = competency.load("pt-nos")
    moved = "pt-nos:LSIPT01.K1"
    relations = [attrs.evolve(r, source="pt-nos:LSIPT02") if r.target == moved else r
                 for r in old.relations]
    d = diff_frameworks(old, attrs.evolve(old, relations=relations))
    assert [(c.element_id, c.aspects) for c in d.changed] == [(moved, ("parent",))]
    assert (d.changed[0].fields[0].old, d.changed[0].fields[0].new) == (
        "pt-nos:LSIPT01", "pt-nos:LSIPT02")


def test_diff_json_gives_added_removed_and_changed_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    old, new = _second_version()
    dump_framework(new, tmp_path / "pt-nos-2.json")
    assert main(["diff", "pt-nos", str(tmp_path / "pt-nos-2.json"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [e["id"] for e in data["added"]] == ["pt-nos:LSIPT01.K99"]
    assert data["added"][0]["parent"] == "pt-nos:LSIPT01"
    assert [e["id"] for e in data["removed"]] == ["pt-nos:LSIPT01.K2"]
    assert data["changed"][0]["element_id"] == "pt-nos:LSIPT01.K1"
    assert data["changed"][0]["changes"][0]["field"] == "text"
    assert data["metadata"] == [{"field": "version", "old": old.version, "new": "2"}]


def test_diff_table_and_tsv(tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    _, new = _second_version()
    dump_framework(new, tmp_path / "pt-nos-2.json")
    assert main(["diff", "pt-nos", str(tmp_path / "pt-nos-2.json")]) == 0
    assert "1 added, 1 removed, 1 changed" in capsys.readouterr().out
    assert main(["diff", "pt-nos", str(tmp_path / "pt-nos-2.json"), "--format", "tsv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "change\telement_id\tkind\taspects\tfield\told\tnew"
    assert lines[1].startswith("added\tpt-nos:LSIPT01.K99\tknowledge\t")


def test_diff_of_an_unknown_framework_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "pt-nos", "no-such-framework"]) == 1
    assert "no-such-framework" in capsys.readouterr().err
