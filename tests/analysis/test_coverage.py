"""coverage(): hand-checked counts on the example frameworks, thresholds, bad input,
invariants."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

from competency.analysis import STRICT, Thresholds, coverage, coverage_levels
from competency.analysis._examples import crosswalk_ab, framework_a, framework_b
from competency.analysis.thresholds import default_kinds
from competency.crosswalk import Crosswalk, Mapping
from competency.errors import CrosswalkError, StructureError
from competency.model import ElementKind, Framework, Unit
from competency.rubric import dump_rubric, load_rubric
from competency.rubric.io import rubric_from_dict
from tests.analysis._strategies import framework_pairs_with_crosswalk
from tests.rubric._docs import small

PREDICATES = ("exact", "close", "broad", "narrow", "related")


def test_counts_criteria_and_knowledge_per_unit_and_in_total() -> None:
    cov = coverage(crosswalk_ab(), framework_a())
    assert (cov.covered, cov.total) == (3, 4)
    assert cov.fraction == 0.75
    assert [(u.unit_id, u.covered, u.total) for u in cov.units] == [
        ("a:U1", 2, 2), ("a:U2", 1, 2)]
    assert cov.uncovered_ids == ("a:U2.K1",)
    assert dict(cov.by_predicate) == {
        "skos:exactMatch": 1, "skos:closeMatch": 1, "skos:broadMatch": 1}


def test_unit_level_mappings_do_not_cover_the_units_items() -> None:
    cov = coverage(crosswalk_ab(), framework_a())
    assert all(c.element_id != "b:S1" for e in cov.elements for c in e.counterparts)


def test_negated_mappings_are_not_counterparts() -> None:
    cov = coverage(crosswalk_ab(), framework_a())
    assert not cov.element("a:U2.K1").is_covered


def test_object_side_reads_predicates_inverted() -> None:
    cov = coverage(crosswalk_ab(), framework_b())
    assert (cov.covered, cov.total) == (3, 3)
    best = cov.element("b:S2.P1").best
    assert best is not None
    assert (best.element_id, best.predicate_id) == ("a:U2.P1", "skos:narrowMatch")
    assert cov.other_id == "a"


def test_predicate_threshold_drops_weaker_mappings() -> None:
    cov = coverage(crosswalk_ab(), framework_a(), min_predicate="close")
    assert cov.covered_ids == ("a:U1.P1", "a:U1.K1")
    assert coverage(crosswalk_ab(), framework_a(), min_predicate="skos:exactMatch"
                    ).covered_ids == ("a:U1.P1",)


def test_confidence_threshold_drops_less_confident_mappings() -> None:
    cov = coverage(crosswalk_ab(), framework_a(), min_confidence=0.75)
    assert cov.covered_ids == ("a:U1.P1", "a:U1.K1")


def test_mappings_without_confidence_pass_only_a_zero_threshold() -> None:
    cw = crosswalk_ab()
    cw = attrs.evolve(cw, mappings=[attrs.evolve(m, confidence=None) for m in cw.mappings])
    assert coverage(cw, framework_a()).covered == 3
    assert coverage(cw, framework_a(), min_confidence=0.1).covered == 0


def test_kinds_choose_what_is_counted() -> None:
    cov = coverage(crosswalk_ab(), framework_a(), kinds=["knowledge"])
    assert [e.element_id for e in cov.elements] == ["a:U1.K1", "a:U2.K1"]


def test_a_crosswalk_for_other_frameworks_is_an_error() -> None:
    other = Framework(id="c", title="C", base_iri="https://example.org/c/",
                      elements=[Unit(id="c:U1", text="x")])
    with pytest.raises(CrosswalkError, match="maps 'a' to 'b', not 'c'"):
        coverage(crosswalk_ab(), other)


def test_a_crosswalk_naming_missing_elements_is_an_error() -> None:
    fw = framework_a()
    smaller = attrs.evolve(fw, elements=fw.elements[:3], relations=fw.relations[:2])
    with pytest.raises(CrosswalkError, match=r"'a:U2\.P1' is not an element"):
        coverage(crosswalk_ab(), smaller)


def test_a_framework_without_counted_elements_is_an_error() -> None:
    empty = Framework(id="a", title="A", base_iri="https://example.org/a/",
                      elements=[Unit(id="a:U1", text="x"), Unit(id="a:U1.P1", text="y"),
                                Unit(id="a:U1.K1", text="z"), Unit(id="a:U2", text="w"),
                                Unit(id="a:U2.P1", text="v"), Unit(id="a:U2.K1", text="u")])
    with pytest.raises(StructureError, match="no elements of kind"):
        coverage(crosswalk_ab(), empty)


@pytest.mark.parametrize("bad", [-0.1, 1.5])
def test_a_confidence_threshold_outside_0_1_is_an_error(bad: float) -> None:
    with pytest.raises(CrosswalkError, match=r"outside 0\.\.1"):
        coverage(crosswalk_ab(), framework_a(), min_confidence=bad)


def test_an_unknown_predicate_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown predicate"):
        coverage(crosswalk_ab(), framework_a(), min_predicate="skos:sameAs")


@settings(max_examples=60, deadline=None)
@given(framework_pairs_with_crosswalk())
def test_coverage_is_between_0_and_1_on_both_sides(
    case: tuple[Framework, Framework, Crosswalk],
) -> None:
    a, b, cw = case
    if not cw.mappings:
        return
    for fw in (a, b):
        cov = coverage(cw, fw)
        assert 0.0 <= cov.fraction <= 1.0
        assert all(0.0 <= u.fraction <= 1.0 for u in cov.units)
        assert sum(u.total for u in cov.units) == cov.total
        assert sum(u.covered for u in cov.units) == cov.covered


@settings(max_examples=60, deadline=None)
@given(framework_pairs_with_crosswalk())
def test_stricter_thresholds_never_cover_more(
    case: tuple[Framework, Framework, Crosswalk],
) -> None:
    a, _, cw = case
    if not cw.mappings:
        return
    counts = [coverage(cw, a, min_predicate=p).covered for p in ("exact", "close", "related")]
    assert counts == sorted(counts)
    assert coverage(cw, a, min_confidence=0.5).covered <= coverage(cw, a).covered


def test_a_framework_without_units_is_grouped_by_its_innermost_headings() -> None:
    import competency

    cov = coverage(competency.load_crosswalk("fe-pt-role", "pt-nos"),
                   competency.load("fe-pt-role"))
    groups = [u.unit_id for u in cov.units]
    assert groups[:2] == ["fe-pt-role:JD.S1", "fe-pt-role:JD.S2.1"]
    assert "fe-pt-role:JD" not in groups  # the part holding the headings is not a group
    assert "fe-pt-role:JD.S2" not in groups  # a heading with no items of its own
    assert sum(u.total for u in cov.units) == cov.total == 58


# -- one Thresholds value -------------------------------------------------------------------

def test_a_thresholds_value_gives_the_same_coverage_as_the_keyword_arguments() -> None:
    by_keywords = coverage(crosswalk_ab(), framework_a(), min_predicate="close",
                           min_confidence=0.5, kinds=["criterion"])
    by_value = coverage(crosswalk_ab(), framework_a(), thresholds=Thresholds(
        min_predicate="close", min_confidence=0.5, kinds=["criterion"]))
    assert by_value == by_keywords


def test_thresholds_and_keyword_arguments_together_are_refused() -> None:
    with pytest.raises(TypeError, match="either thresholds"):
        coverage(crosswalk_ab(), framework_a(), thresholds=STRICT, min_predicate="exact")


def test_hierarchical_admits_broad_and_narrow_but_not_related() -> None:
    cov = coverage(crosswalk_ab(), framework_a(), thresholds=Thresholds(
        min_predicate="hierarchical"))
    assert cov.min_predicate == "skos:broadMatch"
    assert (cov.covered, cov.thresholds.level) == (3, "hierarchical")
    assert coverage(crosswalk_ab(), framework_a(), thresholds=STRICT).covered == 2


def test_reviewed_only_counts_only_reviewed_mappings() -> None:
    cw = crosswalk_ab()
    reviewed = attrs.evolve(cw, mappings=[
        attrs.evolve(m, reviewer_id=("b:someone",)) if m.subject_id == "a:U1.P1" else m
        for m in cw.mappings], curie_map=dict(cw.curie_map))
    cov = coverage(reviewed, framework_a(), thresholds=Thresholds(reviewed_only=True))
    assert cov.covered_ids == ("a:U1.P1",)
    assert cov.describe() == ("1/4 (25%) — predicate ≥ related, confidence ≥ 0, kinds: "
                              "criterion, knowledge, reviewed mappings only")


def test_every_figure_carries_its_thresholds() -> None:
    cov = coverage(crosswalk_ab(), framework_a(), min_predicate="close", min_confidence=0.5)
    assert cov.describe() == ("2/4 (50%) — predicate ≥ close, confidence ≥ 0.5, kinds: "
                              "criterion, knowledge")
    assert cov.to_dict()["thresholds"] == ("predicate ≥ close, confidence ≥ 0.5, kinds: "
                                           "criterion, knowledge, duty, requirement, "
                                           "expectation")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"min_predicate": "skos:sameAs"}, "unknown predicate"),
    ({"min_confidence": 1.5}, r"outside 0\.\.1"),
    ({"kinds": ["colour"]}, "unknown element kind"),
    ({"kinds": []}, "kinds is empty"),
])
def test_bad_thresholds_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Thresholds(**kwargs)  # type: ignore[arg-type]


def test_a_rubric_is_counted_by_its_themes_by_default() -> None:
    import competency

    cw = competency.load_crosswalk("pt-self-assessment", "pt-nos")
    cov = coverage(cw, competency.load("pt-self-assessment"))
    assert cov.kinds == ("unit",)
    assert cov.total == 10
    assert cov.covered > 0  # the level descriptors, never mapped, are not what is counted
    descriptors = coverage(cw, competency.load("pt-self-assessment"), kinds=["criterion"])
    assert descriptors.covered == 0


@settings(max_examples=60, deadline=None)
@given(framework_pairs_with_crosswalk())
def test_coverage_levels_run_from_strictest_to_loosest(
    case: tuple[Framework, Framework, Crosswalk],
) -> None:
    a, _, cw = case
    if not cw.mappings:
        return
    levels = coverage_levels(cw, a)
    assert [c.thresholds.level for c in levels] == ["exact", "close", "hierarchical",
                                                    "related"]
    counts = [c.covered for c in levels]
    assert counts == sorted(counts)
    assert levels[-1] == coverage(cw, a)


def test_a_rubric_from_a_file_counts_its_themes_not_its_descriptors(tmp_path: Path) -> None:
    path = tmp_path / "my-rubric.json"
    dump_rubric(rubric_from_dict(small()), path)
    rubric = load_rubric(path).as_framework()  # registered nowhere: known by its annotation
    assert default_kinds(rubric) == (ElementKind.UNIT,)
    a = framework_a()
    themes = [e.id for e in rubric.elements if e.kind is ElementKind.UNIT]
    crosswalk = Crosswalk(
        mapping_set_id="https://example.org/rubric__a.sssom.tsv",
        license="https://creativecommons.org/licenses/by/4.0/",
        curie_map={rubric.id: rubric.base_iri, "a": a.base_iri},
        mappings=[Mapping(subject_id=themes[0], predicate_id="skos:relatedMatch",
                          object_id="a:U1", mapping_justification="semapv:ManualMappingCuration")],
    )
    measured = coverage(crosswalk, rubric)
    assert (measured.covered, measured.total) == (1, len(themes))
