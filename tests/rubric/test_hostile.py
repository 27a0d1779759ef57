"""Hostile rubric and response files: each test builds its own file and checks that the
result is one of our errors naming the file and the place, or a correct score — never a
traceback, a flood of output, a half-written file or an exhausted memory."""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from competency import _plugins
from competency.cli import main
from competency.errors import PluginError, RubricError
from competency.rubric import (
    BatchResponse,
    BatchResult,
    Response,
    Result,
    Rubric,
    get_rubric,
    load_rubric,
    score,
    score_batch,
)
from competency.rubric.model import MAX_LEVELS
from competency.rubric.tables import MAX_ANSWER_CHARS

from ._docs import small

RUBRIC = get_rubric("pt-self-assessment")
IDS = list(RUBRIC.local_ids)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _write_rubric(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _levels_doc(n_levels: int, n_themes: int = 2, points: int = 1) -> dict[str, Any]:
    levels = [{"id": f"l{i}", "label": f"L{i}", "points": points * (i + 1)}
              for i in range(n_levels)]
    maximum = n_themes * points * n_levels
    return {
        "format": "competency-rubric/1", "id": "many", "title": "Many levels",
        "base_iri": "https://example.org/many/", "levels": levels,
        "themes": [{"id": f"many:T{t}", "descriptors": [
            {"level": f"l{i}", "text": f"cell {t}.{i}"} for i in range(n_levels)]}
            for t in range(n_themes)],
        "band_schemes": [{"id": "all", "title": "All", "bands": [
            {"id": "low", "label": "Low", "low": 0, "high": maximum // 2},
            {"id": "high", "label": "High", "low": maximum // 2 + 1, "high": maximum}]}],
    }


def _no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


# -- rubric files: validated for what scoring can represent ----------------------------------


def test_level_points_of_a_billion_are_refused_with_the_pointer(tmp_path: Path) -> None:
    doc = small()
    doc["levels"][2]["points"] = 10**9
    doc["band_schemes"][0]["bands"][1]["high"] = 2 * 10**9
    path = _write_rubric(tmp_path / "huge.json", doc)
    with pytest.raises(RubricError) as caught:
        load_rubric(path)
    text = str(caught.value)
    assert f"{path}:/levels/2/points" in text
    assert "1,000,000" in text


def test_two_hundred_levels_are_refused_at_levels(tmp_path: Path) -> None:
    path = _write_rubric(tmp_path / "levels.json", _levels_doc(200))
    with pytest.raises(RubricError) as caught:
        load_rubric(path)
    assert f"{path}:/levels: 200 levels" in str(caught.value)


def test_the_most_levels_allowed_score_the_same_in_a_batch(tmp_path: Path) -> None:
    rubric = load_rubric(_write_rubric(tmp_path / "levels.json", _levels_doc(MAX_LEVELS)))
    answers = [["l99", "l0"], ["none", "l57"], ["l42", "l99"]]
    table = {"T0": [a[0] for a in answers], "T1": [a[1] for a in answers]}
    batch = score_batch(rubric, table)
    flags = np.zeros((1, 2, MAX_LEVELS), dtype=bool)
    flags[0, 0, :] = True
    flags[0, 1, :58] = True
    gated = score_batch(rubric, flags)
    for i, row in enumerate(answers):
        single = score(rubric, row)
        assert int(batch.total[i]) == single.total
        assert tuple(int(r) for r in batch.reached[i]) == single.reached
    assert gated.reached.tolist() == [[100, 58]]


def test_points_of_forty_thousand_print_the_same_from_levels_and_responses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = _write_rubric(tmp_path / "big.json", _levels_doc(1, n_themes=1, points=40_000))
    code, out, _ = _run(capsys, "score", str(path), "--levels", "l0", "-f", "json")
    assert code == 0
    assert json.loads(out)["total"] == 40_000
    responses = tmp_path / "r.csv"
    responses.write_text("T0\nl0\n", encoding="utf-8")
    code, out, _ = _run(capsys, "score", str(path), "--responses", str(responses))
    assert code == 0
    row = next(csv.DictReader(out.splitlines()))
    assert (row["T0.points"], row["total"]) == ("40000", "40000")


# -- responses on the command line ------------------------------------------------------------


def test_a_negative_level_in_levels_is_bad_input_with_its_theme(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(capsys, "score", "pt-self-assessment", "--levels",
                          ",".join(["-2"] + ["gold"] * 9))
    assert (code, out) == (1, "")
    assert "--levels:/T2a: '-2' is not a level" in err


def test_a_superscript_digit_is_not_a_level_and_not_a_crash(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(capsys, "score", "pt-self-assessment", "--levels",
                          ",".join(["²"] + ["gold"] * 9))
    assert (code, out) == (1, "")
    assert "--levels:/T2a: '²' is not a level" in err
    assert "Traceback" not in err


def test_latin1_responses_are_reported_at_the_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / "latin1.csv"
    source.write_bytes(("who," + ",".join(IDS) + "\n").encode()
                       + "José,".encode("latin-1") + ",".join(["gold"] * 10).encode() + b"\n")
    code, out, err = _run(capsys, "score", "pt-self-assessment", "--responses", str(source))
    assert (code, out) == (1, "")
    assert f"{source}:line 2, column 4: not UTF-8 text" in err


def test_output_into_a_missing_folder_is_bad_input_and_leaves_no_temporary_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / "ok.csv"
    source.write_text(",".join(IDS) + "\n" + ",".join(["gold"] * 10) + "\n", encoding="utf-8")
    target = tmp_path / "missing" / "out.csv"
    code, out, err = _run(capsys, "score", "pt-self-assessment", "--responses", str(source),
                          "-o", str(target))
    assert (code, out) == (1, "")
    assert str(target) in err
    assert not target.parent.exists()
    assert _no_temp_files(tmp_path)


@pytest.fixture
def cohort_with_a_late_bad_row(tmp_path: Path) -> Path:
    source = tmp_path / "cohort.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["who", *IDS])
        writer.writerows([f"t{i}", *(["silver"] * 10)] for i in range(120_000))
        writer.writerow(["late", "golden", *(["gold"] * 9)])
    return source


def test_on_error_fail_writes_nothing_to_stdout(
    cohort_with_a_late_bad_row: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(capsys, "score", "pt-self-assessment", "--responses",
                          str(cohort_with_a_late_bad_row))
    assert (code, out) == (1, "")
    assert f"{cohort_with_a_late_bad_row}:line 120002, column T2a" in err


def test_on_error_fail_leaves_an_existing_output_file_untouched(
    cohort_with_a_late_bad_row: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    target = cohort_with_a_late_bad_row.parent / "results.csv"
    target.write_text("previous results\n", encoding="utf-8")
    code, _, _ = _run(capsys, "score", "pt-self-assessment", "--responses",
                      str(cohort_with_a_late_bad_row), "-o", str(target))
    assert code == 1
    assert target.read_text(encoding="utf-8") == "previous results\n"
    assert _no_temp_files(target.parent)


def test_a_huge_cell_is_a_bad_value_not_a_huge_array(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / "huge-cell.csv"
    rows = [["gold"] * 10 for _ in range(3)]
    rows[1][4] = "g" * 120_000
    source.write_text(",".join(IDS) + "\n" + "\n".join(",".join(r) for r in rows) + "\n",
                      encoding="utf-8")
    code, out, err = _run(capsys, "score", "pt-self-assessment", "--responses", str(source))
    assert (code, out) == (1, "")
    assert f"{source}:line 3, column T5: not a level" in err
    assert len(err) < 2_000  # the cell is not echoed
    code, out, _ = _run(capsys, "score", "pt-self-assessment", "--responses", str(source),
                        "--on-error", "skip")
    assert code == 0
    assert len(out.splitlines()) == 3  # the header and the two good rows


def test_a_huge_text_value_in_a_table_is_read_without_widening_the_column() -> None:
    column = np.array(["gold", "x" * 120_000, None], dtype=object)
    table = dict.fromkeys(IDS, column)
    result = score_batch(RUBRIC, table, on_error="skip")
    assert result.valid.tolist() == [True, False, False]
    assert MAX_ANSWER_CHARS < 120_000


# -- plugin strategies that fail ---------------------------------------------------------------


class _Exploding:
    name = "exploding"

    def score(self, rubric: Rubric, response: Response, *, strict: bool = True) -> Result:
        raise ZeroDivisionError("division by zero in the plugin")

    def score_batch(self, rubric: Rubric, batch: BatchResponse, *,
                    strict: bool = True) -> BatchResult:
        raise KeyError("no such column")


class _WrongType(_Exploding):
    name = "wrong-type"

    def score(self, rubric: Rubric, response: Response, *, strict: bool = True) -> Result:
        return 42  # type: ignore[return-value]


@pytest.fixture
def broken_strategies() -> Iterator[None]:
    _plugins.register("competency.scoring", "exploding", _Exploding)
    _plugins.register("competency.scoring", "wrong-type", _WrongType)
    try:
        yield
    finally:
        _plugins.unregister("competency.scoring", "exploding")
        _plugins.unregister("competency.scoring", "wrong-type")


def test_an_error_inside_a_strategy_plugin_is_a_plugin_error_naming_it(
    broken_strategies: None,
) -> None:
    with pytest.raises(PluginError, match=r"'exploding' \(.*_Exploding\) failed in score\(\): "
                                          r"ZeroDivisionError"):
        score(RUBRIC, ["gold"] * 10, strategy="exploding")
    with pytest.raises(PluginError, match=r"'exploding' .* score_batch\(\): KeyError"):
        score_batch(RUBRIC, np.full((2, 10), 8), strategy="exploding")
    with pytest.raises(PluginError, match=r"'wrong-type' .* gave no Result"):
        score(RUBRIC, ["gold"] * 10, strategy="wrong-type")


def test_a_failing_strategy_plugin_exits_1_on_the_command_line(
    broken_strategies: None, capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(capsys, "score", "pt-self-assessment", "--levels",
                          ",".join(["gold"] * 10), "--strategy", "exploding")
    assert (code, out) == (1, "")
    assert "scoring strategy 'exploding'" in err
    assert "Traceback" not in err


@settings(max_examples=100, deadline=None)
@given(st.text(), st.lists(st.integers(0, 60), max_size=8))
def test_streamed_decoding_gives_the_text_back_line_by_line_wherever_blocks_split(
    text: str, cuts: list[int],
) -> None:
    from competency.io import decode_utf8_lines

    data = text.encode("utf-8")
    bounds = sorted({min(c, len(data)) for c in cuts} | {0, len(data)})
    blocks = [data[a:b] for a, b in itertools.pairwise(bounds)]
    lines = list(decode_utf8_lines(blocks))
    assert "".join(lines) == text.removeprefix("\ufeff")
    assert all(line.count("\n") == 1 and line.endswith("\n") for line in lines[:-1])
    assert all(line for line in lines)


def test_a_missing_rubric_file_says_a_rubric_file_was_expected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.json"
    assert main(["score", str(missing), "--levels", "gold"]) == 1
    err = capsys.readouterr().err
    assert f"{missing}:/: cannot read the file: it does not exist" in err
    assert "expected the path of a rubric JSON file" in err
