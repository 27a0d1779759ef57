"""Dense top-k of embedding cosines, and the hubness correction (CSLS) (private).

Neither ever holds an n × m matrix: rows are multiplied in chunks of at most 4 M scores
(16 MB of float32).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from competency.analysis.matchers import Candidates, Progress

__all__ = ["dense_top_k", "hub_penalty"]


def dense_top_k(
    a: npt.NDArray[np.float32], b: npt.NDArray[np.float32], k: int,
    progress: Progress | None = None, offset: npt.NDArray[np.float32] | None = None,
) -> Candidates:
    """Top-k positive cosines of L2-normalised rows `a` against `b` (less `offset`, one
    value per row of `b`, if given), in row chunks of at most 4M scores (16 MB), best
    first, ties by right index."""
    n, m = len(a), len(b)
    k = min(k, m)
    outs: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64],
                     npt.NDArray[np.float64]]] = []
    chunk = max(1, 4_000_000 // max(m, 1))
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        block = a[start:stop] @ b.T  # float32; only the k kept per row become float64
        if offset is not None:
            block -= offset
        if k < m:
            part = np.argpartition(block, m - k, axis=1)[:, m - k:]
        else:
            part = np.broadcast_to(np.arange(m), (stop - start, m)).copy()
        vals = np.clip(np.take_along_axis(block, part, axis=1).astype(np.float64), 0.0, 1.0)
        rows = np.repeat(np.arange(start, stop, dtype=np.int64), k)
        cols, vals_flat = part.reshape(-1).astype(np.int64), vals.reshape(-1)
        order = np.lexsort((cols, -np.round(vals_flat, 9), rows))
        rows, cols, vals_flat = rows[order], cols[order], vals_flat[order]
        keep = vals_flat > 0
        outs.append((rows[keep], cols[keep], vals_flat[keep]))
        if progress is not None:
            progress(stop, n)
    from competency.analysis.matchers import Candidates

    if not outs:
        return Candidates(left=[], right=[], score=[])
    return Candidates(left=np.concatenate([o[0] for o in outs]),
                      right=np.concatenate([o[1] for o in outs]),
                      score=np.concatenate([o[2] for o in outs]))


def hub_penalty(a: npt.NDArray[np.float32], b: npt.NDArray[np.float32],
                 k: int) -> npt.NDArray[np.float32]:
    """Half of each `b` row's *hubness* above the mean: r(y) = the mean cosine of y with
    its `k` nearest rows of `a` (CSLS, Conneau et al. 2018), so ``cos(x, y) - penalty[y]``
    ranks each x's candidates as CSLS does. Chunked like :func:`dense_top_k`."""
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return np.zeros(m, dtype=np.float32)
    k = min(k, n)
    hub = np.empty(m, dtype=np.float32)
    chunk = max(1, 4_000_000 // n)
    for start in range(0, m, chunk):
        block = b[start:start + chunk] @ a.T
        hub[start:start + chunk] = np.partition(block, n - k, axis=1)[:, n - k:].mean(axis=1)
    penalty: npt.NDArray[np.float32] = ((hub - hub.mean()) / 2).astype(np.float32)
    return penalty
