"""Batch scoring: many responses at once, vectorised with numpy (no Python loop per
response).

:func:`score_batch` reads a table (see :func:`~competency.rubric.parse_batch`), lets the
strategy score the arrays and returns a :class:`~competency.rubric.BatchResult`, which
converts back to the input's kind with :meth:`~competency.rubric.BatchResult.table`.

The pieces live in their own modules: :mod:`~competency.rubric.tables` (reading tables),
:mod:`~competency.rubric.kernels` (the built-in strategy over arrays),
:mod:`~competency.rubric.responses` and :mod:`~competency.rubric.results` (the containers);
their names are re-exported here as before.

This module imports numpy; :mod:`competency.rubric` imports it only when batch scoring is
used.

Examples
--------
>>> import numpy as np
>>> from competency.rubric import get_rubric, score_batch
>>> rubric = get_rubric("pt-self-assessment")
>>> points = np.array([[10] * 10, [2] * 10, [0] * 10, [8, 8, 6, 6, 4, 4, 2, 2, 0, 0]])
>>> result = score_batch(rubric, points)
>>> result.total.tolist()
[100, 20, 0, 40]
>>> result.band_labels().tolist()
['Platinum', 'Bronze', 'Minimum standard', 'Silver']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs
import numpy as np

from competency.errors import INPUT, Problem, ScoreError
from competency.rubric.kernels import (
    cumulative_batch,
    gate,
    level_points,
    total_points,
    totals,
)
from competency.rubric.model import Rubric
from competency.rubric.registry import get_strategy
from competency.rubric.responses import MAX_PROBLEMS, BatchResponse
from competency.rubric.results import BatchResult
from competency.rubric.strategies import ScoringStrategy, apply_strategy_batch
from competency.rubric.tables import answer_columns, parse_batch

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

__all__ = [
    "MAX_PROBLEMS",
    "ON_ERROR",
    "BatchResponse",
    "BatchResult",
    "answer_columns",
    "cumulative_batch",
    "gate",
    "level_points",
    "parse_batch",
    "score_batch",
    "total_points",
    "totals",
]

ON_ERROR = ("fail", "skip")


def score_batch(rubric: Rubric, data: object, *,
                strategy: str | ScoringStrategy = "cumulative-sequential",
                strict: bool = True, on_error: str = "fail", file: str = INPUT,
                lines: Sequence[int] | NDArray[np.int64] | None = None) -> BatchResult:
    """Score a table of responses (one row per respondent) without a loop per row.

    Parameters
    ----------
    rubric : Rubric
    data : array, DataFrame, pyarrow Table or mapping of column → array
        See :func:`parse_batch`. A 2-D integer array holds points per theme (0 for none).
    strategy : str or ScoringStrategy
        Default ``"cumulative-sequential"``.
    strict : bool
        Rows whose flags skip a level are bad rows (true, default), or are gated with a
        :class:`~competency.rubric.SkippedLevelWarning` (false).
    on_error : {"fail", "skip"}
        With ``"fail"`` (default) any bad row raises :class:`~competency.errors.ScoreError`
        listing the problems (by line or row number); with ``"skip"`` bad rows are marked
        invalid in the result (``valid``) and listed in ``problems``.
    file, lines
        Named in problems: the file and the line number of each row.

    Returns
    -------
    BatchResult
        Arrays in row order; :meth:`BatchResult.table` gives the input's kind back.

    Examples
    --------
    >>> from competency.rubric import get_rubric, score_batch
    >>> rubric = get_rubric("pt-self-assessment")
    >>> table = {t.local_id: ["gold", "none", "nonsense"] for t in rubric.themes}
    >>> score_batch(rubric, table)
    Traceback (most recent call last):
    ...
    competency.errors.ScoreError: <input>:row 2, column T2a: not a level of this rubric ...
    >>> result = score_batch(rubric, table, on_error="skip")
    >>> result.total.tolist(), result.valid.tolist()
    ([80, 0, 0], [True, True, False])
    """
    if on_error not in ON_ERROR:
        raise ScoreError(Problem(message=f"on_error={on_error!r}",
                                 expected="'fail' or 'skip'"))
    chosen = get_strategy(strategy) if isinstance(strategy, str) else strategy
    batch = parse_batch(rubric, data, file=file, lines=lines)
    result = apply_strategy_batch(chosen, rubric, batch, strict=strict)
    if on_error == "fail" and result.n_problems:
        problems = list(result.problems)
        if result.n_problems > len(problems):
            problems.append(Problem(file=file, message=f"... and "
                                    f"{result.n_problems - len(problems)} more problems"))
        raise ScoreError(problems)
    if not isinstance(data, np.ndarray) and not isinstance(data, (list, tuple)):
        _, kind, index = _columns_kind(data)
        result = attrs.evolve(result, input_kind=kind, index=index)
    return result


def _columns_kind(data: object) -> tuple[None, str, object]:
    module = type(data).__module__
    if module.startswith("pandas"):
        return None, "pandas", getattr(data, "index", None)
    if module.startswith("pyarrow"):
        return None, "pyarrow", None
    return None, "mapping", None
