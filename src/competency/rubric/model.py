"""The typed model of a scoring rubric: themes × levels, descriptors and band schemes.

A :class:`Rubric` is a grid. Its rows are :class:`Theme` s (e.g. the chapters of a book),
its columns are ordered :class:`Level` s, each worth some points, and each cell holds a
:class:`Descriptor`: the statement a person meets at that level of that theme. One or more
:class:`BandScheme` s turn a total score into a named :class:`Band`.

Everything is a frozen, slotted attrs class, validated on construction. Construction of a
:class:`Rubric` checks the grid as a whole and raises :class:`~competency.errors.RubricError`
listing every problem, each located by the JSON pointer of the equivalent rubric document
(``/themes/3/descriptors/1/level``).

This module is longer than most (about 700 lines) because the grid's classes and the rules
that check a grid as a whole belong together: every rule is a few lines, and splitting them
from the classes they check would only add an import between two halves of one job.

Identifiers
-----------
A theme's id is a CURIE whose prefix is the rubric id (``pt-self-assessment:T3``), so themes
can be mapped in crosswalks like framework elements (see :meth:`Rubric.as_framework`). Level,
band and band-scheme ids are plain lower-case words (``bronze``, ``individual``).

Examples
--------
>>> from competency.rubric import Band, BandScheme, Descriptor, Level, Rubric, Theme
>>> levels = [Level(id="basic", label="Basic", points=1), Level(id="good", label="Good", points=2)]
>>> theme = Theme(id="demo:T1", title="Listening", descriptors=[
...     Descriptor(level="basic", text="I listen."),
...     Descriptor(level="good", text="I listen and summarise.")])
>>> rubric = Rubric(id="demo", title="Demo", base_iri="https://example.org/demo/",
...     levels=levels, themes=[theme],
...     band_schemes=[BandScheme(id="overall", title="Overall", bands=[
...         Band(id="low", label="Low", low=0, high=1),
...         Band(id="high", label="High", low=2, high=2)])])
>>> rubric.maximum
2
>>> rubric.theme("T1").descriptor("good").text
'I listen and summarise.'
>>> rubric.band_for(1).label
'Low'
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from competency._validators import (
    ID_PATTERN,
    are_texts,
    is_base_iri,
    is_id,
    is_optional_text,
    is_text,
    texts,
    tuple_of,
)
from competency.errors import Problem, RubricError, ScoreError, UnknownIdError

if TYPE_CHECKING:  # pragma: no cover
    from competency.model import Framework

__all__ = ["MAX_LEVELS", "MAX_TOTAL", "RUBRIC_ANNOTATION", "Band", "BandScheme", "Descriptor",
           "Level", "Rubric", "Theme"]

RUBRIC_ANNOTATION = "competency:rubric"
"""The annotation key :meth:`Rubric.as_framework` sets to the rubric's id."""

RUBRIC_ID_PATTERN = ID_PATTERN
WORD_ID_PATTERN = r"[a-z][a-z0-9_-]*"
LOCAL_ID_PATTERN = r"[A-Za-z0-9_][A-Za-z0-9_.\-/]*"
_WORD_ID = re.compile(rf"\A{WORD_ID_PATTERN}\Z")
_CURIE = re.compile(rf"\A{RUBRIC_ID_PATTERN}:{LOCAL_ID_PATTERN}\Z")

MAX_LEVELS = 100
"""The most levels a rubric may have (batch scoring counts levels reached in one byte)."""

MAX_TOTAL = 1_000_000
"""The highest maximum total a rubric may have (themes × the top level's points): totals
are 32-bit integers in batch scoring, and a band look-up per possible total stays small."""

NONE_LEVEL = "none"
"""The answer meaning "not even the first level is reached" (reserved: no level may use it)."""


# -- validators and converters --------------------------------------------------------------


def _is_word_id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or _WORD_ID.match(value) is None or value == NONE_LEVEL:
        raise ValueError(
            f"{attribute.name} must be a lower-case id such as 'bronze' (a letter, then "
            f"letters, digits, '_' or '-'; not 'none'), got {value!r}"
        )


