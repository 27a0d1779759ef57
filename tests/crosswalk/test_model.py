"""Mapping and Crosswalk: value objects, validated on construction, invertible."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from competency.crosswalk import Crosswalk, Mapping, Predicate, SourceMap
from competency.errors import CrosswalkError, Location, Pointer, Position

from ._strategies import crosswalks, mappings

CURIE_MAP = {"a": "https://example.org/a/", "b": "https://example.org/b/"}


def mapping(subject: str = "a:1", predicate: str = "skos:closeMatch", object: str = "b:1",
            **kwargs: Any) -> Mapping:
    return Mapping(subject_id=subject, predicate_id=predicate, object_id=object,
                   mapping_justification="semapv:ManualMappingCuration", **kwargs)


def crosswalk(*items: Mapping, **kwargs: Any) -> Crosswalk:
    fields: dict[str, Any] = {"mapping_set_id": "https://example.org/a__b",
                              "license": "https://example.org/licence", "curie_map": CURIE_MAP}
    fields.update(kwargs)
    return Crosswalk(mappings=items, **fields)


def messages(exc: pytest.ExceptionInfo[CrosswalkError]) -> list[tuple[Location | None, str]]:
    """(location, message as printed) of every problem."""
    return [(p.location, p.full_message) for p in exc.value.problems]


@given(mappings())
def test_inverting_a_mapping_twice_gives_it_back(m: Mapping) -> None:
    assert m.inverted().inverted() == m


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(crosswalks())
def test_inverting_a_crosswalk_twice_gives_it_back(cw: Crosswalk) -> None:
    assert cw.inverse().inverse() == cw


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(crosswalks())
def test_the_inverse_maps_objects_to_subjects_with_inverse_predicates(cw: Crosswalk) -> None:
    inverse = cw.inverse()
    assert len(inverse) == len(cw)
    for m, n in zip(cw, inverse, strict=True):
        assert (n.subject_id, n.object_id) == (m.object_id, m.subject_id)
        assert (n.subject_label, n.object_label) == (m.object_label, m.subject_label)
        assert n.predicate is m.predicate.inverse
        assert n.is_negated == m.is_negated
        assert (n.confidence, n.comment) == (m.confidence, m.comment)
    assert (inverse.subject_source, inverse.object_source) == (
        cw.object_source, cw.subject_source)


def test_broad_becomes_narrow_and_symmetric_predicates_are_kept() -> None:
    cw = crosswalk(mapping("a:1", "skos:broadMatch", "b:1"),
                   mapping("a:2", "skos:relatedMatch", "b:2"))
    assert [(m.subject_id, m.predicate_id, m.object_id) for m in cw.inverse()] == [
        ("b:1", "skos:narrowMatch", "a:1"), ("b:2", "skos:relatedMatch", "a:2")]
    assert (cw.inverse().subject_prefix, cw.inverse().object_prefix) == ("b", "a")


def test_enum_values_are_stored_as_curies_and_ints_as_floats() -> None:
    m = Mapping(subject_id="a:1", predicate_id=Predicate.EXACT_MATCH, object_id="b:1",
                mapping_justification="semapv:LexicalMatching", confidence=1)
    assert m.predicate_id == "skos:exactMatch"
    assert m.confidence == 1.0
    assert isinstance(m.confidence, float)


@pytest.mark.parametrize(("field", "value", "says"), [
    ("subject_id", "not a curie", "is not a CURIE"),
    ("predicate_id", "skos:sameAs", "unknown predicate 'skos:sameAs'"),
    ("mapping_justification", "semapv:Guessing", "unknown mapping justification"),
    ("confidence", 1.5, "1.5 is outside 0–1"),
    ("confidence", -0.1, "is outside 0–1"),
    ("confidence", float("nan"), "is outside 0–1"),
    ("predicate_modifier", "Maybe", "unknown predicate modifier 'Maybe'"),
    ("comment", "two\nlines", "contains the control character '\\n'"),
    ("comment", " padded", "has leading or trailing whitespace"),
    ("author_label", ("a|b",), "contains '|'"),
    ("mapping_date", "23/11/2026", "is not a date"),
])
def test_a_bad_slot_value_is_refused_naming_the_slot(field: str, value: object,
                                                      says: str) -> None:
    fields: dict[str, Any] = {"subject_id": "a:1", "predicate_id": "skos:closeMatch",
                              "object_id": "b:1",
                              "mapping_justification": "semapv:ManualMappingCuration"}
    fields[field] = value
    with pytest.raises(ValueError, match=rf"^{field}: .*{_escape(says)}"):
        Mapping(**fields)


def _escape(text: str) -> str:
    import re

    return re.escape(text)


def test_negated_mappings_are_kept_and_flagged() -> None:
    m = mapping(predicate_modifier="Not")
    assert m.is_negated
    assert not mapping().is_negated
    assert crosswalk(m).mappings == (m,)


def test_a_duplicate_triple_is_refused_with_both_positions() -> None:
    with pytest.raises(CrosswalkError) as exc:
        crosswalk(mapping(), mapping("a:2"), mapping(comment="again"))
    assert messages(exc) == [(
        Pointer("mappings", 2, "subject_id"),
        "duplicate mapping a:1 skos:closeMatch b:1 (first at /mappings/0)")]
    [problem] = exc.value.problems
    assert (problem.related, problem.related_as) == (Pointer("mappings", 0), "first at")
    assert problem.message == "duplicate mapping a:1 skos:closeMatch b:1"


@pytest.mark.parametrize("other", ["skos:broadMatch", "skos:narrowMatch", "skos:relatedMatch"])
def test_exact_match_with_a_disjoint_predicate_on_one_pair_is_refused(other: str) -> None:
    with pytest.raises(CrosswalkError) as exc:
        crosswalk(mapping(predicate="skos:exactMatch"), mapping(predicate=other))
    assert messages(exc) == [(
        Pointer("mappings", 1, "predicate_id"),
        f"a:1 and b:1 are mapped with {other} and also with skos:exactMatch (at /mappings/0), "
        "which SKOS makes disjoint")]


def test_exact_and_close_match_on_one_pair_are_allowed() -> None:
    cw = crosswalk(mapping(predicate="skos:exactMatch"), mapping(predicate="skos:closeMatch"))
    assert len(cw) == 2


def test_a_negated_broad_match_does_not_clash_with_an_exact_match() -> None:
    cw = crosswalk(mapping(predicate="skos:exactMatch"),
                   mapping(predicate="skos:broadMatch", predicate_modifier="Not"))
    assert len(cw) == 2


def test_a_mapping_both_asserted_and_negated_is_refused() -> None:
    with pytest.raises(CrosswalkError) as exc:
        crosswalk(mapping(), mapping(predicate_modifier="Not"))
    assert messages(exc) == [(
        Pointer("mappings", 1, "predicate_modifier"),
        "a:1 skos:closeMatch b:1 is both asserted and negated (the other at /mappings/0)")]
    assert exc.value.problems[0].related == Pointer("mappings", 0)


def test_an_undeclared_prefix_is_reported_once() -> None:
    with pytest.raises(CrosswalkError) as exc:
        crosswalk(mapping(object="c:1"), mapping("a:2", object="c:2"),
                  curie_map={"a": "https://example.org/a/"})
    assert messages(exc) == [
        (Pointer("mappings", 0, "object_id"), "the prefix 'c' of 'c:1' is not in the curie_map")]


def test_mappings_from_two_subject_frameworks_are_refused() -> None:
    with pytest.raises(CrosswalkError) as exc:
        crosswalk(mapping(), mapping("b:9", object="b:2"))
    assert messages(exc) == [(
        Pointer("mappings", 1, "subject_id"),
        "subject_id 'b:9' is not from the framework 'a' of the first mapping's subject_id "
        "'a:1'")]


def test_a_source_that_names_another_framework_is_refused() -> None:
    with pytest.raises(CrosswalkError) as exc:
        crosswalk(mapping(), subject_source="https://example.org/c/",
                  curie_map={**CURIE_MAP})
    assert messages(exc) == [(
        Pointer("subject_source"),
        "subject_source 'https://example.org/c/' does not name the framework 'a' of the "
        "subject_ids")]


def test_an_empty_crosswalk_takes_its_frameworks_from_the_sources() -> None:
    cw = crosswalk(subject_source="competency:a", object_source="competency:b",
                   curie_map={"competency": "https://w3id.org/competency/"})
    assert (cw.subject_prefix, cw.object_prefix) == ("a", "b")
    with pytest.raises(CrosswalkError, match="a crosswalk without mappings has no"):
        crosswalk()


def test_a_built_in_prefix_cannot_be_redefined() -> None:
    with pytest.raises(ValueError, match="redefines the built-in prefix 'skos'"):
        crosswalk(curie_map={**CURIE_MAP, "skos": "https://example.org/skos#"})


def test_the_curie_map_compares_as_a_map() -> None:
    one = crosswalk(mapping(), curie_map={"a": CURIE_MAP["a"], "b": CURIE_MAP["b"]})
    two = crosswalk(mapping(), curie_map=[("b", CURIE_MAP["b"]), ("a", CURIE_MAP["a"])])
    assert one == two
    assert one.curie_map == (("a", CURIE_MAP["a"]), ("b", CURIE_MAP["b"]))


def test_where_a_crosswalk_was_read_from_is_not_part_of_its_value() -> None:
    plain = crosswalk(mapping())
    located = attrs.evolve(plain, source_map=SourceMap(file="x.tsv", columns=("subject_id",),
                                                       mapping_lines=(7,)))
    assert located == plain
    assert hash(located) == hash(plain)
    assert located.line(0) == 7
    assert plain.line(0) is None
    assert located.locate(0, "subject_id") == Position(7, 1)


def test_a_crosswalk_is_a_sequence_of_its_mappings() -> None:
    items = (mapping(), mapping("a:2"))
    cw = crosswalk(*items)
    assert len(cw) == 2
    assert tuple(cw) == items
