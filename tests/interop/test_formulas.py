"""Formula injection (OWASP "CSV injection"): spreadsheet CSVs neutralise formula-leading
cells by default, the option turns it off, and our importers read the files back exactly."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from competency._formulas import FORMULA_TRIGGERS, neutralise, restore
from competency.cli import main
from competency.formats.moodle import loads_moodle_csv, to_moodle_csv
from competency.formats.tabular import dumps_table, loads_csv, to_csv
from competency.model import Criterion, Framework, KnowledgeItem, Relation, Unit

HOSTILE = ("=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\r=1",
           "'=quoted", "'plain quote", "''")


def _hostile_framework() -> Framework:
    elements: list[Unit | Criterion | KnowledgeItem] = [
        Unit(id="h:U1", text="=cmd|' /C calc'!A0", title="@title", notation="-U1")]
    relations = []
    for i, text in enumerate(HOSTILE):
        elements.append(Criterion(id=f"h:P{i}", text=text, title=text, note=text,
                                  alt_titles=(text, "ok")))
        relations.append(Relation("h:U1", "contains", f"h:P{i}"))
    return Framework(id="h", title="=Title", base_iri="https://example.org/h/",
                     description="+description", elements=elements, relations=relations)


def _cells(text: str) -> list[str]:
    body = "\n".join(line for line in text.split("\n") if not line.startswith("#"))
    return [cell for row in csv.reader(io.StringIO(body, newline="")) for cell in row]


@pytest.mark.parametrize("write", [to_csv, dumps_table, to_moodle_csv])
def test_no_written_cell_starts_with_a_formula_trigger(write: object) -> None:
    text = write(_hostile_framework())  # type: ignore[operator]
    assert [c for c in _cells(text) if c[:1] in FORMULA_TRIGGERS] == []
    assert "'=cmd|' /C calc'!A0" in _cells(text)


@pytest.mark.parametrize("write", [to_csv, dumps_table, to_moodle_csv])
def test_neutralising_can_be_turned_off(write: object) -> None:
    text = write(_hostile_framework(), neutralise_formulas=False)  # type: ignore[operator]
    assert "=cmd|' /C calc'!A0" in _cells(text)


def test_table_and_moodle_files_read_back_exactly() -> None:
    framework = _hostile_framework()
    assert loads_csv(dumps_table(framework)) == framework
    assert loads_moodle_csv(to_moodle_csv(framework)) == framework


def test_contract_csv_reads_back_its_texts() -> None:
    framework = _hostile_framework()
    back = loads_csv(to_csv(framework))
    assert [e.text for e in back] == [e.text for e in framework]
    assert [e.notation for e in back] == [e.notation for e in framework]


def test_export_command_neutralises_by_default_and_not_with_the_flag(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    source = Path(str(tmp_path)) / "h.csv"
    source.write_text(dumps_table(_hostile_framework(), neutralise_formulas=False),
                      encoding="utf-8")
    # without neutralising, a cell such as "'=quoted" is read back as "=quoted": the
    # reader cannot tell it from a neutralised cell
    assert main(["import", str(source), "--from", "csv", "-o", str(tmp_path) + "/h.json"]) == 0
    assert main(["export", str(tmp_path) + "/h.json", "--format", "csv"]) == 0
    assert "'=cmd|' /C calc'!A0" in _cells(capsys.readouterr().out)
    assert main(["export", str(tmp_path) + "/h.json", "--format", "csv",
                 "--no-neutralise"]) == 0
    assert "=cmd|' /C calc'!A0" in _cells(capsys.readouterr().out)


@given(st.text())
def test_restore_undoes_neutralise(cell: str) -> None:
    assert restore(neutralise(cell)) == cell


@given(st.text())
def test_a_neutralised_cell_never_starts_with_a_trigger(cell: str) -> None:
    assert neutralise(cell)[:1] not in FORMULA_TRIGGERS
