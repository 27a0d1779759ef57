"""Development plans: next steps per theme, linked to pt-nos through the shipped crosswalk."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from competency.cli import main
from competency.crosswalk import load_crosswalk
from competency.errors import DocumentError, UnknownIdError
from competency.rubric import (
    CohortPlan,
    Plan,
    dumps_plan,
    get_rubric,
    loads_plan,
    plan,
    plan_cohort,
    plan_from_dict,
    plan_html,
    score_batch,
)

RUBRIC = get_rubric("pt-self-assessment")
IDS = list(RUBRIC.local_ids)
LEVELS = ["none", *(lv.id for lv in RUBRIC.levels)]
MIXED = ["gold", "silver", "bronze", "minimum", "none", "platinum", "gold", "silver",
         "bronze", "platinum"]


def test_every_theme_below_the_top_gets_the_next_levels_descriptor_verbatim() -> None:
    p = plan(RUBRIC, MIXED, framework=None)
    assert [s.theme.partition(":")[2] for s in p.steps] == [
        t for t, level in zip(IDS, MIXED, strict=True) if level != "platinum"]
    assert p.at_top == ("pt-self-assessment:T6", "pt-self-assessment:T10")
    for step in p.steps:
        theme = RUBRIC.theme(step.theme)
        reached = LEVELS.index(MIXED[IDS.index(theme.local_id)])
        assert step.level == (None if reached == 0 else LEVELS[reached])
        assert step.next_level == LEVELS[reached + 1]
        assert step.target == theme.descriptor(step.next_level).text
    assert p.total == 58
    assert [(b.scheme, b.label) for b in p.bands] == [
        ("individual", "Silver"), ("institutional", "Silver")]


def test_linked_elements_are_the_crosswalks_non_negated_mappings_of_the_theme() -> None:
    p = plan(RUBRIC, ["none"] * 10, framework="pt-nos")
    crosswalk = load_crosswalk("pt-self-assessment", "pt-nos")
    assert p.framework == "pt-nos"
    assert p.mapping_set_id == crosswalk.mapping_set_id
    for step in p.steps:
        expected = {(m.object_id, m.predicate_id) for m in crosswalk.mappings
                    if m.subject_id == step.theme and not m.is_negated}
        assert {(e.id, e.predicate) for e in step.elements} == expected
        kinds = [e.kind for e in step.elements]
        assert kinds == sorted(kinds, key=["unit", "criterion", "knowledge"].index)
    negated = [m for m in crosswalk.mappings if m.is_negated]
    linked = {(s.theme, e.id) for s in p.steps for e in s.elements}
    assert all((m.subject_id, m.object_id) not in linked for m in negated)


def test_the_default_framework_is_the_one_the_rubric_has_a_crosswalk_to() -> None:
    assert plan(RUBRIC, MIXED).framework == "pt-nos"


def test_a_framework_without_a_shipped_crosswalk_is_an_unknown_id() -> None:
    with pytest.raises(UnknownIdError, match="no crosswalk"):
        plan(RUBRIC, MIXED, framework="ls-nos")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(LEVELS), min_size=10, max_size=10))
def test_a_plan_round_trips_through_json(levels: list[str]) -> None:
    p = plan(RUBRIC, levels)
    again = loads_plan(dumps_plan(p))
    assert isinstance(again, Plan)
    assert again == p


def test_a_cohort_plan_counts_levels_and_picks_the_most_common_next_target() -> None:
    rows = [["gold"] * 10, ["silver"] * 10, ["gold"] * 9 + ["platinum"],
            ["platinum"] * 10]
    table = {t: [row[i] for row in rows] for i, t in enumerate(IDS)}
    cohort = plan_cohort(RUBRIC, table)
    assert cohort.respondents == 4
    assert cohort.mean_total == pytest.approx((80 + 60 + 82 + 100) / 4)
    first = cohort.themes[0]
    assert [(d.level, d.count) for d in first.distribution] == [
        ("none", 0), ("minimum", 0), ("bronze", 0), ("silver", 1), ("gold", 2),
        ("platinum", 1)]
    assert (first.below_top, first.next_level, first.next_count) == (3, "platinum", 2)
    assert first.target == RUBRIC.themes[0].descriptor("platinum").text
    last = cohort.themes[-1]
    assert (last.below_top, last.next_level, last.next_count) == (2, "gold", 1)  # a tie: the lower
    individual = {b.label: b.count for b in cohort.bands if b.scheme == "individual"}
    assert individual == {"Minimum standard": 0, "Bronze": 0, "Silver": 0, "Gold": 1,
                          "Platinum": 3}
    assert loads_plan(dumps_plan(cohort)) == cohort


def test_a_theme_where_everyone_is_at_the_top_has_no_next_target() -> None:
    cohort = plan_cohort(RUBRIC, {t: ["platinum", "platinum"] for t in IDS})
    assert all(t.next_level is None and t.target is None for t in cohort.themes)


def test_a_cohort_plan_from_a_csv_file_equals_the_plan_from_its_table(tmp_path: Path) -> None:
    rows = [[LEVELS[(i * 7 + j) % 6] for j in range(10)] for i in range(30)]
    source = tmp_path / "cohort.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["tutor", *IDS])
        writer.writerows([f"t{i}", *row] for i, row in enumerate(rows))
    table = {t: [row[i] for row in rows] for i, t in enumerate(IDS)}
    from_file = plan_cohort(RUBRIC, source)
    assert from_file == plan_cohort(RUBRIC, table)
    assert from_file == plan_cohort(RUBRIC, score_batch(RUBRIC, table))


def test_a_document_that_is_not_a_plan_is_reported_with_its_pointer() -> None:
    good = plan(RUBRIC, MIXED).to_dict()
    with pytest.raises(DocumentError, match="/format"):
        plan_from_dict({**good, "format": "x"}, file="p.json")
    bad = json.loads(json.dumps(good))
    bad["steps"][1]["colour"] = "red"
    with pytest.raises(DocumentError, match=r"p\.json:/steps/1/colour"):
        plan_from_dict(bad, file="p.json")


def test_the_html_plan_uses_the_reports_style_and_escapes_text() -> None:
    page = plan_html(plan(RUBRIC, MIXED))
    from competency.analysis._html_assets import CSS

    assert CSS in page
    assert "pt-nos:LSIPT03" in page
    assert "p-related" in page
    cohort_page = plan_html(plan_cohort(RUBRIC, {t: ["gold"] for t in IDS}))
    assert "Cohort development plan" in cohort_page
    assert "<script" not in page


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_plan_levels_json_on_the_command_line_is_the_api_plan(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(capsys, "plan", "pt-self-assessment", "--levels", ",".join(MIXED),
                        "--framework", "pt-nos", "--format", "json")
    assert code == 0
    assert loads_plan(out) == plan(RUBRIC, MIXED, framework="pt-nos")


def test_plan_responses_html_is_written_to_the_output_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / "cohort.csv"
    source.write_text("who," + ",".join(IDS) + "\na," + ",".join(MIXED) + "\n",
                      encoding="utf-8")
    target = tmp_path / "plan.html"
    code, out, _ = _run(capsys, "plan", "pt-self-assessment", "--responses", str(source),
                        "--format", "html", "-o", str(target))
    assert (code, out) == (0, "")
    assert "Cohort development plan" in target.read_text(encoding="utf-8")
    code, out, _ = _run(capsys, "plan", "pt-self-assessment", "--responses", str(source),
                        "-f", "json")
    cohort = loads_plan(out)
    assert isinstance(cohort, CohortPlan)
    assert cohort.respondents == 1


def test_plan_table_names_each_next_level_and_the_bands(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(capsys, "plan", "pt-self-assessment", "--levels", ",".join(MIXED))
    assert code == 0
    assert "total 58 of 100" in out
    assert "Individual score and level boundaries: Silver" in out
    assert "LSIPT03" in out


@pytest.mark.parametrize(("argv", "code"), [
    (["--levels", "gold,gold"], 1),
    (["--levels", ",".join(MIXED), "--framework", "no-such"], 1),
    (["--levels", ",".join(MIXED), "--responses", "x.csv"], 2),
    ([], 2),
])
def test_bad_plan_arguments_exit_with_the_documented_codes(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: int,
) -> None:
    got, out, err = _run(capsys, "plan", "pt-self-assessment", *argv)
    assert got == code
    assert out == ""
    assert err
