"""Scoring many responses at once, vectorised with numpy (no Python loop per response).

:func:`score_batch` takes a table with one row per respondent and either one column per
theme (the level reached, as in :func:`~competency.rubric.score`) or one column per cell
(``<theme>.<level>``, achieved flags), as a numpy array, a pandas ``DataFrame``, a pyarrow
``Table`` or a mapping of column name to array. pandas and pyarrow are optional: they are
imported only when given such an object. It returns a :class:`BatchResult` of arrays, which
converts back to the input's kind with :meth:`BatchResult.table`.

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

import functools
import importlib
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import attrs
import numpy as np

from competency.errors import INPUT, Problem, ScoreError, UnknownIdError
from competency.rubric.model import Rubric
from competency.rubric.scoring import (
    Result,
    ScoringStrategy,
    SkippedLevelWarning,
    skipped_level_problem,
)

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
MAX_PROBLEMS = 100
"""At most this many row problems are kept; the rest are counted."""

_TRUE = frozenset({"1", "true", "t", "yes", "y", "x", "✓", "achieved"})
_FALSE = frozenset({"0", "false", "f", "no", "n", "", "not achieved"})


# -- containers -----------------------------------------------------------------------------


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
        Up to :data:`MAX_PROBLEMS` row problems, located by line (or row) number.
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

    def location(self, row: int) -> str:
        """How to name row `row` in a problem: ``line N`` or ``row N``."""
        if self.lines is not None:
            return f"line {int(self.lines[row])}"
        return f"row {row}"


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
    points : ndarray of int16, shape (n, themes), optional
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
    _points: NDArray[np.int16] | None = attrs.field(default=None, repr=False)
    problems: tuple[Problem, ...] = ()
    n_problems: int = 0
    warnings: tuple[str, ...] = ()
    input_kind: str = "numpy"
    index: object = attrs.field(default=None, repr=False)

    def __len__(self) -> int:
        return int(self.total.shape[0])

    @property
    def points(self) -> NDArray[np.int16]:
        """Points per (row, theme), shape (n, themes): as the strategy gave them (the
        ``points`` argument), else the points of the levels reached (computed on first
        use)."""
        if self._points is None:
            object.__setattr__(self, "_points", level_points(self.rubric, self.reached))
        assert self._points is not None
        return self._points

    def band_index(self, scheme: str | None = None) -> NDArray[np.int8]:
        """Per row, the index of the band (in `scheme`, default the first) of its total."""
        s = 0 if scheme is None else self.rubric.band_schemes.index(
            self.rubric.band_scheme(scheme))
        table = np.asarray(self.rubric.band_table()[s], dtype=np.int8)
        return table[self.total]

    def band_labels(self, scheme: str | None = None) -> NDArray[np.object_]:
        """Per row, the label of the band (in `scheme`, default the first) of its total;
        ``None`` for invalid rows."""
        s = 0 if scheme is None else self.rubric.band_schemes.index(
            self.rubric.band_scheme(scheme))
        labels = np.array([b.label for b in self.rubric.band_schemes[s].bands], dtype=object)
        out = labels[self.band_index(scheme)]
        if not self.valid.all():
            out[~self.valid] = None
        return out

    def level_ids(self) -> NDArray[np.object_]:
        """Per row and theme, the id of the level reached (``"none"``; ``None`` for invalid
        rows)."""
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


# -- reading tables -------------------------------------------------------------------------


def _points_lut(rubric: Rubric) -> NDArray[np.int8]:
    top = rubric.levels[-1].points
    lut = np.full(top + 2, -1, dtype=np.int8)
    lut[0] = 0
    for i, level in enumerate(rubric.levels, start=1):
        lut[level.points] = i
    return lut


def _level_codes(rubric: Rubric, values: NDArray[Any]) -> tuple[NDArray[np.int8],
                                                                   NDArray[np.bool_] | None]:
    """Levels reached (int8) and a bad-value mask (``None``: all good) for an array of
    level answers."""
    kind = values.dtype.kind
    step = rubric.points_step
    top = rubric.reached_points[-1]
    if kind in "iu" and step is not None and values.size and top < 128:
        # one max pass checks 0 <= value <= top: read as unsigned, negatives are huge
        unsigned = values.view(values.dtype.str.replace("i", "u"))
        if unsigned.max() <= top:  # points k*step: divide, check the rest
            if values.dtype.itemsize == 1:  # no copy: the arithmetic below makes one
                small, fresh = values.view(np.int8), False
            else:
                small, fresh = values.astype(np.int8), True
            if step == 1:  # the result may be changed in place: never the input itself
                return small if fresh else small.copy(), None
            if step & (step - 1) == 0:  # a power of two: shift; one OR pass finds odd values
                shift = np.int8(step.bit_length() - 1)
                codes = np.right_shift(small, shift)
                if not np.bitwise_or.reduce(small, axis=None) & (step - 1):
                    return codes, None
                bad = (small & np.int8(step - 1)) != 0
            else:
                codes = small // np.int8(step)
                rest = small - codes * np.int8(step)  # int8 arithmetic is fast; != is not
                if not rest.any():
                    return codes, None
                bad = rest != 0
            codes[bad] = 0
            return codes, bad
    if kind in "iu":
        lut = _points_lut(rubric)
        top = lut.shape[0] - 2
        lo, hi = (values.min(), values.max()) if values.size else (0, 0)
        if lo < 0 or hi > top:
            values = np.where((values < 0) | (values > top), top + 1, values)
        codes = lut.take(values)
        bad = codes < 0
        if bad.any():
            codes = np.where(bad, np.int8(0), codes)
        return codes, bad
    if kind == "f":
        finite = np.isfinite(values)
        whole = finite & (np.floor(np.where(finite, values, 0)) == values)
        ints = np.where(whole, values, -1).astype(np.int64)
        codes, bad = _level_codes(rubric, ints)
        return codes, ~whole if bad is None else bad | ~whole
    if kind == "b":
        raise ScoreError(Problem(message="true/false values as levels",
                                 expected=rubric.describe_answers()))
    if kind in "USO":
        missing = np.zeros(values.shape, dtype=bool)
        if kind == "O":
            missing = np.equal(values, cast(Any, None)) | np.not_equal(values, values)  # None or NaN
            strings = np.where(missing, "", values).astype(str)
        else:
            strings = values.astype(str)
        uniques, inverse = np.unique(strings, return_inverse=True)
        mapped = np.empty(len(uniques), dtype=np.int8)
        for u, text in enumerate(uniques.tolist()):
            try:
                mapped[u] = rubric.level_index(text) if text.strip() else -1
            except UnknownIdError:
                mapped[u] = -1
        codes = mapped[inverse.reshape(values.shape)]
        bad = (codes < 0) | missing
        return np.where(bad, np.int8(0), codes), bad
    raise ScoreError(Problem(message=f"values of type {values.dtype}",
                             expected=rubric.describe_answers()))


def _flag_values(values: NDArray[Any]) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Flags (bool) and a bad-value mask; blank / NaN / None count as not achieved."""
    kind = values.dtype.kind
    if kind == "b":
        return values.astype(bool, copy=False), np.zeros(values.shape, dtype=bool)
    if kind in "iu":
        return values == 1, (values != 0) & (values != 1)
    if kind == "f":
        nan = np.isnan(values)
        return values == 1, ~nan & (values != 0) & (values != 1)
    if kind in "USO":
        if kind == "O":
            missing = np.equal(values, cast(Any, None)) | np.not_equal(values, values)
            strings = np.where(missing, "", values).astype(str)
        else:
            strings = values.astype(str)
        uniques, inverse = np.unique(strings, return_inverse=True)
        words = [u.strip().lower() for u in uniques.tolist()]
        true = np.array([w in _TRUE for w in words], dtype=bool)
        known = np.array([w in _TRUE or w in _FALSE for w in words], dtype=bool)
        inverse = inverse.reshape(values.shape)
        return true[inverse], ~known[inverse]
    return np.zeros(values.shape, dtype=bool), np.ones(values.shape, dtype=bool)


