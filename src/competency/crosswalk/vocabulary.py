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

import attrs

__all__ = [
    "BUILT_IN_PREFIXES",
    "CONFIDENCE_SCALE",
    "PREFIXES",
    "ConfidenceBand",
    "Justification",
    "Predicate",
    "confidence_band",
]

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
    (``mapping_justification``).

    What each term means, its parent in semapv, whether a person's judgement made the
    mapping and whether the SSSOM 1.0 schema lists it are data (:attr:`label`,
    :attr:`definition`, :attr:`parent`, :attr:`is_human_judgement`, :attr:`in_sssom_1_0`).
    The machine-learning terms (``semapv:LLMBasedMatching`` and its relatives) were added to
    semapv in 2026 (mapping-commons/semantic-mapping-vocabulary pull request 29); the SSSOM
    1.0 schema's pattern does not list them yet, so ``sssom validate`` flags them, while the
    reference parser reads them.

    Examples
    --------
    >>> Justification.LLM_BASED_MATCHING.is_human_judgement
    False
    >>> Justification.LLM_BASED_MATCHING.parent
    <Justification.MACHINE_LEARNING_BASED_MATCHING: 'semapv:MachineLearningBasedMatching'>
    >>> Justification.MAPPING_REVIEW.label
    'mapping review'
    """

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
    """A candidate made otherwise was judged right (or wrong) by a reviewer."""
    UNSPECIFIED_MATCHING = "semapv:UnspecifiedMatching"
    """How the mapping was found is not recorded."""
    MACHINE_LEARNING_BASED_MATCHING = "semapv:MachineLearningBasedMatching"
    """Predicted by a machine-learning model."""
    EMBEDDING_BASED_MATCHING = "semapv:EmbeddingBasedMatching"
    """Found by comparing learned vector representations (embeddings)."""
    TRANSFORMER_BASED_MATCHING = "semapv:TransformerBasedMatching"
    """Found by comparing embeddings from a transformer model."""
    GRAPH_REPRESENTATION_LEARNING_BASED_MATCHING = (
        "semapv:GraphRepresentationLearningBasedMatching"
    )
    """Found by comparing embeddings learned from the graph structure."""
    LLM_BASED_MATCHING = "semapv:LLMBasedMatching"
    """Decided by a large language model (an AI assistant) judging the pair directly."""
    AGENT_BASED_MATCHING = "semapv:AgentBasedMatching"
    """Decided by an autonomous agent that plans steps and uses tools."""
    BOUNDED_PATH_MATCHING = "semapv:BoundedPathMatching"
    """Inferred from matched super- and subclasses (paths) of the two entities."""

    def __str__(self) -> str:
        return self.value

    @property
    def iri(self) -> str:
        """The full IRI, e.g. ``https://w3id.org/semapv/vocab/LexicalMatching``."""
        return _expand(self.value)

    @property
    def label(self) -> str:
        """The semapv preferred label, e.g. ``"manual mapping curation"``."""
        return _JUSTIFICATIONS[self.value][0]

    @property
    def parent(self) -> Justification | None:
        """The broader semapv process (``None`` below ``semapv:Matching`` and
        ``semapv:MappingActivity``, which are not justifications themselves)."""
        parent = _JUSTIFICATIONS[self.value][1]
        return None if parent is None else Justification(parent)

    @property
    def is_human_judgement(self) -> bool:
        """Whether a person's judgement made (or confirmed) the mapping: manual curation and
        review. An AI assistant's curation is ``semapv:LLMBasedMatching``, not this."""
        return self.value in _HUMAN

    @property
    def in_sssom_1_0(self) -> bool:
        """Whether the SSSOM 1.0 schema's ``mapping_justification`` pattern lists it."""
        return self.value not in _NEWER_THAN_SSSOM_1_0


# -- the semapv terms, as data: label, parent --------------------------------------------------

