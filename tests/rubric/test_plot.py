"""Rubric charts: whole subtitles, theme titles, cohorts as level distributions."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest

from competency.cli import main
from competency.errors import CompetencyError
from competency.rubric import get_rubric, score
from competency.rubric import plot as plot_module
from competency.rubric.plot import plot_distribution, plot_result, theme_label

matplotlib = pytest.importorskip("matplotlib")  # a test dependency ([test] extra)


def _svg_text(path: Path) -> str:
    """The texts of an SVG written with real text elements, joined."""
    return " ".join(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")).split())


def _text_svg(function: Any, *args: Any, **kwargs: Any) -> Any:
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        return function(*args, **kwargs)


def test_theme_labels_are_titles_and_the_titleless_theme_names_its_chapter() -> None:
    labels = [theme_label(t) for t in get_rubric("pt-self-assessment").themes]
    assert labels[:3] == ["T2a Core values", "T2b Core skills", "T3 Setting boundaries"]
    assert labels[-1] == "T10 (chapter 10)"


@pytest.mark.parametrize("kind", ["bar", "radar"])
def test_a_result_chart_shows_theme_titles_and_the_whole_subtitle(tmp_path: Path,
                                                                  kind: str) -> None:
    rubric = get_rubric("pt-self-assessment")
    result = score(rubric, ["silver"] * 10)
    image = _text_svg(plot_result, result, tmp_path / "me.svg", kind=kind)
    text = _svg_text(image)
    assert "Setting boundaries" in text
    assert "Measuring impact" in text
    for scheme in rubric.band_schemes:  # the subtitle that used to be cut ("... Silve")
        for word in f"{scheme.title}: Silver".split():
            assert word in text


def test_nothing_is_drawn_outside_the_saved_image(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[Any, Any, str]] = []
    save = plot_module._save

    def keep(fig: Any, plt: Any, target: Path) -> Path:
        renderer = fig.canvas.get_renderer()
        box = fig.get_tightbbox(renderer)  # what bbox_inches="tight" saves (in inches)
        title = fig._suptitle.get_window_extent(renderer).transformed(
            fig.dpi_scale_trans.inverted())
        seen.append((box, title, fig._suptitle.get_text()))
        return save(fig, plt, target)

    monkeypatch.setattr(plot_module, "_save", keep)
    rubric = get_rubric("pt-self-assessment")
    plot_result(score(rubric, ["gold"] * 10), tmp_path / "me.png")
    box, title, text = seen[0]
    assert box.x0 <= title.x0
    assert title.x1 <= box.x1
    assert "Institutional score and level boundaries: Platinum." in " ".join(text.split())


def _counts(rows: list[list[str]], themes: int, levels: int) -> list[list[int]]:
    order = ["none", "minimum", "bronze", "silver", "gold", "platinum"][: levels + 1]
    counts = [[0] * (levels + 1) for _ in range(themes)]
    for row in rows:
        for t, level in enumerate(row):
            counts[t][order.index(level)] += 1
    return counts


def test_a_cohort_chart_draws_each_themes_level_distribution(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [["gold"] * 10, ["bronze"] * 10, ["gold"] * 9 + ["none"]]
    responses = tmp_path / "cohort.csv"
    with responses.open("w", newline="", encoding="utf-8") as handle:
        rubric = get_rubric("pt-self-assessment")
        writer = csv.writer(handle)
        writer.writerow(["respondent", *(t.local_id for t in rubric.themes)])
        writer.writerows([f"r{i}", *row] for i, row in enumerate(rows))
    drawn: list[list[list[int]]] = []
    real = plot_module.plot_distribution

    def spy(rubric: Any, counts: list[list[int]], path: Path, **kw: Any) -> Path:
        drawn.append(counts)
        written: Path = _text_svg(real, rubric, counts, path, **kw)
        return written

    monkeypatch.setattr(plot_module, "plot_distribution", spy)
    image = tmp_path / "cohort.svg"
    assert main(["score", "pt-self-assessment", "--responses", str(responses),
                 "-o", str(tmp_path / "out.csv"), "--plot", str(image)]) == 0
    capsys.readouterr()
    assert drawn == [_counts(rows, 10, 5)]
    text = _svg_text(image)
    assert "67%" in text  # two of three respondents at gold in T2a
    assert "33%" in text
    assert "3 respondents." in text
    assert "Measuring impact" in text


def test_level_counts_of_the_wrong_shape_are_refused(tmp_path: Path) -> None:
    rubric = get_rubric("pt-self-assessment")
    with pytest.raises(CompetencyError, match="one per theme"):
        plot_distribution(rubric, [[1, 2, 3]], tmp_path / "x.png")


def test_a_distribution_chart_is_written_as_png(tmp_path: Path) -> None:
    rubric = get_rubric("pt-self-assessment")
    counts = [[0, 1, 2, 3, 4, 5]] * len(rubric.themes)
    image = plot_distribution(rubric, counts, tmp_path / "c.png", subtitle="Test cohort.")
    assert image.read_bytes().startswith(b"\x89PNG")
