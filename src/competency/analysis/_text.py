"""Text features for lexical matching: tokens, light stemming, TF-IDF rows (private).

The vectoriser is deliberately small and dependency-free: lower-cased word tokens, an
English stop-word list, a light suffix stemmer (so "relationships" meets "relationship" and
"supporting" meets "support"), word 1- and 2-grams, sublinear term frequency, smoothed
inverse document frequency fitted on both sides together, and L2-normalised rows. Rows are
returned in CSR form (``indptr``, ``indices``, ``data`` numpy arrays) so that callers can
use a dense product for small inputs and :mod:`scipy.sparse` for large ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

__all__ = ["STOP_WORDS", "TfidfRows", "features", "normalise", "tfidf", "tokens"]

STOP_WORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each etc few for from
further had has have having he her here hers herself him himself his how i if in into is it
its itself just may me might more most must my myself no nor not of off on once only or
other others our ours ourselves out over own same shall she should so some such than that
the their theirs them themselves then there these they this those through to too under
until up upon very was we were what when where which while who whom why will with within
would you your yours yourself yourselves
""".split())
"""Function words ignored by the matcher. "own", "other" and "not" are included: they are
frequent in the standards and carry no topic."""

_WORD = re.compile(r"[a-z0-9]+")
_SUFFIXES = (
    ("ational", "ate"), ("isation", "ise"), ("ization", "ise"), ("iveness", "ive"),
    ("fulness", "ful"), ("ousness", "ous"), ("ements", "e"), ("ement", "e"),
    ("ments", ""), ("ment", ""), ("ities", "ity"), ("ings", ""), ("ing", ""),
    ("ies", "y"), ("ied", "y"), ("sses", "ss"), ("ed", ""), ("es", "e"), ("s", ""),
)


def _stem(word: str) -> str:
    """Strip one common English suffix (keeping a stem of three letters or more), then a
    final "e", so that "engage", "engages" and "engaging" all give "engag"."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            word = word[: len(word) - len(suffix)] + replacement
            break
    if len(word) > 4 and word.endswith("e") and not word.endswith("ee"):
        word = word[:-1]
    return word


def normalise(text: str) -> str:
    """Case-fold `text` and reduce it to single-spaced word tokens (for text equality)."""
    return " ".join(_WORD.findall(text.lower()))


def tokens(text: str, cache: dict[str, str] | None = None) -> list[str]:
    """The stemmed content words of `text`, in order (stop words removed)."""
    stems = cache if cache is not None else {}
    out = []
    for word in _WORD.findall(text.lower()):
        if word in STOP_WORDS:
            continue
        stem = stems.get(word)
        if stem is None:
            stem = stems[word] = _stem(word)
        out.append(stem)
    return out


def features(text: str, cache: dict[str, str] | None = None) -> list[str]:
    """Word 1-grams and 2-grams of the content words of `text`."""
    words = tokens(text, cache)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


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
    indptr = [0]
    indices: list[int] = []
    counts: list[float] = []
    for text in texts:
        row: dict[int, int] = {}
        for feature in features(text, cache):
            j = vocabulary.setdefault(feature, len(vocabulary))
            row[j] = row.get(j, 0) + 1
        for j in sorted(row):
            indices.append(j)
            counts.append(row[j])
        indptr.append(len(indices))
    return (np.asarray(indptr, dtype=np.int64), np.asarray(indices, dtype=np.int64),
            np.asarray(counts, dtype=np.float64))


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
    cache: dict[str, str] = {}
    a = _count(left, vocabulary, cache)
    b = _count(right, vocabulary, cache)
    n_features = len(vocabulary)
    df = (np.bincount(a[1], minlength=n_features)
          + np.bincount(b[1], minlength=n_features)).astype(np.float64)
    n_docs = len(left) + len(right)
    idf = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
    return TfidfRows(n_features=n_features, left=_weight(a, idf), right=_weight(b, idf))
