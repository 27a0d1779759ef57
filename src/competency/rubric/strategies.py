"""Scoring strategies: the :class:`ScoringStrategy` protocol and the built-in
:class:`CumulativeSequential` (``"cumulative-sequential"``).

A strategy receives responses already checked against the rubric
(:class:`~competency.rubric.Response` for one, :class:`~competency.rubric.BatchResponse`
for many) and decides the level, points and total; plugins add strategies through the
entry-point group ``competency.scoring``.

The built-in strategy reads the levels as sequential and incremental: a theme's level is
the highest level reached with every level below it reached, worth that level's points (0
if even the first is not reached); the total is the sum over the themes. Its vectorised
form lives in :mod:`competency.rubric.kernels` (imported on first batch use: numpy).

Examples
--------
>>> from competency.rubric import CumulativeSequential, get_rubric, parse_response
>>> rubric = get_rubric("pt-self-assessment")
>>> CumulativeSequential().score(rubric, parse_response(rubric, ["gold"] * 10)).total
80
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from competency.errors import CompetencyError, PluginError, Problem, ScoreError
from competency.rubric.model import Rubric
from competency.rubric.responses import Response, SkippedLevelWarning, skipped_level_problem
from competency.rubric.results import Result

if TYPE_CHECKING:  # pragma: no cover
    from competency.rubric.responses import BatchResponse
    from competency.rubric.results import BatchResult

__all__ = ["CumulativeSequential", "ScoringStrategy", "apply_strategy", "apply_strategy_batch"]


@runtime_checkable
class ScoringStrategy(Protocol):
    """How a response becomes a score. Plugins provide these (entry-point group
    ``competency.scoring``); the built-in one is :class:`CumulativeSequential`.

    A strategy receives responses already checked against the rubric (every theme answered
    once, every level known), so it only decides the level, points and total.

    Attributes
    ----------
    name : str
        The strategy's name, e.g. ``"cumulative-sequential"``; for a plugin, its entry-point
        name.
    """

    @property
    def name(self) -> str:
        """The strategy's name."""
        ...

    def score(self, rubric: Rubric, response: Response, *, strict: bool = True) -> Result:
        """Score one response.

        Raises
        ------
        ScoreError
            In strict mode, for flags the strategy does not accept (e.g. a skipped level).
        """
        ...

    def score_batch(
        self, rubric: Rubric, batch: BatchResponse, *, strict: bool = True
    ) -> BatchResult:
        """Score many responses held in arrays, without a Python loop per response.

        Rows the strategy cannot score (in strict mode) are marked invalid in the result,
        with a problem each; they are never raised from here.
        """
        ...


