"""Reading mappings from either side of a crosswalk, with thresholds (private)."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from competency.crosswalk import Crosswalk, Predicate
from competency.errors import CrosswalkError, Problem

__all__ = ["Link", "check_confidence", "links", "predicate", "prefixes"]


def predicate(value: Predicate | str) -> Predicate:
    """`value` as a :class:`Predicate` (a CURIE, or its short name such as ``"close"``)."""
    if isinstance(value, Predicate):
        return value
    text = str(value)
    short = {p.value.removeprefix("skos:").removesuffix("Match").lower(): p for p in Predicate}
    if text in short:
        return short[text]
    try:
        return Predicate(text)
    except ValueError:
        known = ", ".join(p.value for p in Predicate)
        raise ValueError(f"unknown predicate {value!r}; known predicates: {known} "
                         "(or exact, close, broad, narrow, related)") from None


def prefixes(crosswalk: Crosswalk) -> tuple[str, str]:
    """The (subject, object) framework ids of `crosswalk`."""
    return crosswalk.subject_prefix, crosswalk.object_prefix


@attrs.frozen
class Link:
    """A positive mapping read from one side: `own` --predicate--> `other`."""

    own: str
    predicate: Predicate
    other: str
    confidence: float | None


def links(
    crosswalk: Crosswalk,
    *,
    from_subject: bool,
    min_predicate: Predicate | str = "skos:relatedMatch",
    min_confidence: float = 0.0,
) -> Iterator[Link]:
    """The crosswalk's non-negated mappings passing the thresholds, read from the subject side
    (as written) or from the object side (inverted: broad ↔ narrow).

    A mapping without a confidence passes only a zero `min_confidence`.
    """
    floor = predicate(min_predicate).strength
    for mapping in crosswalk.mappings:
        if mapping.is_negated:
            continue
        pred = Predicate(mapping.predicate_id)
        if pred.strength < floor:
            continue
        conf = mapping.confidence
        if min_confidence > 0.0 and (conf is None or conf < min_confidence):
            continue
        if from_subject:
            yield Link(mapping.subject_id, pred, mapping.object_id, conf)
        else:
            yield Link(mapping.object_id, pred.inverse, mapping.subject_id, conf)


def check_confidence(value: float) -> float:
    """Validate a confidence threshold."""
    if not 0.0 <= value <= 1.0:
        raise CrosswalkError(Problem(
            message=f"min_confidence {value!r} is outside 0..1",
            expected="a confidence threshold between 0 and 1",
        ))
    return float(value)
