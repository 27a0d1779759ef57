from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import competency
from competency.cli import main


def test_show_prints_every_unit_and_criterion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "pt-nos"]) == 0
    out = capsys.readouterr().out
    fw = competency.load("pt-nos")
    for element in fw.elements:
        assert (element.title or element.text).split("\n")[0][:40] in " ".join(out.split())


def test_show_an_element_by_local_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "ls-nos", "AP13"]) == 0
    out = capsys.readouterr().out
    assert "Communicate relevant information about learners to others with a legitimate" in out
    assert "underpinned by: AK 13.2 Legal requirements relating to confidentiality" in out


def test_unknown_framework_on_the_command_line_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "nope"]) == 1
    err = capsys.readouterr().err
    assert "unknown framework id 'nope'" in err
    assert "Traceback" not in err


def test_unknown_element_on_the_command_line_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "ls-nos", "ZZ9"]) == 1
    assert "framework 'ls-nos' has no element 'ZZ9'" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "pt-nos", "--format", "pdf"]) == 2
    assert main([]) == 2


@pytest.mark.parametrize("framework_id", ["pt-nos", "ls-nos"])
def test_csv_export_has_the_contract_columns_and_one_row_per_element(
    framework_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", framework_id, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    fw = competency.load(framework_id)
    assert list(rows[0]) == ["id", "kind", "notation", "parent", "text"]
    assert [r["id"] for r in rows] == [e.id for e in fw.elements]
    for row, element in zip(rows, fw.elements, strict=True):
        parent = fw.parent(element.id)
        assert row["parent"] == ("" if parent is None else parent.id)
        assert row["text"] == element.text
        assert row["kind"] == element.kind.value


def test_json_export_round_trips(tmp_path: Path) -> None:
    out = tmp_path / "ls.json"
    assert main(["export", "ls-nos", "-o", str(out)]) == 0
    assert competency.load_framework(out) == competency.load("ls-nos")


def test_graphml_export_reads_back_in_networkx(tmp_path: Path) -> None:
    import networkx as nx

    out = tmp_path / "ls.graphml"
    assert main(["export", "ls-nos", "--format", "graphml", "-o", str(out)]) == 0
    graph = nx.read_graphml(out)
    fw = competency.load("ls-nos")
    assert graph.number_of_nodes() == len(fw.elements)
    assert graph.number_of_edges() == len(fw.relations)


def test_a_failed_export_leaves_the_output_file_untouched(tmp_path: Path) -> None:
    out = tmp_path / "keep.json"
    out.write_text("mine", encoding="utf-8")
    assert main(["export", "nope", "-o", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "mine"


def test_list_shows_a_broken_plugin_with_its_reason(capsys: pytest.CaptureFixture[str]) -> None:
    from competency._plugins import register, unregister

    def explode() -> None:
        raise RuntimeError("boom")

    register("competency.frameworks", "broken-demo", explode)
    try:
        assert main(["list"]) == 0
    finally:
        unregister("competency.frameworks", "broken-demo")
    out = " ".join(capsys.readouterr().out.split())
    assert "broken plugin broken-demo (competency.frameworks): " in out
    assert "boom" in out
    assert "pt-nos" in out
