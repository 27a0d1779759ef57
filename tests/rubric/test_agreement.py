"""Batch and single scoring agree on every valid rubric, not only the shipped one."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from competency.errors import ScoreError
from competency.rubric import (
    Rubric,
    SkippedLevelWarning,
    score,
    score_batch,
)
from competency.testing import achieved_flags, reached_levels, rubrics

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _answers(rubric: Rubric, row: list[int]) -> list[str]:
    return ["none" if r == 0 else rubric.levels[r - 1].id for r in row]


def _assert_row_equals(rubric: Rubric, batch: object, i: int, single: object) -> None:
    from competency.rubric import BatchResult, Result

    assert isinstance(batch, BatchResult)
    assert isinstance(single, Result)
    assert tuple(int(r) for r in batch.reached[i]) == single.reached
    assert tuple(int(p) for p in batch.points[i]) == single.points
    assert int(batch.total[i]) == single.total
    for scheme, band in zip(rubric.band_schemes, single.bands, strict=True):
        assert batch.band_labels(scheme.id)[i] == band.label


@SETTINGS
@given(st.data())
def test_levels_score_the_same_one_by_one_and_in_a_batch(data: st.DataObject) -> None:
    rubric = data.draw(rubrics())
    rows = data.draw(reached_levels(rubric))
    by_id = score_batch(rubric, {t.local_id: [_answers(rubric, row)[j] for row in rows]
                                 for j, t in enumerate(rubric.themes)})
    points = np.array([[rubric.reached_points[r] for r in row] for row in rows])
    by_points = score_batch(rubric, points)
    for i, row in enumerate(rows):
        single = score(rubric, _answers(rubric, row))
        _assert_row_equals(rubric, by_id, i, single)
        _assert_row_equals(rubric, by_points, i, single)
        assert single.total == sum(rubric.reached_points[r] for r in row)


@SETTINGS
@given(st.data())
def test_flags_gate_the_same_one_by_one_and_in_a_batch(data: st.DataObject) -> None:
    rubric = data.draw(rubrics())
    rows = data.draw(achieved_flags(rubric))
    flags = np.array(rows, dtype=bool).reshape(len(rows), len(rubric.themes),
                                               len(rubric.levels))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkippedLevelWarning)
        lenient = score_batch(rubric, flags, strict=False)
        strict = score_batch(rubric, flags, on_error="skip")
        for i, row in enumerate(rows):
            response = {t.local_id: row[j] for j, t in enumerate(rubric.themes)}
            _assert_row_equals(rubric, lenient, i, score(rubric, response, strict=False))
            try:
                single = score(rubric, response)
            except ScoreError:
                assert not strict.valid[i]
            else:
                assert strict.valid[i]
                _assert_row_equals(rubric, strict, i, single)


@pytest.mark.parametrize("points", [40_000, 32_768, 99_999])
def test_points_beyond_sixteen_bits_score_the_same_in_a_batch(points: int) -> None:
    from competency.rubric import Band, BandScheme, Descriptor, Level, Theme

    rubric = Rubric(
        id="big", title="Big", base_iri="https://example.org/big/",
        levels=[Level(id="low", label="Low", points=1),
                Level(id="top", label="Top", points=points)],
        themes=[Theme(id=f"big:T{i}", descriptors=[Descriptor(level="low", text="a"),
                                                   Descriptor(level="top", text="b")])
                for i in range(3)],
        band_schemes=[BandScheme(id="all", title="All", bands=[
            Band(id="lower", label="Lower", low=0, high=points),
            Band(id="upper", label="Upper", low=points + 1, high=3 * points)])],
    )
    single = score(rubric, ["top", "top", "low"])
    batch = score_batch(rubric, {"T0": ["top"], "T1": ["top"], "T2": ["low"]})
    assert single.total == int(batch.total[0]) == 2 * points + 1
    assert [int(p) for p in batch.points[0]] == [points, points, 1]
    assert batch.band_labels().tolist() == ["Upper"]
