"""The on-disk embedding cache: keyed by model and text, safe against corrupt files,
unwritable directories and concurrent writers."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from competency.analysis._vectors import VectorCache, cache_root


class Model:
    """A fake model: a text's vector is derived from its characters; calls are counted."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> npt.NDArray[np.float32]:
        self.calls.append(list(texts))
        return np.array([[len(t), sum(map(ord, t)) % 97, 1.0] for t in texts], np.float32)


def test_a_second_run_reads_every_vector_from_disk(tmp_path: Path) -> None:
    model = Model()
    first = VectorCache("m", 3, tmp_path).vectors(["a", "bb", "a"], model)
    again = VectorCache("m", 3, tmp_path)
    second = again.vectors(["a", "bb"], model)
    assert model.calls == [["a", "bb"]]  # duplicates computed once, then never again
    assert (again.hits, again.misses) == (2, 0)
    assert second.tolist() == first[:2].tolist()
    assert first[0].tolist() == first[2].tolist()


def test_the_cache_is_keyed_by_model(tmp_path: Path) -> None:
    model = Model()
    VectorCache("m1", 3, tmp_path).vectors(["a"], model)
    VectorCache("m2", 3, tmp_path).vectors(["a"], model)
    assert model.calls == [["a"], ["a"]]


@pytest.mark.parametrize("damage", ["truncate", "flip", "header", "empty"])
def test_a_corrupt_file_is_recomputed_and_rewritten(tmp_path: Path, damage: str) -> None:
    model = Model()
    cache = VectorCache("m", 3, tmp_path)
    good = cache.vectors(["text"], model)
    (path,) = list(cache.directory.rglob("*.vec"))
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[:-2]
    elif damage == "flip":
        data[-1] ^= 0xFF
    elif damage == "header":
        data[:4] = b"XXXX"
    else:
        data = bytearray()
    path.write_bytes(bytes(data))
    again = VectorCache("m", 3, tmp_path)
    assert again.vectors(["text"], model).tolist() == good.tolist()
    assert len(model.calls) == 2
    assert VectorCache("m", 3, tmp_path).vectors(["text"], Model()).tolist() == good.tolist()


def test_a_vector_of_another_dimension_is_not_read(tmp_path: Path) -> None:
    VectorCache("m", 3, tmp_path).vectors(["a"], Model())
    model = Model()

    def four(texts: list[str]) -> npt.NDArray[np.float32]:
        model.calls.append(texts)
        return np.ones((len(texts), 4), np.float32)

    assert VectorCache("m", 4, tmp_path).vectors(["a"], four).shape == (1, 4)
    assert model.calls == [["a"]]


def test_an_unwritable_cache_costs_time_not_correctness(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    model = Model()
    cache = VectorCache("m", 3, blocker)  # its directory cannot be created
    assert cache.vectors(["a"], model).shape == (1, 3)
    assert cache.vectors(["a"], model).shape == (1, 3)
    assert len(model.calls) == 2


def test_concurrent_writers_leave_only_whole_files(tmp_path: Path) -> None:
    texts = [f"text {i}" for i in range(200)]
    expected = Model()(texts)

    def run() -> None:
        VectorCache("m", 3, tmp_path).vectors(texts, Model())

    threads = [threading.Thread(target=run) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    model = Model()
    assert VectorCache("m", 3, tmp_path).vectors(texts, model).tolist() == expected.tolist()
    assert model.calls == []
    assert not list(Path(tmp_path).rglob("*.tmp"))


def test_the_cache_root_follows_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    monkeypatch.setenv("COMPETENCY_CACHE_DIR", str(tmp_path / "c"))
    assert cache_root() == tmp_path / "c"
    monkeypatch.delenv("COMPETENCY_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert cache_root() == tmp_path / "x" / "competency"


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=12))
def test_cached_vectors_equal_computed_ones(texts: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as root:
        computed = Model()(texts) if texts else np.zeros((0, 3), np.float32)
        first = VectorCache("m", 3, Path(root)).vectors(texts, Model())
        second = VectorCache("m", 3, Path(root)).vectors(texts, Model())
        assert first.tolist() == computed.tolist() == second.tolist()


def test_a_long_list_is_read_back_from_one_bundle(tmp_path: Path) -> None:
    texts = [f"text {i}" for i in range(100)]
    first = VectorCache("m", 3, tmp_path)
    expected = first.vectors(texts, Model())
    (bundle,) = list(first.directory.glob("bundles/*.vecs"))
    for path in first.directory.rglob("*.vec"):
        path.unlink()  # only the bundle is left
    model = Model()
    assert VectorCache("m", 3, tmp_path).vectors(texts, model).tolist() == expected.tolist()
    assert model.calls == []
    bundle.write_bytes(bundle.read_bytes()[:-1])  # damaged: every text is computed again
    assert VectorCache("m", 3, tmp_path).vectors(texts, model).tolist() == expected.tolist()
    assert model.calls == [texts]


def test_a_bundle_of_another_list_is_not_used(tmp_path: Path) -> None:
    texts = [f"text {i}" for i in range(100)]
    VectorCache("m", 3, tmp_path).vectors(texts, Model())
    model = Model()
    reordered = VectorCache("m", 3, tmp_path).vectors(texts[::-1], model)
    assert model.calls == []  # from the per-text files
    assert reordered.tolist() == Model()(texts[::-1]).tolist()
