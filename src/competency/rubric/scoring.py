"""Scoring one response against a rubric: responses, results, strategies.

A *response* says, for every theme of a rubric, either which level was reached (by level
id, label or points; ``"none"``, ``None`` or ``0`` for not even the first) or which cells
were achieved (one flag per level). :func:`parse_response` checks it against the rubric and
normalises it to a :class:`Response`; a :class:`ScoringStrategy` turns that into a
:class:`Result`: the level and points per theme, the total, the band in every band scheme
and, per theme, the next level's descriptor as the development target.

The built-in strategy, :class:`CumulativeSequential` (``"cumulative-sequential"``), reads the
levels as sequential and incremental: a theme's level is the highest level reached with every
level below it reached, worth that level's points (0 if even the first is not reached); the
total is the sum over the themes.

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

import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import attrs

from competency.errors import INPUT, Problem, ScoreError, UnknownIdError
from competency.rubric.model import Band, Descriptor, Level, Rubric, Theme

if TYPE_CHECKING:  # pragma: no cover
    from competency.rubric.batch import BatchResponse, BatchResult

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
]

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


@attrs.frozen(kw_only=True)
class ThemeResult:
    """One theme's outcome: the level reached, its points, and the next target.

    Parameters
    ----------
    theme : Theme
    level : Level or None
        The level reached; ``None`` if not even the first.
    points : int
    target : Level or None
        The next level up; ``None`` at the top level.
    target_descriptor : Descriptor or None
        What the person would do at `target` in this theme: the development target.
    """

    theme: Theme
    level: Level | None
    points: int
    target: Level | None
    target_descriptor: Descriptor | None


def _check_result(instance: Result, attribute: attrs.Attribute[Any], value: int) -> None:
    rubric = instance.rubric
    if len(instance.reached) != len(rubric.themes) or len(instance.points) != len(rubric.themes):
        raise ScoreError(Problem(
            message=f"a {instance.strategy!r} result has {len(instance.reached)} levels and "
                    f"{len(instance.points)} points for {len(rubric.themes)} themes",
            expected="one level and one points value per theme",
        ))
    if not 0 <= value <= rubric.maximum:
        raise ScoreError(Problem(
            message=f"strategy {instance.strategy!r} gave the total {value}",
            expected=f"a total from 0 to {rubric.maximum}",
        ))


@attrs.frozen(kw_only=True, slots=False)  # a __dict__ makes the trusted fast path cheap
class Result:
    """The score of one response.

    Parameters
    ----------
    rubric : Rubric
    strategy : str
        The name of the strategy that scored it.
    reached : tuple of int
        Per theme (theme order), how many levels are reached: ``0`` none, ``1`` the first
        level, ... ``len(levels)`` the top.
    points : tuple of int
        Per theme, the points scored.
    total : int
        Between 0 and ``rubric.maximum``.
    warnings : tuple of str
        What lenient scoring had to gate.

    Examples
    --------
    >>> from competency.rubric import get_rubric, score
    >>> result = score(get_rubric("pt-self-assessment"), ["bronze"] * 9 + ["none"])
    >>> result.total, result.level_ids[:2], result.points[-1]
    (36, ('bronze', 'bronze'), 0)
    >>> t = result.themes[-1]
    >>> t.level is None, t.target.label, t.target_descriptor.text[:30]
    (True, 'Minimum standard', 'professional development and u')
    """

    rubric: Rubric = attrs.field(repr=False)
    strategy: str
    reached: tuple[int, ...]
    points: tuple[int, ...]
    total: int = attrs.field(validator=_check_result)
    warnings: tuple[str, ...] = ()

    @classmethod
    def _trusted(cls, rubric: Rubric, strategy: str, reached: tuple[int, ...],
                 points: tuple[int, ...], total: int) -> Result:
        """Build a result the built-in strategy has already checked (skips validation)."""
        self = object.__new__(cls)
        fields = self.__dict__
        fields["rubric"] = rubric
        fields["strategy"] = strategy
        fields["reached"] = reached
        fields["points"] = points
        fields["total"] = total
        fields["warnings"] = ()
        return self

    @property
    def levels(self) -> tuple[Level | None, ...]:
        """The level reached in each theme (``None``: not even the first)."""
        levels = self.rubric.levels
        return tuple(levels[r - 1] if r else None for r in self.reached)

    @property
    def level_ids(self) -> tuple[str | None, ...]:
        """The id of the level reached in each theme (``None``: not even the first)."""
        return tuple(lv.id if lv is not None else None for lv in self.levels)

    @property
    def bands(self) -> tuple[Band, ...]:
        """The band of the total in each band scheme, in scheme order."""
        table = self.rubric.band_table()
        return tuple(scheme.bands[table[s][self.total]]
                     for s, scheme in enumerate(self.rubric.band_schemes))

    def band(self, scheme: str | None = None) -> Band:
        """The band of the total in `scheme` (default: the rubric's first scheme)."""
        return self.rubric.band_for(self.total, scheme)

    @property
    def themes(self) -> tuple[ThemeResult, ...]:
        """Per theme: level, points and the next level's descriptor as the target."""
        levels = self.rubric.levels
        out = []
        for theme, r, pts in zip(self.rubric.themes, self.reached, self.points, strict=True):
            target = levels[r] if r < len(levels) else None
            out.append(ThemeResult(
                theme=theme, level=levels[r - 1] if r else None, points=pts, target=target,
                target_descriptor=theme.descriptor(target.id) if target is not None else None,
            ))
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        """The result as plain JSON types (the ``--format json`` output of the CLI).

        Keys: ``rubric``, ``strategy``, ``total`` (int), ``maximum``, ``bands`` (scheme id →
        band label), ``band_ids`` (scheme id → band id), ``themes`` (per theme: ``id``,
        ``title``, ``level``, ``level_label``, ``points``, ``target`` with ``level``,
        ``label`` and ``descriptor``, or ``null`` at the top), ``warnings``.

        Examples
        --------
        >>> from competency.rubric import get_rubric, score
        >>> d = score(get_rubric("pt-self-assessment"), ["gold"] * 10).to_dict()
        >>> d["total"], d["bands"]
        (80, {'individual': 'Platinum', 'institutional': 'Platinum'})
        """
        bands = self.bands
        themes = []
        for t in self.themes:
            themes.append({
                "id": t.theme.id,
                "title": t.theme.label,
                "level": t.level.id if t.level is not None else None,
                "level_label": t.level.label if t.level is not None else None,
                "points": t.points,
                "target": None if t.target is None or t.target_descriptor is None else {
                    "level": t.target.id, "label": t.target.label,
                    "descriptor": t.target_descriptor.text,
                },
            })
        return {
            "rubric": self.rubric.id,
            "strategy": self.strategy,
            "total": int(self.total),
            "maximum": self.rubric.maximum,
            "bands": {s.id: b.label for s, b in zip(self.rubric.band_schemes, bands, strict=True)},
            "band_ids": {s.id: b.id for s, b in zip(self.rubric.band_schemes, bands, strict=True)},
            "themes": themes,
            "warnings": list(self.warnings),
        }


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


def skipped_level_problem(rubric: Rubric, theme: int, reached: int, flags: Sequence[bool],
                          *, location: str = "", file: str = INPUT) -> Problem:
    """The problem for theme `theme` whose `flags` skip the level after `reached`."""
    levels = rubric.levels
    above = [levels[i].label for i in range(reached + 1, len(levels)) if flags[i]]
    t = rubric.themes[theme]
    return Problem(
        file=file, location=location or f"/{t.local_id}",
        message=f"theme {t.local_id} ({t.label}) marks {', '.join(above)} achieved but not "
                f"{levels[reached].label}",
        expected="levels achieved in order, each with every level below it (the levels "
                 "are sequential and incremental)",
        fix=f"Mark {levels[reached].label} achieved too, or score leniently to count this "
            f"theme at the highest level reached in order",
    )


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
        from competency.rubric.batch import cumulative_batch

        return cumulative_batch(self.name, rubric, batch, strict=strict)


# -- parsing --------------------------------------------------------------------------------

_MISSING: Any = object()


def _flags_row(rubric: Rubric, key: object, answer: object,
               problems: list[Problem]) -> tuple[bool, ...] | None:
    n = len(rubric.levels)
    where = f"/{key}"
    if isinstance(answer, Mapping):
        row = [False] * n
        for level, flag in answer.items():
            try:
                i = rubric.level_index(level)
            except UnknownIdError:
                i = 0
            if i == 0:
                problems.append(Problem(location=f"{where}/{level}",
                                        message=f"{level!r} is not a level of this rubric",
                                        expected="one of " + ", ".join(
                                            lv.id for lv in rubric.levels)))
                continue
            if not isinstance(flag, (bool, int)) or flag not in (0, 1):
                problems.append(Problem(location=f"{where}/{level}",
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
        self.local_ids = rubric.local_ids
        self.n = len(rubric.local_ids)
        answers: Mapping[object, int] = rubric.answer_keys  # type: ignore[assignment]
        self.answer = answers.__getitem__
        flag_keys: Mapping[object, int] = rubric.flag_keys  # type: ignore[assignment]
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


def _tables(rubric: Rubric) -> _Tables:
    tables = _TABLES.get(id(rubric))
    if tables is None or tables.rubric is not rubric:
        if len(_TABLES) >= 64:  # keeps its rubrics alive: bounded
            _TABLES.clear()
        tables = _TABLES[id(rubric)] = _Tables(rubric)
    return tables


def _fast_reached(rubric: Rubric, response: object,
                  tables: _Tables | None = None) -> tuple[int, ...] | None:
    """Levels reached for a plain dict (keyed by local theme ids, in theme order) or list
    holding, per theme, a textual level answer or a list of flags that skips no level;
    ``None`` whenever anything needs the full check of :func:`parse_response`."""
    if tables is None:
        tables = _tables(rubric)
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
    fast = _fast_reached(rubric, response)
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
                    file=file, location=f"/{key}", message=f"unknown theme {key!r}",
                    expected="one of " + ", ".join(t.local_id for t in themes),
                ))
                continue
        if slots[i] is not _MISSING:
            problems.append(Problem(
                file=file, location=f"/{key}",
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
                        file=file, location=f"/{key}",
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
                    file=file, location=f"/{key}",
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
        For an unknown or broken strategy.

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
    chosen = _strategy(strategy) if isinstance(strategy, str) else strategy
    if type(chosen) is CumulativeSequential:  # the fast path of the built-in strategy
        tables = _TABLES.get(id(rubric))
        if tables is None or tables.rubric is not rubric:
            tables = _tables(rubric)
        reached = _fast_reached(rubric, response, tables)
        if reached is not None:
            points = tuple(map(tables.points, reached))
            result = object.__new__(Result)
            fields = result.__dict__
            fields["rubric"] = rubric
            fields["strategy"] = CumulativeSequential.name
            fields["reached"] = reached
            fields["points"] = points
            fields["total"] = sum(points)
            fields["warnings"] = ()
            return result
    return chosen.score(rubric, parse_response(rubric, response), strict=strict)


_GET_STRATEGY: list[Callable[[str], ScoringStrategy]] = []


def _strategy(name: str) -> ScoringStrategy:
    if not _GET_STRATEGY:
        from competency.rubric.registry import get_strategy

        _GET_STRATEGY.append(get_strategy)
    return _GET_STRATEGY[0](name)
