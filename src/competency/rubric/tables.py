"""Reading tables of responses into arrays: :func:`parse_batch`.

A table has one row per respondent and either one column per theme (the level reached, as
in :func:`~competency.rubric.score`) or one column per cell (``<theme>.<level>``, achieved
flags); it may be a numpy array, a pandas ``DataFrame``, a pyarrow ``Table`` or a mapping of
column name to array (pandas and pyarrow are used only when given such an object). Problems
with the table as a whole raise; problems with single rows are kept in the returned
:class:`~competency.rubric.BatchResponse` (located by line or row and column).

Examples
--------
>>> from competency.rubric import get_rubric, parse_batch
>>> rubric = get_rubric("pt-self-assessment")
>>> batch = parse_batch(rubric, {t.local_id: ["gold", "x"] for t in rubric.themes})
>>> batch.reached[:, 0].tolist(), batch.valid.tolist(), batch.n_problems
([4, 0], [True, False], 10)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from competency.errors import INPUT, Position, Problem, ScoreError, UnknownIdError
from competency.rubric.kernels import any_per_row
from competency.rubric.model import Rubric
from competency.rubric.responses import MAX_PROBLEMS, BatchResponse

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

__all__ = ["MAX_ANSWER_CHARS", "answer_columns", "parse_batch", "text_column"]

_TRUE = frozenset({"1", "true", "t", "yes", "y", "x", "✓", "achieved"})
_FALSE = frozenset({"0", "false", "f", "no", "n", "", "not achieved"})


MAX_ANSWER_CHARS = 256
"""Longer text cells cannot be a level or a flag: they are read as a bad value without being
copied into a fixed-width string array (one 120,000-character cell would make every cell of
its column that wide)."""

_OVERLONG = "\x00(an answer longer than 256 characters)"


def _strings(values: NDArray[Any]) -> tuple[NDArray[np.bool_], NDArray[np.str_]]:
    """(missing mask, fixed-width strings) for an array of text answers; missing cells
    (None, NaN) become ``""``, over-long cells a value that matches nothing."""
    if values.dtype.kind != "O":
        strings = values.astype(str)
        if strings.dtype.itemsize > 4 * MAX_ANSWER_CHARS:
            long = np.char.str_len(strings) > MAX_ANSWER_CHARS
            strings = np.where(long, _OVERLONG, strings).astype(f"<U{MAX_ANSWER_CHARS}")
        return np.zeros(values.shape, dtype=bool), strings
    missing = np.equal(values, cast(Any, None)) | np.not_equal(values, values)  # None or NaN
    cells = [
        "" if gone else (text if len(text) <= MAX_ANSWER_CHARS else _OVERLONG)
        for text, gone in zip(map(str, values.ravel().tolist()), missing.ravel().tolist(),
                              strict=True)
    ]
    return missing, np.array(cells, dtype=str).reshape(values.shape)


def text_column(cells: list[str]) -> NDArray[np.str_]:
    """A column of text answers (e.g. a CSV column) as a fixed-width string array; cells
    longer than :data:`MAX_ANSWER_CHARS` are replaced by a value that matches no answer.

    Examples
    --------
    >>> text_column(["gold", "x" * 100_000]).dtype
    dtype('<U39')
    """
    if cells and max(map(len, cells)) > MAX_ANSWER_CHARS:
        cells = [c if len(c) <= MAX_ANSWER_CHARS else _OVERLONG for c in cells]
    return np.array(cells, dtype=str)


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
        missing, strings = _strings(values)
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
        _, strings = _strings(values)
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
        where = (Position(int(lines[r]), column_name=names[c]) if lines is not None
                 else Position(row=r, column_name=names[c]))
        out.append(Problem(file=file, location=where,
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
            row_bad = any_per_row(bad)
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
        valid = ~any_per_row(level_bad) if level_bad is not None and count else np.ones(
            len(array), dtype=np.bool_)
        return BatchResponse(reached=reached, valid=valid, problems=tuple(problems),
                             n_problems=count, file=file, lines=line_array)
    columns, _, _ = _columns_of(data)
    return _parse_columns(rubric, columns, file=file, lines=line_array)


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
                    file=file, location=Position(column_name=name),
                    message=f"the cell {rubric.themes[t].local_id}.{rubric.levels[lv - 1].id} "
                            f"is given twice (also as column {cells[lv]})",
                    expected="one column per cell",
                ))
            cells[lv] = name
            continue
        if t in level_cols:
            problems.append(Problem(
                file=file, location=Position(column_name=name),
                message=f"theme {rubric.themes[t].local_id} is answered twice (also by "
                        f"column {level_cols[t]})",
                expected="one column per theme",
            ))
        level_cols[t] = name
    for t, theme in enumerate(rubric.themes):
        if t in level_cols and t in flag_cols:
            problems.append(Problem(
                file=file, location=Position(column_name=level_cols[t]),
                message=f"theme {theme.local_id} is answered twice: by a level column and by "
                        f"flag columns ({', '.join(flag_cols[t].values())})",
                expected="either a level column or flag columns per theme",
            ))
        elif t not in level_cols and t not in flag_cols:
            problems.append(Problem(
                file=file, location=None,
                message=f"no column for theme {theme.local_id}",
                expected=f"a column {theme.local_id} (level reached) or columns "
                         f"{theme.local_id}.<level id> (achieved flags)",
            ))
        elif t in flag_cols and len(flag_cols[t]) != n_levels:
            lacking = [lv.id for i, lv in enumerate(rubric.levels, 1) if i not in flag_cols[t]]
            problems.append(Problem(
                file=file, location=None,
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
        valid = ~any_per_row(bad)
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
    valid = ~any_per_row(bad_cells)
    if count:
        flags &= valid[:, None, None]
    return BatchResponse(flags=flags, valid=valid, problems=tuple(row_problems),
                         n_problems=count, file=file, lines=lines)