def _is_curie(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or _CURIE.match(value) is None:
        raise ValueError(
            f"{attribute.name} must be a CURIE '<rubric id>:<local id>' such as "
            f"'pt-self-assessment:T3', got {value!r}"
        )


def _is_int(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{attribute.name} must be an integer, got {value!r}")


def _levels(items: Iterable[Level]) -> tuple[Level, ...]:
    return tuple(items)


def _descriptors(items: Iterable[Descriptor]) -> tuple[Descriptor, ...]:
    return tuple(items)


def _themes(items: Iterable[Theme]) -> tuple[Theme, ...]:
    return tuple(items)


def _bands(items: Iterable[Band]) -> tuple[Band, ...]:
    return tuple(items)


def _schemes(items: Iterable[BandScheme]) -> tuple[BandScheme, ...]:
    return tuple(items)


# -- the grid -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Level:
    """One column of the grid: a level a person can reach in each theme.

    Parameters
    ----------
    id : str
        Lower-case id, unique in the rubric (``"bronze"``); ``"none"`` is reserved.
    label : str
        The label as printed (``"Bronze"``).
    points : int
        Points for reaching this level in one theme; positive, and strictly increasing
        from level to level (0 points means "not even the first level").
    note : str, optional
        Editorial note.

    Examples
    --------
    >>> Level(id="gold", label="Gold", points=8)
    Level(id='gold', label='Gold', points=8, note=None)
    """

    id: str = attrs.field(validator=_is_word_id)
    label: str = attrs.field(validator=is_text)
    points: int = attrs.field(validator=_is_int)
    note: str | None = attrs.field(default=None, validator=is_optional_text)


@attrs.frozen(kw_only=True)
class Descriptor:
    """One cell of the grid: what a person does at `level` of a theme.

    Parameters
    ----------
    level : str
        The id of the level (column) this cell belongs to.
    text : str
        The statement, verbatim from the source.
    note : str, optional
        Editorial note: known defects of the source are recorded here, never fixed.
    """

    level: str = attrs.field(validator=_is_word_id)
    text: str = attrs.field(validator=is_text)
    note: str | None = attrs.field(default=None, validator=is_optional_text)


@attrs.frozen(kw_only=True)
class Theme:
    """One row of the grid.

    Parameters
    ----------
    id : str
        CURIE ``<rubric id>:<local id>``, stable once shipped (``"pt-self-assessment:T3"``).
    title : str, optional
        The theme's heading (``"Setting boundaries"``); ``None`` if the source lost it.
    notation : str, optional
        The source's own label for the row, verbatim (``"CHAPTER 3"``).
    chapter : int, optional
        The chapter (or section) number the theme comes from.
    intro : str, optional
        The lead-in printed before the theme's items, verbatim.
    items : tuple of str
        The theme's listed items (e.g. the core values), verbatim, in source order.
    descriptors : tuple of Descriptor
        One per level, in level order.
    note : str, optional
        Editorial note on the row (a lost heading, a reconstructed order, ...).
    """

    id: str = attrs.field(validator=_is_curie)
    title: str | None = attrs.field(default=None, validator=is_optional_text)
    notation: str | None = attrs.field(default=None, validator=is_optional_text)
    chapter: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(_is_int)
    )
    intro: str | None = attrs.field(default=None, validator=is_optional_text)
    items: tuple[str, ...] = attrs.field(default=(), converter=texts, validator=are_texts)
    descriptors: tuple[Descriptor, ...] = attrs.field(
        default=(), converter=_descriptors, validator=tuple_of(Descriptor)
    )
    note: str | None = attrs.field(default=None, validator=is_optional_text)

    @property
    def local_id(self) -> str:
        """The part of :attr:`id` after the prefix (``"T3"``)."""
        return self.id.partition(":")[2]

    @property
    def label(self) -> str:
        """A short human label: the title, else the notation, else the local id."""
        if self.title is not None:
            return self.title
        if self.notation is not None:
            return self.notation
        if self.chapter is not None:
            return f"Chapter {self.chapter}"
        return self.local_id

    def descriptor(self, level: str) -> Descriptor:
        """Return the descriptor of `level` (a level id).

        Raises
        ------
        UnknownIdError
            If the theme has no descriptor for `level`.
        """
        for cell in self.descriptors:
            if cell.level == level:
                return cell
        raise UnknownIdError(Problem(
            message=f"theme {self.id!r} has no descriptor for level {level!r}",
            expected="one of " + ", ".join(repr(c.level) for c in self.descriptors),
        ))


@attrs.frozen(kw_only=True)
class Band:
    """A named range of totals, both ends inclusive (``Bronze``: 20-39).

    Examples
    --------
    >>> Band(id="bronze", label="Bronze", low=20, high=39).contains(20)
    True
    """

    id: str = attrs.field(validator=_is_word_id)
    label: str = attrs.field(validator=is_text)
    low: int = attrs.field(validator=_is_int)
    high: int = attrs.field(validator=_is_int)

    def __attrs_post_init__(self) -> None:
        if self.high < self.low:
            raise ValueError(f"band {self.id!r}: high ({self.high}) is below low ({self.low})")

    def contains(self, total: int) -> bool:
        """Whether `total` lies in this band."""
        return self.low <= total <= self.high


@attrs.frozen(kw_only=True)
class BandScheme:
    """A way of naming totals: contiguous :class:`Band` s from 0 up to the rubric maximum.

    Parameters
    ----------
    id : str
        Lower-case id, unique in the rubric (``"individual"``).
    title : str
        The scheme's heading as printed.
    bands : tuple of Band
        In increasing order; contiguity and coverage are checked by :class:`Rubric`.
    """

    id: str = attrs.field(validator=_is_word_id)
    title: str = attrs.field(validator=is_text)
    bands: tuple[Band, ...] = attrs.field(converter=_bands, validator=tuple_of(Band))
    note: str | None = attrs.field(default=None, validator=is_optional_text)


def _band_lookup(schemes: tuple[BandScheme, ...], maximum: int) -> tuple[tuple[int, ...], ...]:
    # (built on request only: its size grows with the maximum total)
    """Per scheme, the band index of every total 0..maximum (-1 if uncovered)."""
    table = []
    for scheme in schemes:
        row = [-1] * (maximum + 1)
        for b, band in enumerate(scheme.bands):
            for total in range(max(band.low, 0), min(band.high, maximum) + 1):
                row[total] = b
        table.append(tuple(row))
    return tuple(table)


@attrs.frozen(kw_only=True)
class Rubric:
    """A scoring rubric: themes × levels with a descriptor in every cell, and band schemes.

    Construction checks the grid and raises :class:`~competency.errors.RubricError` listing
    every problem: unique theme, level, scheme and band ids; theme ids prefixed with the
    rubric id; levels with strictly increasing positive points; one descriptor per level in
    each theme, in level order; bands of each scheme contiguous, covering ``0`` to
    :attr:`maximum` exactly.

    Parameters
    ----------
    id : str
        The rubric id, also the CURIE prefix of its themes (``"pt-self-assessment"``).
    title : str
        The title as printed.
    base_iri : str
        Namespace IRI of the themes: ``expand("x:T3") == base_iri + "T3"``.
    levels : tuple of Level
        Ordered lowest first.
    themes : tuple of Theme
        In source order.
    band_schemes : tuple of BandScheme
        At least one.
    source, description, rights, note : str, optional
        The source document, a description, the rights statement, an editorial note.
    """

    id: str = attrs.field(validator=is_id("pt-self-assessment"))
    title: str = attrs.field(validator=is_text)
    base_iri: str = attrs.field(validator=is_base_iri)
    levels: tuple[Level, ...] = attrs.field(converter=_levels, validator=tuple_of(Level))
    themes: tuple[Theme, ...] = attrs.field(converter=_themes, validator=tuple_of(Theme))
    band_schemes: tuple[BandScheme, ...] = attrs.field(
        converter=_schemes, validator=tuple_of(BandScheme)
    )
    source: str | None = attrs.field(default=None, validator=is_optional_text)
    description: str | None = attrs.field(default=None, validator=is_optional_text)
    rights: str | None = attrs.field(default=None, validator=is_optional_text)
    note: str | None = attrs.field(default=None, validator=is_optional_text)

    # look-up tables built once (private; used by the scoring code)
    _theme_index: dict[str, int] = attrs.field(init=False, eq=False, hash=False, repr=False)
    _answer_index: dict[str | None, int] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )
    _points_index: dict[int, int] = attrs.field(init=False, eq=False, hash=False, repr=False)
    _local_ids: tuple[str, ...] = attrs.field(init=False, eq=False, hash=False, repr=False)
    _flag_index: dict[tuple[bool, ...], int] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )
    _points_step: int | None = attrs.field(init=False, eq=False, hash=False, repr=False)
    _reached_points: tuple[int, ...] = attrs.field(init=False, eq=False, hash=False, repr=False)
    _band_lows: tuple[tuple[int, ...], ...] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        problems = _check_rubric(self)
        if problems:
            raise RubricError(problems)
        themes: dict[str, int] = {}
        for i, theme in enumerate(self.themes):
            for key in (theme.id, theme.local_id):
                themes[key] = i
                themes.setdefault(key.lower(), i)
        answers: dict[str | None, int] = {NONE_LEVEL: 0, None: 0}
        for i, level in enumerate(self.levels, start=1):
            for key in (level.id, level.label):
                answers[key] = i
                answers.setdefault(key.lower(), i)
                answers.setdefault(key.upper(), i)
                answers.setdefault(key.capitalize(), i)
        for key in ("None", "NONE"):
            answers.setdefault(key, 0)
        points = {0: 0, **{lv.points: i for i, lv in enumerate(self.levels, start=1)}}
        object.__setattr__(self, "_theme_index", themes)
        object.__setattr__(self, "_answer_index", answers)
        object.__setattr__(self, "_points_index", points)
        object.__setattr__(self, "_local_ids", tuple(t.local_id for t in self.themes))
        n = len(self.levels)
        flags: dict[tuple[bool, ...], int] = {}
        if n <= 8:  # every flag pattern -> levels reached in order, or -1 if one is skipped
            for code in range(1 << n):
                row = tuple(bool(code >> i & 1) for i in range(n))
                reached = row.index(False) if False in row else n
                flags[row] = -1 if any(row[reached:]) else reached
        object.__setattr__(self, "_flag_index", flags)
        rp = (0, *(lv.points for lv in self.levels))
        step = rp[1] if n else 0
        proportional = n > 0 and all(p == k * step for k, p in enumerate(rp))
        object.__setattr__(self, "_points_step", step if proportional else None)
        object.__setattr__(self, "_reached_points", (0, *(lv.points for lv in self.levels)))
        object.__setattr__(self, "_band_lows", tuple(
            tuple(band.low for band in scheme.bands) for scheme in self.band_schemes))

    # -- look-ups -------------------------------------------------------------------------

    @property
    def maximum(self) -> int:
        """The highest total: every theme at the top level."""
        return len(self.themes) * (self.levels[-1].points if self.levels else 0)

    @property
    def local_ids(self) -> tuple[str, ...]:
        """The local ids of the themes, in theme order (``("T2a", "T2b", "T3", ...)``).

        A tuple (it was a shared list before 0.2, which let callers change a frozen
        rubric)."""
        return self._local_ids

    @property
    def theme_keys(self) -> Mapping[str, int]:
        """Every accepted theme key (CURIE, local id, lower-case forms) → theme position
        (a read-only view)."""
        return MappingProxyType(self._theme_index)

    @property
    def answer_keys(self) -> Mapping[str | None, int]:
        """Every accepted textual level answer (ids and labels in common cases, ``"none"``,
        ``None``) → levels reached (a read-only view). Points are looked up with
        :meth:`level_index`."""
        return MappingProxyType(self._answer_index)

    @property
    def flag_keys(self) -> Mapping[tuple[bool, ...], int]:
        """Every pattern of achieved flags (one per level, lowest first) → levels reached
        in order, or ``-1`` if the pattern skips a level (a read-only view). Empty for more
        than 8 levels."""
        return MappingProxyType(self._flag_index)

    @property
    def points_step(self) -> int | None:
        """``s`` if level ``k`` (1-based) is worth ``k * s`` points (2, 4, 6, ...), else
        ``None``: then points are a multiple of the levels reached (a fast path)."""
        return self._points_step

    @property
    def reached_points(self) -> tuple[int, ...]:
        """Points for having reached ``0, 1, ... len(levels)`` levels (``(0, 2, 4, ...)``)."""
        return self._reached_points

    def theme_index(self, theme: str) -> int:
        """Position of `theme` (a CURIE or a local id, case-insensitive) in :attr:`themes`.

        Raises
        ------
        UnknownIdError
            If the rubric has no such theme.
        """
        i = self._theme_index.get(theme)
        if i is None and isinstance(theme, str):
            i = self._theme_index.get(theme.lower())
        if i is None:
            raise UnknownIdError(Problem(
                message=f"rubric {self.id!r} has no theme {theme!r}",
                expected="one of " + ", ".join(t.local_id for t in self.themes),
            ))
        return i

    def theme(self, theme: str) -> Theme:
        """Return the theme with id `theme` (a CURIE or a local id such as ``"T3"``)."""
        return self.themes[self.theme_index(theme)]

    def level_index(self, answer: object) -> int:
        """How many levels an answer means reached: 0 for ``"none"`` / ``None`` / 0 points,
        ``i + 1`` for level ``i`` given by id, label (any case) or points.

        Raises
        ------
        UnknownIdError
            If `answer` names no level.

        Examples
        --------
        >>> from competency.rubric import get_rubric
        >>> rubric = get_rubric("pt-self-assessment")
        >>> [rubric.level_index(a) for a in ("none", "Bronze", "SILVER", 8, "platinum")]
        [0, 2, 3, 4, 5]
        """
        found: int | None = None
        if answer is None or isinstance(answer, str):
            found = self._answer_index.get(answer)
            if found is None and isinstance(answer, str):
                key = answer.strip()
                found = self._answer_index.get(key.lower())
                if found is None and key.isascii() and key.isdigit():
                    found = self._points_index.get(int(key))
        elif not isinstance(answer, bool):
            try:
                found = self._points_index.get(operator.index(answer))  # type: ignore[arg-type]
            except TypeError:  # not an integer
                found = None
        if found is not None:
            return found
        raise UnknownIdError(Problem(
            message=f"{answer!r} is not a level of rubric {self.id!r}",
            expected=self.describe_answers(),
        ))

    def describe_answers(self) -> str:
        """Words for what a level answer may be (for error messages)."""
        ids = ", ".join(lv.id for lv in self.levels)
        points = ", ".join(str(lv.points) for lv in self.levels)
        return f"a level id ({ids}, or 'none'), its label, or its points ({points}, or 0)"

    def level(self, level: str) -> Level:
        """Return the level with id or label `level` (any case)."""
        i = self.level_index(level)
        if i == 0:
            raise UnknownIdError(Problem(
                message=f"{level!r} is not a level of rubric {self.id!r}",
                expected="one of " + ", ".join(lv.id for lv in self.levels),
            ))
        return self.levels[i - 1]

    def band_scheme(self, scheme: str) -> BandScheme:
        """Return the band scheme with id `scheme`."""
        for candidate in self.band_schemes:
            if candidate.id == scheme:
                return candidate
        raise UnknownIdError(Problem(
            message=f"rubric {self.id!r} has no band scheme {scheme!r}",
            expected="one of " + ", ".join(s.id for s in self.band_schemes),
        ))

    def band_for(self, total: int, scheme: str | None = None) -> Band:
        """Return the band of `scheme` (default: the first scheme) that holds `total`.

        Raises
        ------
        ScoreError
            If `total` is outside ``0..maximum``.
        """
        s = 0 if scheme is None else self.band_schemes.index(self.band_scheme(scheme))
        if isinstance(total, bool) or not isinstance(total, int) or \
                not 0 <= total <= self.maximum:
            raise ScoreError(Problem(
                message=f"total {total!r} is outside the rubric's range",
                expected=f"an integer from 0 to {self.maximum}",
            ))
        return self.band_schemes[s].bands[bisect.bisect_right(self._band_lows[s], total) - 1]

    def band_lows(self) -> tuple[tuple[int, ...], ...]:
        """Per scheme, the lowest total of each band, in band order (bands are contiguous
        from 0, so a total's band is the last one whose low it reaches)."""
        return self._band_lows

    def band_table(self) -> tuple[tuple[int, ...], ...]:
        """Per scheme, the index of the band holding each total ``0..maximum``.

        Built on each call, with ``maximum + 1`` entries per scheme: prefer
        :meth:`band_for` or :meth:`band_lows`.
        """
        return _band_lookup(self.band_schemes, self.maximum)

    # -- identifiers ----------------------------------------------------------------------

    def expand(self, curie: str) -> str:
        """Expand a theme CURIE to a full IRI.

        Examples
        --------
        >>> from competency.rubric import get_rubric
        >>> get_rubric("pt-self-assessment").expand("pt-self-assessment:T2a")
        'https://w3id.org/competency/pt-self-assessment/T2a'
        """
        prefix, sep, local = curie.partition(":")
        if not sep or prefix != self.id:
            raise ValueError(f"{curie!r} is not a CURIE with prefix {self.id!r}")
        return self.base_iri + local

    def as_framework(self) -> Framework:
        """Return the rubric as a :class:`~competency.model.Framework` for crosswalks.

        Each theme becomes a :class:`~competency.model.Unit` with the theme's CURIE; each
        cell becomes a :class:`~competency.model.Criterion` ``<theme>.<level id>`` (e.g.
        ``pt-self-assessment:T3.bronze``) contained in its theme, whose text is the
        descriptor. The annotation ``competency:rubric`` (:data:`RUBRIC_ANNOTATION`) names
        the rubric, so analysis counts its themes, not its descriptors, wherever the rubric
        came from (a plugin or a file).

        Examples
        --------
        >>> from competency.rubric import get_rubric
        >>> fw = get_rubric("pt-self-assessment").as_framework()
        >>> [e.id for e in fw.children("pt-self-assessment:T3")][:2]
        ['pt-self-assessment:T3.minimum', 'pt-self-assessment:T3.bronze']
        """
        from competency.model import Criterion, Framework, Relation, Unit

        elements: list[Any] = []
        relations: list[Relation] = []
        for theme in self.themes:
            text = theme.title if theme.title is not None else theme.label
            elements.append(Unit(
                id=theme.id, text=text, title=theme.title, notation=theme.notation,
                note=theme.note,
            ))
            for cell in theme.descriptors:
                cell_id = f"{theme.id}.{cell.level}"
                elements.append(Criterion(
                    id=cell_id, text=cell.text, notation=self.level(cell.level).label,
                    note=cell.note,
                ))
                relations.append(Relation(theme.id, "contains", cell_id))
        return Framework(
            id=self.id, title=self.title, base_iri=self.base_iri, source=self.source,
            description=self.description, rights=self.rights, elements=elements,
            relations=relations, annotations={RUBRIC_ANNOTATION: (self.id,)},
        )


