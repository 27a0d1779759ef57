"""Dense top-k of embedding cosines with the hubness correction (CSLS), in one pass (private).

No n × m matrix is ever held: rows are multiplied in chunks of at most 4 M scores (16 MB of
float32), and each chunk's product is computed once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from competency.analysis.matchers import Candidates, Progress

__all__ = ["csls_top_k"]

_CHUNK_SCORES = 4_000_000


def csls_top_k(
    a: npt.NDArray[np.float32], b: npt.NDArray[np.float32], top: int, neighbours: int,
    progress: Progress | None = None, *, chunk_scores: int = _CHUNK_SCORES,
    width: int | None = None,
) -> tuple[Candidates, npt.NDArray[np.float32]]:
    """Each row of `a`'s best `top` rows of `b` by ``cos(x, y) - penalty[y]``, and the
    penalty, from one chunked pass over the products.

    ``penalty[y]`` is half of y's *hubness* above the mean, the hubness r(y) being the
    mean cosine of y with its `neighbours` nearest rows of `a` (the sum of the sorted
    values in float64): ``cos - penalty`` ranks each x's candidates as cross-domain
    similarity local scaling does (Conneau et al. 2018). A score is
    ``clip(float32(cos - penalty), 0, 1)``; each row's candidates come best first, ties
    (scores equal to 9 decimals) by right index; zero scores are left out.

    The penalty is only known once every product has been seen, so the pass keeps, for
    each row, its `width` best raw cosines (default ``4 × top + 64``) and, for each `b`
    row, its running `neighbours` best. Once the penalty is known, a row whose best `top`
    could include a cosine it did not keep — its lowest kept cosine less the smallest
    penalty does not score strictly below its `top`-th kept score (float32 subtraction,
    clipping and rounding are all monotone) — has its chunk's product recomputed (the
    same product, the same float32 values) and is ranked over all of `b`. The result is
    the one of the two passes (the hubness first, then the top-k), exactly.

    Examples
    --------
    >>> import numpy as np
    >>> a = np.eye(3, dtype=np.float32)
    >>> b = np.array([[0.6, 0.6, 0.6], [0.58, -0.5, -0.5]], dtype=np.float32)
    >>> found, penalty = csls_top_k(a, b, 1, 2)
    >>> found.right.tolist(), (penalty > 0).tolist()
    ([1, 0, 0], [True, False])
    """
    n, m = len(a), len(b)
    from competency.analysis.matchers import Candidates

    if n == 0 or m == 0:
        return (Candidates(left=[], right=[], score=[]), np.zeros(m, dtype=np.float32))
    top, k = min(top, m), min(neighbours, n)
    width = min(m, max(top, 4 * top + 64 if width is None else width))
    chunk = max(1, chunk_scores // m)
    nearest = np.full((m, k), -np.inf, dtype=np.float32)  # each b row's k best so far
    floor = np.full(m, -np.inf, dtype=np.float32)  # the least of them
    kept = np.empty((n, width), dtype=np.int64)
    kept_cos = np.empty((n, width), dtype=np.float32)
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        block = a[start:stop] @ b.T  # the only product of these rows (float32)
        _merge_nearest(nearest, floor, block)
        if width < m:
            part = np.argpartition(block, m - width, axis=1)[:, m - width:]
        else:
            part = np.broadcast_to(np.arange(m), block.shape)
        kept[start:stop] = part
        kept_cos[start:stop] = np.take_along_axis(block, part, axis=1)
        if progress is not None:
            progress(stop, n)
    hub = np.sort(nearest, axis=1).astype(np.float64).sum(axis=1) / k
    penalty: npt.NDArray[np.float32] = ((hub - hub.mean()) / 2).astype(np.float32)

    rows_out, cols_out, scores_out = [], [], []
    redo: list[npt.NDArray[np.int64]] = []
    step = max(1, chunk_scores // (8 * width))  # ~5 arrays of 8 bytes per kept cosine
    for start in range(0, n, step):
        cols = kept[start:start + step]
        scores = _scores(kept_cos[start:start + step], penalty[cols])
        pos = _ranked(cols, scores, top, m)
        best_cols = np.take_along_axis(cols, pos, axis=1)
        best = np.take_along_axis(scores, pos, axis=1)
        if width < m:  # could a cosine left out of the kept ones rank in the best `top`?
            least = _scores(kept_cos[start:start + step].min(axis=1), penalty.min())
            unsafe = (least > 0) & (np.round(least, 9) >= np.round(best[:, -1], 9))
            redo.append(start + np.flatnonzero(unsafe))
            best[unsafe] = 0.0  # replaced below
        rows_out.append(np.repeat(np.arange(start, start + len(cols), dtype=np.int64), top))
        cols_out.append(best_cols.reshape(-1))
        scores_out.append(best.reshape(-1))
    left = np.concatenate(rows_out)
    right = np.concatenate(cols_out)
    score = np.concatenate(scores_out)
    again = np.concatenate(redo) if redo else np.empty(0, dtype=np.int64)
    if len(again):
        fl, fr, fs = _recompute(a, b, penalty, again, top, chunk)
        order = np.argsort(np.concatenate((left, fl)), kind="stable")
        left = np.concatenate((left, fl))[order]
        right = np.concatenate((right, fr))[order]
        score = np.concatenate((score, fs))[order]
    keep = score > 0
    return Candidates(left=left[keep], right=right[keep], score=score[keep]), penalty


def _merge_nearest(nearest: npt.NDArray[np.float32], floor: npt.NDArray[np.float32],
                   block: npt.NDArray[np.float32]) -> None:
    """Fold a block of cosines (subjects × objects) into each object's `k` best so far
    (`nearest`, objects × k, in place) and their least (`floor`). Only cosines above the
    floor can change the k best (one equal to it leaves the same values), and after the
    first chunks they are few: they are gathered, grouped by object and merged."""
    k = nearest.shape[1]
    above = np.flatnonzero(block > floor)
    if len(above) * 4 > block.size:  # the first chunks: merge every column
        both = np.concatenate((nearest, block.T), axis=1)
        nearest[:] = np.partition(both, both.shape[1] - k, axis=1)[:, -k:]
        floor[:] = nearest.min(axis=1)
        return
    if not len(above):
        return
    values = block.reshape(-1)[above]
    objects = above % block.shape[1]
    order = np.argsort(objects)
    objects, values = objects[order], values[order]
    counts = np.bincount(objects, minlength=len(floor))
    hit = np.flatnonzero(counts)
    counts = counts[hit]
    most = int(counts.max())
    pad = np.full((len(hit), k + most), -np.inf, dtype=np.float32)
    pad[:, :k] = nearest[hit]
    slot = np.arange(len(objects)) - np.repeat(np.cumsum(counts) - counts, counts)
    pad[np.repeat(np.arange(len(hit)), counts), k + slot] = values
    best = np.partition(pad, most, axis=1)[:, most:]
    nearest[hit] = best
    floor[hit] = best.min(axis=1)


def _scores(cos: npt.NDArray[np.float32], penalty: npt.NDArray[np.float32] | np.float32
            ) -> npt.NDArray[np.float64]:
    """``clip(float32(cos - penalty), 0, 1)`` as float64 — monotone in both arguments."""
    out: npt.NDArray[np.float64] = np.clip(
        np.subtract(cos, penalty, dtype=np.float32).astype(np.float64), 0.0, 1.0)
    return out


def _ranked(cols: npt.NDArray[np.int64], scores: npt.NDArray[np.float64], top: int,
            m: int) -> npt.NDArray[np.int64]:
    """Positions of each row's best `top` by (score rounded to 9 decimals desc, column)."""
    nines = np.rint(np.round(scores, 9) * 1e9).astype(np.int64)  # the rounded score, exact
    key = (1_000_000_000 - nines) * m + cols  # distinct within a row
    if top < key.shape[1]:
        pos = np.argpartition(key, top - 1, axis=1)[:, :top]
    else:
        pos = np.broadcast_to(np.arange(key.shape[1]), key.shape)
    order = np.argsort(np.take_along_axis(key, pos, axis=1), axis=1)
    ranked: npt.NDArray[np.int64] = np.take_along_axis(pos, order, axis=1)
    return ranked


