"""Top-k cosine neighbours between two sets of L2-normalised sparse rows (private).

Never builds the full n×m score matrix: left rows are taken in chunks (at most
``_BLOCK_CELLS`` chunk × m cells), each chunk's scores against every right row are computed
as a sparse product (only pairs sharing a term are nonzero), and only the k best per row are
kept: one sort of the nonzero entries, not a partition of a dense block. Small inputs use a
numpy product over postings lists (no scipy import, and no BLAS: a dense matrix product, as
used before, spun up BLAS threads that, on a busy 2-core machine, tripled the time of the
shipped 179 × 100 case); large ones use :mod:`scipy.sparse`, whose compiled sparse × sparse
product is the reason scipy is a dependency (the numpy product over postings lists is
several times slower at scale and needs memory for every pair of entries sharing a term).

Ties are broken by right-row index, so callers order the right rows by id.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from competency.analysis._text import TfidfRows

__all__ = ["top_k"]

_SMALL_PAIRS = 2_000_000
"""Use the numpy product when at most this many (left entry, right entry) pairs share a
term (each pair is one multiplication; the arrays holding them take ~40 bytes a pair)..."""
_SMALL_CELLS = 2_000_000
"""... and the score matrix, which it fills densely, has at most this many cells."""
_BLOCK_CELLS = 8_000_000
"""Cells (float64) of one chunk × right block of scores: 64 MB."""

Entries = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]
Csr = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]


def _term_starts(indices: npt.NDArray[np.int64], n_features: int) -> npt.NDArray[np.int64]:
    """Where each feature's entries start once entries are ordered by feature (plus the
    total at the end)."""
    starts = np.zeros(n_features + 1, dtype=np.int64)
    np.cumsum(np.bincount(indices, minlength=n_features), out=starts[1:])
    return starts


def _postings(csr: Csr) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The rows and values of `csr`'s entries ordered by feature (rows ascending within a
    feature; see :func:`_term_starts`)."""
    indptr, indices, data = csr
    order = np.argsort(indices, kind="stable")
    rows = np.repeat(np.arange(len(indptr) - 1, dtype=np.int64), np.diff(indptr))
    return rows[order], data[order]


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


def _select_rows(scores: npt.NDArray[np.float64], k: int) -> Entries:
    """What :func:`_select` gives for the nonzero entries of the dense block `scores` (a
    row per left row), by one stable sort of each row: cheaper when most cells are
    nonzero."""
    scores[scores <= _TOLERANCE] = 0.0  # never kept, and sorted after every kept score
    order = np.argsort(-np.round(scores, 12), axis=1, kind="stable")[:, :k]
    values = np.take_along_axis(scores, order, axis=1)
    keep = values > _TOLERANCE
    return np.nonzero(keep)[0].astype(np.int64), order[keep].astype(np.int64), values[keep]


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
    after each chunk of left rows. `dense` forces (True) or forbids (False) the numpy
    product (the name is historical: it was a dense matrix product); by default it is used
    for at most ``_SMALL_CELLS`` scores of which at most ``_SMALL_PAIRS`` pairs of entries
    share a term, else :mod:`scipy.sparse`.
    """
    n_left = len(rows.left[0]) - 1
    n_right = len(rows.right[0]) - 1
    chunk = max(1, min(n_left, _BLOCK_CELLS // max(n_right, 1)))
    out_rows: list[npt.NDArray[np.int64]] = []
    out_cols: list[npt.NDArray[np.int64]] = []
    out_vals: list[npt.NDArray[np.float64]] = []
    if n_left == 0 or n_right == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0, dtype=np.float64)
    l_indptr, l_indices, l_data = rows.left
    starts = _term_starts(rows.right[1], rows.n_features)
    per_entry = starts[l_indices + 1] - starts[l_indices]  # right entries sharing its term
    if dense is None:
        dense = (n_left * n_right <= _SMALL_CELLS
                 and int(per_entry.sum()) <= _SMALL_PAIRS)
    if dense:
        p_rows, p_vals = _postings(rows.right)

        def block(start: int, stop: int) -> Entries:
            # every (left entry, right entry) pair sharing a term, then one sum per cell
            lo, hi = l_indptr[start], l_indptr[stop]
            count = per_entry[lo:hi]
            first = np.cumsum(count) - count
            at = np.repeat(starts[l_indices[lo:hi]] - first, count)
            at += np.arange(len(at), dtype=np.int64)
            left_rows = np.repeat(np.arange(stop - start, dtype=np.int64),
                                  np.diff(l_indptr[start:stop + 1]))
            cells = np.repeat(left_rows * n_right, count)
            cells += p_rows[at]
            products = np.repeat(l_data[lo:hi], count) * p_vals[at]
            scores = np.asarray(np.bincount(cells, weights=products,
                                            minlength=(stop - start) * n_right), np.float64)
            if 4 * np.count_nonzero(scores) >= len(scores):  # dense: sort each row
                return _select_rows(scores.reshape(stop - start, n_right), k)
            found = np.flatnonzero(scores).astype(np.int64)
            return _select(found // n_right, found % n_right, scores[found], k)
    else:
        from scipy import sparse

        left_m = sparse.csr_matrix(rows.left[::-1], shape=(n_left, rows.n_features))
        right_m = sparse.csr_matrix(rows.right[::-1], shape=(n_right, rows.n_features))
        right_t_m = right_m.T.tocsr()

        def block(start: int, stop: int) -> Entries:
            product = (left_m[start:stop] @ right_t_m).tocsr()
            r = np.repeat(np.arange(stop - start, dtype=np.int64), np.diff(product.indptr))
            return _select(r, product.indices.astype(np.int64),
                           product.data.astype(np.float64), k)

    for start in range(0, n_left, chunk):
        stop = min(n_left, start + chunk)
        r, c, v = block(start, stop)
        out_rows.append(r + start)
        out_cols.append(c)
        out_vals.append(v)
        if progress is not None:
            progress(stop, n_left)
    return (np.concatenate(out_rows).astype(np.int64), np.concatenate(out_cols).astype(np.int64),
            np.concatenate(out_vals))
