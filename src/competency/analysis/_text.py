"""Text features for lexical matching: tokens, light stemming, TF-IDF rows (private).

The vectoriser is deliberately small and dependency-free: lower-cased word tokens, an
English stop-word list, a light suffix stemmer (so "relationships" meets "relationship" and
"supporting" meets "support"), word 1- and 2-grams, sublinear term frequency, smoothed
inverse document frequency fitted on both sides together, and L2-normalised rows. Rows are
returned in CSR form (``indptr``, ``indices``, ``data`` numpy arrays) so that callers can
use a dense product for small inputs and :mod:`scipy.sparse` for large ones.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

from competency.analysis._words import STOP_WORDS, features, normalise, stems, tokens

__all__ = ["STOP_WORDS", "TfidfRows", "features", "normalise", "pair_scores", "tfidf", "tokens"]

@attrs.frozen(kw_only=True)
class TfidfRows:
    """L2-normalised TF-IDF rows of two corpora over one shared vocabulary, in CSR form."""

    n_features: int
    left: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]
    right: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]

    @property
    def left_nnz(self) -> int:
        return int(self.left[0][-1])

    @property
    def right_nnz(self) -> int:
        return int(self.right[0][-1])


def _count(
    texts: Sequence[str], vocabulary: dict[str, int], cache: dict[str, str]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Term counts of `texts` in CSR form (terms ascending within a row); new terms are
    added to `vocabulary` in order of first appearance."""
    ids: list[int] = []
    lengths: list[int] = []
    add = vocabulary.setdefault
    for text in texts:
        terms = features(text, cache)
        lengths.append(len(terms))
        ids.extend([add(term, len(vocabulary)) for term in terms])
    n_terms = max(len(vocabulary), 1)
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    keys, counts = np.unique(rows * n_terms + np.asarray(ids, dtype=np.int64),
                             return_counts=True)  # sorted: by row, then term
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys // n_terms, minlength=len(texts)), out=indptr[1:])
    return indptr, keys % n_terms, counts.astype(np.float64)


def _weight(
    csr: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]],
    idf: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    indptr, indices, counts = csr
    data = (1.0 + np.log(counts)) * idf[indices]
    lengths = np.diff(indptr)
    rows = np.repeat(np.arange(len(lengths)), lengths)
    norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=len(lengths)))
    norms[norms == 0] = 1.0
    return indptr, indices, data / norms[rows]


def tfidf(left: Sequence[str], right: Sequence[str]) -> TfidfRows:
    """TF-IDF rows of `left` and `right`, fitted on both (sublinear tf, smoothed idf)."""
    vocabulary: dict[str, int] = {}
    cache = stems()
    a = _count(left, vocabulary, cache)
    b = _count(right, vocabulary, cache)
    n_features = len(vocabulary)
    df = (np.bincount(a[1], minlength=n_features)
          + np.bincount(b[1], minlength=n_features)).astype(np.float64)
    n_docs = len(left) + len(right)
    idf = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
    return TfidfRows(n_features=n_features, left=_weight(a, idf), right=_weight(b, idf))


def pair_scores(rows: TfidfRows, li: npt.NDArray[np.int64],
                 ri: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """The TF-IDF cosine of each pair (left row ``li[p]``, right row ``ri[p]``), in pair
    chunks, with numpy only: each left entry of a pair looks its term up among the right
    row's entries (sorted keys ``row × n_features + term``)."""
    l_indptr, l_indices, l_data = rows.left
    r_indptr, r_indices, r_data = rows.right
    width = max(rows.n_features, 1)
    r_rows = np.repeat(np.arange(len(r_indptr) - 1, dtype=np.int64), np.diff(r_indptr))
    r_keys = r_rows * width + r_indices  # ascending: rows in order, terms sorted per row
    out = np.zeros(len(li), dtype=np.float64)
    lengths = np.diff(l_indptr)
    step = 100_000
    for start in range(0, len(li), step):
        pl, pr = li[start:start + step], ri[start:start + step]
        count = lengths[pl]
        pair = np.repeat(np.arange(len(pl), dtype=np.int64), count)
        first = np.cumsum(count) - count
        entry = np.repeat(l_indptr[pl] - first, count) + np.arange(int(count.sum()))
        keys = np.repeat(pr, count) * width + l_indices[entry]
        at = np.minimum(np.searchsorted(r_keys, keys), max(len(r_keys) - 1, 0))
        hit = r_keys[at] == keys if len(r_keys) else np.zeros(len(keys), dtype=bool)
        out[start:start + step] = np.bincount(pair[hit], weights=l_data[entry[hit]]
                                              * r_data[at[hit]], minlength=len(pl))
    return out
