"""Words of a text: tokens, stop words, a light stemmer, n-gram features (private).

Kept free of numpy so that code needing only :func:`normalise` (text equality in
:func:`~competency.analysis.compare`) does not pay for importing it.
"""

from __future__ import annotations

import re
from itertools import pairwise

__all__ = ["STOP_WORDS", "features", "normalise", "stems", "tokens"]

STOP_WORDS = frozenset(["a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "etc", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "may", "me", "might", "more", "most", "must", "my", "myself", "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "others", "our", "ours", "ourselves", "out", "over", "own", "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "upon", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "within", "would", "you", "your", "yours", "yourself", "yourselves"])
"""Function words ignored by the matcher. "own", "other" and "not" are included: they are
frequent in the standards and carry no topic."""

_WORD = re.compile(r"[a-z0-9]+")
_SUFFIXES = (
    ("ational", "ate"), ("isation", "ise"), ("ization", "ise"), ("iveness", "ive"),
    ("fulness", "ful"), ("ousness", "ous"), ("ements", "e"), ("ement", "e"),
    ("ments", ""), ("ment", ""), ("ities", "ity"), ("ings", ""), ("ing", ""),
    ("ies", "y"), ("ied", "y"), ("sses", "ss"), ("ed", ""), ("es", "e"), ("s", ""),
)


_BY_LAST: dict[str, tuple[tuple[str, str], ...]] = {}
for _suffix in _SUFFIXES:  # the suffixes a word can end with, by its last letter, in order
    _BY_LAST[_suffix[0][-1]] = (*_BY_LAST.get(_suffix[0][-1], ()), _suffix)
del _suffix

_STEMS: dict[str, str] = {}
"""Stems of the words seen so far (shared: a word's stem never changes)."""
_MAX_STEMS = 500_000


def _stem(word: str) -> str:
    """Strip one common English suffix (keeping a stem of three letters or more), then a
    final "e", so that "engage", "engages" and "engaging" all give "engag"."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, replacement in _BY_LAST.get(word[-1], ()):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            word = word[: len(word) - len(suffix)] + replacement
            break
    if len(word) > 4 and word.endswith("e") and not word.endswith("ee"):
        word = word[:-1]
    return word


def stems() -> dict[str, str]:
    """The shared cache of stems, word → stem, to pass to :func:`tokens` (emptied when it
    grows past half a million words)."""
    if len(_STEMS) > _MAX_STEMS:
        _STEMS.clear()
    return _STEMS


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
    return words + [f"{a} {b}" for a, b in pairwise(words)]
