"""Scoring one response against a rubric: :func:`score`.

:func:`score` checks a response (:func:`~competency.rubric.parse_response`), hands it to a
strategy (:class:`~competency.rubric.CumulativeSequential` unless told otherwise) and returns
a :class:`~competency.rubric.Result`: the level and points per theme, the total, the band in
every band scheme and, per theme, the next level's descriptor as the development target.

The names this module held before 0.2 (``Response``, ``Result``, ``ScoringStrategy``, ...)
now live in :mod:`~competency.rubric.responses`, :mod:`~competency.rubric.results` and
:mod:`~competency.rubric.strategies`; they are re-exported here unchanged. Import them from
:mod:`competency.rubric`.

Examples
--------
>>> from competency.rubric import get_rubric, score
>>> rubric = get_rubric("pt-self-assessment")
>>> result = score(rubric, ["platinum"] * 10)
>>> result.total, result.band().label
(100, 'Platinum')
>>> result = score(rubric, ["minimum"] * 10)
>>> result.total, result.band().label, result.band("institutional").label
(20, 'Bronze', 'Bronze')
>>> score(rubric, ["none"] * 10).band().label
'Minimum standard'
"""

from __future__ import annotations

from competency.rubric.model import Rubric
from competency.rubric.registry import get_strategy
from competency.rubric.responses import (
    Answer,
    Response,
    ResponseLike,
    SkippedLevelWarning,
    fast_reached,
    parse_response,
    skipped_level_problem,
    tables_for,
)
from competency.rubric.results import Result, ThemeResult
from competency.rubric.strategies import CumulativeSequential, ScoringStrategy, apply_strategy

__all__ = [
    "Answer",
    "CumulativeSequential",
    "Response",
    "ResponseLike",
    "Result",
    "ScoringStrategy",
    "SkippedLevelWarning",
    "ThemeResult",
    "parse_response",
    "score",
    "skipped_level_problem",
]


def score(rubric: Rubric, response: ResponseLike, *,
          strategy: str | ScoringStrategy = "cumulative-sequential",
          strict: bool = True) -> Result:
    """Score one response.

    Parameters
    ----------
    rubric : Rubric
        E.g. ``get_rubric("pt-self-assessment")``.
    response : mapping or sequence
        See :func:`parse_response`.
    strategy : str or ScoringStrategy
        A strategy or the name of a built-in or plugin strategy.
    strict : bool
        If true (default), flags that skip a level raise an error naming the theme and the
        level; if false, the theme is gated at the highest level reached in order and a
        :class:`SkippedLevelWarning` is issued.

    Raises
    ------
    ScoreError
        For a bad response (every problem listed).
    UnknownIdError, PluginError
        For an unknown or broken strategy; an error inside a plugin strategy is a
        PluginError naming it.

    Examples
    --------
    >>> from competency.rubric import get_rubric, score
    >>> rubric = get_rubric("pt-self-assessment")
    >>> r = score(rubric, {"T2a": "gold", "T2b": "silver", "T3": 4, "T4": "Bronze",
    ...                    "T5": "none", "T6": "minimum", "T7": "minimum", "T8": "bronze",
    ...                    "T9": "silver", "T10": "platinum"})
    >>> r.total, r.band().label
    (46, 'Silver')
    >>> [t.target.label if t.target else None for t in r.themes][:3]
    ['Platinum', 'Gold', 'Silver']
    """
    chosen = get_strategy(strategy) if isinstance(strategy, str) else strategy
    if type(chosen) is CumulativeSequential:  # the built-in strategy on a plain response
        tables = tables_for(rubric)
        reached = fast_reached(rubric, response, tables)
        if reached is not None:
            points = tuple(map(tables.points, reached))
            return Result._trusted(rubric, CumulativeSequential.name, reached, points,
                                   sum(points))
    return apply_strategy(chosen, rubric, parse_response(rubric, response), strict=strict)
