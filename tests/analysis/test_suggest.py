"""suggest(): ranking, SSSOM fields, determinism, bad input, quality on the shipped data."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings

import competency
from competency.analysis import evaluate, suggest
from competency.analysis._examples import framework_a, framework_b
from competency.analysis._text import features, normalise, tfidf
from competency.analysis._topk import top_k
from competency.analysis.matchers import Candidates
from competency.crosswalk import Predicate, load_crosswalk
from competency.errors import CrosswalkError, StructureError
from competency.model import Criterion, Element, Framework, Relation, Unit
from tests.analysis._strategies import frameworks


def test_near_verbatim_pairs_are_ranked_first_with_similarity_1() -> None:
    cw = suggest(framework_a(), framework_b(), top=3)
    first = cw.mappings[0]
    assert (first.subject_id, first.object_id) == ("a:U1.P1", "b:S1.P1")
    assert first.similarity_score == 1.0
    assert first.comment == "rank 1 of 3"


def test_suggested_mappings_pass_the_mapping_validators() -> None:
    import attrs

    pt, ls = competency.load("pt-nos"), competency.load("ls-nos")
    for m in suggest(pt, ls, top=2).mappings:
        assert attrs.evolve(m) == m  # evolve re-runs every validator


def test_suggestions_carry_the_sssom_provenance_slots() -> None:
    for m in suggest(framework_a(), framework_b()).mappings:
        assert m.mapping_justification == "semapv:LexicalMatching"
        assert m.similarity_measure is not None
        assert m.similarity_score is not None
        assert m.confidence is not None
        assert 0 < m.confidence < 1
        assert m.predicate_id in {p.value for p in Predicate}
    cw = suggest(framework_a(), framework_b())
    assert cw.mapping_tool == "competency"
    assert (cw.mapping_tool_version or "").endswith("; tfidf tfidf-1")


def test_confidence_is_the_calibrated_acceptance_not_the_raw_score() -> None:
    from competency.analysis.calibration import calibration_for
    from competency.analysis.matchers import get_matcher

    cal = calibration_for(get_matcher("tfidf"))
    cw = suggest(framework_a(), framework_b(), top=1)
    first = cw.mappings[0]  # rank 1, gap 0, criterion against criterion, same text: no
    assert first.similarity_score == 1.0  # other subject's candidate scores it higher
    accept = cal.acceptance(score=first.similarity_score, gap=0.0, rank=1, same_level=True,
                            reciprocal=True)
    predicate, share = cal.predicate("item>item", first.similarity_score)
    assert first.predicate_id == predicate
    assert first.confidence == pytest.approx(accept * share, abs=1e-6)


def test_each_subject_gets_at_most_top_candidates_best_first() -> None:
    cw = suggest(framework_a(), framework_b(), top=2)
    by_subject: dict[str, list[float]] = {}
    for m in cw.mappings:
        assert m.similarity_score is not None
        by_subject.setdefault(m.subject_id, []).append(m.similarity_score)
    assert all(len(v) <= 2 and v == sorted(v, reverse=True) for v in by_subject.values())


def test_an_exact_threshold_turns_high_similarities_into_exact_matches() -> None:
    cw = suggest(framework_a(), framework_b(), exact_threshold=0.99)
    exact = {(m.subject_id, m.object_id) for m in cw.mappings
             if m.predicate_id == "skos:exactMatch"}
    assert exact == {(m.subject_id, m.object_id) for m in cw.mappings
                     if m.similarity_score is not None and m.similarity_score >= 0.99}
    assert exact == {("a:U1.P1", "b:S1.P1")}


def test_min_confidence_drops_only_the_less_confident_rows() -> None:
    pt, ls = competency.load("pt-nos"), competency.load("ls-nos")
    everything = suggest(pt, ls, top=5)
    kept = suggest(pt, ls, top=5, min_confidence=0.2)
    assert 0 < len(kept.mappings) < len(everything.mappings)
    assert all(m.confidence is not None and m.confidence >= 0.2 for m in kept.mappings)
    assert set(kept.mappings) == {m for m in everything.mappings
                                  if m.confidence is not None and m.confidence >= 0.2}


@pytest.mark.parametrize("bad", [-0.1, 1.5, True])
def test_min_confidence_outside_0_1_is_an_error(bad: float) -> None:
    with pytest.raises(CrosswalkError, match="min_confidence must be in"):
        suggest(framework_a(), framework_b(), min_confidence=bad)


@pytest.mark.parametrize("top", [0, -1])
def test_top_below_1_is_an_error(top: int) -> None:
    with pytest.raises(CrosswalkError, match="top must be a whole number"):
        suggest(framework_a(), framework_b(), top=top)


def test_an_empty_framework_is_an_error() -> None:
    empty = Framework(id="e", title="E", base_iri="https://example.org/e/",
                      elements=[Unit(id="e:U1", text="a unit")])
    with pytest.raises(StructureError, match="'e' has no elements"):
        suggest(empty, framework_b())


def test_ties_are_broken_by_object_id() -> None:
    a = Framework(id="x", title="X", base_iri="https://example.org/x/",
                  elements=[Unit(id="x:U", text="u"), Criterion(id="x:P", text="plan")],
                  relations=[Relation("x:U", "contains", "x:P")])
    b = Framework(id="y", title="Y", base_iri="https://example.org/y/",
                  elements=[Criterion(id="y:Z", text="plan"), Criterion(id="y:A", text="plan"),
                            Criterion(id="y:M", text="plan")])
    assert [m.object_id for m in suggest(a, b, top=2).mappings] == ["y:A", "y:M"]


class _EveryPair:
    """A matcher pairing every left element with every right one at score 0.5."""

    name = "every-pair"
    similarity_measure = "none: a test matcher"
    justification = "semapv:LexicalMatching"
    version = "1"

    def match(self, left: Sequence[Element], right: Sequence[Element], top: int, *,
              progress: object = None) -> Candidates:
        pairs = [(i, j) for i in range(len(left)) for j in range(min(top, len(right)))]
        return Candidates(left=[i for i, _ in pairs], right=[j for _, j in pairs],
                          score=[0.5] * len(pairs))


def test_an_element_text_of_control_characters_gets_no_label_not_a_crash() -> None:
    # "\x01\x02" is a valid element text, but nothing of it is left in one SSSOM cell
    a = Framework(id="x", title="X", base_iri="https://example.org/x/",
                  elements=[Criterion(id="x:P", text="\x01\x02"),
                            Criterion(id="x:Q", text="plan\x00the day")])
    b = Framework(id="y", title="Y", base_iri="https://example.org/y/",
                  elements=[Criterion(id="y:A", text="\x03")])
    found = suggest(a, b, top=1, method=_EveryPair())
    assert [(m.subject_label, m.object_label) for m in found.mappings] == [
        (None, None), ("plan the day", None)]


def test_the_stemmer_joins_inflections() -> None:
    assert features("engaging learners") == features("engage learner")
    assert normalise("Plan, review; RECORD.") == "plan review record"


@settings(max_examples=40, deadline=None)
@given(frameworks("a"), frameworks("b"))
def test_dense_and_sparse_products_agree(a: Framework, b: Framework) -> None:
    rows = tfidf([e.text for e in a.elements], [e.text for e in b.elements])
    dense = top_k(rows, 3, dense=True)
    sparse = top_k(rows, 3, dense=False)
    assert dense[0].tolist() == sparse[0].tolist()
    assert dense[1].tolist() == sparse[1].tolist()
    assert dense[2].tolist() == pytest.approx(sparse[2].tolist(), abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(frameworks("a"), frameworks("b"))
def test_suggest_is_deterministic(a: Framework, b: Framework) -> None:
    assert suggest(a, b, top=2) == suggest(a, b, top=2)


def test_shipped_quality_meets_the_targets() -> None:
    pt, ls = competency.load("pt-nos"), competency.load("ls-nos")
    ev = evaluate(suggest(pt, ls, top=5), load_crosswalk("pt-nos", "ls-nos"),
                  ranked_predicates=["exact", "close"])
    assert ev.recall_at(5) >= 0.8
    assert ev.recall_at(1) >= 0.6


def test_every_near_verbatim_curated_pair_is_ranked_first() -> None:
    pt, ls = competency.load("pt-nos"), competency.load("ls-nos")
    top1 = {m.subject_id: m.object_id for m in suggest(pt, ls, top=1).mappings}
    curated = load_crosswalk("pt-nos", "ls-nos")
    near = [m for m in curated.mappings
            if (not m.is_negated and m.predicate_id == "skos:exactMatch")
            or (m.comment or "").startswith("Near-verbatim")]
    assert near
    assert [(m.subject_id, top1.get(m.subject_id)) for m in near] == [
        (m.subject_id, m.object_id) for m in near]
