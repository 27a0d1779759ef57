"""The score, assess and rubrics commands, through competency.cli.main."""

from __future__ import annotations

import builtins
import csv
import io
import json
from pathlib import Path

import pytest

from competency.cli import main
from competency.rubric import get_rubric

RUBRIC = get_rubric("pt-self-assessment")
IDS = list(RUBRIC.local_ids)
ALL_SILVER = ",".join(["silver"] * 10)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_levels_in_json_give_the_integer_total_bands_and_themes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    levels = "gold,silver,bronze,minimum,none,platinum,gold,silver,bronze,minimum"
    code, out, _ = _run(capsys, "score", "pt-self-assessment", "--levels", levels,
                        "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["total"] == 50
    assert data["bands"] == {"individual": "Silver", "institutional": "Silver"}
    assert [t["level"] for t in data["themes"]][:5] == [
        "gold", "silver", "bronze", "minimum", None]
    assert data["themes"][4]["target"]["label"] == "Minimum standard"


@pytest.mark.parametrize(("levels", "total", "band"), [
    (",".join(["PLATINUM"] * 10), 100, "Platinum"),
    (",".join(["Minimum"] * 10), 20, "Bronze"),
    (",".join(["none"] * 10), 0, "Minimum standard"),
])
def test_hand_checked_examples_from_the_command_line(
    capsys: pytest.CaptureFixture[str], levels: str, total: int, band: str
) -> None:
    code, out, _ = _run(capsys, "score", "pt-self-assessment", "--levels", levels, "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["total"], data["bands"]["individual"]) == (total, band)


def test_the_table_shows_total_and_bands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "score", "pt-self-assessment", "--levels", ALL_SILVER)
    assert code == 0
    assert "total 60 of 100" in out
    assert "Individual score and level boundaries: Gold" in out


def test_csv_for_one_response(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "one.csv"
    code, _, _ = _run(capsys, "score", "pt-self-assessment", "--levels", ALL_SILVER,
                      "-f", "csv", "-o", str(out_file))
    assert code == 0
    (row,) = csv.DictReader(out_file.open(encoding="utf-8"))
    assert row["total"] == "60"
    assert row["T3"] == "silver"
    assert row["band.individual"] == "Gold"


def test_bad_levels_exit_1_naming_each_problem(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "score", "pt-self-assessment", "--levels",
                          "gold,silver,diamond,none,none,none,none,none,none,none")
    assert code == 1
    assert out == ""
    assert "--levels:/T3: 'diamond' is not a level" in err
    code, _, err = _run(capsys, "score", "pt-self-assessment", "--levels", "gold,gold")
    assert code == 1
    assert "2 levels for 10 themes" in err


def test_an_unknown_rubric_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "score", "no-such-rubric", "--levels", "gold")
    assert code == 1
    assert "unknown rubric 'no-such-rubric'" in err


def test_a_rubric_file_can_be_scored(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.rubric._docs import small

    path = tmp_path / "mini.json"
    path.write_text(json.dumps(small()), encoding="utf-8")
    code, out, _ = _run(capsys, "score", str(path), "--levels", "top,mid", "-f", "json")
    assert code == 0
    assert json.loads(out)["total"] == 6


def _write_responses(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", *IDS])
        writer.writerows(rows)


def test_a_responses_file_is_scored_to_csv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    responses = tmp_path / "in.csv"
    _write_responses(responses, [["ann", *["gold"] * 10], ["bob", *["none"] * 10]])
    out_file = tmp_path / "out.csv"
    code, _, _ = _run(capsys, "score", "pt-self-assessment", "--responses", str(responses),
                      "-o", str(out_file))
    assert code == 0
    rows = list(csv.DictReader(out_file.open(encoding="utf-8")))
    assert [(r["respondent"], r["total"], r["band.institutional"]) for r in rows] == [
        ("ann", "80", "Platinum"), ("bob", "0", "Minimum standard")]


def test_bad_rows_are_reported_with_line_numbers_and_fail_by_default(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    responses = tmp_path / "in.csv"
    _write_responses(responses, [["ann", *["gold"] * 10], ["bob", "wood", *["none"] * 9],
                                 ["cy", *["bronze"] * 10]])
    out_file = tmp_path / "out.csv"
    out_file.write_text("previous", encoding="utf-8")
    code, _, err = _run(capsys, "score", "pt-self-assessment", "--responses", str(responses),
                        "-o", str(out_file))
    assert code == 1
    assert f"{responses}:line 3, column T2a: not a level of this rubric" in err
    assert out_file.read_text(encoding="utf-8") == "previous"  # untouched on failure


def test_bad_rows_can_be_skipped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    responses = tmp_path / "in.csv"
    _write_responses(responses, [["ann", *["gold"] * 10], ["bob", "wood", *["none"] * 9],
                                 ["cy", *["bronze"] * 10]])
    code, out, err = _run(capsys, "score", "pt-self-assessment", "--responses",
                          str(responses), "--on-error", "skip", "-f", "json")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["respondent"], r["total"]) for r in records] == [("ann", 80), ("cy", 40)]
    assert "skipped" in err
    assert "line 3" in err


def test_the_table_format_summarises_a_responses_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    responses = tmp_path / "in.csv"
    _write_responses(responses, [["a", *["gold"] * 10], ["b", *["minimum"] * 10]])
    code, out, _ = _run(capsys, "score", "pt-self-assessment", "--responses", str(responses),
                        "-f", "table")
    assert code == 0
    assert "2 responses scored; mean total 50.0 of 100" in out


def test_a_ragged_csv_row_is_an_error_with_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    responses = tmp_path / "in.csv"
    responses.write_text("respondent," + ",".join(IDS) + "\nann,gold\n", encoding="utf-8")
    code, _, err = _run(capsys, "score", "pt-self-assessment", "--responses", str(responses))
    assert code == 1
    assert "line 2" in err
    assert "11 fields" in err


def test_lenient_mode_gates_flag_columns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    responses = tmp_path / "flags.csv"
    header = [f"{t}.{lv.id}" for t in IDS for lv in RUBRIC.levels]
    row = ["1", "0", "1", "0", "0"] * 10
    responses.write_text(",".join(header) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    code, _, err = _run(capsys, "score", "pt-self-assessment", "--responses", str(responses))
    assert code == 1
    assert "marks Silver achieved but not Bronze" in err
    code, out, err = _run(capsys, "score", "pt-self-assessment", "--responses",
                          str(responses), "--lenient")
    assert code == 0
    assert "warning" in err
    assert next(iter(csv.DictReader(io.StringIO(out))))["total"] == "20"


def test_assess_walks_through_the_themes_and_saves_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter(["7", "platinum", "4", "3", "2", "1", "0", "none", "Gold", "2", "5"])
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(answers))
    saved = tmp_path / "me.json"
    code, out, _ = _run(capsys, "assess", "pt-self-assessment", "--save", str(saved))
    assert code == 0
    assert "Please answer 0 to 5" in out  # "7" was refused
    assert RUBRIC.theme("T3").descriptor("gold").text[:40] in out
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert [t["points"] for t in data["themes"]] == [10, 8, 6, 4, 2, 0, 0, 8, 4, 10]
    assert data["total"] == 52
    assert data["bands"]["individual"] == "Silver"
    assert "next target" in out


def test_assess_stops_cleanly_when_input_ends(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def ended(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.setattr(builtins, "input", ended)
    code, _, err = _run(capsys, "assess", "pt-self-assessment")
    assert code == 1
    assert "input ended before theme T2a" in err


@pytest.mark.parametrize(("suffix", "chart"), [("png", "bar"), ("svg", "radar")])
def test_plot_draws_a_chart(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str, chart: str
) -> None:
    import matplotlib  # noqa: F401  (a test dependency: the chart needs it)
    image = tmp_path / f"chart.{suffix}"
    code, _, _ = _run(capsys, "score", "pt-self-assessment", "--levels", ALL_SILVER,
                      "--plot", str(image), "--chart", chart)
    assert code == 0
    assert image.stat().st_size > 1000


def test_plot_without_matplotlib_says_how_to_install_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    real = importlib.import_module

    def no_matplotlib(name: str, package: str | None = None) -> object:
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", no_matplotlib)
    code, _, err = _run(capsys, "score", "pt-self-assessment", "--levels", ALL_SILVER,
                        "--plot", str(tmp_path / "x.png"))
    assert code == 1
    assert "pip install 'competency[plot]'" in err
