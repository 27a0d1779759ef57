"""Evaluate: score candidate mappings (e.g. from :func:`suggest`) against a reference.

What counts:

* ``overall`` — a candidate is a true positive when the reference has the same
  (subject, predicate, object) as a positive (non-negated) mapping;
* ``pairs`` — the same with the predicate ignored: (subject, object) pairs;
* ``by_predicate`` — ``overall`` restricted to each predicate in turn;
* ``recall_at_k`` — of the reference's positive pairs whose predicate is in
  `ranked_predicates`, the fraction whose object is among the subject's first k candidates;
* ``precision_at_k`` — of the first k candidates of every subject, the fraction that are
  positive reference pairs (any predicate).

Candidates are ranked per subject by ``similarity_score`` (else ``confidence``), highest
first, ties in file order. Negated reference mappings are never positives, so a candidate
matching one is a false positive. Duplicates count once. Conventions for empty sets:
precision is 1 when there are no candidates and recall is 1 when there is nothing to find
(so ``evaluate(x, x)`` gives P = R = F1 = 1 for every x).

The candidate set may be written in either direction; it is inverted to the reference's.

Examples
--------
>>> from competency.analysis import evaluate
>>> from competency.analysis._examples import crosswalk_ab
>>> ev = evaluate(crosswalk_ab(), crosswalk_ab())
>>> ev.overall.precision, ev.overall.recall, ev.overall.f1
(1.0, 1.0, 1.0)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from competency.analysis._mappings import predicate, prefixes
from competency.crosswalk import Crosswalk, Predicate
from competency.errors import CrosswalkError, Problem

__all__ = ["Evaluation", "MethodEvaluation", "Scores", "evaluate", "evaluate_methods"]


@attrs.frozen(kw_only=True)
class Scores:
    """True positives, false positives and false negatives, and the scores they give."""

    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        """TP / (TP + FP); 1 when there are no candidates."""
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        """TP / (TP + FN); 1 when there is nothing to find."""
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall (0 when both are 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"true_positives": self.true_positives, "false_positives": self.false_positives,
                "false_negatives": self.false_negatives, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


def _by_predicate(items: Iterable[tuple[str, Scores]]) -> tuple[tuple[str, Scores], ...]:
    return tuple(items)


def _at_k(items: Iterable[tuple[int, float]]) -> tuple[tuple[int, float], ...]:
    return tuple(items)


def _strings(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True)
class Evaluation:
    """Precision, recall and F1 overall, by pair and per predicate; recall@k and
    precision@k of the ranked candidates."""

    overall: Scores
    pairs: Scores
    by_predicate: tuple[tuple[str, Scores], ...] = attrs.field(converter=_by_predicate)
    ranked_predicates: tuple[str, ...] = attrs.field(converter=_strings)
    ranked_total: int
    recall_at_k: tuple[tuple[int, float], ...] = attrs.field(converter=_at_k)
    precision_at_k: tuple[tuple[int, float], ...] = attrs.field(converter=_at_k)

    def recall_at(self, k: int) -> float:
        """recall@k for one of the evaluated k."""
        return dict(self.recall_at_k)[k]

    def precision_at(self, k: int) -> float:
        """precision@k for one of the evaluated k."""
        return dict(self.precision_at_k)[k]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "overall": self.overall.to_dict(), "pairs": self.pairs.to_dict(),
            "by_predicate": {p: s.to_dict() for p, s in self.by_predicate},
            "ranked_predicates": list(self.ranked_predicates),
            "ranked_total": self.ranked_total,
            "recall_at_k": {str(k): v for k, v in self.recall_at_k},
            "precision_at_k": {str(k): v for k, v in self.precision_at_k},
        }


def _scores(candidate: set[Any], reference: set[Any]) -> Scores:
    tp = len(candidate & reference)
    return Scores(true_positives=tp, false_positives=len(candidate) - tp,
                  false_negatives=len(reference) - tp)


def _oriented(candidate: Crosswalk, reference: Crosswalk) -> Crosswalk:
    have, want = prefixes(candidate), prefixes(reference)
    if have == want:
        return candidate
    if have == want[::-1]:
        return candidate.inverse()
    raise CrosswalkError(Problem(
        message=f"the candidate maps {have[0]!r} to {have[1]!r} but the reference maps "
                f"{want[0]!r} to {want[1]!r}",
        expected="two crosswalks between the same frameworks",
    ))


def evaluate(
    candidate: Crosswalk,
    reference: Crosswalk,
    *,
    ks: Iterable[int] = (1, 5),
    ranked_predicates: Iterable[Predicate | str] | None = None,
) -> Evaluation:
    """Score `candidate` mappings against `reference` mappings.

    Parameters
    ----------
    candidate : Crosswalk
        The mappings to score, e.g. from :func:`~competency.analysis.suggest`.
    reference : Crosswalk
        The curated mappings, between the same two frameworks (either direction).
    ks : iterable of int
        The k of recall@k and precision@k (each ≥ 1).
    ranked_predicates : iterable of Predicate or str, optional
        The reference predicates recall@k is measured on (default: all five).

    Returns
    -------
    Evaluation

    Raises
    ------
    CrosswalkError
        If the two crosswalks are not between the same frameworks, or a k is below 1.

    Examples
    --------
    >>> from competency.analysis import suggest
    >>> from competency.analysis._examples import crosswalk_ab, framework_a, framework_b
    >>> ev = evaluate(suggest(framework_a(), framework_b(), top=2), crosswalk_ab())
    >>> ev.recall_at(1), ev.recall_at(5)  # the unit-level a:U1 ~ b:S1 is not suggested
    (0.75, 0.75)
    >>> ev.pairs.true_positives, ev.pairs.false_positives
    (3, 4)
    """
    k_values = sorted(set(ks))
    if not k_values or any(isinstance(k, bool) or not isinstance(k, int) or k < 1
                           for k in k_values):
        raise CrosswalkError(Problem(message=f"bad k in {list(ks)!r}",
                                     expected="whole numbers ≥ 1, e.g. (1, 5)"))
    chosen = (tuple(Predicate) if ranked_predicates is None
              else tuple(predicate(p) for p in ranked_predicates))
    candidate = _oriented(candidate, reference)
    ref_triples = {(m.subject_id, m.predicate_id, m.object_id)
                   for m in reference.mappings if not m.is_negated}
    cand_triples = {(m.subject_id, m.predicate_id, m.object_id)
                    for m in candidate.mappings if not m.is_negated}
    ref_pairs = {(s, o) for s, _, o in ref_triples}
    cand_pairs = {(s, o) for s, _, o in cand_triples}
    by_predicate = []
    for p in Predicate:
        mine = {t for t in cand_triples if t[1] == p.value}
        theirs = {t for t in ref_triples if t[1] == p.value}
        if mine or theirs:
            by_predicate.append((p.value, _scores(mine, theirs)))
    # ranking per subject
    ranked: dict[str, list[tuple[float, int, str]]] = {}
    for position, m in enumerate(candidate.mappings):
        if m.is_negated:
            continue
        score = m.similarity_score if m.similarity_score is not None else m.confidence
        ranked.setdefault(m.subject_id, []).append(
            (-(score if score is not None else 0.0), position, m.object_id))
    order: dict[str, list[str]] = {}
    for subject, entries in ranked.items():
        seen: list[str] = []
        for _, _, obj in sorted(entries):
            if obj not in seen:
                seen.append(obj)
        order[subject] = seen
    wanted = {p.value for p in chosen}
    targets = sorted({(s, o) for s, p, o in ref_triples if p in wanted})
    recall_at_k = []
    precision_at_k = []
    for k in k_values:
        hits = sum(1 for s, o in targets if o in order.get(s, [])[:k])
        recall_at_k.append((k, hits / len(targets) if targets else 1.0))
        top = [(s, o) for s, objs in order.items() for o in objs[:k]]
        good = sum(1 for pair in top if pair in ref_pairs)
        precision_at_k.append((k, good / len(top) if top else 1.0))
    return Evaluation(
        overall=_scores(cand_triples, ref_triples), pairs=_scores(cand_pairs, ref_pairs),
        by_predicate=by_predicate, ranked_predicates=[p.value for p in chosen],
        ranked_total=len(targets), recall_at_k=recall_at_k, precision_at_k=precision_at_k,
    )


def _per_predicate(items: Iterable[tuple[str, Scores]]) -> tuple[tuple[str, Scores], ...]:
    return tuple(items)


@attrs.frozen(kw_only=True)
class MethodEvaluation:
    """How one matcher does on one shipped curated crosswalk (see
    :func:`evaluate_methods`)."""

    method: str
    crosswalk: str
    exact_close: int
    """How many curated exact/close pairs recall@k is measured on."""
    recall_at_1: float
    recall_at_5: float
    recall_at_5_any: float
    """recall@5 on the curated pairs of any predicate."""
    by_predicate: tuple[tuple[str, Scores], ...] = attrs.field(converter=_per_predicate)
    """Suggested rows per predicted predicate: TP = the curators have the same triple."""
    calibration_error: float
    """Expected calibration error of the confidences (10 bins)."""
    mean_confidence: float
    accepted_rate: float
    """The share of suggested rows the curators have (same triple)."""

    def precision(self, predicate: str) -> float | None:
        """Precision of the rows suggested with `predicate` (None if there are none)."""
        for p, s in self.by_predicate:
            if p == predicate and s.true_positives + s.false_positives:
                return s.precision
        return None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        data = {k: v for k, v in attrs.asdict(self, recurse=False).items()
                if k != "by_predicate"}
        data["by_predicate"] = {p: s.to_dict() for p, s in self.by_predicate}
        return data


def evaluate_methods(
    methods: Iterable[str] = ("tfidf", "embedding", "hybrid"),
) -> tuple[MethodEvaluation, ...]:
    """Evaluate matchers on every shipped curated crosswalk, leave one crosswalk out.

    For each method and shipped crosswalk the subject framework is matched against the
    object framework (top 5, over the element kinds the curators mapped on each side);
    predicates and confidences come from a calibration fitted on the *other* crosswalks
    only, so no crosswalk is scored by a model fitted on it.

    Parameters
    ----------
    methods : iterable of str
        Matcher names (``embedding`` and ``hybrid`` need the ``semantic`` extra).

    Returns
    -------
    tuple of MethodEvaluation
        By method (in the order given), then crosswalk (sorted).

    Examples
    --------
    >>> rows = evaluate_methods(["tfidf"])
    >>> [r.crosswalk for r in rows][:2]
    ['fe-pt-role__pt-nos', 'he-pt-policy__pt-nos']
    >>> all(0 <= r.recall_at_1 <= r.recall_at_5 <= 1 for r in rows)
    True
    """
    from competency.analysis._held_out import held_out, validation
    from competency.analysis.matchers import get_matcher
    from competency.crosswalk import Mapping

    out = []
    for name in methods:
        matcher = get_matcher(name)
        for held, predicates, confidences in held_out(matcher):
            mappings = [
                Mapping(subject_id=s, predicate_id=p, object_id=o,
                        mapping_justification=matcher.justification,
                        confidence=min(1.0, max(0.0, c)),
                        similarity_score=min(1.0, max(0.0, float(f[0]))))
                for s, o, p, c, f in zip(held.subject_ids, held.object_ids, predicates,
                                         confidences, held.features.tolist(), strict=True)]
            candidate = attrs.evolve(held.reference, mappings=mappings)
            close = evaluate(candidate, held.reference, ks=(1, 5),
                             ranked_predicates=("skos:exactMatch", "skos:closeMatch"))
            every = evaluate(candidate, held.reference, ks=(5,))
            scored = validation(name, held, predicates, confidences)
            out.append(MethodEvaluation(
                method=name, crosswalk=held.name, exact_close=close.ranked_total,
                recall_at_1=close.recall_at(1), recall_at_5=close.recall_at(5),
                recall_at_5_any=every.recall_at(5), by_predicate=close.by_predicate,
                calibration_error=scored.calibration_error,
                mean_confidence=scored.mean_confidence,
                accepted_rate=scored.accepted / scored.rows if scored.rows else 0.0))
    return tuple(out)
