"""The CSLS ranking written out the slow way, as the matchers did before it took one pass:
every score first (the hubness pass), then each row sorted in Python."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def two_pass(a: npt.NDArray[np.float32], b: npt.NDArray[np.float32], top: int,
             neighbours: int, chunk_scores: int = 4_000_000,
             ) -> tuple[list[tuple[int, int, float]], npt.NDArray[np.float32]]:
    """(left, right, score) rows and the penalty: the products in the chunks the kernel
    uses (a row's float32 cosines depend on the rows multiplied with it), the hubness of
    each right row as the float64 sum of its sorted `neighbours` best, then each left row's
    best `top` by score rounded to 9 decimals, ties by right index, zeros left out."""
    n, m = len(a), len(b)
    chunk = max(1, chunk_scores // m)
    cos = np.concatenate([a[s:s + chunk] @ b.T for s in range(0, n, chunk)])
    k = min(neighbours, n)
    nearest = np.sort(cos, axis=0)[n - k:].T
    hub = np.sort(nearest, axis=1).astype(np.float64).sum(axis=1) / k
    penalty = ((hub - hub.mean()) / 2).astype(np.float32)
    rows: list[tuple[int, int, float]] = []
    for i in range(n):
        scores = np.clip((cos[i] - penalty).astype(np.float64), 0.0, 1.0)
        score, rounded = scores.tolist(), np.round(scores, 9).tolist()
        best = sorted(range(m), key=lambda j: (-rounded[j], j))[:top]
        rows += [(i, j, score[j]) for j in best if score[j] > 0]
    return rows, penalty
