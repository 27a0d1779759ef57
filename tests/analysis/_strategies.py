"""Hypothesis strategies: two small frameworks and crosswalks between them."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from competency.crosswalk import Crosswalk, Mapping
from competency.model import Criterion, Element, Framework, KnowledgeItem, Relation, Unit

PREDICATES = ("skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch",
              "skos:relatedMatch")
WORDS = ("learner", "support", "progress", "goal", "review", "plan", "record", "feedback",
         "safe", "team", "role", "practice", "assess", "agree", "needs")


@st.composite
def frameworks(draw: Any, prefix: str) -> Framework:
    """A framework of 1-3 units with 1-4 criteria/knowledge items each."""
    elements: list[Element] = []
    relations = []
    for u in range(draw(st.integers(1, 3))):
        unit_id = f"{prefix}:U{u}"
        elements.append(Unit(id=unit_id, text=f"Unit {u}", title=f"Unit {u}"))
        for i in range(draw(st.integers(1, 4))):
            words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))
            cls = draw(st.sampled_from((Criterion, KnowledgeItem)))
            item_id = f"{unit_id}.{i}"
            elements.append(cls(id=item_id, text=" ".join(words)))
            relations.append(Relation(unit_id, "contains", item_id))
    return Framework(id=prefix, title=f"Framework {prefix}",
                     base_iri=f"https://example.org/{prefix}/", elements=elements,
                     relations=relations)


def crosswalk(a: Framework, b: Framework, mappings: list[Mapping]) -> Crosswalk:
    """A crosswalk from `a` to `b` holding `mappings`."""
    return Crosswalk(
        mapping_set_id=f"https://example.org/{a.id}__{b.id}",
        mappings=mappings,
        curie_map={"competency": "https://w3id.org/competency/",
                   a.id: a.base_iri, b.id: b.base_iri},
        license="https://creativecommons.org/licenses/by/4.0/",
        subject_source=f"competency:{a.id}", object_source=f"competency:{b.id}",
    )


@st.composite
def crosswalks(draw: Any, a: Framework, b: Framework) -> Crosswalk:
    """A crosswalk from `a` to `b`: at most one mapping per (subject, object) pair, some
    negated, confidences in 0..1 (or none)."""
    pairs = draw(st.lists(
        st.tuples(st.sampled_from([e.id for e in a.elements]),
                  st.sampled_from([e.id for e in b.elements])),
        unique=True, max_size=12))
    mappings = []
    for s, o in pairs:
        mappings.append(Mapping(
            subject_id=s, object_id=o, predicate_id=draw(st.sampled_from(PREDICATES)),
            mapping_justification="semapv:ManualMappingCuration",
            confidence=draw(st.none() | st.floats(0.0, 1.0)),
            predicate_modifier=draw(st.sampled_from((None, None, None, "Not"))),
        ))
    return crosswalk(a, b, mappings)


@st.composite
def framework_pairs_with_crosswalk(draw: Any) -> tuple[Framework, Framework, Crosswalk]:
    """Frameworks ``a`` and ``b`` and a crosswalk from ``a`` to ``b``."""
    a = draw(frameworks("a"))
    b = draw(frameworks("b"))
    return a, b, draw(crosswalks(a, b))
