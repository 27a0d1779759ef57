"""Suggest: candidate mappings between two frameworks from their texts, for curators.

A *matcher* (:mod:`competency.analysis.matchers`: ``tfidf``, the light default;
``embedding``, offline sentence embeddings from the ``semantic`` extra; ``hybrid``; or a
plugin's) finds for every subject element the `top` most similar object elements, best
first, ties broken by object id — so the output is deterministic.

Each suggestion then gets, from :mod:`competency.analysis.calibration` (fitted on the
shipped curated crosswalks):

* a **predicted predicate** (exact/close/broad/narrow/related) from the structure of the
  pair (item or grouping on each side, texts equal after normalisation) and its
  similarity band;
* a calibrated **confidence**: the probability that a curator keeps the row;
* ``similarity_score`` (the matcher's score, 6 decimals) and ``similarity_measure``; the
  mapping set records the tool: ``mapping_tool`` ``competency``, and in
  ``mapping_tool_version`` its version and the matcher's (model included).

Suggestions are for a curator to accept or reject, not assertions. Large inputs never build
the full score matrix (see ``competency.analysis._topk``).

Examples
--------
>>> from competency.analysis import suggest
>>> from competency.analysis._examples import framework_a, framework_b
>>> cw = suggest(framework_a(), framework_b(), top=1)
>>> [(m.subject_id, m.predicate_id, m.object_id) for m in cw.mappings]
... # doctest: +NORMALIZE_WHITESPACE
[('a:U1.P1', 'skos:closeMatch', 'b:S1.P1'),
 ('a:U1.K1', 'skos:relatedMatch', 'b:S1.K1'),
 ('a:U2.P1', 'skos:relatedMatch', 'b:S2.P1'),
 ('a:U2.K1', 'skos:relatedMatch', 'b:S2.P1')]
>>> cw.mappings[0].similarity_score
1.0
>>> 0 < cw.mappings[0].confidence < 1
True
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from competency.analysis._elements import content, kinds_of
from competency.crosswalk import Crosswalk, MappingTable
from competency.errors import CrosswalkError, PluginError, Problem
from competency.model import ElementKind, Framework

if TYPE_CHECKING:
    from competency.analysis.matchers import Candidates, Matcher

__all__ = ["TOOL", "suggest", "tool_version"]

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _label(text: str) -> str | None:
    """`text` as one SSSOM cell: control characters and line breaks become spaces; None
    (no label) when nothing else is left (a text of control characters is a valid element
    text, but not a label)."""
    return " ".join(_CONTROL.sub(" ", text).split()) or None


TOOL = "competency"
"""The SSSOM ``mapping_tool`` of suggestions."""


@functools.cache
def _own_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("competency")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def tool_version(matcher: Matcher) -> str:
    """``"<competency version>; <matcher name> <matcher version>"``: the SSSOM
    ``mapping_tool_version`` of a matcher's suggestions.

    Examples
    --------
    >>> from competency.analysis.matchers import get_matcher
    >>> tool_version(get_matcher("tfidf")).endswith("; tfidf tfidf-1")
    True
    """
    return f"{_own_version()}; {matcher.name} {matcher.version}"


def _check(top: object, min_confidence: object, exact_threshold: object) -> None:
    problems = []
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        problems.append(Problem(message=f"top must be a whole number ≥ 1, got {top!r}",
                                expected="how many candidates to keep per element, e.g. 5"))
    if (isinstance(min_confidence, bool) or not isinstance(min_confidence, (int, float))
            or not 0.0 <= min_confidence <= 1.0):
        problems.append(Problem(
            message=f"min_confidence must be in [0, 1], got {min_confidence!r}",
            expected="a probability such as 0.3"))
    if exact_threshold is not None and (
            isinstance(exact_threshold, bool) or not isinstance(exact_threshold, (int, float))
            or not exact_threshold > 0):
        problems.append(Problem(
            message=f"exact_threshold must be above 0, got {exact_threshold!r}",
            expected="a similarity such as 0.95, or None to predict predicates"))
    if problems:
        raise CrosswalkError(problems)


def _checked(matcher: Matcher, found: Candidates, n_left: int, n_right: int) -> Candidates:
    """`found` if it is what the :class:`Matcher` protocol promises, else a PluginError
    naming the matcher (a plugin's bug must not turn into wrong suggestions)."""
    import numpy as np

    from competency.analysis.matchers import Candidates

    wrong = []
    if not isinstance(found, Candidates):
        wrong.append(f"returned {type(found).__name__}, not Candidates")
    else:
        if len(found) and (found.left.min() < 0 or found.left.max() >= n_left
                           or found.right.min() < 0 or found.right.max() >= n_right):
            wrong.append("returned indices outside the element lists")
        if not np.all((found.score >= -1e-9) & (found.score <= 1 + 1e-9)):  # rounding
            wrong.append("returned scores outside [0, 1]")
        if len(found) and np.any(np.diff(found.left) < 0):
            wrong.append("returned candidates not grouped by left index")
    if wrong:
        raise PluginError(Problem(
            message=f"matcher {matcher.name!r} ({type(matcher).__module__}) "
                    + "; ".join(wrong),
            expected="Candidates grouped by left index, best first, scores in [0, 1]",
            fix="Fix the matcher (see competency.analysis.matchers.Matcher)"))
    return Candidates(left=found.left, right=found.right, score=np.clip(found.score, 0, 1))


def suggest(
    subject: Framework,
    object: Framework,
    *,
    top: int = 5,
    kinds: Iterable[ElementKind | str] | None = None,
    method: str | Matcher = "tfidf",
    min_confidence: float = 0.0,
    exact_threshold: float | None = None,
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
    method : str or Matcher
        ``"tfidf"`` (default), ``"embedding"``, ``"hybrid"``, a plugin matcher's name, or
        a :class:`~competency.analysis.matchers.Matcher`.
    min_confidence : float
        Drop suggestions whose calibrated confidence is below this (0–1; default 0).
    exact_threshold : float, optional
        If given, every suggestion whose similarity is at least this is a
        ``skos:exactMatch`` whatever the predicted predicate.
    progress : callable, optional
        Called as ``progress(done, total)`` while matching.

    Returns
    -------
    Crosswalk
        Mappings grouped by subject (source order), most similar first; the subject's rank
        is in each mapping's comment (``"rank 2 of 5"``).

    Raises
    ------
    CrosswalkError
        If `top` < 1, `min_confidence` is outside [0, 1] or `exact_threshold` ≤ 0.
    UnknownIdError
        If no matcher is called `method`.
    PluginError
        If the matcher cannot be used (e.g. ``embedding`` without the ``semantic`` extra).
    StructureError
        If either framework has no element of the matched kinds.
    """
    from competency.analysis.calibration import calibration_for, candidate_features, predict
    from competency.analysis.matchers import get_matcher, match_frameworks

    _check(top, min_confidence, exact_threshold)
    matcher = get_matcher(method) if isinstance(method, str) else method
    wanted = kinds_of(kinds)
    left = content(subject, wanted)
    right = sorted(content(object, wanted), key=lambda e: e.id)
    found = _checked(matcher, match_frameworks(matcher, subject, object, left, right, top,
                                               progress=progress),
                     len(left), len(right))
    features, structures = candidate_features(found, left, right)
    predicates, confidences = predict(calibration_for(matcher), features, structures)
    counts: dict[int, int] = {}
    for i in found.left.tolist():
        counts[i] = counts.get(i, 0) + 1
    labels = {e.id: _label(e.text) for e in (*left, *right)}
    columns: dict[str, list[Any]] = {name: [] for name in (
        "subject_id", "subject_label", "predicate_id", "object_id", "object_label",
        "mapping_justification", "confidence", "similarity_score", "similarity_measure",
        "comment")}
    add = [columns[name].append for name in columns]  # in the order of the row below
    rank = 0
    previous = -1
    rows = zip(found.left.tolist(), found.right.tolist(), found.score.tolist(), predicates,
               confidences, strict=True)
    for i, j, score, predicate, confidence in rows:
        rank = rank + 1 if i == previous else 1
        previous = i
        if confidence < min_confidence:
            continue
        s, o = left[i], right[j]
        value = min(1.0, max(0.0, round(score, 6)))
        if exact_threshold is not None and value >= exact_threshold:
            predicate = "skos:exactMatch"
        row = (s.id, labels[s.id], predicate, o.id, labels[o.id], matcher.justification,
               min(1.0, max(0.0, round(confidence, 6))), value, matcher.similarity_measure,
               f"rank {rank} of {counts[i]}")
        for append, cell in zip(add, row, strict=True):
            append(cell)
    curie_map = {"competency": "https://w3id.org/competency/",
                 subject.id: subject.base_iri, object.id: object.base_iri}
    return Crosswalk(
        mapping_set_id=f"https://w3id.org/competency/suggestions/{subject.id}__{object.id}",
        # each distinct value checked once, as Mapping checks it; mappings built when read
        mappings=MappingTable.from_columns(columns), curie_map=curie_map,
        license="https://creativecommons.org/publicdomain/zero/1.0/",
        mapping_set_title=f"Suggested mappings from {subject.id} to {object.id}",
        mapping_set_description=(
            f"Top {top} candidates per element ({matcher.similarity_measure}); predicates "
            "predicted and confidence calibrated on the shipped curated crosswalks; for "
            "curation, not assertions."),
        mapping_tool=TOOL, mapping_tool_version=tool_version(matcher),
        subject_source=f"competency:{subject.id}", object_source=f"competency:{object.id}",
    )