_JUSTIFICATIONS: Mapping[str, tuple[str, str | None]] = {
    "semapv:ManualMappingCuration": ("manual mapping curation", None),
    "semapv:LexicalMatching": ("lexical matching process", None),
    "semapv:LexicalSimilarityThresholdMatching": (
        "lexical similarity threshold-based matching process", None),
    "semapv:SemanticSimilarityThresholdMatching": (
        "semantic similarity threshold-based matching process", None),
    "semapv:LogicalReasoning": ("logical reasoning matching process", None),
    "semapv:StructuralMatching": ("structural matching process", None),
    "semapv:InstanceBasedMatching": ("instance-based matching process", None),
    "semapv:BackgroundKnowledgeBasedMatching": (
        "background knowledge-based matching process", None),
    "semapv:CompositeMatching": ("composite matching process", None),
    "semapv:MappingChaining": ("mapping chaining-based matching process", None),
    "semapv:MappingInversion": ("mapping inversion-based matching process", None),
    "semapv:MappingReview": ("mapping review", None),
    "semapv:UnspecifiedMatching": ("unspecified matching process", None),
    "semapv:MachineLearningBasedMatching": ("machine learning-based matching process", None),
    "semapv:EmbeddingBasedMatching": (
        "embedding-based matching process", "semapv:MachineLearningBasedMatching"),
    "semapv:TransformerBasedMatching": (
        "transformer-based matching process", "semapv:EmbeddingBasedMatching"),
    "semapv:GraphRepresentationLearningBasedMatching": (
        "graph representation learning-based matching process",
        "semapv:EmbeddingBasedMatching"),
    "semapv:LLMBasedMatching": (
        "LLM-based matching process", "semapv:MachineLearningBasedMatching"),
    "semapv:AgentBasedMatching": ("agent-based matching process", None),
    "semapv:BoundedPathMatching": ("bounded path matching", "semapv:StructuralMatching"),
}

_HUMAN: frozenset[str] = frozenset({"semapv:ManualMappingCuration", "semapv:MappingReview"})

_NEWER_THAN_SSSOM_1_0: frozenset[str] = frozenset({
    "semapv:MachineLearningBasedMatching", "semapv:EmbeddingBasedMatching",
    "semapv:TransformerBasedMatching", "semapv:GraphRepresentationLearningBasedMatching",
    "semapv:LLMBasedMatching", "semapv:AgentBasedMatching", "semapv:BoundedPathMatching",
})


# -- what a confidence value means ------------------------------------------------------------

@attrs.frozen
class ConfidenceBand:
    """One band of the confidence scale: confidences from :attr:`low` (inclusive) up to the
    next band's `low`.

    Attributes
    ----------
    low : float
        The least confidence in the band.
    name : str
        A one-word name (``"certain"``, ``"confident"``, ...).
    meaning : str
        What a curator asserts by giving a confidence in the band.
    """

    low: float
    name: str
    meaning: str


CONFIDENCE_SCALE: tuple[ConfidenceBand, ...] = (
    ConfidenceBand(0.95, "certain",
                   "the two texts say the same thing; checked word by word, nothing in "
                   "either is missing from the other"),
    ConfidenceBand(0.8, "confident",
                   "the predicate is right on a careful reading; the differences (wording, "
                   "role or context words) are named in the comment and do not change it"),
    ConfidenceBand(0.6, "probable",
                   "most careful readers would choose this predicate; one point could be "
                   "read another way (named in the comment)"),
    ConfidenceBand(0.4, "plausible",
                   "a defensible reading, but a reviewer could reasonably choose a weaker "
                   "predicate or no mapping"),
    ConfidenceBand(0.0, "doubtful",
                   "a candidate only (e.g. a suggestion from a similarity score), not "
                   "asserted until reviewed"),
)
"""What a mapping's ``confidence`` means in competency's crosswalks: SSSOM's definition (the
probability, in the author's judgement, that the mapping record — the predicate included —
is correct) cut into five named bands. For a negative mapping (``predicate_modifier`` Not) it
is the confidence that the predicate does *not* hold."""


def confidence_band(confidence: float) -> ConfidenceBand:
    """The band of :data:`CONFIDENCE_SCALE` holding `confidence` (0–1).

    Examples
    --------
    >>> confidence_band(0.85).name
    'confident'
    >>> confidence_band(0.5).name
    'plausible'
    """
    if not 0.0 <= confidence <= 1.0:
        raise ValueError(f"confidence {confidence!r} is outside 0–1")
    return next(band for band in CONFIDENCE_SCALE if confidence >= band.low)


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local
