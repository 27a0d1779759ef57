"""Reviewing a crosswalk: decisions recorded in the SSSOM slots, from a file and in a
terminal (driven through a real pseudo-terminal)."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from competency.cli import main
from competency.crosswalk import Crosswalk, Mapping, read_sssom, write_sssom
from competency.crosswalk.review import Decision, apply_review, loads_decisions
from competency.errors import CrosswalkError, Position

from ._strategies import crosswalks

REVIEWER = "orcid:0000-0002-1825-0097"


def _crosswalk() -> Crosswalk:
    def row(s: str, p: str, o: str, confidence: float) -> Mapping:
        return Mapping(subject_id=f"pt-nos:{s}", predicate_id=p, object_id=f"ls-nos:{o}",
                       mapping_justification="semapv:LexicalSimilarityThresholdMatching",
                       confidence=confidence, author_id=["competency:suggest"],
                       mapping_tool="competency suggest")
    return Crosswalk(
        mapping_set_id="https://example.org/suggested.sssom.tsv",
        license="https://creativecommons.org/licenses/by/4.0/",
        curie_map={"pt-nos": "https://w3id.org/competency/pt-nos/",
                   "ls-nos": "https://w3id.org/competency/ls-nos/",
                   "competency": "https://w3id.org/competency/"},
        mappings=[row("LSIPT01.K3", "skos:relatedMatch", "AK1.3", 0.41),
                  row("LSIPT10.P3", "skos:relatedMatch", "AP13", 0.93),
                  row("LSIPT01.P5", "skos:relatedMatch", "AP3", 0.35)],
    )


def test_accepted_rows_carry_the_reviewer_date_and_mapping_review() -> None:
    done = apply_review(_crosswalk(), [Decision("pt-nos:LSIPT01.K3", "ls-nos:AK1.3", "accept")],
                        reviewer_id=REVIEWER, reviewer_label="A. Reviewer", date="2026-11-27")
    m = done.mappings[0]
    assert (m.reviewer_id, m.reviewer_label, m.review_date) == (
        (REVIEWER,), ("A. Reviewer",), "2026-11-27")
    assert m.mapping_justification == "semapv:MappingReview"
    # who or what proposed the row is still recorded
    assert (m.author_id, m.mapping_tool, m.confidence) == (
        ("competency:suggest",), "competency suggest", 0.41)
    assert dict(done.curie_map)["orcid"] == "https://orcid.org/"
    assert done.mappings[1:] == _crosswalk().mappings[1:]


def test_rejected_rows_are_kept_as_negative_mappings() -> None:
    done = apply_review(_crosswalk(), [Decision("pt-nos:LSIPT01.P5", "ls-nos:AP3", "reject",
                                                "different parties")],
                        reviewer_id=REVIEWER, date="2026-11-27")
    m = done.mappings[2]
    assert m.is_negated
    assert m.predicate_id == "skos:relatedMatch"
    assert (m.confidence, m.comment, m.reviewer_id) == (None, "review: different parties",
                                                       (REVIEWER,))


def test_a_predicate_decision_accepts_the_row_with_that_predicate() -> None:
    done = apply_review(_crosswalk(), [Decision("pt-nos:LSIPT10.P3", "ls-nos:AP13",
                                                "skos:exactMatch")],
                        reviewer_id=REVIEWER, date="2026-11-27")
    m = done.mappings[1]
    assert (m.predicate_id, m.predicate_modifier, m.confidence) == ("skos:exactMatch", None, None)
    assert m.mapping_justification == "semapv:MappingReview"


def test_decisions_on_unknown_or_repeated_pairs_are_all_reported() -> None:
    decisions = loads_decisions(
        "subject_id\tobject_id\tdecision\tcomment\n"
        "pt-nos:LSIPT01.K3\tls-nos:AK9.9\taccept\t\n"
        "pt-nos:LSIPT10.P3\tls-nos:AP13\taccept\t\n"
        "pt-nos:LSIPT10.P3\tls-nos:AP13\treject\t\n", file="d.tsv")
    with pytest.raises(CrosswalkError) as info:
        apply_review(_crosswalk(), decisions, reviewer_id=REVIEWER, file="d.tsv")
    assert [str(p) for p in info.value.problems] == [
        "d.tsv:line 2, column 1: pt-nos:LSIPT01.K3 → ls-nos:AK9.9 is not a row of the crosswalk "
        "— expected the subject_id and object_id of one row of the crosswalk",
        "d.tsv:line 4, column 1: a second decision on pt-nos:LSIPT10.P3 → ls-nos:AP13 — "
        "expected one decision per pair",
    ]


@pytest.mark.parametrize(("reviewer", "message"), [
    ("Jane", "is not a CURIE"),
    ("xyz:jane", "is not in the crosswalk's curie_map"),
])
def test_a_bad_reviewer_id_is_refused(reviewer: str, message: str) -> None:
    with pytest.raises(CrosswalkError, match=message):
        apply_review(_crosswalk(), [], reviewer_id=reviewer)


def test_a_decisions_file_with_bad_cells_reports_each_with_line_and_column() -> None:
    with pytest.raises(CrosswalkError) as info:
        loads_decisions("subject_id\tobject_id\tdecision\n"
                        "pt-nos:A\tnot a curie\taccept\n"
                        "pt-nos:A\tls-nos:B\tmaybe\n", file="d.tsv")
    assert [p.location for p in info.value.problems] == [Position(2, 2), Position(3, 3)]


def test_a_lone_carriage_return_ends_a_decisions_line_as_in_the_other_readers() -> None:
    # a file saved with old Mac line ends, or a stray CR: a line end, not a crash
    decisions = loads_decisions("subject_id\tobject_id\tdecision\r"
                                "pt-nos:A\tls-nos:B\taccept\r"
                                "pt-nos:C\tls-nos:D\treject\r", file="d.tsv")
    assert [(d.subject_id, d.decision) for d in decisions] == [("pt-nos:A", "accept"),
                                                               ("pt-nos:C", "reject")]
    with pytest.raises(CrosswalkError) as info:
        loads_decisions("subject_id\tobject_id\tdecision\npt-nos:A\rls-nos:B\taccept\n",
                        file="d.tsv")
    assert [p.location for p in info.value.problems] == [Position(2, 2), Position(3, 3)]


def test_a_decisions_file_the_csv_module_refuses_is_a_crosswalk_error_at_its_line() -> None:
    import csv

    limit = csv.field_size_limit(8)
    try:
        with pytest.raises(CrosswalkError) as info:
            loads_decisions("subject_id\tobject_id\tdecision\n"
                            "pt-nos:A\tls-nos:B\taccept\n"
                            "pt-nos:A\tls-nos:B\taccepted-after-a-long-look\n", file="d.tsv")
    finally:
        csv.field_size_limit(limit)
    (problem,) = info.value.problems
    assert (problem.file, problem.location) == ("d.tsv", Position(1))
    assert problem.message.startswith("not a TSV file: field larger than field limit")


def test_a_decisions_file_without_its_columns_is_reported() -> None:
    with pytest.raises(CrosswalkError, match="there is no 'decision' column"):
        loads_decisions("subject_id\tobject_id\tverdict\n", file="d.tsv")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(crosswalks(), st.data())
def test_accepting_every_row_changes_only_the_review_slots(cw: Crosswalk, data: st.DataObject,
                                                          ) -> None:
    positive = [m for m in cw.mappings if not m.is_negated]
    decisions = [Decision(m.subject_id, m.object_id, "accept") for m in positive]
    done = apply_review(cw, decisions, reviewer_id=REVIEWER, date="2026-11-27")
    for before, after in zip(cw.mappings, done.mappings, strict=True):
        assert (after.subject_id, after.predicate_id, after.object_id,
                after.predicate_modifier, after.confidence) == (
            before.subject_id, before.predicate_id, before.object_id,
            before.predicate_modifier, before.confidence)
        assert (REVIEWER in after.reviewer_id) == (not before.is_negated
                                                   or REVIEWER in before.reviewer_id)


# -- the command line -------------------------------------------------------------------------

def test_review_with_a_decisions_file_writes_the_reviewed_crosswalk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    source, out, decisions = tmp_path / "s.sssom.tsv", tmp_path / "out.sssom.tsv", tmp_path / "d.tsv"
    write_sssom(_crosswalk(), source)
    decisions.write_text("subject_id\tobject_id\tdecision\tcomment\n"
                         "pt-nos:LSIPT01.K3\tls-nos:AK1.3\tskos:closeMatch\tsame limits\n"
                         "pt-nos:LSIPT01.P5\tls-nos:AP3\treject\t\n", encoding="utf-8")
    assert main(["crosswalk", "review", str(source), "-o", str(out), "--reviewer", REVIEWER,
                 "--reviewer-label", "A. Reviewer", "--decisions", str(decisions),
                 "--date", "2026-11-27"]) == 0
    assert "1 accepted with another predicate, 1 rejected; 1 rows left" in capsys.readouterr().out
    reviewed = read_sssom(out)
    assert [(m.predicate_id, m.predicate_modifier, m.reviewer_label) for m in reviewed] == [
        ("skos:closeMatch", None, ("A. Reviewer",)),
        ("skos:relatedMatch", None, ()),
        ("skos:relatedMatch", "Not", ("A. Reviewer",)),
    ]
    assert main(["crosswalk", "validate", str(out)]) == 0


def test_review_on_suggest_output_is_one_path_to_a_curated_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    suggested, out, decisions = (tmp_path / "s.sssom.tsv", tmp_path / "out.sssom.tsv",
                                 tmp_path / "d.tsv")
    assert main(["crosswalk", "suggest", "pt-nos", "ls-nos", "--top", "1", "-o",
                 str(suggested)]) == 0
    first = read_sssom(suggested).mappings[0]
    decisions.write_text("subject_id\tobject_id\tdecision\n"
                         f"{first.subject_id}\t{first.object_id}\taccept\n", encoding="utf-8")
    assert main(["crosswalk", "review", str(suggested), "-o", str(out), "--reviewer",
                 REVIEWER, "--decisions", str(decisions)]) == 0
    assert read_sssom(out).mappings[0].mapping_justification == "semapv:MappingReview"


def test_review_without_a_terminal_or_decisions_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = tmp_path / "s.sssom.tsv"
    write_sssom(_crosswalk(), source)
    monkeypatch.setattr(sys, "stdin", open(os.devnull))  # noqa: SIM115
    assert main(["crosswalk", "review", str(source), "-o", str(tmp_path / "o.tsv"),
                 "--reviewer", REVIEWER]) == 2
    assert "give --decisions" in capsys.readouterr().err


class _Terminal:
    """``competency crosswalk review`` running on a pseudo-terminal."""

    def __init__(self, args: list[str]) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-c", "import sys; from competency.cli import main; "
             "sys.exit(main())", *args],
            stdin=slave, stdout=slave, stderr=slave, close_fds=True)
        os.close(slave)
        self.seen = ""

    def expect(self, text: str) -> str:
        """Read until `text` has been printed (a generous limit, never a timing test)."""
        while text not in self.seen:
            ready, _, _ = select.select([self.master], [], [], 60)
            if not ready:
                raise AssertionError(f"never printed {text!r}; got:\n{self.seen}")
            try:
                chunk = os.read(self.master, 4096).decode("utf-8", "replace")
            except OSError:  # the process ended
                raise AssertionError(f"ended before {text!r}; got:\n{self.seen}") from None
            self.seen += chunk
        before, _, self.seen = self.seen.partition(text)
        return before + text

    def send(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode("utf-8"))

    def close(self) -> int:
        code = self.process.wait(timeout=60)
        os.close(self.master)
        return code


def test_review_in_a_terminal_shows_both_texts_records_decisions_and_resumes(
    tmp_path: Path,
) -> None:
    source, out = tmp_path / "s.sssom.tsv", tmp_path / "out.sssom.tsv"
    write_sssom(_crosswalk(), source)
    args = ["crosswalk", "review", str(source), "-o", str(out), "--reviewer", REVIEWER,
            "--reviewer-label", "A. Reviewer", "--date", "2026-11-27"]
    term = _Terminal(args)
    shown = term.expect("decision [")
    assert "3 rows, 0 already reviewed" in shown
    # both texts, with where they sit in their frameworks
    assert "the boundaries and limitations of the personal tutoring role" in shown
    assert "The nature, extent and boundaries of learning support roles" in shown
    assert "in LSIPT01" in shown
    term.send("c")
    term.expect("comment: ")
    term.send("same limits of one's role")
    term.expect("decision [")
    term.send("p")
    term.expect("predicate [")
    term.send("c")
    shown = term.expect("decision [")
    assert "communicate relevant information about learners" in shown
    term.send("s")  # skip the second row
    term.expect("decision [")
    term.send("q")
    assert "1 of 3 rows reviewed, 2 left" in term.expect("resume")
    assert term.close() == 0
    first = read_sssom(out).mappings[0]
    assert (first.predicate_id, first.reviewer_id, first.comment) == (
        "skos:closeMatch", (REVIEWER,), "review: same limits of one's role")

    # a second run resumes with the rows not yet reviewed
    term = _Terminal(args)
    shown = term.expect("decision [")
    assert "Resuming" in shown
    assert "3 rows, 1 already reviewed by" in shown
    assert "communicate relevant information about learners" in shown
    term.send("a")
    term.expect("decision [")
    term.send("r")
    assert "3 of 3 rows reviewed." in term.expect("reviewed.")
    assert term.close() == 0
    reviewed = read_sssom(out)
    assert [(m.predicate_id, m.predicate_modifier) for m in reviewed] == [
        ("skos:closeMatch", None), ("skos:relatedMatch", None), ("skos:relatedMatch", "Not")]
    assert all(m.mapping_justification == "semapv:MappingReview" for m in reviewed)


def test_review_in_a_terminal_saves_what_was_decided_when_input_ends(tmp_path: Path) -> None:
    source, out = tmp_path / "s.sssom.tsv", tmp_path / "out.sssom.tsv"
    write_sssom(_crosswalk(), source)
    term = _Terminal(["crosswalk", "review", str(source), "-o", str(out), "--reviewer",
                      REVIEWER])
    term.expect("decision [")
    term.send("a")
    term.expect("decision [")
    os.write(term.master, b"\x04")  # Ctrl-D: end of input
    term.expect("1 of 3 rows reviewed")
    assert term.close() == 0
    assert read_sssom(out).mappings[0].reviewer_id == (REVIEWER,)
