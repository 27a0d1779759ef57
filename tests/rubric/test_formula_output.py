"""Score output meant for spreadsheets neutralises cells a spreadsheet would run as formulas
(OWASP "CSV injection"): passed-through input columns and labels from rubric files are input,
so they may hold anything."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from competency.cli import main
from competency.rubric import get_rubric

from ._docs import small


def _responses(tmp_path: Path, respondent: str) -> Path:
    rubric = get_rubric("pt-self-assessment")
    path = tmp_path / "responses.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", *rubric.local_ids])
        writer.writerow([respondent, *(["gold"] * len(rubric.local_ids))])
    return path


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://example.org","x")', "+1+1", "-2+3",
                                  "@SUM(A1)", "\tx"])
def test_a_passed_through_formula_cell_is_written_with_a_quote_in_front(
    tmp_path: Path, cell: str
) -> None:
    out = tmp_path / "scores.csv"
    assert main(["score", "pt-self-assessment", "--responses",
                 str(_responses(tmp_path, cell)), "-o", str(out)]) == 0
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0][0] == "respondent"
    assert rows[1][0] == "'" + cell
    assert rows[1][-3] == "80"  # totals are numbers, left as they are


def test_no_neutralise_writes_the_cells_as_they_are(tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    assert main(["score", "pt-self-assessment", "--responses",
                 str(_responses(tmp_path, "=1+1")), "--no-neutralise", "-o", str(out)]) == 0
    assert list(csv.reader(out.open(encoding="utf-8")))[1][0] == "=1+1"


def test_json_lines_output_is_not_altered(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "pt-self-assessment", "--responses",
                 str(_responses(tmp_path, "=1+1")), "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out.splitlines()[0])
    assert record["respondent"] == "=1+1"


def test_labels_from_a_rubric_file_are_neutralised_in_single_score_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = small()
    for band in document["band_schemes"][0]["bands"]:
        band["label"] = "=" + band["label"]
    path = tmp_path / "rubric.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    levels = ",".join([document["levels"][0]["id"]] * len(document["themes"]))
    assert main(["score", str(path), "--levels", levels, "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[1][-1].startswith("'=")
