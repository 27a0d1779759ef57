"""The shipped crosswalks: found by framework ids, validated, available in both directions."""

from __future__ import annotations

from collections import Counter

import pytest

import competency
from competency.crosswalk import (
    Predicate,
    available_crosswalks,
    load_crosswalk,
    validate_crosswalk,
)
from competency.errors import UnknownIdError


def test_the_pt_nos_to_ls_nos_crosswalk_is_shipped_in_its_contract_path() -> None:
    assert ("pt-nos", "ls-nos") in available_crosswalks()
    cw = load_crosswalk("pt-nos", "ls-nos")
    assert cw.file == "frameworks/crosswalks/pt-nos__ls-nos.sssom.tsv"
    assert (cw.subject_prefix, cw.object_prefix) == ("pt-nos", "ls-nos")
    assert len(cw) > 0


def test_the_shipped_crosswalk_validates_against_both_frameworks() -> None:
    cw = load_crosswalk("pt-nos", "ls-nos")
    validate_crosswalk(cw, competency.load("pt-nos"), competency.load("ls-nos"))
    assert cw.license.startswith("https://")
    assert {m.predicate for m in cw} <= set(Predicate)


def test_the_other_direction_is_the_inverse_of_the_shipped_file() -> None:
    forward = load_crosswalk("pt-nos", "ls-nos")
    backward = load_crosswalk("ls-nos", "pt-nos")
    assert backward == forward.inverse()
    validate_crosswalk(backward, competency.load("ls-nos"), competency.load("pt-nos"))
    counts = Counter(m.predicate for m in forward)
    back_counts = Counter(m.predicate for m in backward)
    assert back_counts[Predicate.NARROW_MATCH] == counts[Predicate.BROAD_MATCH]
    assert back_counts[Predicate.BROAD_MATCH] == counts[Predicate.NARROW_MATCH]
    # problems in the inverse still point at the shipped file's cells
    assert backward.locate(0, "subject_id") == forward.locate(0, "object_id")


def test_an_unshipped_crosswalk_is_an_unknown_id_listing_what_is_shipped() -> None:
    with pytest.raises(UnknownIdError) as exc:
        load_crosswalk("pt-nos", "no-such-framework")
    [problem] = exc.value.problems
    assert problem.message == "no crosswalk between 'pt-nos' and 'no-such-framework' is shipped"
    assert "pt-nos → ls-nos" in problem.expected
