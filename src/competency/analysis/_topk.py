"""Top-k cosine neighbours between two sets of L2-normalised sparse rows (private).

Never builds the full n×m score matrix: left rows are taken in chunks (at most
``_BLOCK_CELLS`` chunk × m cells), each chunk's scores against every right row are computed
as a sparse product (only pairs sharing a term are nonzero), and only the k best per row are
kept: one sort of the nonzero entries, not a partition of a dense block. Small inputs use a dense numpy
product (no scipy import: the shipped 179 × 100 case takes a few milliseconds); large ones
use :mod:`scipy.sparse`, whose compiled sparse × sparse product is the reason scipy is a
dependency (a numpy-only product over postings lists was several times slower and needed far
more memory for the intermediate products).

Ties are broken by right-row index, so callers order the right rows by id.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from competency.analysis._text import TfidfRows

__all__ = ["top_k"]

_DENSE_CELLS = 4_000_000
"""Use the dense numpy product when (left + right rows) × features is below this."""
_BLOCK_CELLS = 8_000_000
"""Cells (float64) of one chunk × right block of scores: 64 MB."""

Entries = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]
Csr = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]


def _dense(csr: Csr, n_features: int) -> npt.NDArray[np.float64]:
    indptr, indices, data = csr
    n_rows = len(indptr) - 1
    out = np.zeros((n_rows, n_features), dtype=np.float64)
    rows = np.repeat(np.arange(n_rows), np.diff(indptr))
    out[rows, indices] = data
    return out


_TOLERANCE = 1e-12
"""Scores are compared rounded to 12 decimals (the dense and sparse products may differ in
the last bits), so near-equal scores tie and are ordered by column."""


def _select(
    rows: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    values: npt.NDArray[np.float64],
    k: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The k best positive entries per row: (row, column, score), best first, ties by column.

    Works on the nonzero entries only (the score blocks are very sparse: a pair of texts
    scores zero unless they share a term), so one sort of those beats a partition of the
    whole block.
    """
    keep = values > _TOLERANCE
    rows, cols, values = rows[keep], cols[keep], values[keep]
    order = np.lexsort((cols, -np.round(values, 12), rows))
    rows, cols, values = rows[order], cols[order], values[order]
    if len(rows) == 0:
        return rows, cols, values
    starts = np.searchsorted(rows, rows, side="left")
    first = (np.arange(len(rows)) - starts) < k
    return rows[first], cols[first], values[first]


def top_k(
    rows: TfidfRows,
    k: int,
    *,
    progress: Callable[[int, int], None] | None = None,
    dense: bool | None = None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """For every left row, its `k` most similar right rows with a positive cosine.

    Returns ``(left_index, right_index, score)`` arrays, grouped by left row (ascending),
    best score first within a row, ties by right index. `progress(done, total)` is called
    after each chunk of left rows. `dense` forces (True) or forbids (False) the dense path.
    """
    n_left = len(rows.left[0]) - 1
    n_right = len(rows.right[0]) - 1
    if dense is None:
        dense = (n_left + n_right) * max(rows.n_features, 1) <= _DENSE_CELLS
    chunk = max(1, min(n_left, _BLOCK_CELLS // max(n_right, 1)))
    out_rows: list[npt.NDArray[np.int64]] = []
    out_cols: list[npt.NDArray[np.int64]] = []
    out_vals: list[npt.NDArray[np.float64]] = []
    if n_left == 0 or n_right == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0, dtype=np.float64)
    if dense:
        left = _dense(rows.left, rows.n_features)
        right_t = _dense(rows.right, rows.n_features).T.copy()

        def block(start: int, stop: int) -> Entries:
            scores = left[start:stop] @ right_t
            r, c = np.nonzero(scores)
            return r.astype(np.int64), c.astype(np.int64), scores[r, c]
    else:
        from scipy import sparse

        left_m = sparse.csr_matrix(rows.left[::-1], shape=(n_left, rows.n_features))
        right_m = sparse.csr_matrix(rows.right[::-1], shape=(n_right, rows.n_features))
        right_t_m = right_m.T.tocsr()

        def block(start: int, stop: int) -> Entries:
            product = (left_m[start:stop] @ right_t_m).tocsr()
            r = np.repeat(np.arange(stop - start, dtype=np.int64), np.diff(product.indptr))
            return r, product.indices.astype(np.int64), product.data.astype(np.float64)

    for start in range(0, n_left, chunk):
        stop = min(n_left, start + chunk)
        r, c, v = _select(*block(start, stop), k)
        out_rows.append(r + start)
        out_cols.append(c)
        out_vals.append(v)
        if progress is not None:
            progress(stop, n_left)
    return (np.concatenate(out_rows).astype(np.int64), np.concatenate(out_cols).astype(np.int64),
            np.concatenate(out_vals))
