"""evaluate_methods and the calibration behind it: leave one crosswalk out, calibration
error, the stored parameters' fingerprint, and the command line's table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from competency.analysis import calibration
from competency.analysis.calibration import (
    Calibration,
    cross_validate,
    expected_calibration_error,
    shipped_fingerprint,
)
from competency.analysis.evaluate import evaluate_methods
from competency.analysis.matchers import get_matcher
from competency.cli import main

_STORED = Path(__file__).parents[2] / "src/competency/analysis/_calibration.json"


def test_the_stored_calibration_was_fitted_on_the_shipped_crosswalks_as_they_are() -> None:
    stored = json.loads(_STORED.read_text(encoding="utf-8"))["methods"]
    assert set(stored) == {"tfidf", "embedding", "hybrid"}
    for name, params in stored.items():
        assert params["fitted_on"] == shipped_fingerprint(), (
            f"{name}: a shipped crosswalk changed; run python scripts/fit_suggest_calibration.py")


def test_the_stored_tfidf_calibration_is_reproduced_by_fitting() -> None:
    stored = json.loads(_STORED.read_text(encoding="utf-8"))["methods"]["tfidf"]
    fresh = calibration.fit(get_matcher("tfidf")).to_dict()
    assert fresh["coefficients"] == pytest.approx(stored["coefficients"], abs=1e-6)
    assert fresh["predicates"] == stored["predicates"]


def test_no_crosswalk_is_scored_by_a_model_fitted_on_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from competency.analysis._fitting import fit_rows as real

    fitted: list[set[str]] = []

    def spy(method: str, version: str, rows: Any, fitted_on: Any) -> Calibration:
        fitted.append({r.name for r in rows})
        return real(method, version, rows, fitted_on)

    monkeypatch.setattr("competency.analysis._held_out.fit_rows", spy)
    results = cross_validate(get_matcher("tfidf"))
    names = [r.crosswalk for r in results]
    assert len(names) == 4
    for held, used in zip(names, fitted, strict=True):
        assert held not in used
        assert used == set(names) - {held}


def test_each_method_and_crosswalk_gets_recall_precision_and_calibration_error() -> None:
    rows = evaluate_methods(["tfidf"])
    assert [r.crosswalk for r in rows] == [
        "fe-pt-role__pt-nos", "he-pt-policy__pt-nos", "pt-nos__ls-nos",
        "pt-self-assessment__pt-nos"]
    pt_ls = rows[2]
    assert pt_ls.exact_close == 27
    assert 0.5 < pt_ls.recall_at_1 <= pt_ls.recall_at_5 <= 1
    assert 0 <= pt_ls.calibration_error <= 1
    related = pt_ls.precision("skos:relatedMatch")
    assert related is not None
    assert 0 < related < 1
    assert pt_ls.to_dict()["by_predicate"]["skos:relatedMatch"]["precision"] == related


def test_a_perfectly_calibrated_model_has_no_calibration_error() -> None:
    confidence = [0.25] * 4 + [0.75] * 4
    outcome = [True, False, False, False, True, True, True, False]
    assert expected_calibration_error(confidence, outcome) == 0.0
    assert expected_calibration_error([], []) == 0.0


@given(st.lists(st.tuples(st.floats(0, 1), st.booleans()), max_size=50))
def test_calibration_error_is_between_0_and_1(rows: list[tuple[float, bool]]) -> None:
    error = expected_calibration_error([c for c, _ in rows], [o for _, o in rows])
    assert 0.0 <= error <= 1.0


def test_the_calibration_round_trips_through_its_dict() -> None:
    cal = calibration.calibration_for(get_matcher("tfidf"))
    assert Calibration.from_dict(cal.to_dict()).to_dict() == cal.to_dict()


def test_evaluate_without_a_candidate_prints_the_method_table(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crosswalk", "evaluate", "--methods", "tfidf"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| method | crosswalk | exact/close pairs | recall@1 | recall@5")
    assert "| tfidf | pt-nos → ls-nos | 27 |" in out
    assert len(out.strip().splitlines()) == 2 + 4
    # the rubric crosswalk has no exact/close pair: its recall is undefined, not perfect
    assert "| tfidf | pt-self-assessment → pt-nos | 0 | – | – |" in out


def test_evaluate_methods_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crosswalk", "evaluate", "--methods", "tfidf", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["method"] for d in data] == ["tfidf"] * 4
    assert {"recall_at_1", "recall_at_5", "calibration_error", "by_predicate"} <= set(data[0])


def test_a_reference_without_a_candidate_is_an_error(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crosswalk", "evaluate", "--reference", "pt-nos:ls-nos"]) == 1
    assert "--reference needs a CANDIDATE" in capsys.readouterr().err


def test_a_candidate_without_a_reference_is_an_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "c.sssom.tsv"
    assert main(["crosswalk", "suggest", "pt-nos", "ls-nos", "--top", "1",
                 "-o", str(target)]) == 0
    assert main(["crosswalk", "evaluate", str(target)]) == 1
    assert "--reference is required" in capsys.readouterr().err


_SHAPES = st.sampled_from(["item>item", "item>item=", "item>group", "group>item",
                           "group>group", "group>group="])


@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.integers(1, 5), st.booleans(),
                          st.booleans(), _SHAPES), max_size=20))
def test_confidence_is_a_probability_no_larger_than_acceptance(
        rows: list[tuple[float, float, int, bool, bool, str]]) -> None:
    import math

    import numpy as np

    cal = calibration.calibration_for(get_matcher("tfidf"))
    features = np.array([[s, g, math.log(r), float(same), float(mutual)]
                         for s, g, r, same, mutual, _ in rows]).reshape(len(rows), 5)
    predicates, confidences = calibration.predict(cal, features, [r[5] for r in rows])
    for (s, g, r, same, mutual, _), p, c in zip(rows, predicates, confidences, strict=True):
        accept = cal.acceptance(score=s, gap=g, rank=r, same_level=same, reciprocal=mutual)
        assert 0.0 <= c <= accept + 1e-12 <= 1.0 + 1e-12
        assert p in calibration.PREDICATES


def test_equal_texts_are_predicted_exact_matches() -> None:
    cal = calibration.calibration_for(get_matcher("tfidf"))
    assert cal.predicate("item>item=", 1.0)[0] == "skos:exactMatch"
    assert cal.predicate("group>group=", 1.0)[0] == "skos:exactMatch"  # no data: the prior


def test_a_candidate_is_reciprocal_when_no_other_subject_scores_its_object_higher() -> None:
    from competency.analysis._examples import framework_a, framework_b
    from competency.analysis.matchers import Candidates

    a, b = framework_a(), framework_b()
    left, right = a.elements[1:4], b.elements[1:3]
    found = Candidates(left=[0, 0, 1, 2], right=[0, 1, 0, 1], score=[0.9, 0.4, 0.7, 0.4])
    features, _ = calibration.candidate_features(found, left, right)
    # object 0: subject 0 (0.9) beats subject 1 (0.7); object 1: subjects 0 and 2 tie
    assert features[:, 4].tolist() == [1.0, 1.0, 0.0, 1.0]
