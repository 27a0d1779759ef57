"""Framework files and ``-`` wherever the command line takes a framework id or an output."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

import competency
from competency.cli import main
from competency.formats.case import dumps_case
from competency.formats.moodle import to_moodle_csv


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_moodle_import_to_case_export_through_a_pipe_of_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    moodle = tmp_path / "fw.csv"
    moodle.write_text(to_moodle_csv(competency.load("he-pt-policy")), encoding="utf-8")
    assert main(["import", str(moodle), "--from", "moodle", "-o", "-"]) == 0
    framework_json = capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", _Stdin(framework_json.encode("utf-8")))
    assert main(["export", "-", "--format", "case", "-o", "-"]) == 0
    package = json.loads(capsys.readouterr().out)
    assert package["CFDocument"]["title"] == competency.load("he-pt-policy").title
    assert not (Path.cwd() / "-").exists()


def test_import_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(dumps_case(competency.load("pt-nos")).encode()))
    assert main(["import", "-", "--from", "case"]) == 0
    assert competency.loads(capsys.readouterr().out) == competency.load("pt-nos")


def test_problems_in_stdin_are_reported_as_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b"{not json"))
    assert main(["export", "-", "--format", "csv"]) == 1
    assert capsys.readouterr().err.startswith("<stdin>:line 1, column 2: not valid JSON")


def test_show_and_export_take_a_framework_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ls.json"
    path.write_text(competency.dumps(competency.load("ls-nos")), encoding="utf-8")
    assert main(["show", str(path), "AP13"]) == 0
    assert "AP13" in capsys.readouterr().out
    assert main(["export", str(path), "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("id,kind,notation,parent,text")


def test_export_takes_a_case_package_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "pt.case.json"
    path.write_text(dumps_case(competency.load("pt-nos")), encoding="utf-8")
    assert main(["export", str(path)]) == 0
    assert competency.loads(capsys.readouterr().out) == competency.load("pt-nos")


def test_crosswalk_report_takes_framework_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    subject, obj = tmp_path / "pt.json", tmp_path / "ls.json"
    subject.write_text(competency.dumps(competency.load("pt-nos")), encoding="utf-8")
    obj.write_text(competency.dumps(competency.load("ls-nos")), encoding="utf-8")
    assert main(["crosswalk", "report", str(subject), str(obj), "--format", "json"]) == 0
    by_id = json.loads(capsys.readouterr().out)
    assert main(["crosswalk", "report", "pt-nos", "ls-nos", "--format", "json"]) == 0
    assert by_id == json.loads(capsys.readouterr().out)


def test_unknown_id_that_is_no_file_is_an_unknown_id(
    capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "no-such-framework"]) == 1
    assert "unknown framework id 'no-such-framework'" in capsys.readouterr().err


def test_missing_framework_file_is_reported_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "missing/fw.json"]) == 1
    assert "missing/fw.json:/: cannot read the file: it does not exist" in capsys.readouterr().err


def test_import_warnings_are_printed_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = to_moodle_csv(competency.load("pt-nos")).replace("Short name", "Kurzname", 1)
    path = tmp_path / "de.csv"
    path.write_text(text, encoding="utf-8")
    assert main(["import", str(path), "--from", "moodle"]) == 0
    assert capsys.readouterr().err == (
        f"warning: {path}:line 1, column 3: column 'Kurzname' read as 'Short name' (Moodle "
        "reads the columns by position; a translated header is read the same way)\n")


def test_lang_is_refused_outside_skos(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "x.csv", "--from", "csv", "--lang", "fr"]) == 2
    assert "--lang and --scheme apply to --from skos only" in capsys.readouterr().err


def test_every_command_line_format_is_in_the_formats_table() -> None:
    from competency.cli._frameworks import EXPORT_FORMATS
    from competency.cli._interop import IMPORT_FORMATS
    from competency.formats import FORMATS

    assert all(FORMATS[name].can_write for name in EXPORT_FORMATS)
    assert all(FORMATS[name].can_read for name in IMPORT_FORMATS)


def test_a_format_passes_only_the_options_its_writer_takes() -> None:
    from competency.formats import FORMATS

    framework = competency.load("pt-nos")
    text = FORMATS["csv"].dumps(framework, crosswalks=(), case_version="1.0",
                                neutralise_formulas=True)
    assert text.startswith("id,kind,notation,parent,text")
    with pytest.raises(ValueError, match="can be written, not read"):
        FORMATS["graphml"].loads("")