def _columns_of(data: object) -> tuple[dict[str, NDArray[Any]], str, object]:
    """(columns, input kind, index) for a DataFrame, a pyarrow table or a mapping."""
    module = type(data).__module__
    if module.startswith("pandas"):
        frame: Any = data
        return ({str(c): frame[c].to_numpy() for c in frame.columns}, "pandas", frame.index)
    if module.startswith("pyarrow"):
        table: Any = data
        return ({name: table.column(name).to_numpy(zero_copy_only=False)
                 for name in table.column_names}, "pyarrow", None)
    if isinstance(data, Mapping):
        return ({str(k): np.asarray(v) for k, v in data.items()}, "mapping", None)
    raise ScoreError(Problem(
        message=f"a table of type {type(data).__name__}",
        expected="a numpy array, a pandas DataFrame, a pyarrow Table or a mapping of "
                 "column name to array",
    ))


def _row_problems(rows: NDArray[np.intp], cols: NDArray[np.intp], names: Sequence[str],
                  what: str, expected: str, *, file: str,
                  lines: NDArray[np.int64] | None, limit: int) -> list[Problem]:
    out = []
    for r, c in zip(rows[:limit].tolist(), cols[:limit].tolist(), strict=True):
        where = f"line {int(lines[r])}" if lines is not None else f"row {r}"
        out.append(Problem(file=file, location=f"{where}, column {names[c]}",
                           message=what, expected=expected))
    return out


