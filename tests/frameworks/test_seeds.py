"""The seed helpers: where the seeds are, and that a missing seed fails loudly."""

from __future__ import annotations

from pathlib import Path

import pytest

from ._seeds import LS_NOS_SEED, PT_NOS_SEED, SEEDS_DIR, find_in_order, normalise, seed_text


def test_seeds_are_read_from_the_repository_itself() -> None:
    tests_root = Path(__file__).resolve().parents[1]
    assert tests_root / "data" / "seeds" == SEEDS_DIR


def test_both_nos_seeds_are_present() -> None:
    for name in (PT_NOS_SEED, LS_NOS_SEED):
        assert seed_text(name).strip()


def test_a_missing_seed_fails_the_test_with_a_message_saying_where_to_put_it(
    tmp_path: Path,
) -> None:
    with pytest.raises(pytest.fail.Exception, match=r"seed file .* is missing") as failure:
        seed_text(PT_NOS_SEED, directory=tmp_path)
    assert "tests/data/seeds" in str(failure.value)


def test_find_in_order_reports_needles_out_of_order_or_absent() -> None:
    hay = "alpha\n  beta gamma\tdelta"
    assert find_in_order(hay, ["alpha beta", "delta"]) == []
    assert find_in_order(hay, ["delta", "alpha"]) == ["alpha"]
    assert find_in_order(hay, ["omega"]) == ["omega"]
    assert normalise(" a \n\n b\t") == "a b"
