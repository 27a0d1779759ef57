"""The rubric model, its validation, and reading and writing rubric documents."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from competency.errors import (
    DocumentError,
    Location,
    Pointer,
    Position,
    RubricError,
    ScoreError,
    UnknownIdError,
)
from competency.model import Criterion, Unit
from competency.rubric import (
    Band,
    BandScheme,
    Descriptor,
    Level,
    Rubric,
    Theme,
    dump_rubric,
    dumps_rubric,
    get_rubric,
    load_rubric,
    loads_rubric,
    rubric_from_dict,
    rubric_to_dict,
)
from tests.rubric._docs import small


def _locations(exc: pytest.ExceptionInfo[Exception]) -> list[Location | None]:
    value = exc.value
    assert isinstance(value, (DocumentError, RubricError))
    return [p.location for p in value.problems]


def test_a_valid_document_round_trips_through_json() -> None:
    rubric = rubric_from_dict(small())
    assert rubric.maximum == 8
    assert loads_rubric(dumps_rubric(rubric)) == rubric
    assert rubric_to_dict(rubric) == small()


def test_the_shipped_rubric_round_trips_byte_for_byte(tmp_path: Path) -> None:
    from competency.rubric.registry import rubrics_dir

    shipped = rubrics_dir() / "pt-self-assessment.json"
    assert dumps_rubric(get_rubric("pt-self-assessment")) == shipped.read_text(encoding="utf-8")


def test_levels_must_have_strictly_increasing_points() -> None:
    doc = small()
    doc["levels"][1]["points"] = 1
    with pytest.raises(RubricError) as exc:
        rubric_from_dict(doc, file="m.json")
    assert Pointer.parse("/levels/1/points") in _locations(exc)
    assert "strictly increasing" in str(exc.value)
    assert str(exc.value).startswith("m.json:")


def test_every_theme_needs_a_descriptor_for_every_level_in_order() -> None:
    doc = small()
    del doc["themes"][0]["descriptors"][1]
    doc["themes"][1]["descriptors"].reverse()
    with pytest.raises(RubricError) as exc:
        rubric_from_dict(doc)
    assert _locations(exc) == [Pointer("themes", 0, "descriptors"),
                               Pointer("themes", 1, "descriptors")]
    assert "no descriptor for 'mid'" in str(exc.value)
    assert "level order" in str(exc.value)


def test_a_descriptor_for_an_unknown_level_is_located() -> None:
    doc = small()
    doc["themes"][1]["descriptors"][2]["level"] = "best"
    with pytest.raises(RubricError) as exc:
        rubric_from_dict(doc)
    assert Pointer.parse("/themes/1/descriptors/2/level") in _locations(exc)


@pytest.mark.parametrize(("bands", "where"), [
    ([(0, 2), (4, 8)], "/band_schemes/0/bands/1/low"),  # gap
    ([(0, 4), (4, 8)], "/band_schemes/0/bands/1/low"),  # overlap
    ([(1, 3), (4, 8)], "/band_schemes/0/bands/0/low"),  # does not start at 0
    ([(0, 3), (4, 7)], "/band_schemes/0/bands/1/high"),  # stops short of the maximum
    ([(0, 3), (4, 9)], "/band_schemes/0/bands/1/high"),  # beyond the maximum
])
def test_bands_must_be_contiguous_and_cover_zero_to_the_maximum(
    bands: list[tuple[int, int]], where: str
) -> None:
    doc = small()
    for band, (low, high) in zip(doc["band_schemes"][0]["bands"], bands, strict=True):
        band["low"], band["high"] = low, high
    with pytest.raises(RubricError) as exc:
        rubric_from_dict(doc)
    assert Pointer.parse(where) in _locations(exc)


def test_duplicate_ids_are_all_reported_at_once() -> None:
    doc = small()
    doc["themes"][1]["id"] = "mini:A"
    doc["levels"][2]["id"] = "mid"
    doc["band_schemes"].append(json.loads(json.dumps(doc["band_schemes"][0])))
    with pytest.raises(RubricError) as exc:
        rubric_from_dict(doc)
    locations = _locations(exc)
    assert Pointer.parse("/themes/1/id") in locations
    assert Pointer.parse("/levels/2/id") in locations
    assert Pointer.parse("/band_schemes/1/id") in locations
    first_use = {p.location: p.related for p in exc.value.problems}
    assert first_use[Pointer("themes", 1, "id")] == Pointer("themes", 0, "id")
    assert first_use[Pointer("band_schemes", 1, "id")] == Pointer("band_schemes", 0, "id")
    [theme] = [p for p in exc.value.problems if p.location == Pointer("themes", 1, "id")]
    assert str(theme).endswith(": duplicate theme id 'mini:A' (first used at /themes/0/id) "
                               "— expected each theme id to be unique")


def test_theme_ids_must_use_the_rubric_prefix() -> None:
    doc = small()
    doc["themes"][0]["id"] = "other:A"
    with pytest.raises(RubricError) as exc:
        rubric_from_dict(doc)
    assert Pointer.parse("/themes/0/id") in _locations(exc)


def test_schema_problems_name_file_pointer_and_expectation(tmp_path: Path) -> None:
    doc = small()
    doc["levels"][0]["points"] = "one"
    doc["themes"][1]["descriptors"][0]["text"] = ""
    doc["band_schemes"][0]["bands"][0]["colour"] = "red"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DocumentError) as exc:
        load_rubric(path)
    problems = {str(p.location): p for p in exc.value.problems}
    assert {p.location for p in exc.value.problems} == {
        Pointer("band_schemes", 0, "bands", 0), Pointer("levels", 0, "points"),
        Pointer("themes", 1, "descriptors", 0, "text")}
    assert all(p.file == str(path) for p in problems.values())
    assert problems["/levels/0/points"].expected == "an integer"
    assert "colour" in problems["/band_schemes/0/bands/0"].message


def test_invalid_json_is_reported_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "id": }', encoding="utf-8")
    with pytest.raises(DocumentError) as exc:
        load_rubric(path)
    assert exc.value.problems[0].location == Position(2, 9)


def test_a_missing_file_is_a_document_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="cannot read"):
        load_rubric(tmp_path / "nope.json")


def test_dump_is_atomic_and_leaves_the_old_file_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rubric = rubric_from_dict(small())
    path = tmp_path / "mini.json"
    path.write_text("old", encoding="utf-8")

    def fail(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(DocumentError, match="disk full"):
        dump_rubric(rubric, path)
    assert path.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [path]
    monkeypatch.undo()
    dump_rubric(rubric, path)
    assert load_rubric(path) == rubric


def test_models_are_frozen_and_validated() -> None:
    level = Level(id="gold", label="Gold", points=8)
    with pytest.raises(AttributeError):
        level.points = 9  # type: ignore[misc]
    with pytest.raises(ValueError, match="lower-case id"):
        Level(id="Gold", label="Gold", points=8)
    with pytest.raises(ValueError, match=r"not 'none'"):
        Level(id="none", label="None", points=1)
    with pytest.raises(ValueError, match="CURIE"):
        Theme(id="T3")
    with pytest.raises(ValueError, match="below low"):
        Band(id="b", label="B", low=5, high=4)


def test_level_answers_are_looked_up_by_id_label_or_points() -> None:
    rubric = get_rubric("pt-self-assessment")
    assert rubric.level_index("Minimum standard") == 1
    assert rubric.level_index("MINIMUM") == 1
    assert rubric.level_index(" gold ") == 4
    assert rubric.level_index("6") == 3
    assert rubric.level_index(0) == 0
    with pytest.raises(UnknownIdError):
        rubric.level_index(True)
    with pytest.raises(UnknownIdError):
        rubric.level_index(5)


def test_band_for_rejects_totals_outside_the_range() -> None:
    rubric = get_rubric("pt-self-assessment")
    assert rubric.band_for(19).label == "Minimum standard"
    assert rubric.band_for(20, "institutional").label == "Bronze"
    with pytest.raises(ScoreError, match="from 0 to 100"):
        rubric.band_for(101)


def test_the_rubric_exposes_its_themes_and_cells_as_a_framework() -> None:
    rubric = get_rubric("pt-self-assessment")
    framework = rubric.as_framework()
    assert framework.id == "pt-self-assessment"
    units = framework.of_kind("unit")
    assert [u.id for u in units] == [t.id for t in rubric.themes]
    assert all(isinstance(u, Unit) for u in units)
    cell = framework.element("pt-self-assessment:T3.bronze")
    assert isinstance(cell, Criterion)
    assert cell.text == rubric.theme("T3").descriptor("bronze").text
    assert framework.expand("pt-self-assessment:T2a") == rubric.expand("pt-self-assessment:T2a")


def test_theme_lookup_accepts_curie_local_id_and_any_case() -> None:
    rubric = get_rubric("pt-self-assessment")
    assert rubric.theme("pt-self-assessment:T10") is rubric.theme("t10")
    with pytest.raises(UnknownIdError, match="T2a"):
        rubric.theme("T1")


_words = st.text(alphabet="abcdefghij", min_size=1, max_size=6)


@st.composite
def rubrics(draw: st.DrawFn) -> Rubric:
    n_levels = draw(st.integers(1, 5))
    steps = draw(st.lists(st.integers(1, 5), min_size=n_levels, max_size=n_levels))
    points = [sum(steps[: i + 1]) for i in range(n_levels)]
    levels = [Level(id=f"l{i}", label=f"Level {i}", points=p) for i, p in enumerate(points)]
    n_themes = draw(st.integers(1, 6))
    themes = [
        Theme(id=f"r:T{t}", title=draw(_words), items=draw(st.lists(_words, max_size=3)),
              descriptors=[Descriptor(level=lv.id, text=draw(_words)) for lv in levels])
        for t in range(n_themes)
    ]
    maximum = n_themes * points[-1]
    cuts = sorted(set(draw(st.lists(st.integers(1, maximum), max_size=3))))
    edges = [0, *cuts, maximum + 1]
    bands = [Band(id=f"b{i}", label=f"Band {i}", low=lo, high=hi - 1)
             for i, (lo, hi) in enumerate(itertools.pairwise(edges))]
    return Rubric(id="r", title="R", base_iri="https://example.org/r/", levels=levels,
                  themes=themes, band_schemes=[BandScheme(id="s", title="S", bands=bands)])


@settings(max_examples=60)
@given(rubrics())
def test_any_valid_rubric_round_trips_through_its_json_document(rubric: Rubric) -> None:
    assert loads_rubric(dumps_rubric(rubric)) == rubric
