"""Two tiny frameworks and a crosswalk between them, for doctests and docs (private).

``a`` has units U1 (P1, K1) and U2 (P1, K1); ``b`` has standards S1 (P1, K1) and S2 (P1).
The crosswalk maps a:U1.P1 exact b:S1.P1 (1.0), a:U1.K1 close b:S1.K1 (0.8), a:U2.P1 broad
b:S2.P1 (0.7), a:U1 related b:S1 (0.5), and records a:U2.K1 as *not* close to b:S2.P1.
"""

from __future__ import annotations

from competency.crosswalk import Crosswalk, Mapping
from competency.model import Criterion, Framework, KnowledgeItem, Relation, Unit

__all__ = ["crosswalk_ab", "framework_a", "framework_b"]


def framework_a() -> Framework:
    """Framework ``a``: two units of one criterion and one knowledge item each."""
    return Framework(
        id="a", title="Framework A", base_iri="https://example.org/a/",
        elements=[
            Unit(id="a:U1", text="Plan learning", title="Plan learning"),
            Criterion(id="a:U1.P1", text="agree learning goals with each learner"),
            KnowledgeItem(id="a:U1.K1", text="ways to set learning goals"),
            Unit(id="a:U2", text="Review progress", title="Review progress"),
            Criterion(id="a:U2.P1", text="review progress against learning goals"),
            KnowledgeItem(id="a:U2.K1", text="sources of feedback on progress"),
        ],
        relations=[Relation("a:U1", "contains", "a:U1.P1"),
                   Relation("a:U1", "contains", "a:U1.K1"),
                   Relation("a:U2", "contains", "a:U2.P1"),
                   Relation("a:U2", "contains", "a:U2.K1")],
    )


def framework_b() -> Framework:
    """Framework ``b``: standard S1 (a criterion and a knowledge item), S2 (a criterion)."""
    return Framework(
        id="b", title="Framework B", base_iri="https://example.org/b/",
        elements=[
            Unit(id="b:S1", text="Support learning", title="Support learning"),
            Criterion(id="b:S1.P1", text="agree learning goals with the learner"),
            KnowledgeItem(id="b:S1.K1", text="how learning goals are set"),
            Unit(id="b:S2", text="Assess learning", title="Assess learning"),
            Criterion(id="b:S2.P1", text="review progress against goals and record feedback"),
        ],
        relations=[Relation("b:S1", "contains", "b:S1.P1"),
                   Relation("b:S1", "contains", "b:S1.K1"),
                   Relation("b:S2", "contains", "b:S2.P1")],
    )


def _mapping(subject: str, predicate: str, obj: str, confidence: float,
             modifier: str | None = None) -> Mapping:
    return Mapping(subject_id=subject, predicate_id=predicate, object_id=obj,
                   mapping_justification="semapv:ManualMappingCuration",
                   confidence=confidence, predicate_modifier=modifier)


def crosswalk_ab() -> Crosswalk:
    """The example crosswalk from ``a`` to ``b``."""
    return Crosswalk(
        mapping_set_id="https://example.org/a__b.sssom.tsv",
        license="https://creativecommons.org/licenses/by/4.0/",
        curie_map={"a": "https://example.org/a/", "b": "https://example.org/b/"},
        mappings=[
            _mapping("a:U1", "skos:relatedMatch", "b:S1", 0.5),
            _mapping("a:U1.P1", "skos:exactMatch", "b:S1.P1", 1.0),
            _mapping("a:U1.K1", "skos:closeMatch", "b:S1.K1", 0.8),
            _mapping("a:U2.P1", "skos:broadMatch", "b:S2.P1", 0.7),
            _mapping("a:U2.K1", "skos:closeMatch", "b:S2.P1", 0.9, "Not"),
        ],
    )
