"""Responses: what a person answered, checked against a rubric once, in one place.

A *response* says, for every theme of a rubric, either which level was reached (by level
id, label or points; ``"none"``, ``None`` or ``0`` for not even the first) or which cells
were achieved (one flag per level). :func:`parse_response` checks one response and
normalises it to a :class:`Response`; many responses held in arrays are a
:class:`BatchResponse` (built by :func:`competency.rubric.parse_batch`). Strategies receive
only these checked forms.

The plain forms common in code (a dict keyed by the local theme ids in theme order, or a
list in theme order, of level ids or of flag lists) are read by a look-up per theme
(:func:`fast_reached`); anything else takes the full check, which lists every problem.
Both paths live here and nowhere else.

Examples
--------
>>> from competency.rubric import get_rubric, parse_response
>>> rubric = get_rubric("pt-self-assessment")
>>> parse_response(rubric, ["gold"] * 10).reached[:3]
(4, 4, 4)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from competency.errors import (
    INPUT,
    Location,
    Pointer,
    Position,
    Problem,
    ScoreError,
    UnknownIdError,
)
from competency.rubric.model import Rubric

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "MAX_PROBLEMS",
    "Answer",
    "BatchResponse",
    "Response",
    "ResponseLike",
    "SkippedLevelWarning",
    "fast_reached",
    "parse_response",
    "skipped_level_problem",
]

MAX_PROBLEMS = 100
"""At most this many row problems of a batch are kept; the rest are counted."""

Answer = str | int | None | Sequence[bool] | Mapping[str, bool]
"""One theme's answer: a level (id, label, points, ``"none"``/``None``/``0``), or the
achieved flags of its cells (a sequence in level order, or a mapping level id → flag)."""


class SkippedLevelWarning(UserWarning):
    """Lenient scoring gated a theme whose flags skip a level."""


@attrs.frozen(kw_only=True)
class Response:
    """A response checked against a rubric: per theme, in theme order, either the number of
    levels reached (``reached``) or the achieved flag of every cell (``flags``).

    Build one with :func:`parse_response`; strategies receive it.

    Parameters
    ----------
    reached : tuple of int, optional
        ``0`` (no level) to ``len(levels)`` (the top level) per theme.
    flags : tuple of tuple of bool, optional
        Per theme, one flag per level (lowest first). Exactly one of `reached` and `flags`
        is given.
    """

    reached: tuple[int, ...] | None = None
    flags: tuple[tuple[bool, ...], ...] | None = None


ResponseLike = Response | Mapping[str, Answer] | Sequence[Answer]
"""A response: a :class:`Response`, a mapping theme id → answer, or one answer per theme in
theme order."""


@attrs.frozen(kw_only=True, eq=False)
class BatchResponse:
    """Many responses checked against a rubric, as arrays (what strategies receive).

    Parameters
    ----------
    reached : ndarray of int8, shape (n, themes), optional
        Levels reached per theme (0 none ... ``len(levels)``).
    flags : ndarray of bool, shape (n, themes, levels), optional
        Achieved flag per cell. Exactly one of `reached` and `flags` is given.
    valid : ndarray of bool, shape (n,)
        False for rows that could not be read (see `problems`); their values are 0.
    problems : tuple of Problem
        Up to :data:`~competency.rubric.batch.MAX_PROBLEMS` row problems, located by line
        (or row) number.
    n_problems : int
        How many row problems there were in all.
    file : str
        The file the rows came from, for error messages.
    lines : ndarray of int64, optional
        The line number of each row in `file` (default: row ``i`` is called ``row i``).
    """

    reached: NDArray[np.int8] | None = None
    flags: NDArray[np.bool_] | None = None
    valid: NDArray[np.bool_]
    problems: tuple[Problem, ...] = ()
    n_problems: int = 0
    file: str = INPUT
    lines: NDArray[np.int64] | None = None

    def __len__(self) -> int:
        return int(self.valid.shape[0])

    def location(self, row: int) -> Position:
        """Where row `row` is: its line in the file read, or its row of the table given."""
        if self.lines is not None:
            return Position(int(self.lines[row]))
        return Position(row=row)


def skipped_level_problem(rubric: Rubric, theme: int, reached: int, flags: Sequence[bool],
                          *, location: Location | None = None, file: str = INPUT) -> Problem:
    """The problem for theme `theme` whose `flags` skip the level after `reached`."""
    levels = rubric.levels
    above = [levels[i].label for i in range(reached + 1, len(levels)) if flags[i]]
    t = rubric.themes[theme]
    return Problem(
        file=file, location=location if location is not None else Pointer(t.local_id),
        message=f"theme {t.local_id} ({t.label}) marks {', '.join(above)} achieved but not "
                f"{levels[reached].label}",
        expected="levels achieved in order, each with every level below it (the levels "
                 "are sequential and incremental)",
        fix=f"Mark {levels[reached].label} achieved too, or score leniently to count this "
            f"theme at the highest level reached in order",
    )


# -- parsing --------------------------------------------------------------------------------

_MISSING: Any = object()


def _flags_row(rubric: Rubric, key: object, answer: object,
               problems: list[Problem]) -> tuple[bool, ...] | None:
    n = len(rubric.levels)
    where = Pointer(str(key))
    if isinstance(answer, Mapping):
        row = [False] * n
        for level, flag in answer.items():
            try:
                i = rubric.level_index(level)
            except UnknownIdError:
                i = 0
            if i == 0:
                problems.append(Problem(location=where / str(level),
                                        message=f"{level!r} is not a level of this rubric",
                                        expected="one of " + ", ".join(
                                            lv.id for lv in rubric.levels)))
                continue
            if not isinstance(flag, (bool, int)) or flag not in (0, 1):
                problems.append(Problem(location=where / str(level),
                                        message=f"flag {flag!r}", expected="true or false"))
                continue
            row[i - 1] = bool(flag)
        return tuple(row)
    flags = list(answer)  # type: ignore[call-overload]
    if len(flags) != n or not all(isinstance(f, (bool, int)) and f in (0, 1) for f in flags):
        problems.append(Problem(
            location=where, message=f"flags {flags!r}",
            expected=f"{n} true/false flags, one per level ("
                     + ", ".join(lv.id for lv in rubric.levels) + ")",
        ))
        return None
    return tuple(bool(f) for f in flags)


class _Tables:
    """Look-ups for the fast path of :func:`score`, built once per rubric."""

    __slots__ = ("answer", "flag_list", "flag_tuple", "local_ids", "n", "points", "rubric")

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric
        self.local_ids = list(rubric.local_ids)  # compared with list(dict): a list
        self.n = len(rubric.local_ids)
        # private copies of the rubric's read-only views: a dict's look-up is the fastest
        answers: dict[object, int] = dict(rubric.answer_keys.items())
        self.answer = answers.__getitem__
        flag_keys: dict[object, int] = dict(rubric.flag_keys.items())
        self.flag_tuple = flag_keys.__getitem__  # -1: the pattern skips a level
        # a list row's position among the patterns that skip no level, in level order, is
        # its level: list.index compares by == (as the dict look-up of tuple(row) does),
        # without building and hashing a tuple per row; any other row raises ValueError
        in_order = sorted((r, key) for key, r in flag_keys.items() if r >= 0)
        lists: list[object] = [list(key) for _, key in in_order]  # type: ignore[call-overload]
        if [r for r, _ in in_order] != list(range(len(in_order))):
            lists = []  # pragma: no cover - flag_keys always holds levels 0..n
        self.flag_list = lists.index
        # a list's __getitem__ is a method; a tuple's is a slower slot wrapper
        self.points = list(rubric.reached_points).__getitem__


_TABLES: dict[int, _Tables] = {}


def tables_for(rubric: Rubric) -> _Tables:
    """The fast-path look-ups of `rubric` (built on first use, bounded cache)."""
    tables = _TABLES.get(id(rubric))
    if tables is None or tables.rubric is not rubric:
        if len(_TABLES) >= 64:  # keeps its rubrics alive: bounded
            _TABLES.clear()
        tables = _TABLES[id(rubric)] = _Tables(rubric)
    return tables


def fast_reached(rubric: Rubric, response: object,
                 tables: _Tables | None = None) -> tuple[int, ...] | None:
    """Levels reached for a plain dict (keyed by local theme ids, in theme order) or list
    holding, per theme, a textual level answer or a list of flags that skips no level;
    ``None`` whenever anything needs the full check of :func:`parse_response`."""
    if tables is None:
        tables = tables_for(rubric)
    kind = type(response)
    if kind is dict:
        if list(response) != tables.local_ids:  # type: ignore[call-overload]
            return None
        answers: Any = response.values()  # type: ignore[attr-defined]
    elif kind is list or kind is tuple:
        if len(response) != tables.n:  # type: ignore[arg-type]
            return None
        answers = response
    else:
        return None
    try:
        kind = type(next(iter(answers)))
        if kind is list:  # flags: only patterns that skip no level are found
            return tuple(map(tables.flag_list, answers))
        if kind is tuple:  # flags as tuples: hashable as they are
            reached = tuple(map(tables.flag_tuple, answers))
            return None if -1 in reached else reached
        return tuple(map(tables.answer, answers))
    except (KeyError, TypeError, ValueError, StopIteration):  # unusual: the full check
        return None


def parse_response(rubric: Rubric, response: ResponseLike, *, file: str = INPUT) -> Response:
    """Check `response` against `rubric` and normalise it.

    Parameters
    ----------
    rubric : Rubric
    response : Response, mapping or sequence
        A mapping theme id (local id such as ``"T3"`` or CURIE, any case) → answer, or a
        sequence of answers in theme order. An answer is a level (id, label, points, or
        ``"none"`` / ``None`` / ``0``), or the cells' achieved flags (a sequence of bools in
        level order, or a mapping level id → bool).
    file : str
        Named in error messages.

    Raises
    ------
    ScoreError
        Listing every problem: a missing theme, an unknown theme, an unknown level, a
        theme answered twice, malformed flags.

    Examples
    --------
    >>> from competency.rubric import get_rubric, parse_response
    >>> rubric = get_rubric("pt-self-assessment")
    >>> parse_response(rubric, ["Gold", 6, "none"] + ["bronze"] * 7).reached[:4]
    (4, 3, 0, 2)
    >>> parse_response(rubric, {"T2a": "gold", "T99": "gold"})
    Traceback (most recent call last):
    ...
    competency.errors.ScoreError: <input>:/T99: unknown theme 'T99' ...
    """
    if isinstance(response, Response):
        return response
    fast = fast_reached(rubric, response)
    if fast is not None:
        return Response(reached=fast)
    themes = rubric.themes
    n = len(themes)
    answers: Mapping[Any, int] = rubric.answer_keys
    index: Mapping[Any, int] = rubric.theme_keys
    slots: list[Any] = [_MISSING] * n
    problems: list[Problem] = []
    if isinstance(response, Mapping):
        items: Any = response.items()
    elif isinstance(response, (str, bytes)) or not isinstance(response, Sequence):
        raise ScoreError(Problem(
            file=file, message=f"a response of type {type(response).__name__}",
            expected="a mapping theme id → answer, or a sequence of answers in theme order",
        ))
    else:
        if len(response) != n:
            raise ScoreError(Problem(
                file=file, message=f"{len(response)} answers for {n} themes",
                expected="one answer per theme, in theme order: "
                         + ", ".join(t.local_id for t in themes),
            ))
        items = zip([t.local_id for t in themes], response, strict=True)
    has_flags = False
    for key, answer in items:
        i = index.get(key)
        if i is None:
            i = index.get(key.lower()) if isinstance(key, str) else None
            if i is None:
                problems.append(Problem(
                    file=file, location=Pointer(str(key)), message=f"unknown theme {key!r}",
                    expected="one of " + ", ".join(t.local_id for t in themes),
                ))
                continue
        if slots[i] is not _MISSING:
            problems.append(Problem(
                file=file, location=Pointer(str(key)),
                message=f"theme {themes[i].local_id} is answered twice",
                expected="one answer per theme",
            ))
            continue
        if type(answer) is str or answer is None or type(answer) is int:
            r = answers.get(answer)
            if r is None:
                try:
                    r = rubric.level_index(answer)
                except UnknownIdError:
                    problems.append(Problem(
                        file=file, location=Pointer(str(key)),
                        message=f"{answer!r} is not a level of this rubric",
                        expected=rubric.describe_answers(),
                    ))
                    slots[i] = None
                    continue
            slots[i] = r
        elif isinstance(answer, (Mapping, Sequence)) and not isinstance(answer, (str, bytes)):
            row = _flags_row(rubric, key, answer, problems)
            slots[i] = row
            has_flags = True
        else:
            try:
                slots[i] = rubric.level_index(answer)
            except UnknownIdError:
                problems.append(Problem(
                    file=file, location=Pointer(str(key)),
                    message=f"{answer!r} is not a level of this rubric",
                    expected=rubric.describe_answers(),
                ))
                slots[i] = None
    if _MISSING in slots:
        missing = [themes[i].local_id for i, s in enumerate(slots) if s is _MISSING]
        problems.append(Problem(
            file=file, message="no answer for theme" + ("s " if len(missing) > 1 else " ")
            + ", ".join(missing),
            expected="an answer for every theme (use 'none' for no level reached)",
        ))
    if problems:
        raise ScoreError([p if p.file == file else p.in_file(file) for p in problems])
    if not has_flags:
        return Response(reached=tuple(slots))
    n_levels = len(rubric.levels)
    rows = tuple(
        s if isinstance(s, tuple) else tuple(j < s for j in range(n_levels)) for s in slots
    )
    return Response(flags=rows)
