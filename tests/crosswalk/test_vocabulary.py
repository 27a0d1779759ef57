"""The SKOS predicate semantics and the semapv justifications."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from competency.crosswalk import CONFIDENCE_SCALE, Justification, Predicate, confidence_band

EXACT, CLOSE, BROAD, NARROW, RELATED = (
    Predicate.EXACT_MATCH, Predicate.CLOSE_MATCH, Predicate.BROAD_MATCH,
    Predicate.NARROW_MATCH, Predicate.RELATED_MATCH,
)


@given(st.sampled_from(Predicate))
def test_predicate_inverse_is_an_involution(p: Predicate) -> None:
    assert p.inverse.inverse is p


@given(st.sampled_from(Predicate))
def test_a_predicate_is_symmetric_exactly_when_it_is_its_own_inverse(p: Predicate) -> None:
    assert p.is_symmetric is (p.inverse is p)


@given(st.sampled_from(Predicate), st.sampled_from(Predicate))
def test_disjointness_is_symmetric(p: Predicate, q: Predicate) -> None:
    assert (q in p.disjoint_with) == (p in q.disjoint_with)


@given(st.sampled_from(Predicate))
def test_inverse_keeps_strength_and_disjointness(p: Predicate) -> None:
    assert p.inverse.strength == p.strength
    assert {q.inverse for q in p.disjoint_with} == p.inverse.disjoint_with


def test_skos_semantics_table() -> None:
    assert BROAD.inverse is NARROW
    assert {p for p in Predicate if p.is_symmetric} == {EXACT, CLOSE, RELATED}
    assert {p for p in Predicate if p.is_transitive} == {EXACT}
    assert EXACT.disjoint_with == {BROAD, NARROW, RELATED}
    assert CLOSE.disjoint_with == frozenset()
    assert [p.strength for p in (EXACT, CLOSE, BROAD, NARROW, RELATED)] == [4, 3, 2, 2, 1]


def test_predicates_and_justifications_expand_to_their_iris() -> None:
    assert EXACT.iri == "http://www.w3.org/2004/02/skos/core#exactMatch"
    assert (Justification.MANUAL_MAPPING_CURATION.iri
            == "https://w3id.org/semapv/vocab/ManualMappingCuration")


def test_the_required_semapv_terms_are_there() -> None:
    names = {j.value for j in Justification}
    for term in ("ManualMappingCuration", "LexicalMatching", "MappingChaining",
                 "CompositeMatching", "UnspecifiedMatching",
                 "SemanticSimilarityThresholdMatching", "MappingReview"):
        assert f"semapv:{term}" in names


def test_every_justification_has_a_label_and_a_known_parent() -> None:
    for j in Justification:
        assert j.label
        assert j.parent is None or j.parent in Justification


def test_only_manual_curation_and_review_are_human_judgement() -> None:
    assert {j for j in Justification if j.is_human_judgement} == {
        Justification.MANUAL_MAPPING_CURATION, Justification.MAPPING_REVIEW}


def test_an_ai_assistants_curation_has_its_own_semapv_term_not_in_sssom_1_0() -> None:
    llm = Justification("semapv:LLMBasedMatching")
    assert llm.iri == "https://w3id.org/semapv/vocab/LLMBasedMatching"
    assert not llm.in_sssom_1_0
    assert Justification.MANUAL_MAPPING_CURATION.in_sssom_1_0


@given(st.floats(min_value=0.0, max_value=1.0))
def test_every_confidence_falls_in_exactly_one_band(confidence: float) -> None:
    band = confidence_band(confidence)
    assert band.low <= confidence
    higher = [b for b in CONFIDENCE_SCALE if b.low > band.low]
    assert all(confidence < b.low for b in higher)


def test_a_confidence_outside_0_to_1_has_no_band() -> None:
    with pytest.raises(ValueError, match="outside"):
        confidence_band(1.5)
