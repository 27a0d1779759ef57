"""compare(): profiles, shared content through a crosswalk or by text, the overlap matrix."""

from __future__ import annotations

import pytest

from competency.analysis import compare
from competency.analysis._examples import crosswalk_ab, framework_a, framework_b
from competency.errors import CrosswalkError


def test_profiles_count_sizes_by_kind_and_structure() -> None:
    cmp = compare(framework_a(), framework_b(), crosswalk_ab())
    assert dict(cmp.b.sizes) == {"unit": 2, "criterion": 2, "knowledge": 1}
    assert (cmp.b.units, cmp.b.counted, cmp.b.depth, cmp.b.per_unit) == (2, 3, 2, (1, 2))


def test_shared_and_unique_through_the_crosswalk() -> None:
    cmp = compare(framework_a(), framework_b(), crosswalk_ab())
    assert cmp.method == "crosswalk"
    assert cmp.unique_a == ("a:U2.K1",)
    assert cmp.shared_b == ("b:S1.P1", "b:S1.K1", "b:S2.P1")
    assert cmp.overlap.counts == ((2, 0), (0, 1))
    assert cmp.overlap.strength == ((4, 0), (0, 2))


def test_a_reversed_crosswalk_gives_the_same_comparison() -> None:
    forward = compare(framework_a(), framework_b(), crosswalk_ab())
    backward = compare(framework_a(), framework_b(), crosswalk_ab().inverse())
    assert forward == backward


def test_without_a_crosswalk_equal_texts_are_shared() -> None:
    cmp = compare(framework_a(), framework_a())
    assert cmp.method == "text"
    assert cmp.unique_a == ()
    assert cmp.overlap.counts == ((2, 0), (0, 2))
    assert compare(framework_a(), framework_b()).shared_a == ()


def test_threshold_limits_the_shared_content() -> None:
    cmp = compare(framework_a(), framework_b(), crosswalk_ab(), min_predicate="exact")
    assert cmp.shared_a == ("a:U1.P1",)


def test_a_crosswalk_for_other_frameworks_is_an_error() -> None:
    with pytest.raises(CrosswalkError, match="not 'a' and 'a'"):
        compare(framework_a(), framework_a(), crosswalk_ab())


def test_to_dict_is_json_ready() -> None:
    import json

    text = json.dumps(compare(framework_a(), framework_b(), crosswalk_ab()).to_dict())
    assert '"method": "crosswalk"' in text