def parse_batch(rubric: Rubric, data: object, *, file: str = INPUT,
                lines: Sequence[int] | NDArray[np.int64] | None = None) -> BatchResponse:
    """Check a table of responses against `rubric` and turn it into arrays.

    Parameters
    ----------
    rubric : Rubric
    data : array, DataFrame, pyarrow Table or mapping of column → array
        A 2-D array holds one level answer per theme, in theme order (integers are points:
        0, 2, 4, ...; strings are level ids or labels, or ``"none"``); a 3-D boolean array
        ``(n, themes, levels)`` holds achieved flags. A table has a column per theme (named
        by its local id such as ``T3`` or its CURIE) holding level answers, or a column per
        cell named ``<theme>.<level id>`` (``T3.bronze``) holding flags (true/false, 1/0,
        yes/no, x or blank); other columns are ignored.
    file : str
        Named in problems.
    lines : sequence of int, optional
        Line number of each row in `file` (problems then say ``line N``).

    Raises
    ------
    ScoreError
        For problems with the table as a whole (a missing or repeated theme, an unknown
        column shape). Problems with single rows are returned in the result instead.
    """
    line_array = None if lines is None else np.asarray(lines, dtype=np.int64)
    n_themes, n_levels = len(rubric.themes), len(rubric.levels)
    names: list[str]
    if isinstance(data, (np.ndarray, list, tuple)):
        array = np.asarray(data)
        if array.ndim == 3:
            if array.shape[1:] != (n_themes, n_levels):
                raise ScoreError(Problem(
                    file=file, message=f"a flag array of shape {array.shape}",
                    expected=f"shape (n, {n_themes}, {n_levels}): rows × themes × levels",
                ))
            if array.dtype.kind == "b":  # the fast path: nothing to check
                return BatchResponse(flags=array, valid=np.ones(len(array), dtype=np.bool_),
                                     file=file, lines=line_array)
            flags, bad = _flag_values(array)
            row_bad = _any_per_row(bad)
            names = [f"{t.local_id}.{lv.id}" for t in rubric.themes for lv in rubric.levels]
            problems, count = _problems_for(bad.reshape(len(array), -1), names,
                                            "not a true/false flag", "true or false",
                                            file=file, lines=line_array)
            if count:
                flags = flags & ~row_bad[:, None, None]
            return BatchResponse(flags=flags, valid=~row_bad, problems=tuple(problems),
                                 n_problems=count, file=file, lines=line_array)
        if array.ndim != 2 or array.shape[1] != n_themes:
            raise ScoreError(Problem(
                file=file, message=f"an array of shape {array.shape}",
                expected=f"shape (n, {n_themes}): one level answer per theme, in theme "
                         f"order ({', '.join(t.local_id for t in rubric.themes)})",
            ))
        reached, level_bad = _level_codes(rubric, array)
        names = [t.local_id for t in rubric.themes]
        problems, count = _problems_for(level_bad, names, "not a level of this rubric",
                                        rubric.describe_answers(), file=file,
                                        lines=line_array)
        valid = ~_any_per_row(level_bad) if level_bad is not None and count else np.ones(
            len(array), dtype=np.bool_)
        return BatchResponse(reached=reached, valid=valid, problems=tuple(problems),
                             n_problems=count, file=file, lines=line_array)
    columns, _, _ = _columns_of(data)
    return _parse_columns(rubric, columns, file=file, lines=line_array)


