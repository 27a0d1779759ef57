"""Batch scoring from numpy arrays, pandas, pyarrow and column mappings."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from competency.errors import Position, ScoreError
from competency.rubric import BatchResult, SkippedLevelWarning, get_rubric, score_batch
from competency.rubric.batch import answer_columns, gate

RUBRIC = get_rubric("pt-self-assessment")
IDS = list(RUBRIC.local_ids)


def test_points_arrays_give_totals_and_bands() -> None:
    points = np.array([[10] * 10, [2] * 10, [0] * 10])
    result = score_batch(RUBRIC, points)
    assert result.total.tolist() == [100, 20, 0]
    assert result.band_labels().tolist() == ["Platinum", "Bronze", "Minimum standard"]
    assert result.level_ids()[1].tolist() == ["minimum"] * 10
    assert len(result) == 3


def test_string_arrays_hold_level_ids_or_labels() -> None:
    rows = np.array([["Gold"] * 10, ["none"] * 5 + ["SILVER"] * 5])
    assert score_batch(RUBRIC, rows).total.tolist() == [80, 30]


def test_a_flag_array_is_gated_per_cell() -> None:
    flags = np.zeros((2, 10, 5), dtype=bool)
    flags[0, :, :3] = True
    flags[1, :, 0] = True
    assert score_batch(RUBRIC, flags).total.tolist() == [60, 20]


def test_a_skipped_level_in_a_batch_fails_with_the_row_and_theme() -> None:
    flags = np.zeros((3, 10, 5), dtype=bool)
    flags[2, 4, [0, 2]] = True
    with pytest.raises(ScoreError) as exc:
        score_batch(RUBRIC, flags)
    (problem,) = exc.value.problems
    assert problem.location == Position(row=2)
    assert "T5" in problem.message
    assert "Bronze" in problem.message


def test_lenient_batches_gate_and_warn_once() -> None:
    flags = np.zeros((3, 10, 5), dtype=bool)
    flags[:, 4, [0, 2]] = True
    with pytest.warns(SkippedLevelWarning, match="3 rows"):
        result = score_batch(RUBRIC, flags, strict=False)
    assert result.total.tolist() == [2, 2, 2]
    assert result.valid.all()


def test_bad_rows_can_be_skipped_and_are_reported() -> None:
    table = {t: np.array(["gold", "bronze", "silver"]) for t in IDS}
    table["T3"] = np.array(["gold", "wood", "silver"])
    with pytest.raises(ScoreError, match="row 1, column T3"):
        score_batch(RUBRIC, table)
    result = score_batch(RUBRIC, table, on_error="skip")
    assert result.valid.tolist() == [True, False, True]
    assert result.level_ids()[1].tolist() == [None] * 10
    assert result.n_problems == 1
    with pytest.raises(ScoreError):
        result.result(1)


def test_problems_name_line_numbers_when_given() -> None:
    table = {t: np.array(["gold", ""]) for t in IDS}
    with pytest.raises(ScoreError) as exc:
        score_batch(RUBRIC, table, file="r.csv", lines=[2, 3])
    assert str(exc.value.problems[0]).startswith("r.csv:line 3, column T2a")


def test_cell_columns_hold_flags_in_many_spellings() -> None:
    table: dict[str, list[object]] = {}
    for t in IDS:
        table[f"{t}.minimum"] = ["yes", "1"]
        table[f"{t}.bronze"] = ["x", ""]
        table[f"{t}.silver"] = ["", "no"]
        table[f"{t}.gold"] = ["false", "0"]
        table[f"{t}.platinum"] = ["", ""]
    assert score_batch(RUBRIC, table).total.tolist() == [40, 20]


def test_level_and_cell_columns_can_be_mixed_across_themes() -> None:
    table: dict[str, list[object]] = {t: ["bronze"] for t in IDS[1:]}
    for level in ("minimum", "bronze", "silver", "gold", "platinum"):
        table[f"T2a.{level}"] = [level in ("minimum", "bronze", "silver")]
    assert score_batch(RUBRIC, table).total.tolist() == [6 + 36]


def test_a_missing_or_doubled_theme_column_is_an_error() -> None:
    table = {t: ["gold"] for t in IDS[1:]}
    with pytest.raises(ScoreError, match="no column for theme T2a"):
        score_batch(RUBRIC, table)
    table = {t: ["gold"] for t in IDS} | {"pt-self-assessment:T3": ["gold"]}
    with pytest.raises(ScoreError, match="answered twice"):
        score_batch(RUBRIC, table)


def test_other_columns_are_ignored() -> None:
    table = {"respondent": ["a"]} | {t: ["gold"] for t in IDS}
    assert answer_columns(RUBRIC, list(table)) == IDS
    assert score_batch(RUBRIC, table).total.tolist() == [80]


def test_a_wrongly_shaped_array_is_an_error() -> None:
    with pytest.raises(ScoreError, match=r"shape \(n, 10\)"):
        score_batch(RUBRIC, np.zeros((2, 9), dtype=int))
    with pytest.raises(ScoreError, match="levels"):
        score_batch(RUBRIC, np.zeros((2, 10, 4), dtype=bool))


def test_out_of_range_points_are_bad_rows() -> None:
    points = np.array([[2] * 10, [2] * 9 + [3], [2] * 9 + [-2], [2] * 9 + [12]])
    result = score_batch(RUBRIC, points, on_error="skip")
    assert result.valid.tolist() == [True, False, False, False]


def test_pandas_in_gives_pandas_out_with_the_index() -> None:
    import pandas as pd
    frame = pd.DataFrame({t: ["gold", "none"] for t in IDS}, index=["ann", "bob"])
    result = score_batch(RUBRIC, frame)
    table = result.table()
    assert isinstance(table, pd.DataFrame)
    assert list(table.index) == ["ann", "bob"]
    assert table["total"].tolist() == [80, 0]
    assert table["band.individual"].tolist() == ["Platinum", "Minimum standard"]
    assert table["T3"].tolist() == ["gold", "none"]


def test_pandas_numeric_columns_with_gaps_are_bad_rows() -> None:
    import pandas as pd
    frame = pd.DataFrame({t: [8.0, float("nan")] for t in IDS})
    result = score_batch(RUBRIC, frame, on_error="skip")
    assert result.valid.tolist() == [True, False]
    assert result.total[0] == 80


def test_pyarrow_in_gives_pyarrow_out() -> None:
    import pyarrow as pa
    table = pa.table({t: ["silver", "platinum"] for t in IDS})
    out = score_batch(RUBRIC, table).table()
    assert isinstance(out, pa.Table)
    assert out.column("total").to_pylist() == [60, 100]


def test_gate_counts_levels_reached_in_order() -> None:
    flags = np.array([[[1, 1, 1, 0, 1], [0, 1, 1, 1, 1], [1, 1, 1, 1, 1]]], dtype=bool)
    reached, skipped = gate(flags)
    assert reached.tolist() == [[3, 0, 5]]
    assert skipped.tolist() == [[True, True, False]]
    wide = np.ones((1, 1, 9), dtype=bool)
    wide[0, 0, 4] = False
    reached, skipped = gate(wide)
    assert reached.tolist() == [[4]]
    assert skipped.tolist() == [[True]]


def test_a_large_batch_is_scored_like_its_rows() -> None:
    rng = np.random.default_rng(7)
    flags = rng.random((5000, 10, 5)) < 0.7
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkippedLevelWarning)
        result = score_batch(RUBRIC, flags, strict=False)
    naive = np.cumprod(flags, axis=-1).sum(axis=-1)
    assert (result.reached == naive).all()
    assert (result.total == (naive * 2).sum(axis=1)).all()
    assert isinstance(result, BatchResult)
