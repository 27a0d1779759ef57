"""evaluate(): hand-checked precision/recall/F1, recall@k and precision@k, invariants."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from competency.analysis import evaluate
from competency.analysis._examples import crosswalk_ab, framework_a, framework_b
from competency.crosswalk import Crosswalk, Mapping
from competency.errors import CrosswalkError
from competency.model import Framework
from tests.analysis._strategies import crosswalk, framework_pairs_with_crosswalk


def _m(s: str, p: str, o: str, score: float | None = None) -> Mapping:
    return Mapping(subject_id=s, predicate_id=p, object_id=o, similarity_score=score,
                   mapping_justification="semapv:LexicalMatching")


def _candidate() -> Crosswalk:
    # ranked: U1.P1 -> S1.K1 (0.9) then S1.P1 (0.8); U1.K1 -> S1.K1 (0.7); U2.K1 -> S2.P1
    return crosswalk(framework_a(), framework_b(), [
        _m("a:U1.P1", "skos:closeMatch", "b:S1.P1", 0.8),
        _m("a:U1.P1", "skos:closeMatch", "b:S1.K1", 0.9),
        _m("a:U1.K1", "skos:closeMatch", "b:S1.K1", 0.7),
        _m("a:U2.K1", "skos:closeMatch", "b:S2.P1", 0.6),
    ])


def test_hand_checked_scores() -> None:
    ev = evaluate(_candidate(), crosswalk_ab())
    # reference positives: U1 rel S1, U1.P1 exact S1.P1, U1.K1 close S1.K1, U2.P1 broad S2.P1
    assert (ev.overall.true_positives, ev.overall.false_positives,
            ev.overall.false_negatives) == (1, 3, 3)
    assert ev.overall.precision == 0.25
    assert ev.overall.recall == 0.25
    assert ev.pairs.true_positives == 2
    assert ev.pairs.precision == 0.5
    assert ev.pairs.recall == 0.5
    assert ev.pairs.f1 == 0.5
    by = dict(ev.by_predicate)
    assert (by["skos:closeMatch"].precision, by["skos:closeMatch"].recall) == (0.25, 1.0)
    assert by["skos:exactMatch"].recall == 0.0


def test_recall_at_k_follows_the_ranking() -> None:
    ev = evaluate(_candidate(), crosswalk_ab(), ks=[1, 2],
                  ranked_predicates=["exact", "close"])
    assert ev.ranked_total == 2
    assert ev.recall_at(1) == 0.5  # U1.K1 found first; U1.P1's S1.P1 is second
    assert ev.recall_at(2) == 1.0
    # top-1 of each subject: U1.P1->S1.K1 (wrong), U1.K1->S1.K1 (right), U2.K1->S2.P1
    # (negated in the reference: wrong)
    assert ev.precision_at(1) == pytest.approx(1 / 3)


def test_a_reversed_candidate_is_inverted_to_the_reference() -> None:
    forward = evaluate(_candidate(), crosswalk_ab())
    assert evaluate(_candidate().inverse(), crosswalk_ab()) == forward


def test_crosswalks_between_other_frameworks_are_an_error() -> None:
    a = framework_a()
    other = crosswalk(a, a, [_m("a:U1.P1", "skos:closeMatch", "a:U1.K1")])
    with pytest.raises(CrosswalkError, match="same frameworks"):
        evaluate(other, crosswalk_ab())


@pytest.mark.parametrize("ks", [[0], [], [1, -5]])
def test_bad_k_is_an_error(ks: list[int]) -> None:
    with pytest.raises(CrosswalkError, match="bad k"):
        evaluate(_candidate(), crosswalk_ab(), ks=ks)


def test_empty_candidates_have_precision_1_and_recall_0() -> None:
    empty = crosswalk(framework_a(), framework_b(), [])
    ev = evaluate(empty, crosswalk_ab())
    assert (ev.overall.precision, ev.overall.recall, ev.overall.f1) == (1.0, 0.0, 0.0)


@settings(max_examples=80, deadline=None)
@given(framework_pairs_with_crosswalk())
def test_a_crosswalk_evaluated_against_itself_is_perfect(
    case: tuple[Framework, Framework, Crosswalk],
) -> None:
    _, _, cw = case
    ev = evaluate(cw, cw)
    assert ev.overall.precision == ev.overall.recall == ev.overall.f1 == 1.0
    assert ev.pairs.precision == ev.pairs.recall == 1.0
    assert all(s.precision == s.recall == 1.0 for _, s in ev.by_predicate)


@settings(max_examples=80, deadline=None)
@given(framework_pairs_with_crosswalk())
def test_scores_lie_between_0_and_1_and_recall_grows_with_k(
    case: tuple[Framework, Framework, Crosswalk],
) -> None:
    a, b, cw = case
    cand = crosswalk(a, b, [m for m in cw.mappings if m.is_negated][:3]
                     + [m for m in cw.mappings if not m.is_negated][::2])
    ev = evaluate(cand, cw, ks=[1, 2, 5])
    values = [ev.overall.precision, ev.overall.recall, ev.overall.f1, ev.pairs.f1]
    assert all(0.0 <= v <= 1.0 for v in values)
    recalls = [r for _, r in ev.recall_at_k]
    assert recalls == sorted(recalls)
