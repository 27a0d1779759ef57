"""Results: the score of one response (:class:`Result`) or of many (:class:`BatchResult`).

A :class:`Result` holds, per theme, the levels reached and the points, the total, and what
lenient scoring had to gate; from these it derives the level objects, the band in every
band scheme and, per theme, the next level's descriptor as the development target
(:attr:`Result.themes`). It is a frozen, slotted attrs class whose construction checks the
shape and range; :meth:`Result._trusted` is the one place that builds a result the built-in
strategy has already checked, without repeating the check.

A :class:`BatchResult` holds the same as numpy arrays in row order. This module does not
import numpy itself: the arrays come from the caller, and the methods that compute new
arrays import it when called.

Examples
--------
>>> from competency.rubric import get_rubric, score
>>> result = score(get_rubric("pt-self-assessment"), ["silver"] * 10)
>>> result.total, [b.label for b in result.bands]
(60, ['Gold', 'Gold'])
>>> result.themes[0].target.label
'Gold'
"""

from __future__ import annotations

import bisect
import importlib
from typing import TYPE_CHECKING, Any, cast

import attrs

from competency.errors import Problem, ScoreError
from competency.rubric.model import Band, Descriptor, Level, Rubric, Theme

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["BatchResult", "Result", "ThemeResult", "level_points"]


class _ResultSlots:
    """The storage of a :class:`Result`: its slots, declared once so that the trusted
    builder (:class:`_TrustedResult`) shares the exact layout."""

    __slots__ = ("__weakref__", "points", "reached", "rubric", "strategy", "total", "warnings")
    rubric: Rubric
    strategy: str
    reached: tuple[int, ...]
    points: tuple[int, ...]
    total: int
    warnings: tuple[str, ...]


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