def _check_rubric(rubric: Rubric) -> list[Problem]:
    """Every structural problem of `rubric`, located by JSON pointer."""
    problems: list[Problem] = []

    def unique(ids: Iterable[str], where: str, what: str) -> None:
        seen: dict[str, int] = {}
        for i, value in enumerate(ids):
            if value in seen:
                problems.append(Problem(
                    location=f"{where}/{i}/id",
                    message=f"duplicate {what} id {value!r}",
                    related=f"{where}/{seen[value]}/id", related_as="first used at",
                    expected=f"each {what} id to be unique",
                ))
            else:
                seen[value] = i

    if not rubric.levels:
        problems.append(Problem(location="/levels", message="no levels",
                                expected="at least one level"))
    if not rubric.themes:
        problems.append(Problem(location="/themes", message="no themes",
                                expected="at least one theme"))
    if not rubric.band_schemes:
        problems.append(Problem(location="/band_schemes", message="no band schemes",
                                expected="at least one band scheme"))
    if len(rubric.levels) > MAX_LEVELS:
        problems.append(Problem(
            location="/levels", message=f"{len(rubric.levels)} levels",
            expected=f"at most {MAX_LEVELS} levels (what batch scoring can represent)",
        ))
    unique((lv.id for lv in rubric.levels), "/levels", "level")
    unique((t.id for t in rubric.themes), "/themes", "theme")
    unique((s.id for s in rubric.band_schemes), "/band_schemes", "band scheme")
    labels: dict[str, int] = {}
    previous: int | None = None
    for i, level in enumerate(rubric.levels):
        if level.points <= 0:
            problems.append(Problem(
                location=f"/levels/{i}/points", message=f"{level.points} points",
                expected="a positive number of points (0 means no level reached)",
            ))
        if previous is not None and level.points <= previous:
            problems.append(Problem(
                location=f"/levels/{i}/points",
                message=f"level {level.id!r} has {level.points} points, not more than the "
                        f"level below it ({previous})",
                expected="levels ordered lowest first, with strictly increasing points",
            ))
        previous = level.points
        key = level.label.lower()
        if key in labels:
            problems.append(Problem(
                location=f"/levels/{i}/label",
                message=f"label {level.label!r} repeats /levels/{labels[key]}/label",
                expected="distinct level labels",
            ))
        labels.setdefault(key, i)
    level_ids = [lv.id for lv in rubric.levels]
    prefix = rubric.id + ":"
    for t, theme in enumerate(rubric.themes):
        if not theme.id.startswith(prefix):
            problems.append(Problem(
                location=f"/themes/{t}/id",
                message=f"theme id {theme.id!r} does not use the rubric's prefix",
                expected=f"an id starting with {prefix!r}",
            ))
        given = [cell.level for cell in theme.descriptors]
        if given != level_ids:
            for d, cell in enumerate(theme.descriptors):
                if cell.level not in level_ids:
                    problems.append(Problem(
                        location=f"/themes/{t}/descriptors/{d}/level",
                        message=f"{cell.level!r} is not a level of this rubric",
                        expected="one of " + ", ".join(map(repr, level_ids)),
                    ))
            missing = [lv for lv in level_ids if lv not in given]
            repeated = sorted({lv for lv in given if given.count(lv) > 1})
            if missing:
                problems.append(Problem(
                    location=f"/themes/{t}/descriptors",
                    message=f"theme {theme.id!r} has no descriptor for "
                            + ", ".join(map(repr, missing)),
                    expected="one descriptor for each level",
                ))
            if repeated:
                problems.append(Problem(
                    location=f"/themes/{t}/descriptors",
                    message=f"theme {theme.id!r} has more than one descriptor for "
                            + ", ".join(map(repr, repeated)),
                    expected="one descriptor for each level",
                ))
            if not missing and not repeated and all(g in level_ids for g in given):
                problems.append(Problem(
                    location=f"/themes/{t}/descriptors",
                    message=f"descriptors of theme {theme.id!r} are in the order "
                            + ", ".join(given),
                    expected="level order: " + ", ".join(level_ids),
                ))
    maximum = rubric.maximum
    if maximum > MAX_TOTAL:
        problems.append(Problem(
            location=f"/levels/{len(rubric.levels) - 1}/points",
            message=f"the top level's {rubric.levels[-1].points} points × "
                    f"{len(rubric.themes)} themes make a maximum total of {maximum}",
            expected=f"a maximum total of at most {MAX_TOTAL:,} (what scoring can represent)",
            fix="Use smaller points: only their order and ratios matter for the bands",
        ))
        return problems  # the band checks below compare with that maximum
    for s, scheme in enumerate(rubric.band_schemes):
        where = f"/band_schemes/{s}/bands"
        unique((b.id for b in scheme.bands), where, "band")
        if not scheme.bands:
            problems.append(Problem(location=where, message="no bands",
                                    expected=f"bands covering 0 to {maximum}"))
            continue
        expected_low = 0
        for b, band in enumerate(scheme.bands):
            if band.low != expected_low:
                gap = "a gap" if band.low > expected_low else "an overlap"
                problems.append(Problem(
                    location=f"{where}/{b}/low",
                    message=f"band {band.id!r} starts at {band.low}, leaving {gap} "
                            f"after {expected_low - 1}" if b else
                            f"the first band {band.id!r} starts at {band.low}",
                    expected=f"{expected_low} (bands contiguous, in increasing order, "
                             f"from 0 to {maximum})",
                ))
            expected_low = band.high + 1
        last = scheme.bands[-1]
        if last.high != maximum:
            problems.append(Problem(
                location=f"{where}/{len(scheme.bands) - 1}/high",
                message=f"the last band {last.id!r} ends at {last.high}",
                expected=f"{maximum}, the rubric's maximum total "
                         f"({len(rubric.themes)} themes × {maximum // max(len(rubric.themes), 1)}"
                         " points)",
            ))
    return problems