class CumulativeSequential:
    """The built-in strategy ``"cumulative-sequential"``.

    Levels are sequential and incremental: a theme's level is the highest level reached with
    every level below it reached; its points are that level's points (0 if not even the
    first is reached); the total is the sum over the themes. Flags that skip a level raise
    :class:`~competency.errors.ScoreError` in strict mode; in lenient mode the theme is
    gated at the highest level reached in order, with a :class:`SkippedLevelWarning`.

    Examples
    --------
    >>> from competency.rubric import get_rubric, score
    >>> rubric = get_rubric("pt-self-assessment")
    >>> flags = {t.local_id: [True, True, False, False, False] for t in rubric.themes}
    >>> flags["T3"] = [True, False, True, False, False]  # silver without bronze
    >>> score(rubric, flags)
    Traceback (most recent call last):
    ...
    competency.errors.ScoreError: <input>:/T3: theme T3 (Setting boundaries) marks Silver achieved but not Bronze ...
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     score(rubric, flags, strict=False).total
    38
    """

    __slots__ = ()

    name = "cumulative-sequential"

    def __repr__(self) -> str:
        return "CumulativeSequential()"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CumulativeSequential)

    def __hash__(self) -> int:
        return hash(CumulativeSequential)

    def score(self, rubric: Rubric, response: Response, *, strict: bool = True) -> Result:
        """Score one response (see the class docstring)."""
        reached = response.reached
        notes: tuple[str, ...] = ()
        if reached is None:
            reached, notes = self._gate(rubric, response.flags or (), strict=strict)
        rp = rubric.reached_points
        points = tuple([rp[r] for r in reached])
        if notes:
            return Result(rubric=rubric, strategy=self.name, reached=reached, points=points,
                          total=sum(points), warnings=notes)
        return Result._trusted(rubric, self.name, reached, points, sum(points))

    @staticmethod
    def _gate(rubric: Rubric, flags: Sequence[Sequence[bool]], *,
              strict: bool) -> tuple[tuple[int, ...], tuple[str, ...]]:
        reached = []
        problems = []
        for t, row in enumerate(flags):
            r = 0
            n = len(row)
            while r < n and row[r]:
                r += 1
            if r < n and any(row[r + 1:]):
                problems.append(skipped_level_problem(rubric, t, r, row))
            reached.append(r)
        notes: tuple[str, ...] = ()
        if problems:
            if strict:
                raise ScoreError(problems)
            notes = tuple(f"{p.message}; counted at the highest level reached in order"
                          for p in problems)
            for note in notes:
                warnings.warn(note, SkippedLevelWarning, stacklevel=4)
        return tuple(reached), notes

    def score_batch(
        self, rubric: Rubric, batch: BatchResponse, *, strict: bool = True
    ) -> BatchResult:
        """Score many responses (see :func:`competency.rubric.score_batch`)."""
        from competency.rubric.kernels import cumulative_batch

        return cumulative_batch(self.name, rubric, batch, strict=strict)


# -- calling a strategy ----------------------------------------------------------------------


def _plugin_error(strategy: object, what: str, detail: str) -> PluginError:
    cls = type(strategy)
    name = getattr(strategy, "name", cls.__name__)
    return PluginError(Problem(
        message=f"scoring strategy {name!r} ({cls.__module__}:{cls.__qualname__}) {what}: "
                f"{detail}",
        fix="Report it to the plugin's authors, or score with the built-in strategy "
            "'cumulative-sequential'",
    ))


def apply_strategy(strategy: ScoringStrategy, rubric: Rubric, response: Response, *,
                   strict: bool) -> Result:
    """``strategy.score(...)``; a plugin's failure (anything but our own errors, such as
    the ScoreError of a skipped level) or a wrong return type is a
    :class:`~competency.errors.PluginError` naming the plugin."""
    if type(strategy) is CumulativeSequential:
        return strategy.score(rubric, response, strict=strict)
    try:
        result = strategy.score(rubric, response, strict=strict)
    except CompetencyError:
        raise
    except Exception as exc:
        raise _plugin_error(strategy, "failed in score()",
                            f"{type(exc).__name__}: {exc}") from exc
    if not isinstance(result, Result):
        raise _plugin_error(strategy, "gave no Result",
                            f"score() returned a {type(result).__name__}")
    return result


def apply_strategy_batch(strategy: ScoringStrategy, rubric: Rubric, batch: BatchResponse, *,
                         strict: bool) -> BatchResult:
    """``strategy.score_batch(...)``, with a plugin's failure reported as for
    :func:`apply_strategy`."""
    from competency.rubric.results import BatchResult

    if type(strategy) is CumulativeSequential:
        return strategy.score_batch(rubric, batch, strict=strict)
    try:
        result = strategy.score_batch(rubric, batch, strict=strict)
    except CompetencyError:
        raise
    except Exception as exc:
        raise _plugin_error(strategy, "failed in score_batch()",
                            f"{type(exc).__name__}: {exc}") from exc
    if not isinstance(result, BatchResult):
        raise _plugin_error(strategy, "gave no BatchResult",
                            f"score_batch() returned a {type(result).__name__}")
    if len(result) != len(batch):
        raise _plugin_error(strategy, "lost rows",
                            f"{len(result)} results for {len(batch)} responses")
    return result
