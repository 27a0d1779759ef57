"""The shipped pt-self-assessment rubric against its source, tests/data/seeds/002_....txt.

The source is a PDF table flattened to text: each line is a row of tab-separated cells,
and one rubric cell may be split over several lines, interleaved with row headers. The
map below says where each descriptor's fragments are (line, column); the tests check
that every fragment appears in the shipped descriptor, in order, that nothing else is in
it, and that no table text in the level columns is left unused.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from competency.rubric import Rubric, get_rubric

SEED = Path(__file__).resolve().parents[1] / "data" / "seeds" / "002_7b20de611ea4472d.txt"

LEVELS = ("minimum", "bronze", "silver", "gold", "platinum")

# theme -> per level, the (line, column) of each fragment, in reading order
FRAGMENTS: dict[str, list[list[tuple[int, int]]]] = {
    "T2a": [[(17, 1)], [(17, 2), (18, 2)], [(17, 3), (18, 3)], [(17, 4), (18, 4)],
            [(17, 5), (18, 5)]],
    "T2b": [[(20, 1)], [(20, 2)], [(20, 3), (21, 3)], [(20, 4)], [(20, 5)]],
    **{theme: [[(line, col)] for col in range(1, 6)]
       for theme, line in (("T3", 28), ("T4", 29), ("T5", 34), ("T6", 35), ("T7", 40),
                           ("T8", 41), ("T9", 42), ("T10", 47))},
}

# cells in the level columns that are not descriptor text (row headers, score boxes)
NOT_DESCRIPTORS = {"Core skills", "SCORE", "LEVEL"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    if not SEED.is_file():
        pytest.fail(f"the source document is missing: {SEED} (the tests check the shipped "
                    "rubric against it; restore tests/data/seeds/ from a clean checkout)")
    return SEED.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return get_rubric("pt-self-assessment")


def _cell(lines: list[str], line: int, col: int) -> str:
    return _norm(lines[line - 1].split("\t")[col])


def test_the_rubric_has_ten_themes_and_fifty_descriptors(rubric: Rubric) -> None:
    assert rubric.local_ids == ("T2a", "T2b", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10")
    assert sum(len(t.descriptors) for t in rubric.themes) == 50
    assert [(lv.id, lv.label, lv.points) for lv in rubric.levels] == [
        ("minimum", "Minimum standard", 2), ("bronze", "Bronze", 4), ("silver", "Silver", 6),
        ("gold", "Gold", 8), ("platinum", "Platinum", 10)]


@pytest.mark.parametrize("theme", list(FRAGMENTS))
def test_every_descriptor_is_its_source_fragments_in_order(
    seed_lines: list[str], rubric: Rubric, theme: str
) -> None:
    for level, coordinates in zip(LEVELS, FRAGMENTS[theme], strict=True):
        text = _norm(rubric.theme(theme).descriptor(level).text)
        position = 0
        for line, col in coordinates:
            fragment = _cell(seed_lines, line, col)
            assert fragment, f"{theme}/{level}: empty source cell at line {line}, col {col}"
            found = text.find(fragment, position)
            assert found == position, (
                f"{theme}/{level}: fragment {fragment!r} (line {line}) not at {position} "
                f"in {text!r}")
            position = found + len(fragment) + 1
        assert position - 1 == len(text), f"{theme}/{level}: text beyond the fragments"


def test_no_descriptor_text_in_the_source_table_is_left_unused(seed_lines: list[str]) -> None:
    used = {coord for cells in FRAGMENTS.values() for frags in cells for coord in frags}
    start = next(i for i, line in enumerate(seed_lines, 1) if line.startswith("✓ high"))
    for number, line in enumerate(seed_lines[start - 1:], start):
        cells = line.split("\t")
        if len(cells) < 2 or "points" in line:  # headings of the level columns
            continue
        for col, cell in enumerate(cells[1:6], 1):
            text = _norm(cell)
            if text and text not in NOT_DESCRIPTORS:
                assert (number, col) in used, f"line {number} column {col} unused: {text!r}"


def test_band_schemes_match_the_source(seed_lines: list[str], rubric: Rubric) -> None:
    assert [s.id for s in rubric.band_schemes] == ["individual", "institutional"]
    for scheme, col in zip(rubric.band_schemes, (0, 1), strict=True):
        assert scheme.title == seed_lines[4].split("\t")[col]
        for band, line in zip(scheme.bands, seed_lines[5:10], strict=True):
            printed = line.split("\t")[col]
            low, high = map(int, re.findall(r"\d+", printed))
            assert (band.low, band.high) == (low, high)
            assert printed.lower().startswith(band.label.lower())


def test_theme_items_are_the_sources_ticked_items(seed_lines: list[str], rubric: Rubric) -> None:
    text = _norm(" ".join(seed_lines))
    for theme in rubric.themes:
        for item in theme.items:
            # items split across lines in the source are joined with a space
            words = item.split(" ")
            assert _norm(item) in text or all(w in text for w in words), item
    assert len(rubric.theme("T2a").items) == 6
    assert len(rubric.theme("T2b").items) == 10
    assert rubric.theme("T3").items == ("expertise", "temporal (time)", "behavioural", "peer")
    assert len(rubric.theme("T4").items) == 3
    assert len(rubric.theme("T5").items) == 6


def test_titles_and_chapter_labels_are_verbatim(seed_lines: list[str], rubric: Rubric) -> None:
    text = _norm(" ".join(seed_lines))
    for theme in rubric.themes[2:9]:
        assert theme.notation is not None
        assert theme.title is not None
        assert theme.notation in text
        assert theme.title in text
        assert theme.chapter == int(theme.notation.split()[1])


def test_losses_in_the_source_are_noted_not_invented(rubric: Rubric) -> None:
    last = rubric.theme("T10")
    assert last.title is None
    assert last.notation is None
    assert last.chapter == 10
    assert last.note is not None
    assert "lost" in last.note
    first_cell = last.descriptor("minimum")
    assert first_cell.text.startswith("professional development")
    assert first_cell.note is not None
    assert "mid-sentence" in first_cell.note
    core_values = rubric.theme("T2a")
    assert core_values.notation is None
    assert core_values.note is not None
    assert "no chapter label" in core_values.note


def test_theme_ids_are_curies_following_the_chapters(rubric: Rubric) -> None:
    assert [t.id for t in rubric.themes][:3] == [
        "pt-self-assessment:T2a", "pt-self-assessment:T2b", "pt-self-assessment:T3"]
    assert [t.chapter for t in rubric.themes] == [2, 2, 3, 4, 5, 6, 7, 8, 9, 10]
