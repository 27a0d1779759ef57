"""The crosswalk vocabularies: SKOS mapping predicates and semapv justifications.

The semantics of the predicates are data tables (as sssom-py's ``inverse_map.yaml``), read
by the properties of :class:`Predicate`:

=================  =================  =========  ==========  ========  ==================
predicate          inverse            symmetric  transitive  strength  disjoint with
=================  =================  =========  ==========  ========  ==================
skos:exactMatch    skos:exactMatch    yes        yes         4         broad, narrow,
                                                                       related
skos:closeMatch    skos:closeMatch    yes        no          3
skos:broadMatch    skos:narrowMatch   no         no          2         exact
skos:narrowMatch   skos:broadMatch    no         no          2         exact
skos:relatedMatch  skos:relatedMatch  yes        no          1         exact
=================  =================  =========  ==========  ========  ==================

``subject skos:broadMatch object`` means the object is the broader concept. SKOS makes
``skos:exactMatch`` disjoint with ``skos:broadMatch`` and ``skos:relatedMatch`` (integrity
condition S46); as ``skos:narrowMatch`` is the inverse of ``skos:broadMatch``, it is disjoint
with ``skos:exactMatch`` too.

Examples
--------
>>> from competency.crosswalk import Predicate
>>> Predicate.BROAD_MATCH.inverse
<Predicate.NARROW_MATCH: 'skos:narrowMatch'>
>>> Predicate("skos:exactMatch").is_transitive
True
>>> sorted(p.value for p in Predicate.EXACT_MATCH.disjoint_with)
['skos:broadMatch', 'skos:narrowMatch', 'skos:relatedMatch']
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

__all__ = ["BUILT_IN_PREFIXES", "PREFIXES", "Justification", "Predicate"]

PREFIXES: Mapping[str, str] = {
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "semapv": "https://w3id.org/semapv/vocab/",
}
"""The IRIs of the vocabulary prefixes (the same as the reference SSSOM tooling's)."""

BUILT_IN_PREFIXES: Mapping[str, str] = {
    **PREFIXES,
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "sssom": "https://w3id.org/sssom/",
}
"""Prefixes every SSSOM reader knows without a ``curie_map`` entry (as in the reference
tooling); a ``curie_map`` may repeat them but must not give them other IRIs."""


class Predicate(enum.Enum):
    """The five SKOS mapping properties a :class:`~competency.crosswalk.Mapping` may use."""

    EXACT_MATCH = "skos:exactMatch"
    """The two elements can be used interchangeably."""
    CLOSE_MATCH = "skos:closeMatch"
    """Similar enough to be used interchangeably in some contexts."""
    BROAD_MATCH = "skos:broadMatch"
    """The object is broader than the subject."""
    NARROW_MATCH = "skos:narrowMatch"
    """The object is narrower than the subject."""
    RELATED_MATCH = "skos:relatedMatch"
    """Associated, neither broader nor narrower nor equivalent."""

    def __str__(self) -> str:
        return self.value

    @property
    def inverse(self) -> Predicate:
        """The predicate of the same mapping read from object to subject."""
        return Predicate(_INVERSE[self.value])

    @property
    def is_symmetric(self) -> bool:
        """Whether ``a p b`` implies ``b p a``."""
        return _INVERSE[self.value] == self.value

    @property
    def is_transitive(self) -> bool:
        """Whether ``a p b`` and ``b p c`` imply ``a p c`` (only ``skos:exactMatch``)."""
        return self.value in _TRANSITIVE

    @property
    def strength(self) -> int:
        """How strong a correspondence the predicate asserts: exact 4, close 3, broad and
        narrow 2, related 1."""
        return _STRENGTH[self.value]

    @property
    def disjoint_with(self) -> frozenset[Predicate]:
        """The predicates that must not also relate the same pair."""
        return frozenset(
            Predicate(b) for a, b in _DISJOINT_PAIRS if a == self.value
        ) | frozenset(Predicate(a) for a, b in _DISJOINT_PAIRS if b == self.value)

    @property
    def iri(self) -> str:
        """The full IRI, e.g. ``http://www.w3.org/2004/02/skos/core#exactMatch``."""
        return _expand(self.value)


# -- the semantics, as data ------------------------------------------------------------------

_INVERSE: Mapping[str, str] = {
    "skos:exactMatch": "skos:exactMatch",
    "skos:closeMatch": "skos:closeMatch",
    "skos:broadMatch": "skos:narrowMatch",
    "skos:narrowMatch": "skos:broadMatch",
    "skos:relatedMatch": "skos:relatedMatch",
}

_TRANSITIVE: frozenset[str] = frozenset({"skos:exactMatch"})

_STRENGTH: Mapping[str, int] = {
    "skos:exactMatch": 4,
    "skos:closeMatch": 3,
    "skos:broadMatch": 2,
    "skos:narrowMatch": 2,
    "skos:relatedMatch": 1,
}

_DISJOINT_PAIRS: frozenset[tuple[str, str]] = frozenset({
    ("skos:exactMatch", "skos:broadMatch"),
    ("skos:exactMatch", "skos:narrowMatch"),
    ("skos:exactMatch", "skos:relatedMatch"),
})


class Justification(enum.Enum):
    """The semapv matching processes a mapping may be justified by
    (``mapping_justification``)."""

    MANUAL_MAPPING_CURATION = "semapv:ManualMappingCuration"
    """A person chose the mapping by reading both elements."""
    LEXICAL_MATCHING = "semapv:LexicalMatching"
    """The texts match exactly (possibly after normalisation)."""
    LEXICAL_SIMILARITY_THRESHOLD_MATCHING = "semapv:LexicalSimilarityThresholdMatching"
    """A string-similarity score passed a threshold."""
    SEMANTIC_SIMILARITY_THRESHOLD_MATCHING = "semapv:SemanticSimilarityThresholdMatching"
    """A semantic (e.g. embedding) similarity score passed a threshold."""
    LOGICAL_REASONING = "semapv:LogicalReasoning"
    """Inferred by a reasoner."""
    STRUCTURAL_MATCHING = "semapv:StructuralMatching"
    """Inferred from the structure around the elements."""
    INSTANCE_BASED_MATCHING = "semapv:InstanceBasedMatching"
    """Inferred from shared instances."""
    BACKGROUND_KNOWLEDGE_BASED_MATCHING = "semapv:BackgroundKnowledgeBasedMatching"
    """Inferred through a third resource."""
    COMPOSITE_MATCHING = "semapv:CompositeMatching"
    """A combination of several matching processes."""
    MAPPING_CHAINING = "semapv:MappingChaining"
    """Composed from mappings A→B and B→C."""
    MAPPING_INVERSION = "semapv:MappingInversion"
    """The inverse of another mapping."""
    MAPPING_REVIEW = "semapv:MappingReview"
    """Confirmed by a reviewer."""
    UNSPECIFIED_MATCHING = "semapv:UnspecifiedMatching"
    """How the mapping was found is not recorded."""

    def __str__(self) -> str:
        return self.value

    @property
    def iri(self) -> str:
        """The full IRI, e.g. ``https://w3id.org/semapv/vocab/LexicalMatching``."""
        return _expand(self.value)


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local
