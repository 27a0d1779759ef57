"""gaps(): hand-checked groups, both directions, and the partition invariant."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from competency.analysis import coverage, gaps
from competency.analysis._examples import crosswalk_ab, framework_a, framework_b
from competency.crosswalk import Crosswalk
from competency.errors import CrosswalkError
from competency.model import Framework
from tests.analysis._strategies import framework_pairs_with_crosswalk


def test_gaps_are_grouped_by_unit_with_their_texts() -> None:
    g = gaps(crosswalk_ab(), framework_a(), framework_b())
    assert [(grp.unit_id, grp.total) for grp in g.subject] == [("a:U2", 2)]
    item = g.subject[0].items[0]
    assert (item.element_id, item.kind, item.text) == (
        "a:U2.K1", "knowledge", "sources of feedback on progress")
    assert g.object == ()


def test_stricter_threshold_gives_gaps_on_both_sides() -> None:
    g = gaps(crosswalk_ab(), framework_a(), framework_b(), min_predicate="close")
    assert g.subject_ids == ("a:U2.P1", "a:U2.K1")
    assert g.object_ids == ("b:S2.P1",)


def test_frameworks_given_the_other_way_round_keep_their_roles() -> None:
    g = gaps(crosswalk_ab(), framework_b(), framework_a(), min_predicate="close")
    assert g.subject_id == "b"
    assert g.subject_ids == ("b:S2.P1",)


def test_gaps_to_dict_is_json_ready() -> None:
    d = gaps(crosswalk_ab(), framework_a(), framework_b()).to_dict()
    assert d["subject"][0]["gaps"][0]["element_id"] == "a:U2.K1"


def test_a_crosswalk_for_other_frameworks_is_an_error() -> None:
    with pytest.raises(CrosswalkError):
        gaps(crosswalk_ab(), framework_a(), framework_a())


@settings(max_examples=60, deadline=None)
@given(framework_pairs_with_crosswalk())
def test_gaps_and_covered_partition_the_counted_elements(
    case: tuple[Framework, Framework, Crosswalk],
) -> None:
    a, b, cw = case
    if not cw.mappings:
        return
    g = gaps(cw, a, b)
    for fw, gap_ids in ((a, g.subject_ids), (b, g.object_ids)):
        cov = coverage(cw, fw)
        covered = set(cov.covered_ids)
        assert covered.isdisjoint(gap_ids)
        assert covered | set(gap_ids) == {e.element_id for e in cov.elements}
