"""Differences between two versions of a crosswalk: rows added, removed, changed."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from competency.cli import main
from competency.crosswalk import Crosswalk, load_crosswalk, write_sssom
from competency.crosswalk.diff import diff_crosswalks
from competency.crosswalk.review import Decision, apply_review

from ._strategies import crosswalks

REVIEWER = "orcid:0000-0002-1825-0097"


def _versions() -> tuple[Crosswalk, Crosswalk]:
    """The shipped pt-nos → ls-nos crosswalk, and a version with one row reviewed with a new
    predicate, one rejected, one removed, one added and a new title."""
    old = load_crosswalk("pt-nos", "ls-nos")
    first, second = old.mappings[0], old.mappings[1]
    reviewed = apply_review(old, [
        Decision(first.subject_id, first.object_id, "skos:closeMatch"),
        Decision(second.subject_id, second.object_id, "reject")],
        reviewer_id=REVIEWER, date="2026-11-27")
    added = attrs.evolve(old.mappings[2], object_id="ls-nos:BP6",
                         object_label="Promote learning", comment="added in the second reading")
    new = attrs.evolve(reviewed, mappings=[*reviewed.mappings[:3], *reviewed.mappings[4:],
                                           added], mapping_set_title="second reading")
    return old, new


def test_changed_rows_say_what_changed_and_added_and_removed_rows_are_listed() -> None:
    old, new = _versions()
    d = diff_crosswalks(old, new)
    assert [m.object_id for m in d.added] == ["ls-nos:BP6"]
    assert d.removed == (old.mappings[3],)
    assert [c.aspects for c in d.changed] == [
        ("predicate", "confidence", "review", "justification"),
        ("predicate", "confidence", "review", "justification"),
    ]
    assert {s.slot for s in d.changed[1].slots} >= {"predicate_modifier", "reviewer_id"}
    assert d.unchanged == len(old) - 3
    assert [s.slot for s in d.metadata] == ["curie_map", "mapping_set_title"]  # + orcid


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(crosswalks(), crosswalks())
def test_a_diff_accounts_for_every_row_of_both_versions(old: Crosswalk, new: Crosswalk) -> None:
    d = diff_crosswalks(old, new)
    assert len(d.added) + len(d.changed) + d.unchanged == len(new)
    assert len(d.removed) + len(d.changed) + d.unchanged == len(old)
    assert diff_crosswalks(new, new).is_empty


def test_crosswalk_diff_json_gives_added_removed_and_changed_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    old, new = _versions()
    write_sssom(old, tmp_path / "old.sssom.tsv")
    write_sssom(new, tmp_path / "new.sssom.tsv")
    assert main(["crosswalk", "diff", str(tmp_path / "old.sssom.tsv"),
                 str(tmp_path / "new.sssom.tsv"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [m["object_id"] for m in data["added"]] == ["ls-nos:BP6"]
    assert [m["subject_id"] for m in data["removed"]] == [old.mappings[3].subject_id]
    change = data["changed"][0]
    assert change["aspects"] == ["predicate", "confidence", "review", "justification"]
    assert {"slot": "predicate_id", "old": "skos:relatedMatch",
            "new": "skos:closeMatch"} in change["changes"]
    assert change["new"]["reviewer_id"] == [REVIEWER]


def test_crosswalk_diff_tsv_and_table(tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    old, new = _versions()
    write_sssom(old, tmp_path / "old.sssom.tsv")
    write_sssom(new, tmp_path / "new.sssom.tsv")
    args = ["crosswalk", "diff", str(tmp_path / "old.sssom.tsv"), str(tmp_path / "new.sssom.tsv")]
    assert main([*args, "--format", "tsv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t") == ["change", "subject_id", "predicate_id", "object_id",
                                    "aspects", "slot", "old", "new"]
    assert sum(1 for line in lines if line.startswith("added\t")) == 1
    assert any(line.startswith("changed\t") and "\tpredicate_modifier\t\tNot" in line
               for line in lines)
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "1 added, 1 removed, 2 changed" in out


def test_crosswalk_diff_of_an_unreadable_file_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["crosswalk", "diff", str(tmp_path / "no.tsv"), str(tmp_path / "no.tsv")]) == 1
    assert "no.tsv" in capsys.readouterr().err
