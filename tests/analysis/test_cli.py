"""``competency crosswalk report | suggest | evaluate`` through competency.cli.main."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from competency.cli import main
from competency.crosswalk import read_sssom


def test_report_prints_summary_coverage_gaps_and_strongest(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["crosswalk", "report", "pt-nos", "ls-nos"]) == 0
    out = capsys.readouterr().out
    for heading in ("Mappings by predicate", "Coverage of pt-nos units",
                    "Coverage of ls-nos units", "Gaps:", "Strongest mappings"):
        assert heading in out
    assert "LSIPT01" in out


def test_report_json_has_the_same_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crosswalk", "report", "pt-nos", "ls-nos", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["subject"]["id"] == "pt-nos"
    assert data["subject_coverage"]["total"] == 179
    assert data["object_coverage"]["total"] == 100
    assert len(data["overlap"]["rows"]) == 11
    assert len(data["strongest"]) == 10
    covered = data["subject_coverage"]["covered"]
    gaps = sum(len(g["gaps"]) for g in data["gaps"]["subject"])
    assert covered + gaps == 179


def test_report_the_other_way_round_inverts_the_crosswalk(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["crosswalk", "report", "ls-nos", "pt-nos", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["subject_coverage"]["framework_id"] == "ls-nos"


def test_report_html_is_self_contained(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.html"
    assert main(["crosswalk", "report", "pt-nos", "ls-nos", "--html", str(target)]) == 0
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "class=heat" in html
    assert "class=sortable" in html
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert "<script src" not in html
    assert "<link" not in html


def test_report_html_to_stdout_is_the_html_document_alone(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["crosswalk", "report", "pt-nos", "ls-nos", "--html", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>")
    assert out.rstrip().endswith("</html>")
    assert "Mappings by predicate" not in out.split("</html>")[-1]


def test_report_html_and_json_both_to_stdout_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["crosswalk", "report", "pt-nos", "ls-nos", "--html", "-",
                 "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "both write to standard output" in captured.err


def test_report_thresholds_change_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    main(["crosswalk", "report", "pt-nos", "ls-nos", "--format", "json"])
    loose = json.loads(capsys.readouterr().out)["subject_coverage"]["covered"]
    main(["crosswalk", "report", "pt-nos", "ls-nos", "--format", "json",
          "--min-predicate", "close", "--min-confidence", "0.8"])
    strict = json.loads(capsys.readouterr().out)["subject_coverage"]["covered"]
    assert strict < loose


def test_report_on_an_unknown_framework_is_a_clear_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["crosswalk", "report", "pt-nos", "nope"]) == 1
    assert "unknown framework id 'nope'" in capsys.readouterr().err


def test_suggest_writes_sssom_that_reads_back(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "s.sssom.tsv"
    assert main(["crosswalk", "suggest", "pt-nos", "ls-nos", "--top", "2",
                 "-o", str(target)]) == 0
    cw = read_sssom(target)
    assert len(cw.mappings) == 2 * 179
    assert {m.mapping_justification for m in cw.mappings} == {"semapv:LexicalMatching"}


def test_suggest_writes_to_stdout_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crosswalk", "suggest", "pt-nos", "ls-nos", "--top", "1"]) == 0
    out = capsys.readouterr().out
    assert "subject_id\t" in out


def test_suggest_with_top_0_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crosswalk", "suggest", "pt-nos", "ls-nos", "--top", "0"]) == 1
    assert "--top must be at least 1" in capsys.readouterr().err


def test_evaluate_prints_scores_and_recall_at_k(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "s.sssom.tsv"
    main(["crosswalk", "suggest", "pt-nos", "ls-nos", "-o", str(target)])
    capsys.readouterr()
    assert main(["crosswalk", "evaluate", str(target), "--reference", "pt-nos:ls-nos",
                 "--predicates", "exact", "close", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["recall_at_k"]["5"] >= 0.8
    shipped = Path(__file__).parents[2] / "frameworks/crosswalks/pt-nos__ls-nos.sssom.tsv"
    assert main(["crosswalk", "evaluate", str(target), "--reference", str(shipped)]) == 0
    out = capsys.readouterr().out
    assert "recall@k" in out
    assert "precision" in out


def test_evaluate_against_other_frameworks_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "s.sssom.tsv"
    main(["crosswalk", "suggest", "pt-nos", "pt-nos", "--top", "1", "-o", str(target)])
    capsys.readouterr()
    assert main(["crosswalk", "evaluate", str(target), "--reference", "pt-nos:ls-nos"]) == 1
    assert "same frameworks" in capsys.readouterr().err


def test_report_prints_the_thresholds_with_every_figure(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    assert main(["crosswalk", "report", "pt-nos", "ls-nos", "--min-predicate",
                 "hierarchical", "--min-confidence", "0.7", "--kinds", "criterion"]) == 0
    out = capsys.readouterr().out
    described = "predicate ≥ hierarchical, confidence ≥ 0.7, kinds: criterion"
    for heading in ("Coverage of pt-nos units", "Coverage of ls-nos units", "Gaps:",
                    "Strongest mappings"):
        line = next(line for line in out.splitlines() if heading in line)
        assert described in line, heading
    assert "Coverage by strictness" in out


def test_report_json_gives_the_thresholds_and_the_coverage_at_each_level(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["crosswalk", "report", "pt-nos", "ls-nos", "--format", "json",
                 "--min-predicate", "close"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["thresholds"]["level"] == "close"
    assert data["subject_coverage"]["thresholds"].startswith("predicate ≥ close")
    levels = data["coverage_by_level"]
    assert [row["level"] for row in levels] == ["exact", "close", "hierarchical", "related"]
    assert levels[1]["subject"]["covered"] == data["subject_coverage"]["covered"]
    counts = [row["subject"]["covered"] for row in levels]
    assert counts == sorted(counts)


def test_report_on_a_rubric_counts_its_themes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crosswalk", "report", "pt-self-assessment", "pt-nos", "--format",
                 "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["subject_coverage"]["kinds"] == ["unit"]
    assert data["subject_coverage"]["total"] == 10
    assert data["subject_coverage"]["covered"] > 0


@pytest.mark.parametrize("args", [["--min-confidence", "1.5"], ["--min-confidence", "x"],
                                  ["--min-predicate", "similar"], ["--kinds", "colour"]])
def test_report_with_a_bad_threshold_is_a_usage_error(
    args: list[str], capsys: pytest.CaptureFixture[str],
) -> None:
    try:
        code = main(["crosswalk", "report", "pt-nos", "ls-nos", *args])
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code  # type: ignore[assignment]
    assert code == 2
    assert "error:" in capsys.readouterr().err


def test_report_reviewed_only_counts_nothing_on_an_unreviewed_crosswalk(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["crosswalk", "report", "pt-nos", "ls-nos", "--format", "json",
                 "--reviewed-only"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["thresholds"]["reviewed_only"] is True
    assert data["subject_coverage"]["covered"] == 0
