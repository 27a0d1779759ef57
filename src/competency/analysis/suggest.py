"""Suggest: candidate mappings between two frameworks from their texts, for curators.

The matcher is TF-IDF cosine similarity over word 1- and 2-grams: texts are lower-cased,
split into words, stripped of English stop words and lightly stemmed ("relationships" →
"relationship", "engaging" → "engag"); each term is weighted by sublinear term frequency
times smoothed inverse document frequency fitted on both frameworks together; rows are
L2-normalised. For every subject element the `top` most similar object elements with a
positive score become mappings, best first, ties broken by object id — so the output is
deterministic.

Each suggestion is a ``skos:closeMatch`` justified by ``semapv:LexicalMatching`` with
``similarity_score`` (the cosine, 6 decimals), ``similarity_measure`` and a ``confidence``
equal to the score; above `exact_threshold` (default 0.9, reached only by near-verbatim
pairs) it is a ``skos:exactMatch``. Suggestions are for a curator to accept or reject, not
assertions.

Large inputs never build the full score matrix: subjects are processed in chunks and only
the top candidates of each chunk are kept (see ``competency.analysis._topk``).

Examples
--------
>>> from competency.analysis import suggest
>>> from competency.analysis._examples import framework_a, framework_b
>>> cw = suggest(framework_a(), framework_b(), top=1)
>>> [(m.subject_id, m.predicate_id, m.object_id) for m in cw.mappings]
... # doctest: +NORMALIZE_WHITESPACE
[('a:U1.P1', 'skos:exactMatch', 'b:S1.P1'),
 ('a:U1.K1', 'skos:closeMatch', 'b:S1.K1'),
 ('a:U2.P1', 'skos:closeMatch', 'b:S2.P1'),
 ('a:U2.K1', 'skos:closeMatch', 'b:S2.P1')]
>>> cw.mappings[0].similarity_score
1.0
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import attrs

from competency.analysis._elements import content, kinds_of
from competency.crosswalk import Crosswalk, Mapping
from competency.errors import CrosswalkError, Problem
from competency.model import ElementKind, Framework

__all__ = ["LEXICAL_MATCHING", "SIMILARITY_MEASURE", "suggest"]

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_FIELDS = attrs.fields(Mapping)


def _label(text: str) -> str:
    """`text` as one SSSOM cell: control characters and line breaks become spaces."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _trusted_mapping(**values: object) -> Mapping:
    """A :class:`Mapping` built without re-running its validators.

    Every value here is valid by construction (CURIEs of validated framework elements,
    constant predicate and justification, scores rounded into 0..1, labels made single-line
    by :func:`_label`); validating 70,000 suggestions one character at a time would take
    longer than computing them. The crosswalk built from them is still checked as a whole.
    """
    mapping = object.__new__(Mapping)
    for field in _FIELDS:  # Mapping's defaults are plain values (None, ())
        object.__setattr__(mapping, field.name, values.get(field.name, field.default))
    return mapping

LEXICAL_MATCHING = "semapv:LexicalMatching"
SIMILARITY_MEASURE = "TF-IDF cosine similarity of word 1-2-grams"


def suggest(
    subject: Framework,
    object: Framework,
    *,
    top: int = 5,
    kinds: Iterable[ElementKind | str] | None = None,
    exact_threshold: float = 0.9,
    progress: Callable[[int, int], None] | None = None,
) -> Crosswalk:
    """Suggest up to `top` candidate counterparts in `object` for each element of `subject`.

    Parameters
    ----------
    subject, object : Framework
        The frameworks to match, subject → object.
    top : int
        Candidates kept per subject element (≥ 1).
    kinds : iterable of ElementKind or str, optional
        The element kinds matched on both sides (default: criteria, knowledge items,
        duties, requirements and expectations).
    exact_threshold : float
        Scores at or above this become ``skos:exactMatch`` (must be in (0, 1]; pass a
        value above 1 to suggest only ``skos:closeMatch``).
    progress : callable, optional
        Called as ``progress(done, total)`` after each chunk of subject elements.

    Returns
    -------
    Crosswalk
        Mappings grouped by subject (source order), best first; the subject's rank is in
        each mapping's comment (``"rank 2 of 5"``).

    Raises
    ------
    CrosswalkError
        If `top` < 1 or `exact_threshold` ≤ 0.
    StructureError
        If either framework has no element of the matched kinds.
    """
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise CrosswalkError(Problem(message=f"top must be a whole number ≥ 1, got {top!r}",
                                   expected="how many candidates to keep per element, e.g. 5"))
    if not exact_threshold > 0:
        raise CrosswalkError(Problem(
            message=f"exact_threshold must be above 0, got {exact_threshold!r}",
            expected="a cosine threshold such as 0.9"))
    from competency.analysis._text import tfidf
    from competency.analysis._topk import top_k

    wanted = kinds_of(kinds)
    left = content(subject, wanted)
    right = sorted(content(object, wanted), key=lambda e: e.id)
    rows = tfidf([e.text for e in left], [e.text for e in right])
    li, ri, scores = top_k(rows, top, progress=progress)
    counts: dict[int, int] = {}
    for i in li.tolist():
        counts[i] = counts.get(i, 0) + 1
    labels = {e.id: _label(e.text) for e in (*left, *right)}
    mappings = []
    rank = 0
    previous = -1
    for i, j, score in zip(li.tolist(), ri.tolist(), scores.tolist(), strict=True):
        rank = rank + 1 if i == previous else 1
        previous = i
        s, o = left[i], right[j]
        value = min(1.0, round(score, 6))
        mappings.append(_trusted_mapping(
            subject_id=s.id, subject_label=labels[s.id],
            predicate_id="skos:exactMatch" if value >= exact_threshold else "skos:closeMatch",
            object_id=o.id, object_label=labels[o.id],
            mapping_justification=LEXICAL_MATCHING, confidence=value,
            similarity_score=value, similarity_measure=SIMILARITY_MEASURE,
            comment=f"rank {rank} of {counts[i]}",
        ))
    curie_map = {"competency": "https://w3id.org/competency/",
                 subject.id: subject.base_iri, object.id: object.base_iri}
    return Crosswalk(
        mapping_set_id=f"https://w3id.org/competency/suggestions/{subject.id}__{object.id}",
        mappings=mappings, curie_map=curie_map,
        license="https://creativecommons.org/publicdomain/zero/1.0/",
        mapping_set_title=f"Suggested mappings from {subject.id} to {object.id}",
        mapping_set_description=(
            f"Top {top} lexical candidates per element ({SIMILARITY_MEASURE}); for "
            "curation, not assertions."),
        subject_source=f"competency:{subject.id}", object_source=f"competency:{object.id}",
    )
