"""The one-pass CSLS top-k against the two passes it replaced (``_two_pass``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import competency.analysis._dense as dense
from competency.analysis._dense import csls_top_k

from ._two_pass import two_pass


def _unit(v: npt.NDArray[Any]) -> npt.NDArray[np.float32]:
    v = np.asarray(v, dtype=np.float32)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    unit: npt.NDArray[np.float32] = v / norms
    return unit


def _rows(found: Any) -> list[tuple[int, int, float]]:
    return list(zip(np.asarray(found.left).tolist(), np.asarray(found.right).tolist(),
                    np.asarray(found.score).tolist(), strict=True))


@st.composite
def tied_vectors(draw: st.DrawFn) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Rows of small multiples of 1/8 in 6 dimensions, repeated: every product is exact
    in float32 and equal cosines (and equal hubness) are common."""
    n, m = draw(st.integers(1, 14)), draw(st.integers(1, 14))
    pool = draw(st.lists(st.lists(st.integers(-2, 2), min_size=6, max_size=6),
                         min_size=1, max_size=5))
    pick = st.integers(0, len(pool) - 1)
    a = [pool[draw(pick)] for _ in range(n)]
    b = [pool[draw(pick)] for _ in range(m)]
    eighth = np.float32(0.125)
    return np.asarray(a, np.float32) * eighth, np.asarray(b, np.float32) * eighth


@settings(max_examples=150, deadline=None)
@given(tied_vectors(), st.integers(1, 6), st.integers(1, 25), st.integers(1, 8),
       st.integers(1, 60))
def test_one_pass_equals_the_two_passes_with_ties(
        vectors: tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]], top: int,
        neighbours: int, width: int, chunk_scores: int) -> None:
    a, b = vectors
    found, penalty = csls_top_k(a, b, top, neighbours, chunk_scores=chunk_scores,
                                width=width)
    expected, expected_penalty = two_pass(a, b, top, neighbours, chunk_scores)
    assert penalty.tobytes() == expected_penalty.tobytes()
    assert _rows(found) == expected


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 30), st.integers(1, 30), st.integers(1, 8), st.integers(1, 25),
       st.integers(1, 12), st.sampled_from([0.0, 3.0]), st.integers(1, 400),
       st.integers(0, 2**31))
def test_one_pass_equals_the_two_passes_on_random_unit_vectors(
        n: int, m: int, top: int, neighbours: int, width: int, shared: float,
        chunk_scores: int, seed: int) -> None:
    # `shared` pulls every vector towards one direction, as sentence embeddings are
    # (every cosine high, hubness spread wide against the gaps between cosines)
    rng = np.random.default_rng(seed)
    common = _unit(rng.normal(size=(1, 16)))
    a = _unit(_unit(rng.normal(size=(n, 16))) + shared * common)
    b = _unit(_unit(rng.normal(size=(m, 16))) + shared * common)
    found, penalty = csls_top_k(a, b, top, neighbours, chunk_scores=chunk_scores,
                                width=width)
    expected, expected_penalty = two_pass(a, b, top, neighbours, chunk_scores)
    assert penalty.tobytes() == expected_penalty.tobytes()
    assert _rows(found) == expected


def test_rows_whose_kept_cosines_may_not_suffice_are_recomputed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    common = _unit(rng.normal(size=(1, 32)))
    a = _unit(_unit(rng.normal(size=(120, 32))) + 3.0 * common)
    b = _unit(_unit(rng.normal(size=(150, 32))) + 3.0 * common)
    recomputed: list[int] = []
    original = dense._recompute

    def spy(*args: Any) -> Any:
        recomputed.extend(np.asarray(args[3]).tolist())
        return original(*args)

    monkeypatch.setattr(dense, "_recompute", spy)
    found, _ = csls_top_k(a, b, 5, 20, chunk_scores=2_000, width=12)
    assert 0 < len(recomputed) < len(a)  # some rows, not all: both paths are taken
    assert _rows(found) == two_pass(a, b, 5, 20, 2_000)[0]


def test_the_default_width_keeps_the_pass_single_on_random_vectors(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(4)
    a, b = _unit(rng.normal(size=(300, 64))), _unit(rng.normal(size=(400, 64)))
    monkeypatch.setattr(dense, "_recompute", None)  # would fail if called
    found, _ = csls_top_k(a, b, 5, 20, chunk_scores=20_000)
    assert _rows(found) == two_pass(a, b, 5, 20, 20_000)[0]


def test_the_pass_holds_chunks_and_reports_progress() -> None:
    rng = np.random.default_rng(5)
    a, b = _unit(rng.normal(size=(50, 8))), _unit(rng.normal(size=(40, 8)))
    seen: list[tuple[int, int]] = []
    csls_top_k(a, b, 3, 5, lambda done, total: seen.append((done, total)),
               chunk_scores=400)
    assert seen == [(10 * i, 50) for i in range(1, 6)]


def test_no_rows_give_no_candidates_and_a_zero_penalty() -> None:
    empty = np.zeros((0, 4), dtype=np.float32)
    found, penalty = csls_top_k(empty, _unit(np.ones((3, 4))), 5, 20)
    assert len(found.left) == 0
    assert penalty.tolist() == [0.0, 0.0, 0.0]
    found, penalty = csls_top_k(_unit(np.ones((3, 4))), empty, 5, 20)
    assert len(found.left) == 0
    assert len(penalty) == 0