@attrs.frozen(kw_only=True)
class Result(_ResultSlots):
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
        """Build a result the built-in strategy has already checked (skips validation).

        The only place that builds a :class:`Result` without its validator; used by
        :func:`~competency.rubric.score` and :class:`~competency.rubric.CumulativeSequential`
        for responses whose levels come from the rubric's own look-up tables. The values
        are stored in an unfrozen object of the same slots, which then becomes a (frozen)
        Result: plain slot stores are about three times faster than the frozen class's
        ``object.__setattr__`` calls, which matters at 300,000 responses a second.
        """
        built = _TrustedResult()
        built.rubric = rubric
        built.strategy = strategy
        built.reached = reached
        built.points = points
        built.total = total
        built.warnings = ()
        built.__class__ = Result  # type: ignore[assignment]  # same slots, now frozen
        return cast(Result, built)

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
        lows = self.rubric.band_lows()
        return tuple(scheme.bands[bisect.bisect_right(lows[s], self.total) - 1]
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



@attrs.frozen(kw_only=True, eq=False)
class BatchResult:
    """The scores of many responses, as arrays in row order.

    Parameters
    ----------
    rubric : Rubric
    strategy : str
    reached : ndarray of int8, shape (n, themes)
        Levels reached per theme (0 none ... ``len(levels)``).
    total : ndarray of int32, shape (n,)
    valid : ndarray of bool, shape (n,)
        False for rows with problems (their values are 0); see `problems`.
    points : ndarray of int16 (int32 for points above 32,767), shape (n, themes), optional
        Points per theme; default: the points of the levels reached (see :attr:`points`).
    problems : tuple of Problem
        Up to :data:`MAX_PROBLEMS` row problems; `n_problems` counts them all.
    n_problems : int
    warnings : tuple of str
        What lenient scoring had to gate.
    """

    rubric: Rubric = attrs.field(repr=False)
    strategy: str
    reached: NDArray[np.int8]
    total: NDArray[np.int32]
    valid: NDArray[np.bool_]
    _points: NDArray[np.signedinteger[Any]] | None = attrs.field(default=None, repr=False)
    problems: tuple[Problem, ...] = ()
    n_problems: int = 0
    warnings: tuple[str, ...] = ()
    input_kind: str = "numpy"
    index: object = attrs.field(default=None, repr=False)

    def __len__(self) -> int:
        return int(self.total.shape[0])

    @property
    def points(self) -> NDArray[np.signedinteger[Any]]:
        """Points per (row, theme), shape (n, themes): as the strategy gave them (the
        ``points`` argument), else the points of the levels reached (computed on first
        use)."""
        if self._points is None:
            object.__setattr__(self, "_points", level_points(self.rubric, self.reached))
        assert self._points is not None
        return self._points

    def band_index(self, scheme: str | None = None) -> NDArray[np.intp]:
        """Per row, the index of the band (in `scheme`, default the first) of its total."""
        import numpy as np

        s = 0 if scheme is None else self.rubric.band_schemes.index(
            self.rubric.band_scheme(scheme))
        lows = np.asarray(self.rubric.band_lows()[s], dtype=np.int64)
        index: NDArray[np.intp] = np.searchsorted(lows, self.total, side="right") - 1
        return index

    def band_labels(self, scheme: str | None = None) -> NDArray[np.object_]:
        """Per row, the label of the band (in `scheme`, default the first) of its total;
        ``None`` for invalid rows."""
        s = 0 if scheme is None else self.rubric.band_schemes.index(
            self.rubric.band_scheme(scheme))
        import numpy as np
        labels = np.array([b.label for b in self.rubric.band_schemes[s].bands], dtype=object)
        out = labels[self.band_index(scheme)]
        if not self.valid.all():
            out[~self.valid] = None
        return out

    def level_ids(self) -> NDArray[np.object_]:
        """Per row and theme, the id of the level reached (``"none"``; ``None`` for invalid
        rows)."""
        import numpy as np
        ids = np.array(["none", *(lv.id for lv in self.rubric.levels)], dtype=object)
        out = ids[self.reached]
        if not self.valid.all():
            out[~self.valid] = None
        return out

    def result(self, row: int) -> Result:
        """Row `row` as a :class:`~competency.rubric.Result`.

        Raises
        ------
        ScoreError
            If the row is invalid.
        """
        if not self.valid[row]:
            raise ScoreError(Problem(message=f"row {row} could not be scored",
                                     expected="a valid row (see .problems)"))
        return Result(
            rubric=self.rubric, strategy=self.strategy,
            reached=tuple(int(r) for r in self.reached[row]),
            points=tuple(int(p) for p in self.points[row]),
            total=int(self.total[row]),
        )

    def to_dict(self) -> dict[str, NDArray[Any]]:
        """Columns as numpy arrays: per theme (local id) the level id and ``<id>.points``,
        then ``total`` and ``band.<scheme id>`` (band label) for every scheme; plus
        ``valid`` if some rows are invalid."""
        columns: dict[str, NDArray[Any]] = {}
        ids = self.level_ids()
        for t, theme in enumerate(self.rubric.themes):
            columns[theme.local_id] = ids[:, t]
        for t, theme in enumerate(self.rubric.themes):
            columns[f"{theme.local_id}.points"] = self.points[:, t]
        columns["total"] = self.total
        for scheme in self.rubric.band_schemes:
            columns[f"band.{scheme.id}"] = self.band_labels(scheme.id)
        if not self.valid.all():
            columns["valid"] = self.valid
        return columns

    def to_pandas(self) -> Any:
        """The columns of :meth:`to_dict` as a pandas ``DataFrame`` (needs pandas); the
        input's index is kept when the input was a DataFrame."""
        pd = importlib.import_module("pandas")
        return pd.DataFrame(self.to_dict(), index=self.index)

    def to_arrow(self) -> Any:
        """The columns of :meth:`to_dict` as a pyarrow ``Table`` (needs pyarrow)."""
        pa = importlib.import_module("pyarrow")
        return pa.table({k: pa.array(v) for k, v in self.to_dict().items()})

    def table(self) -> Any:
        """The result in the input's kind: a DataFrame for a DataFrame, a pyarrow Table for
        a pyarrow Table or RecordBatch, else the dict of :meth:`to_dict`."""
        if self.input_kind == "pandas":
            return self.to_pandas()
        if self.input_kind == "pyarrow":
            return self.to_arrow()
        return self.to_dict()


class _TrustedResult(_ResultSlots):
    """An unfrozen object with a :class:`Result`'s slots; see :meth:`Result._trusted`."""

    __slots__ = ()


def level_points(rubric: Rubric, reached: NDArray[np.int8]) -> NDArray[np.signedinteger[Any]]:
    """Points per (row, theme) for the levels reached (``reached`` from 0 to
    ``len(rubric.levels)``): 16-bit integers if the top level's points fit, else 32-bit
    (a rubric's maximum total fits 32 bits, see :data:`~competency.rubric.model.MAX_TOTAL`).

    Examples
    --------
    >>> import numpy as np
    >>> from competency.rubric import get_rubric
    >>> level_points(get_rubric("pt-self-assessment"), np.array([[0, 1, 5]], dtype=np.int8))
    array([[ 0,  2, 10]], dtype=int16)
    """
    import numpy as np

    dtype = np.int16 if rubric.reached_points[-1] <= np.iinfo(np.int16).max else np.int32
    step = rubric.points_step
    if step is not None:  # points proportional to the level: one multiplication
        points = reached.astype(dtype)
        points *= dtype(step)
        return points
    return np.asarray(rubric.reached_points, dtype=dtype)[reached]
