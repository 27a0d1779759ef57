"""Composition: infer A→C mappings from A→B and B→C (``semapv:MappingChaining``).

The predicate of a chain is read from a table, :data:`COMPOSITION`. Row: the A→B predicate;
column: the B→C predicate; ``·`` means nothing is inferred.

===========  =======  =======  =======  =======  =======
A→B \\ B→C   exact    close    broad    narrow   related
===========  =======  =======  =======  =======  =======
exact        exact    close    broad    narrow   related
close        close    close    broad    narrow   related
broad        broad    broad    broad    ·        ·
narrow       narrow   narrow   ·        narrow   related
related      related  related  related  ·        ·
===========  =======  =======  =======  =======  =======

Why: ``skos:exactMatch`` is transitive and passes the other link through unchanged.
``a broadMatch b`` means b is broader, so broad∘broad = broad and narrow∘narrow = narrow;
broad∘narrow (two concepts under a common broader one) and narrow∘broad (two concepts
sharing a narrower one) say nothing about how a and c relate. ``skos:closeMatch`` is not
transitive in SKOS, so a chain of close matches is only a *candidate*: it is kept as close,
but its confidence is the product of the links (below). A related link survives a chain only
where the overlap is carried along: ``a relatedMatch b``, ``b broadMatch c`` (b lies within
c) gives ``a relatedMatch c``, and ``a narrowMatch b`` (b lies within a), ``b relatedMatch
c`` gives ``a relatedMatch c``; related∘narrow, broad∘related and related∘related infer
nothing (the overlap may lie in the part the chain leaves behind). No entry is stronger than
the weaker of its two links.

Confidence: the product of the two links' confidences (which never exceeds the weaker
link), or their minimum with ``confidence="min"``; ``None`` if either link has none.
When several chains reach the same (a, c) pair, the strongest predicate wins, then the
highest confidence, then the lowest intermediate id; the comment names every intermediate.
Negated mappings (``predicate_modifier: Not``) are not chained.

Examples
--------
>>> from competency.analysis import compose, COMPOSITION
>>> COMPOSITION["skos:narrowMatch", "skos:broadMatch"] is None
True
>>> from competency.analysis._examples import crosswalk_ab
>>> ab = crosswalk_ab()
>>> ba = ab.inverse()
>>> aa = compose(ab, ba)  # related∘related and broad∘narrow infer nothing
>>> [(m.subject_id, m.predicate_id, m.object_id, round(m.confidence, 6))
...  for m in aa.mappings]
... # doctest: +NORMALIZE_WHITESPACE
[('a:U1.K1', 'skos:closeMatch', 'a:U1.K1', 0.64),
 ('a:U1.P1', 'skos:exactMatch', 'a:U1.P1', 1.0)]
>>> aa.mappings[0].comment
'via b:S1.K1'
"""

from __future__ import annotations

from collections.abc import Mapping as MappingABC
from typing import Literal

from competency.analysis._mappings import predicate, prefixes
from competency.crosswalk import Crosswalk, Mapping, Predicate
from competency.errors import CrosswalkError, Problem

__all__ = ["COMPOSITION", "compose", "compose_predicates"]

_E, _C, _B, _N, _R = (p.value for p in (
    Predicate.EXACT_MATCH, Predicate.CLOSE_MATCH, Predicate.BROAD_MATCH,
    Predicate.NARROW_MATCH, Predicate.RELATED_MATCH))

COMPOSITION: MappingABC[tuple[str, str], str | None] = {
    (_E, _E): _E, (_E, _C): _C, (_E, _B): _B, (_E, _N): _N, (_E, _R): _R,
    (_C, _E): _C, (_C, _C): _C, (_C, _B): _B, (_C, _N): _N, (_C, _R): _R,
    (_B, _E): _B, (_B, _C): _B, (_B, _B): _B, (_B, _N): None, (_B, _R): None,
    (_N, _E): _N, (_N, _C): _N, (_N, _B): None, (_N, _N): _N, (_N, _R): _R,
    (_R, _E): _R, (_R, _C): _R, (_R, _B): _R, (_R, _N): None, (_R, _R): None,
}
"""(A→B predicate, B→C predicate) → A→C predicate, or ``None`` when nothing follows."""

CHAINING = "semapv:MappingChaining"


