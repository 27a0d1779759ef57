"""scripts/compare_matcher_variants.py: the table of docs/analysis.md is what it prints."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "compare_matcher_variants", ROOT / "scripts" / "compare_matcher_variants.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_tied_pair_gets_the_mean_of_the_ranks_it_shares(script: ModuleType) -> None:
    scores = np.array([[0.5, 0.0, 0.0, 0.9]])
    ranks = script.ranks(scores, [(0, 3, "p"), (0, 0, "p"), (0, 1, "p")])
    assert ranks.tolist() == [1.0, 2.0, 3.5]


def test_the_tfidf_row_of_the_docs_table_is_what_the_script_prints(
        script: ModuleType) -> None:
    from competency.analysis.matchers import get_matcher

    cases = script.cases()
    table = {"tfidf": [script.matcher_scores(get_matcher("tfidf"), c) for c in cases]}
    printed = script.render(cases, table).splitlines()
    docs = (ROOT / "docs" / "analysis.md").read_text(encoding="utf-8").splitlines()
    assert printed[0] in docs  # the same columns, in the same order
    assert printed[2] in docs, "docs/analysis.md: rerun scripts/compare_matcher_variants.py"


def test_every_curated_pair_is_counted_once_per_crosswalk(script: ModuleType) -> None:
    from competency.crosswalk import load_crosswalk

    for case in script.cases():
        subject, object_ = case.name.split("__")
        reference = load_crosswalk(subject, object_)
        positive = {(m.subject_id, m.object_id, m.predicate_id)
                    for m in reference.mappings if not m.is_negated}
        found = {(case.left[i].id, case.right[j].id, p) for i, j, p in case.pairs}
        assert found == positive
