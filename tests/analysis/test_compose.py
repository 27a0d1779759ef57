"""compose(): the composition table, hand-checked chains, confidences, identity."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings

from competency.analysis import COMPOSITION, compose, compose_predicates
from competency.analysis._examples import crosswalk_ab, framework_a, framework_b
from competency.crosswalk import Crosswalk, Mapping, Predicate
from competency.errors import CrosswalkError
from competency.model import Framework
from tests.analysis._strategies import crosswalk, framework_pairs_with_crosswalk

P = ("skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch",
     "skos:relatedMatch")


def _m(s: str, p: str, o: str, c: float | None = 1.0) -> Mapping:
    return Mapping(subject_id=s, predicate_id=p, object_id=o, confidence=c,
                   mapping_justification="semapv:ManualMappingCuration")


def _identity(fw: Framework) -> Crosswalk:
    return crosswalk(fw, fw, [_m(e.id, "skos:exactMatch", e.id) for e in fw.elements])


def test_the_table_covers_every_pair_of_predicates() -> None:
    assert set(COMPOSITION) == set(itertools.product(P, P))


@pytest.mark.parametrize(("first", "second", "expected"), [
    ("exact", "exact", "skos:exactMatch"),
    ("exact", "close", "skos:closeMatch"),
    ("close", "exact", "skos:closeMatch"),
    ("broad", "broad", "skos:broadMatch"),
    ("narrow", "narrow", "skos:narrowMatch"),
    ("narrow", "broad", None),
    ("broad", "narrow", None),
    ("related", "related", None),
    ("exact", "related", "skos:relatedMatch"),
])
def test_documented_compositions(first: str, second: str, expected: str | None) -> None:
    result = compose_predicates(first, second)
    assert (None if result is None else result.value) == expected


def test_no_composition_is_stronger_than_its_weaker_link() -> None:
    for (x, y), z in COMPOSITION.items():
        if z is not None:
            assert Predicate(z).strength <= min(Predicate(x).strength, Predicate(y).strength)


def test_chains_through_the_middle_framework_with_multiplied_confidence() -> None:
    ab = crosswalk_ab()
    b = framework_b()
    c_fw = framework_a()  # chain a -> b -> a
    bc = crosswalk(b, c_fw, [_m("b:S1.P1", "skos:closeMatch", "a:U2.P1", 0.5),
                             _m("b:S2.P1", "skos:broadMatch", "a:U2.K1", 0.9)])
    ac = compose(ab, bc)
    got = [(m.subject_id, m.predicate_id, m.object_id, m.comment) for m in ac.mappings]
    assert got == [
        ("a:U1.P1", "skos:closeMatch", "a:U2.P1", "via b:S1.P1"),
        ("a:U2.P1", "skos:broadMatch", "a:U2.K1", "via b:S2.P1"),
    ]
    assert [m.confidence for m in ac.mappings] == pytest.approx([0.5, 0.63])
    assert {m.mapping_justification for m in ac.mappings} == {"semapv:MappingChaining"}


def test_min_rule_takes_the_weaker_confidence() -> None:
    a, b = framework_a(), framework_b()
    ab = crosswalk(a, b, [_m("a:U1.P1", "skos:exactMatch", "b:S1.P1", 0.8)])
    bc = crosswalk(b, a, [_m("b:S1.P1", "skos:exactMatch", "a:U1.K1", 0.6)])
    assert compose(ab, bc, confidence="min").mappings[0].confidence == 0.6
    assert compose(ab, bc).mappings[0].confidence == pytest.approx(0.48)


def test_several_chains_keep_the_strongest_and_name_every_intermediate() -> None:
    a, b = framework_a(), framework_b()
    ab = crosswalk(a, b, [_m("a:U1.P1", "skos:relatedMatch", "b:S1.P1", 0.9),
                          _m("a:U1.P1", "skos:exactMatch", "b:S1.K1", 0.7)])
    bc = crosswalk(b, a, [_m("b:S1.P1", "skos:exactMatch", "a:U2.P1", 1.0),
                          _m("b:S1.K1", "skos:closeMatch", "a:U2.P1", 1.0)])
    (m,) = compose(ab, bc).mappings
    assert (m.predicate_id, m.confidence, m.comment) == (
        "skos:closeMatch", 0.7, "via b:S1.K1, b:S1.P1")


def test_negated_mappings_are_not_chained() -> None:
    ab = crosswalk_ab()
    ac = compose(ab, _identity(framework_b()))
    assert "a:U2.K1" not in {m.subject_id for m in ac.mappings}


def test_missing_confidence_gives_none() -> None:
    a, b = framework_a(), framework_b()
    ab = crosswalk(a, b, [_m("a:U1.P1", "skos:exactMatch", "b:S1.P1", None)])
    assert compose(ab, _identity(b)).mappings[0].confidence is None


def test_crosswalks_that_do_not_meet_are_an_error() -> None:
    with pytest.raises(CrosswalkError, match="middle frameworks differ"):
        compose(crosswalk_ab(), crosswalk_ab())


def test_an_unknown_confidence_rule_is_an_error() -> None:
    ab = crosswalk_ab()
    with pytest.raises(CrosswalkError, match="unknown confidence rule"):
        compose(ab, ab.inverse(), confidence="mean")  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(framework_pairs_with_crosswalk())
def test_composing_with_an_identity_crosswalk_is_the_identity(
    case: tuple[Framework, Framework, Crosswalk],
) -> None:
    a, b, ab = case
    if not ab.mappings:
        return
    expected = sorted((m.subject_id, m.predicate_id, m.object_id, m.confidence)
                      for m in ab.mappings if not m.is_negated)
    for result in (compose(ab, _identity(b)), compose(_identity(a), ab)):
        got = sorted((m.subject_id, m.predicate_id, m.object_id, m.confidence)
                     for m in result.mappings)
        assert got == expected


@settings(max_examples=60, deadline=None)
@given(framework_pairs_with_crosswalk())
def test_a_composed_mapping_never_beats_its_weakest_link(
    case: tuple[Framework, Framework, Crosswalk],
) -> None:
    _, _, ab = case
    if not ab.mappings:
        return
    ba = ab.inverse()
    best_conf: dict[str, float] = {}
    for m in ab.mappings:
        if not m.is_negated and m.confidence is not None:
            best_conf[m.subject_id] = max(best_conf.get(m.subject_id, 0.0), m.confidence)
    for m in compose(ab, ba).mappings:
        if m.confidence is not None:
            assert m.confidence <= best_conf[m.subject_id] + 1e-9
