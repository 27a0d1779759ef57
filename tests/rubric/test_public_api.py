"""The plugin authors' namespace, competency.rubric, changes only deliberately."""

from __future__ import annotations

import competency.rubric
from competency.rubric import CumulativeSequential, ScoringStrategy

EXPECTED = [
    "Answer", "Band", "BandScheme", "BatchResponse", "BatchResult", "CohortPlan",
    "CumulativeSequential", "Descriptor", "Level", "Plan", "Response", "ResponseLike",
    "Result", "Rubric", "ScoringStrategy", "SkippedLevelWarning", "Theme", "ThemeResult",
    "available_rubrics", "available_strategies", "dump_rubric", "dumps_plan",
    "dumps_rubric", "gate", "get_rubric", "get_strategy", "load_rubric", "loads_plan",
    "loads_rubric", "parse_batch", "parse_response", "plan", "plan_cohort",
    "plan_from_dict", "plan_html", "plot_result", "rubric_from_dict", "rubric_to_dict",
    "score", "score_batch", "totals",
]


def test_the_rubric_namespace_exports_exactly_these_names() -> None:
    assert sorted(competency.rubric.__all__) == sorted(EXPECTED)
    for name in EXPECTED:
        assert getattr(competency.rubric, name) is not None


def test_the_built_in_strategy_type_checks_as_the_protocol() -> None:
    # mypy checks this assignment: the built-in satisfies ScoringStrategy statically too
    strategy: ScoringStrategy = CumulativeSequential()
    assert strategy.name == "cumulative-sequential"