def _recompute(a: npt.NDArray[np.float32], b: npt.NDArray[np.float32],
               penalty: npt.NDArray[np.float32], rows: npt.NDArray[np.int64], top: int,
               chunk: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64],
                                    npt.NDArray[np.float64]]:
    """The best `top` of `rows` over all of `b`, from their chunks' products recomputed
    exactly as in the pass (a row's float32 cosines depend on the rows multiplied with it)."""
    m = len(b)
    step = max(1, chunk // 8)  # float64 scores and int64 keys of whole rows
    out_l, out_r, out_s = [], [], []
    for start in np.unique(rows // chunk) * chunk:
        stop = min(len(a), start + chunk)
        block = a[start:stop] @ b.T
        mine = rows[(rows >= start) & (rows < stop)]
        for i in range(0, len(mine), step):
            these = mine[i:i + step]
            scores = _scores(block[these - start], penalty)
            cols = np.broadcast_to(np.arange(m, dtype=np.int64), scores.shape)
            pos = _ranked(cols, scores, top, m)
            out_l.append(np.repeat(these, top))
            out_r.append(pos.reshape(-1).astype(np.int64))
            out_s.append(np.take_along_axis(scores, pos, axis=1).reshape(-1))
    return np.concatenate(out_l), np.concatenate(out_r), np.concatenate(out_s)
