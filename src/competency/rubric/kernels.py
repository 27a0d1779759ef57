"""The built-in strategy over arrays: gating flags, points and totals without a Python loop
per response (numpy).

:func:`gate` turns per-cell achieved flags into levels reached in order (and marks skipped
levels); :func:`total_points` sums the points of the levels reached; :func:`cumulative_batch`
is :class:`~competency.rubric.CumulativeSequential` over a
:class:`~competency.rubric.BatchResponse`. Plugin strategies may reuse :func:`gate` and
:func:`totals`.

Examples
--------
>>> import numpy as np
>>> from competency.rubric import get_rubric
>>> from competency.rubric.kernels import gate, totals
>>> reached, skipped = gate(np.array([[[1, 1, 0, 0, 0], [1, 0, 1, 0, 0]]], dtype=bool))
>>> reached.tolist(), skipped.tolist()
([[2, 1]], [[False, True]])
>>> totals(get_rubric("pt-self-assessment"), np.full((1, 10), 5, dtype=np.int8))[1].tolist()
[100]
"""

from __future__ import annotations

import functools
import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from competency.rubric.model import Rubric
from competency.rubric.responses import (
    MAX_PROBLEMS,
    BatchResponse,
    SkippedLevelWarning,
    skipped_level_problem,
)
from competency.rubric.results import BatchResult, level_points

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

__all__ = [
    "any_per_row",
    "cumulative_batch",
    "gate",
    "level_points",
    "total_points",
    "totals",
]

def any_per_row(mask: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Per row, whether any entry of the row (all further axes) is set."""
    if mask.ndim == 1:
        return mask.astype(np.bool_, copy=False)
    return np.asarray(mask.any(axis=tuple(range(1, mask.ndim))), dtype=np.bool_)


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


def totals(rubric: Rubric, reached: NDArray[np.int8]) -> tuple[NDArray[np.signedinteger[Any]],
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
        bad_rows = any_per_row(skipped)
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
