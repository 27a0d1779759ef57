"""The report value: strict beside loose coverage, every mapping, the unit grid, provenance."""

from __future__ import annotations

import json

import attrs
from hypothesis import given, settings

import competency
from competency.analysis import report
from competency.analysis._examples import crosswalk_ab, framework_a, framework_b
from competency.crosswalk import Crosswalk, Mapping, load_crosswalk
from competency.model import Framework
from tests.analysis._strategies import framework_pairs_with_crosswalk


def test_strict_coverage_counts_only_close_or_stronger_beside_the_loose_one() -> None:
    r = report(crosswalk_ab(), framework_a(), framework_b())
    assert (r.subject_coverage.covered, r.subject_coverage.total) == (3, 4)
    strict = r.strict_subject_coverage
    assert strict is not None
    assert r.strict_object_coverage is not None
    assert strict.min_predicate == "skos:closeMatch"
    assert strict.covered_ids == ("a:U1.P1", "a:U1.K1")
    assert r.strict_object_coverage.covered_ids == ("b:S1.P1", "b:S1.K1")


def test_strict_coverage_is_never_looser_than_the_report_thresholds() -> None:
    r = report(crosswalk_ab(), framework_a(), framework_b(), min_predicate="exact",
               min_confidence=0.9)
    assert r.strict_subject_coverage is not None
    assert r.strict_subject_coverage.min_predicate == "skos:exactMatch"
    assert r.strict_subject_coverage.min_confidence == 0.9
    assert r.strict_subject_coverage.covered_ids == r.subject_coverage.covered_ids


def test_strict_predicate_can_be_chosen() -> None:
    r = report(crosswalk_ab(), framework_a(), framework_b(), strict_predicate="exact")
    assert r.strict_subject_coverage is not None
    assert r.strict_subject_coverage.covered_ids == ("a:U1.P1",)


def test_every_mapping_is_listed_with_texts_review_status_and_comment() -> None:
    r = report(crosswalk_ab(), framework_a(), framework_b())
    assert len(r.mappings) == len(crosswalk_ab().mappings) == 5
    first = r.mappings[1]
    assert (first.subject_id, first.predicate_id, first.object_id) == (
        "a:U1.P1", "skos:exactMatch", "b:S1.P1")
    assert first.subject_text == "agree learning goals with each learner"
    assert first.object_text == "agree learning goals with the learner"
    assert first.review_status == "not reviewed"
    assert first.justification == "semapv:ManualMappingCuration"


def test_look_alike_pairs_are_kept_as_negated_rows() -> None:
    r = report(crosswalk_ab(), framework_a(), framework_b())
    negated = [m for m in r.mappings if m.negated]
    assert [(m.subject_id, m.predicate_id, m.object_id) for m in negated] == [
        ("a:U2.K1", "skos:closeMatch", "b:S2.P1")]


def test_a_mapping_confirmed_by_review_counts_as_reviewed() -> None:
    cw = crosswalk_ab()
    reviewed = attrs.evolve(cw.mappings[1], mapping_justification="semapv:MappingReview",
                            comment="confirmed against both texts")
    cw = attrs.evolve(cw, mappings=[cw.mappings[0], reviewed, *cw.mappings[2:]])
    r = report(cw, framework_a(), framework_b())
    assert r.mappings[1].review_status == "reviewed"
    assert r.mappings[1].comment == "confirmed against both texts"
    assert r.provenance is not None
    assert r.provenance.reviewed == 1


def test_grid_gives_items_covered_per_unit_pair_with_the_predicate_mix() -> None:
    grid = report(crosswalk_ab(), framework_a(), framework_b()).grid
    assert grid is not None
    assert (grid.rows, grid.columns) == (("a:U1", "a:U2"), ("b:S1", "b:S2"))
    assert grid.row_totals == (2, 2)
    assert grid.covered == ((2, 0), (0, 1))
    assert grid.mix[0][0] == (("skos:exactMatch", 1), ("skos:closeMatch", 1))
    assert grid.share(1, 1) == 0.5


def test_grid_share_does_not_grow_with_more_mappings_of_the_same_item() -> None:
    cw = crosswalk_ab()
    extra = Mapping(subject_id="a:U1.P1", predicate_id="skos:relatedMatch",
                    object_id="b:S1.K1", mapping_justification="semapv:ManualMappingCuration")
    more = attrs.evolve(cw, mappings=[*cw.mappings, extra])
    before = report(cw, framework_a(), framework_b())
    after = report(more, framework_a(), framework_b())
    assert before.grid is not None
    assert after.grid is not None
    assert after.grid.covered == before.grid.covered
    assert after.grid.mix == before.grid.mix  # the exact match stays the item's best there
    assert after.overlap.counts[0][0] == before.overlap.counts[0][0] + 1


def test_provenance_names_licences_creators_review_and_tool_version() -> None:
    r = report(load_crosswalk("pt-nos", "ls-nos"), competency.load("pt-nos"),
               competency.load("ls-nos"))
    p = r.provenance
    assert p is not None
    assert p.license == "https://creativecommons.org/licenses/by/4.0/"
    assert p.creators == (
        "AI assistant (large language model) working for the competency project",)
    assert p.version == "1.1"
    assert p.mapping_date is not None
    assert p.mapping_date.startswith("20")
    assert p.reviewed == 0
    assert sum(n for _, n in p.justifications) == r.mapping_count
    assert p.object.rights is not None
    assert "Crown Copyright" in p.object.rights
    assert p.subject.rights is None  # the PT NOS prints no rights statement
    assert p.subject.publisher == "Further Education Tutorial Network"
    assert p.tool_version == competency.__version__


def test_to_dict_carries_the_new_sections_as_json() -> None:
    data = json.loads(json.dumps(report(crosswalk_ab(), framework_a(),
                                        framework_b()).to_dict()))
    assert data["strict_subject_coverage"]["covered"] == 2
    assert data["grid"]["covered"] == [[2, 0], [0, 1]]
    assert data["grid"]["mix"][0][0] == {"skos:exactMatch": 1, "skos:closeMatch": 1}
    assert [m["negated"] for m in data["mappings"]] == [False, False, False, False, True]
    assert data["mappings"][0]["review_status"] == "not reviewed"
    assert data["provenance"]["subject"]["framework_id"] == "a"


@settings(max_examples=40, deadline=None)
@given(framework_pairs_with_crosswalk())
def test_strict_never_exceeds_loose_and_grid_cells_never_exceed_their_unit(
    case: tuple[Framework, Framework, Crosswalk],
) -> None:
    a, b, cw = case
    if not cw.mappings:
        return
    r = report(cw, a, b)
    assert r.strict_subject_coverage is not None
    assert r.strict_object_coverage is not None
    assert set(r.strict_subject_coverage.covered_ids) <= set(r.subject_coverage.covered_ids)
    assert set(r.strict_object_coverage.covered_ids) <= set(r.object_coverage.covered_ids)
    assert r.grid is not None
    covered_units = {u.unit_id: u.covered for u in r.subject_coverage.units}
    for i, row in enumerate(r.grid.covered):
        assert all(0 <= n <= r.grid.row_totals[i] for n in row)
        assert max(row, default=0) <= covered_units[r.grid.rows[i] or None]
        assert [sum(k for _, k in cell) for cell in r.grid.mix[i]] == list(row)
    assert len(r.mappings) == len(cw.mappings)
