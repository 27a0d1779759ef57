"""Scoring single responses and batches: hand-checked examples, bad responses, invariants."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from competency.errors import Pointer, ScoreError
from competency.rubric import (
    CumulativeSequential,
    Response,
    ScoringStrategy,
    SkippedLevelWarning,
    get_rubric,
    parse_response,
    score,
    score_batch,
)

RUBRIC = get_rubric("pt-self-assessment")
IDS = list(RUBRIC.local_ids)
LEVELS = ["none", "minimum", "bronze", "silver", "gold", "platinum"]


# -- hand-checked examples ----------------------------------------------------------------


def test_all_platinum_is_100_and_platinum() -> None:
    result = score(RUBRIC, ["platinum"] * 10)
    assert result.total == 100
    assert [b.label for b in result.bands] == ["Platinum", "Platinum"]
    assert all(t.target is None and t.target_descriptor is None for t in result.themes)


def test_all_minimum_standard_is_20_which_is_the_bronze_band() -> None:
    result = score(RUBRIC, ["minimum"] * 10)
    assert result.total == 20
    assert result.band().label == "Bronze"
    assert result.band("institutional").label == "Bronze"


def test_nothing_reached_is_0_and_minimum_standard_with_minimum_as_every_target() -> None:
    result = score(RUBRIC, ["none"] * 10)
    assert result.total == 0
    assert result.band().label == "Minimum standard"
    assert all(t.level is None and t.points == 0 for t in result.themes)
    assert [t.target_descriptor for t in result.themes] == [
        theme.descriptor("minimum") for theme in RUBRIC.themes]


def test_a_mixed_response_adds_each_themes_level_points() -> None:
    answers = ["gold", "silver", "bronze", "minimum", "none",
               "platinum", "gold", "silver", "bronze", "minimum"]
    result = score(RUBRIC, dict(zip(IDS, answers, strict=True)))
    assert result.points == (8, 6, 4, 2, 0, 10, 8, 6, 4, 2)
    assert result.total == 50
    assert result.band().label == "Silver"
    assert result.themes[0].target_descriptor == RUBRIC.theme("T2a").descriptor("platinum")


def test_band_edges_fall_as_printed() -> None:
    # 19 -> Minimum standard, 20 -> Bronze, 39 -> Bronze, 40 -> Silver, 79 -> Gold, 80 -> Platinum
    assert RUBRIC.band_for(19).label == "Minimum standard"
    assert score(RUBRIC, ["bronze"] * 9 + ["none"]).band().label == "Bronze"  # 36
    assert score(RUBRIC, ["bronze"] * 10).band().label == "Silver"  # 40
    assert score(RUBRIC, ["gold"] * 10).band().label == "Platinum"  # 80
    assert score(RUBRIC, ["gold"] * 9 + ["silver"]).band().label == "Gold"  # 78


def test_answers_may_be_ids_labels_or_points_in_any_case() -> None:
    a = score(RUBRIC, ["GOLD", "Silver", 4, "minimum standard", 0, None, "10", "gold",
                       "Bronze", "none"])
    assert a.points == (8, 6, 4, 2, 0, 0, 10, 8, 4, 0)


def test_themes_may_be_keyed_by_curie_and_in_any_order() -> None:
    response = {f"pt-self-assessment:{t}": "bronze" for t in reversed(IDS)}
    assert score(RUBRIC, response).total == 40


def test_cell_flags_score_like_the_level_they_reach() -> None:
    flags = {t: [True, True, True, False, False] for t in IDS}
    assert score(RUBRIC, flags).total == 60
    mapping = {t: {"minimum": True, "bronze": True} for t in IDS}
    assert score(RUBRIC, mapping).total == 40


def test_a_skipped_level_is_an_error_naming_theme_and_level() -> None:
    flags = {t: [True, False, False, False, False] for t in IDS}
    flags["T5"] = [True, True, False, True, False]
    with pytest.raises(ScoreError) as exc:
        score(RUBRIC, flags)
    (problem,) = exc.value.problems
    assert problem.location == Pointer("T5")
    assert "T5" in problem.message
    assert "Gold" in problem.message
    assert "Silver" in problem.message


def test_lenient_scoring_gates_a_skipped_level_and_warns() -> None:
    flags = {t: [True, False, False, False, False] for t in IDS}
    flags["T5"] = [True, True, False, True, False]
    with pytest.warns(SkippedLevelWarning, match="T5"):
        result = score(RUBRIC, flags, strict=False)
    assert result.points[IDS.index("T5")] == 4
    assert result.total == 22
    assert len(result.warnings) == 1


# -- bad responses ------------------------------------------------------------------------


def _problems(response: object) -> list[str]:
    with pytest.raises(ScoreError) as exc:
        score(RUBRIC, response)  # type: ignore[arg-type]
    return [f"{'' if p.location is None else p.location} {p.message}"
            for p in exc.value.problems]


def test_a_missing_theme_is_named() -> None:
    response = {t: "gold" for t in IDS if t != "T7"}
    assert _problems(response) == [" no answer for theme T7"]


def test_an_unknown_theme_is_named() -> None:
    response = dict.fromkeys(IDS, "gold") | {"T11": "gold"}
    assert _problems(response) == ["/T11 unknown theme 'T11'"]


def test_an_unknown_level_is_named() -> None:
    response = dict.fromkeys(IDS, "gold") | {"T4": "diamond"}
    assert _problems(response) == ["/T4 'diamond' is not a level of this rubric"]


def test_a_theme_answered_twice_is_an_error() -> None:
    response = dict.fromkeys(IDS, "gold") | {"pt-self-assessment:T3": "silver"}
    assert _problems(response) == ["/pt-self-assessment:T3 theme T3 is answered twice"]


def test_all_problems_are_reported_together() -> None:
    response = dict.fromkeys(IDS[:8], "gold") | {"T2a": "x", "X": "gold"}
    problems = _problems(response)
    assert len(problems) == 3


def test_a_positional_response_needs_one_answer_per_theme() -> None:
    assert _problems(["gold"] * 9) == [" 9 answers for 10 themes"]


def test_malformed_flags_are_rejected() -> None:
    response: dict[str, object] = dict.fromkeys(IDS, "gold")
    response["T3"] = [True, False]
    assert _problems(response)[0].startswith("/T3 flags")


def test_booleans_are_not_levels() -> None:
    response: dict[str, object] = dict.fromkeys(IDS, "gold")
    response["T3"] = True
    assert _problems(response) == ["/T3 True is not a level of this rubric"]


def test_a_response_object_skips_parsing() -> None:
    response = Response(reached=(5,) * 10)
    assert parse_response(RUBRIC, response) is response
    assert score(RUBRIC, response).total == 100


def test_the_built_in_strategy_satisfies_the_protocol() -> None:
    strategy: ScoringStrategy = CumulativeSequential()
    assert isinstance(strategy, ScoringStrategy)
    assert strategy.name == "cumulative-sequential"


def test_the_result_serialises_to_the_json_contract() -> None:
    data = score(RUBRIC, ["silver"] * 10).to_dict()
    assert data["total"] == 60
    assert isinstance(data["total"], int)
    assert data["bands"] == {"individual": "Gold", "institutional": "Gold"}
    assert data["themes"][0] == {
        "id": "pt-self-assessment:T2a", "title": "Core values", "level": "silver",
        "level_label": "Silver", "points": 6,
        "target": {"level": "gold", "label": "Gold",
                   "descriptor": RUBRIC.theme("T2a").descriptor("gold").text},
    }


# -- properties ---------------------------------------------------------------------------

reached_rows = st.lists(st.integers(0, 5), min_size=10, max_size=10)


@given(reached_rows, st.integers(0, 9))
def test_total_is_monotone_in_every_themes_level(row: list[int], theme: int) -> None:
    lower = score(RUBRIC, [LEVELS[r] for r in row]).total
    raised = list(row)
    raised[theme] = min(5, raised[theme] + 1)
    assert score(RUBRIC, [LEVELS[r] for r in raised]).total >= lower


@given(reached_rows)
def test_total_is_within_zero_and_the_maximum(row: list[int]) -> None:
    result = score(RUBRIC, [LEVELS[r] for r in row])
    assert 0 <= result.total <= RUBRIC.maximum
    assert result.total == sum(result.points)


@settings(max_examples=40)
@given(st.lists(reached_rows, min_size=1, max_size=30))
def test_batch_and_single_scoring_agree_on_every_row(rows: list[list[int]]) -> None:
    points = np.array([[RUBRIC.reached_points[r] for r in row] for row in rows])
    batch = score_batch(RUBRIC, points)
    for i, row in enumerate(rows):
        single = score(RUBRIC, [LEVELS[r] for r in row])
        assert batch.total[i] == single.total
        assert tuple(batch.reached[i].tolist()) == single.reached
        assert batch.band_labels("institutional")[i] == single.band("institutional").label
        assert batch.result(i) == single


flag_rows = st.lists(st.lists(st.booleans(), min_size=5, max_size=5), min_size=10,
                     max_size=10)


@settings(max_examples=60)
@given(st.lists(flag_rows, min_size=1, max_size=20))
def test_batch_and_single_gating_agree_on_flags(rows: list[list[list[bool]]]) -> None:
    flags = np.array(rows, dtype=bool)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkippedLevelWarning)
        batch = score_batch(RUBRIC, flags, strict=False)
        strict = score_batch(RUBRIC, flags, on_error="skip")
        for i, row in enumerate(rows):
            single = score(RUBRIC, dict(zip(IDS, row, strict=True)), strict=False)
            assert batch.total[i] == single.total
            skips = any(any(r[k + 1:]) and not r[k] for r in row for k in range(5))
            assert bool(strict.valid[i]) == (not skips)


@given(flag_rows, st.integers(0, 9), st.integers(0, 4))
def test_adding_an_achieved_cell_never_lowers_the_lenient_total(
    row: list[list[bool]], theme: int, level: int
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkippedLevelWarning)
        before = score(RUBRIC, row, strict=False).total
        row[theme][level] = True
        after = score(RUBRIC, row, strict=False).total
    assert after >= before