def _any_per_row(mask: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Per row, whether any entry of the row (all further axes) is set."""
    if mask.ndim == 1:
        return mask.astype(np.bool_, copy=False)
    return np.asarray(mask.any(axis=tuple(range(1, mask.ndim))), dtype=np.bool_)


def answer_columns(rubric: Rubric, names: Sequence[str]) -> list[str]:
    """The column names among `names` that :func:`parse_batch` reads: theme columns
    (``T3``, ``pt-self-assessment:T3``) and cell columns (``T3.bronze``); the others are
    passed through by the CLI.

    Examples
    --------
    >>> from competency.rubric import get_rubric
    >>> answer_columns(get_rubric("pt-self-assessment"), ["id", "T3", "T4.gold", "T4.x"])
    ['T3', 'T4.gold']
    """
    used = []
    for name in names:
        try:
            rubric.theme_index(name)
        except UnknownIdError:
            theme_part, dot, level_part = name.rpartition(".")
            try:
                if not dot or not rubric.level_index(level_part):
                    continue
                rubric.theme_index(theme_part)
            except UnknownIdError:
                continue
        used.append(name)
    return used


def _problems_for(bad: NDArray[np.bool_] | None, names: Sequence[str], what: str,
                  expected: str, *, file: str,
                  lines: NDArray[np.int64] | None) -> tuple[list[Problem], int]:
    if bad is None or not bad.any():
        return [], 0
    rows, cols = np.nonzero(bad)
    problems = _row_problems(rows, cols, names, what, expected, file=file, lines=lines,
                             limit=MAX_PROBLEMS)
    return problems, len(rows)


def _parse_columns(rubric: Rubric, columns: Mapping[str, NDArray[Any]], *, file: str,
                   lines: NDArray[np.int64] | None) -> BatchResponse:
    n_themes, n_levels = len(rubric.themes), len(rubric.levels)
    level_cols: dict[int, str] = {}
    flag_cols: dict[int, dict[int, str]] = {}
    problems: list[Problem] = []
    for name in columns:
        try:
            t = rubric.theme_index(name)
        except UnknownIdError:
            theme_part, dot, level_part = name.rpartition(".")
            if not dot:
                continue
            try:
                t = rubric.theme_index(theme_part)
                lv = rubric.level_index(level_part)
            except UnknownIdError:
                continue
            if lv == 0:
                continue
            cells = flag_cols.setdefault(t, {})
            if lv in cells:
                problems.append(Problem(
                    file=file, location=f"column {name}",
                    message=f"the cell {rubric.themes[t].local_id}.{rubric.levels[lv - 1].id} "
                            f"is given twice (also as column {cells[lv]})",
                    expected="one column per cell",
                ))
            cells[lv] = name
            continue
        if t in level_cols:
            problems.append(Problem(
                file=file, location=f"column {name}",
                message=f"theme {rubric.themes[t].local_id} is answered twice (also by "
                        f"column {level_cols[t]})",
                expected="one column per theme",
            ))
        level_cols[t] = name
    for t, theme in enumerate(rubric.themes):
        if t in level_cols and t in flag_cols:
            problems.append(Problem(
                file=file, location=f"column {level_cols[t]}",
                message=f"theme {theme.local_id} is answered twice: by a level column and by "
                        f"flag columns ({', '.join(flag_cols[t].values())})",
                expected="either a level column or flag columns per theme",
            ))
        elif t not in level_cols and t not in flag_cols:
            problems.append(Problem(
                file=file, location="columns",
                message=f"no column for theme {theme.local_id}",
                expected=f"a column {theme.local_id} (level reached) or columns "
                         f"{theme.local_id}.<level id> (achieved flags)",
            ))
        elif t in flag_cols and len(flag_cols[t]) != n_levels:
            lacking = [lv.id for i, lv in enumerate(rubric.levels, 1) if i not in flag_cols[t]]
            problems.append(Problem(
                file=file, location="columns",
                message=f"theme {theme.local_id} lacks the flag columns "
                        + ", ".join(f"{theme.local_id}.{lv}" for lv in lacking),
                expected="one flag column per level",
            ))
    if problems:
        raise ScoreError(problems)
    n = len(next(iter(columns.values()))) if columns else 0
    names = [level_cols.get(t, "") for t in range(n_themes)]
    if not flag_cols:
        reached = np.empty((n, n_themes), dtype=np.int8)
        bad = np.zeros((n, n_themes), dtype=bool)
        for t, name in level_cols.items():
            codes, column_bad = _level_codes(rubric, np.asarray(columns[name]))
            reached[:, t] = codes
            if column_bad is not None:
                bad[:, t] = column_bad
        row_problems, count = _problems_for(bad, names, "not a level of this rubric",
                                            rubric.describe_answers(), file=file, lines=lines)
        valid = ~_any_per_row(bad)
        return BatchResponse(reached=reached, valid=valid, problems=tuple(row_problems),
                             n_problems=count, file=file, lines=lines)
    flags = np.zeros((n, n_themes, n_levels), dtype=bool)
    bad_cells = np.zeros((n, n_themes * n_levels), dtype=bool)
    cell_names = [""] * (n_themes * n_levels)
    steps = np.arange(1, n_levels + 1, dtype=np.int8)
    for t in range(n_themes):
        if t in level_cols:
            codes, column_bad = _level_codes(rubric, np.asarray(columns[level_cols[t]]))
            flags[:, t, :] = steps[None, :] <= codes[:, None]
            if column_bad is not None:
                bad_cells[:, t * n_levels] = column_bad
            cell_names[t * n_levels] = level_cols[t]
        else:
            for lv, name in flag_cols[t].items():
                values, bad = _flag_values(np.asarray(columns[name]))
                flags[:, t, lv - 1] = values
                bad_cells[:, t * n_levels + lv - 1] = bad
                cell_names[t * n_levels + lv - 1] = name
    row_problems, count = _problems_for(bad_cells, cell_names, "not a valid answer",
                                        "true/false flags, or a level", file=file,
                                        lines=lines)
    valid = ~_any_per_row(bad_cells)
    if count:
        flags &= valid[:, None, None]
    return BatchResponse(flags=flags, valid=valid, problems=tuple(row_problems),
                         n_problems=count, file=file, lines=lines)


# -- the built-in strategy, vectorised ------------------------------------------------------


@functools.cache
def _gate_table(n_levels: int) -> NDArray[np.uint8]:
    """For every flag byte (bit i = level i achieved): the levels reached in order, plus
    128 if a level above them is flagged too (a skipped level)."""
    table = np.zeros(256, dtype=np.uint8)
    for code in range(256):
        reached = 0
        while reached < n_levels and code >> reached & 1:
            reached += 1
        skipped = code & ((1 << n_levels) - 1) != (1 << reached) - 1
        table[code] = reached | (128 if skipped else 0)
    return table


def gate(flags: NDArray[np.bool_]) -> tuple[NDArray[np.int8], NDArray[np.bool_]]:
    """Levels reached in order per (row, theme), and whether a level is skipped there.

    Examples
    --------
    >>> import numpy as np
    >>> reached, skipped = gate(np.array([[[1, 1, 0], [1, 0, 1], [0, 0, 0]]], dtype=bool))
    >>> reached.tolist(), skipped.tolist()
    ([[2, 1, 0]], [[False, True, False]])
    """
    n_levels = flags.shape[-1]
    if n_levels <= 7:
        # one byte per (row, theme): bit i = level i; then one table look-up
        cells = np.ascontiguousarray(flags).view(np.uint8).reshape(-1, n_levels)
        code = cells[:, n_levels - 1].copy()
        for i in range(n_levels - 2, -1, -1):
            code <<= 1
            code |= cells[:, i]
        shape = flags.shape[:-1]
        if hasattr(np, "bitwise_count"):  # numpy >= 2: count the trailing ones directly
            ones = code & ~(code + np.uint8(1))  # the run of ones from bit 0
            reached = np.bitwise_count(ones).view(np.int8).reshape(shape)
            return reached, (ones != code).reshape(shape)
        looked_up = _gate_table(n_levels)[code].reshape(shape)
        return (looked_up & 127).view(np.int8), looked_up >= 128
    complete = flags.all(axis=-1)
    reached = np.where(complete, n_levels, np.argmin(flags, axis=-1)).astype(np.int8)
    skipped = flags.sum(axis=-1) > reached
    return reached, np.asarray(skipped, dtype=np.bool_)


def level_points(rubric: Rubric, reached: NDArray[np.int8]) -> NDArray[np.int16]:
    """Points per (row, theme) for the levels reached."""
    step = rubric.points_step
    if step is not None:  # points proportional to the level: one multiplication
        points = reached.astype(np.int16)
        points *= np.int16(step)
        return points
    return np.asarray(rubric.reached_points, dtype=np.int16)[reached]


_SUM_ROWS = 65_536
"""Rows summed per block by :func:`_level_sums`."""


def _level_sums(reached: NDArray[np.int8]) -> NDArray[np.int32]:
    """Per row, the sum of the levels reached, for sums below 128."""
    themes = reached.shape[1]
    if themes >= 2 and themes % 2 == 0 and reached.flags.c_contiguous:
        # two themes per uint16 lane: add the lanes column by column (a byte cannot carry
        # into the other), then add the lane's two bytes; a sum over a short last axis
        # (add.reduce, einsum) costs a per-row loop, and int8 columns twice the passes;
        # rows go in blocks that stay in the CPU cache across the passes
        lanes: NDArray[np.uint16] = reached.view(np.uint16)
        n = lanes.shape[0]
        total: NDArray[np.int32] = np.empty(n, dtype=np.int32)
        both: NDArray[np.uint16] = np.empty(min(n, _SUM_ROWS), dtype=np.uint16)
        high: NDArray[np.uint16] = np.empty_like(both)
        for start in range(0, n, _SUM_ROWS):
            block = lanes[start:start + _SUM_ROWS]
            m = block.shape[0]
            np.copyto(both[:m], block[:, 0])
            for t in range(1, themes // 2):
                np.add(both[:m], block[:, t], out=both[:m])
            np.right_shift(both[:m], np.uint16(8), out=high[:m])
            np.bitwise_and(both[:m], np.uint16(0xFF), out=both[:m])
            np.add(both[:m], high[:m], out=total[start:start + m])
        return total
    sums: NDArray[np.int8] = np.einsum("ij->i", reached)
    return sums.astype(np.int32)


def total_points(rubric: Rubric, reached: NDArray[np.int8]) -> NDArray[np.int32]:
    """The total per row: the points of the levels reached, summed over the themes."""
    n, themes = reached.shape
    step = rubric.points_step
    if step is not None and themes * len(rubric.levels) <= 127:
        total = _level_sums(reached)  # level sums fit a byte: sum them without widening
        total *= np.int32(step)
        return total
    if step is not None:  # sum the levels, then multiply once
        wide = np.int16 if themes * len(rubric.levels) < 32_000 else np.int32
        levels = np.zeros(n, dtype=wide)
        for t in range(themes):  # column sums: faster than a reduce over a short axis
            levels += reached[:, t]
        total = levels.astype(np.int32)
        total *= np.int32(step)
        return total
    points = level_points(rubric, reached)
    total = np.zeros(n, dtype=np.int32)
    for t in range(themes):
        total += points[:, t]
    return total


def totals(rubric: Rubric, reached: NDArray[np.int8]) -> tuple[NDArray[np.int16],
                                                                NDArray[np.int32]]:
    """Points per (row, theme) and the total per row, for levels reached.

    Examples
    --------
    >>> import numpy as np
    >>> from competency.rubric import get_rubric
    >>> points, total = totals(get_rubric("pt-self-assessment"),
    ...                        np.array([[5] * 10, [1] * 10], dtype=np.int8))
    >>> points[1].tolist(), total.tolist()
    ([2, 2, 2, 2, 2, 2, 2, 2, 2, 2], [100, 20])
    """
    return level_points(rubric, reached), total_points(rubric, reached)


def cumulative_batch(name: str, rubric: Rubric, batch: BatchResponse, *,
                     strict: bool = True) -> BatchResult:
    """The ``cumulative-sequential`` strategy over arrays (see
    :class:`~competency.rubric.CumulativeSequential`)."""
    valid = batch.valid
    problems = list(batch.problems)
    n_problems = batch.n_problems
    notes: tuple[str, ...] = ()
    if batch.reached is not None:
        reached = batch.reached
    else:
        assert batch.flags is not None
        reached, skipped = gate(batch.flags)
        if batch.n_problems:
            skipped &= valid[:, None]
        bad_rows = _any_per_row(skipped)
        if bad_rows.any():
            count = int(np.count_nonzero(skipped))
            if strict:
                room = max(MAX_PROBLEMS - len(problems), 0)
                flags = batch.flags
                for r in np.flatnonzero(bad_rows)[:room].tolist():
                    for t in np.flatnonzero(skipped[r]).tolist():
                        problems.append(skipped_level_problem(
                            rubric, t, int(reached[r, t]), flags[r, t].tolist(),
                            location=batch.location(r), file=batch.file))
                del problems[len(batch.problems) + room:]
                valid = valid & ~bad_rows
                reached[bad_rows] = 0
                n_problems += count
            else:
                notes = (f"{count} theme answer{'s' if count > 1 else ''} in "
                         f"{int(np.count_nonzero(bad_rows))} rows skip a level; counted at "
                         "the highest level reached in order",)
                warnings.warn(notes[0], SkippedLevelWarning, stacklevel=4)
    return BatchResult(rubric=rubric, strategy=name, reached=reached,
                       total=total_points(rubric, reached), valid=valid,
                       problems=tuple(problems),
                       n_problems=n_problems, warnings=notes)


# -- the entry point ------------------------------------------------------------------------


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
    from competency.rubric.registry import get_strategy

    if on_error not in ON_ERROR:
        raise ScoreError(Problem(message=f"on_error={on_error!r}",
                                 expected="'fail' or 'skip'"))
    chosen = get_strategy(strategy) if isinstance(strategy, str) else strategy
    batch = parse_batch(rubric, data, file=file, lines=lines)
    result = chosen.score_batch(rubric, batch, strict=strict)
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
