"""Rubrics and scoring: the public namespace for users and plugin authors.

A :class:`Rubric` is a grid of themes × levels with a descriptor in every cell and one or
more band schemes over the total. :func:`score` scores one response, :func:`score_batch` a
table of them (vectorised); a :class:`ScoringStrategy` decides how (the built-in one is
:class:`CumulativeSequential`, ``"cumulative-sequential"``). Rubrics and strategies are
found by name with :func:`get_rubric` and :func:`get_strategy`: the shipped ones and those
plugins add through the entry-point groups ``competency.rubrics`` and ``competency.scoring``.

:func:`plan` turns a result into a development plan (next levels, targets and the
framework elements mapped to each theme); :func:`plan_cohort` does it for a cohort.

Importing this package does not import numpy; the batch names (:func:`score_batch`,
:class:`BatchResult`, ...) load it on first use.

Examples
--------
>>> from competency.rubric import get_rubric, score
>>> rubric = get_rubric("pt-self-assessment")
>>> [t.local_id for t in rubric.themes]
['T2a', 'T2b', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10']
>>> [(lv.id, lv.points) for lv in rubric.levels]
[('minimum', 2), ('bronze', 4), ('silver', 6), ('gold', 8), ('platinum', 10)]
>>> result = score(rubric, ["silver"] * 10)
>>> result.total, [b.label for b in result.bands]
(60, ['Gold', 'Gold'])
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from competency.rubric.io import (
    dump_rubric,
    dumps_rubric,
    load_rubric,
    loads_rubric,
    rubric_from_dict,
    rubric_to_dict,
)
from competency.rubric.model import Band, BandScheme, Descriptor, Level, Rubric, Theme
from competency.rubric.registry import (
    available_rubrics,
    available_strategies,
    get_rubric,
    get_strategy,
)
from competency.rubric.responses import (
    Answer,
    BatchResponse,
    Response,
    ResponseLike,
    SkippedLevelWarning,
    parse_response,
)
from competency.rubric.results import BatchResult, Result, ThemeResult
from competency.rubric.scoring import score
from competency.rubric.strategies import CumulativeSequential, ScoringStrategy

if TYPE_CHECKING:  # pragma: no cover
    from competency.rubric.batch import score_batch
    from competency.rubric.kernels import gate, totals
    from competency.rubric.planning import (
        CohortPlan,
        Plan,
        dumps_plan,
        loads_plan,
        plan,
        plan_cohort,
        plan_from_dict,
        plan_html,
    )
    from competency.rubric.plot import plot_result
    from competency.rubric.tables import parse_batch

_LAZY = {
    "gate": "competency.rubric.kernels",
    "parse_batch": "competency.rubric.tables",
    "score_batch": "competency.rubric.batch",
    "totals": "competency.rubric.kernels",
    "plot_result": "competency.rubric.plot",
    **dict.fromkeys(("CohortPlan", "Plan", "dumps_plan", "loads_plan", "plan", "plan_cohort",
                     "plan_from_dict", "plan_html"), "competency.rubric.planning"),
}

__all__ = [
    "Answer",
    "Band",
    "BandScheme",
    "BatchResponse",
    "BatchResult",
    "CohortPlan",
    "CumulativeSequential",
    "Descriptor",
    "Level",
    "Plan",
    "Response",
    "ResponseLike",
    "Result",
    "Rubric",
    "ScoringStrategy",
    "SkippedLevelWarning",
    "Theme",
    "ThemeResult",
    "available_rubrics",
    "available_strategies",
    "dump_rubric",
    "dumps_plan",
    "dumps_rubric",
    "gate",
    "get_rubric",
    "get_strategy",
    "load_rubric",
    "loads_plan",
    "loads_rubric",
    "parse_batch",
    "parse_response",
    "plan",
    "plan_cohort",
    "plan_from_dict",
    "plan_html",
    "plot_result",
    "rubric_from_dict",
    "rubric_to_dict",
    "score",
    "score_batch",
    "totals",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'competency.rubric' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
