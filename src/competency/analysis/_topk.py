"""Top-k cosine neighbours between two sets of L2-normalised sparse rows (private).

Never builds the full n×m score matrix: left rows are taken in chunks, each chunk's scores
against every right row are computed (a dense ``chunk × m`` block, at most
``_BLOCK_CELLS`` cells), and only the k best per row are kept. Small inputs use a dense numpy
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

Csr = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]


def _dense(csr: Csr, n_features: int) -> npt.NDArray[np.float64]:
    indptr, indices, data = csr
    n_rows = len(indptr) - 1
    out = np.zeros((n_rows, n_features), dtype=np.float64)
    rows = np.repeat(np.arange(n_rows), np.diff(indptr))
    out[rows, indices] = data
    return out


def _select(
    scores: npt.NDArray[np.float64], k: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The k best positive scores per row of a block: (row, column, score), best first, ties
    by column."""
    n_rows, n_cols = scores.shape
    if k < n_cols:
        kth = -np.partition(-scores, k - 1, axis=1)[:, k - 1]
        keep = (scores >= kth[:, None]) & (scores > 0.0)
    else:
        keep = scores > 0.0
    rows, cols = np.nonzero(keep)
    values = scores[rows, cols]
    order = np.lexsort((cols, -values, rows))
    rows, cols, values = rows[order], cols[order], values[order]
    # at most k per row (ties at the k-th score can give more)
    starts = np.searchsorted(rows, np.arange(n_rows))
    rank = np.arange(len(rows)) - starts[rows]
    first = rank < k
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

        def block(start: int, stop: int) -> npt.NDArray[np.float64]:
            result: npt.NDArray[np.float64] = left[start:stop] @ right_t
            return result
    else:
        from scipy import sparse

        left_m = sparse.csr_matrix(rows.left[::-1], shape=(n_left, rows.n_features))
        right_m = sparse.csr_matrix(rows.right[::-1], shape=(n_right, rows.n_features))
        right_t_m = right_m.T.tocsr()

        def block(start: int, stop: int) -> npt.NDArray[np.float64]:
            result: npt.NDArray[np.float64] = (left_m[start:stop] @ right_t_m).toarray()
            return result

    for start in range(0, n_left, chunk):
        stop = min(n_left, start + chunk)
        scores = block(start, stop)
        # round away last-bit differences between the dense and sparse products
        np.round(scores, 12, out=scores)
        r, c, v = _select(scores, k)
        out_rows.append(r + start)
        out_cols.append(c)
        out_vals.append(v)
        if progress is not None:
            progress(stop, n_left)
    return (np.concatenate(out_rows).astype(np.int64), np.concatenate(out_cols).astype(np.int64),
            np.concatenate(out_vals))