def compose_predicates(first: Predicate | str, second: Predicate | str) -> Predicate | None:
    """The predicate of a chain ``a first b``, ``b second c`` (``None``: no inference).

    Examples
    --------
    >>> compose_predicates("exact", "close")
    <Predicate.CLOSE_MATCH: 'skos:closeMatch'>
    >>> compose_predicates("narrow", "broad") is None
    True
    """
    result = COMPOSITION[predicate(first).value, predicate(second).value]
    return None if result is None else Predicate(result)


def _combine(x: float | None, y: float | None, rule: str) -> float | None:
    if x is None or y is None:
        return None
    return x * y if rule == "product" else min(x, y)


def compose(
    ab: Crosswalk,
    bc: Crosswalk,
    *,
    confidence: Literal["product", "min"] = "product",
    mapping_set_id: str | None = None,
) -> Crosswalk:
    """Infer the crosswalk A→C from A→B and B→C.

    Parameters
    ----------
    ab, bc : Crosswalk
        Crosswalks whose middle frameworks agree (`ab`'s object = `bc`'s subject).
    confidence : {"product", "min"}
        How the links' confidences combine; either way never above the weaker link.
    mapping_set_id : str, optional
        The id of the result (default: built from the two ids).

    Returns
    -------
    Crosswalk
        Mappings sorted by (subject, object), justification ``semapv:MappingChaining``,
        the licence of `ab`, the union of both curie maps.

    Raises
    ------
    CrosswalkError
        If the middle frameworks differ, or `confidence` is not a known rule.
    """
    if confidence not in ("product", "min"):
        raise CrosswalkError(Problem(message=f"unknown confidence rule {confidence!r}",
                                     expected="'product' or 'min'"))
    a, b1 = prefixes(ab)
    b2, c = prefixes(bc)
    if b1 != b2:
        raise CrosswalkError(Problem(
            message=f"cannot chain {a!r}→{b1!r} with {b2!r}→{c!r}: the middle frameworks differ",
            expected=f"a second crosswalk from {b1!r}",
            fix=f"Pass the crosswalk {b1}→{c} (or invert {c}→{b1} with .inverse())",
        ))
    onward: dict[str, list[Mapping]] = {}
    for m in bc.mappings:
        if not m.is_negated:
            onward.setdefault(m.subject_id, []).append(m)
    best: dict[tuple[str, str], tuple[tuple[int, float, str], Mapping, list[str]]] = {}
    for first in ab.mappings:
        if first.is_negated:
            continue
        for second in onward.get(first.object_id, ()):
            pred = COMPOSITION[first.predicate_id, second.predicate_id]
            if pred is None:
                continue
            conf = _combine(first.confidence, second.confidence, confidence)
            via = first.object_id
            key = (first.subject_id, second.object_id)
            rank = (-Predicate(pred).strength, -(conf if conf is not None else -1.0), via)
            mapping = Mapping(
                subject_id=first.subject_id, subject_label=first.subject_label,
                predicate_id=pred, object_id=second.object_id,
                object_label=second.object_label, mapping_justification=CHAINING,
                confidence=conf,
            )
            held = best.get(key)
            if held is None:
                best[key] = (rank, mapping, [via])
            else:
                if via not in held[2]:
                    held[2].append(via)
                if rank < held[0]:
                    best[key] = (rank, mapping, held[2])
    mappings = []
    for key in sorted(best):
        _, mapping, vias = best[key]
        comment = "via " + ", ".join(sorted(vias))
        mappings.append(_with_comment(mapping, comment))
    curie_map = dict(ab.curie_map)
    for prefix, iri in bc.curie_map:
        curie_map.setdefault(prefix, iri)
    return Crosswalk(
        mapping_set_id=mapping_set_id or f"{ab.mapping_set_id}+{bc.mapping_set_id}",
        mappings=mappings, curie_map=curie_map, license=ab.license,
        subject_source=ab.subject_source, object_source=bc.object_source,
        mapping_set_description=f"Composed from {ab.mapping_set_id} and "
                                f"{bc.mapping_set_id} (semapv:MappingChaining).",
    )


def _with_comment(mapping: Mapping, comment: str) -> Mapping:
    import attrs

    return attrs.evolve(mapping, comment=comment)
