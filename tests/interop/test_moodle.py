"""Moodle competency framework CSV (tool_lpimportcsv): export, import, errors at line/column."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings

import competency
from competency.cli import main
from competency.errors import DocumentError, FormatWarning, Location, Position
from competency.formats.moodle import (
    COLUMNS,
    DEFAULT_SCALE,
    EXTRA_COLUMN,
    MoodleScale,
    html_to_text,
    loads_moodle_csv,
    read_moodle_csv,
    short_name,
    to_moodle_csv,
)
from competency.model import Criterion, Framework, KnowledgeItem, Relation, Unit
from competency.testing import frameworks

from ._shared import SHIPPED

DATA = Path(__file__).parent / "data"
HEADER = ",".join(COLUMNS)


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _problems(text: str) -> list[tuple[Location | None, str]]:
    """(location, message as printed) of every problem of `text`."""
    with pytest.raises(DocumentError) as info:
        loads_moodle_csv(text, file="fw.csv")
    return [(p.location, p.full_message) for p in info.value.problems]


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_shipped_framework_round_trips_through_moodle_csv(framework_id: str) -> None:
    framework = competency.load(framework_id)
    assert loads_moodle_csv(to_moodle_csv(framework)) == framework


@settings(max_examples=150, deadline=None)
@given(frameworks())
def test_any_framework_round_trips_through_moodle_csv(framework: Framework) -> None:
    assert loads_moodle_csv(to_moodle_csv(framework)) == framework


def test_header_is_moodles_fourteen_columns_then_ours() -> None:
    first = to_moodle_csv(competency.load("ls-nos")).split("\r\n", 1)[0]
    assert first == (
        "Parent ID number,ID number,Short name,Description,Description format,Scale values,"
        "Scale configuration,Rule type (optional),Rule outcome (optional),"
        "Rule config (optional),Cross-referenced competency ID numbers,"
        "Exported ID (optional),Is framework,Taxonomy,competency (optional)"
    )


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_rows_are_what_moodle_needs(framework_id: str) -> None:
    framework = competency.load(framework_id)
    rows = _rows(to_moodle_csv(framework))
    assert {len(r) for r in rows} == {len(COLUMNS) + 1}  # Moodle refuses ragged rows
    frame, *items = rows[1:]
    assert frame[:2] == ["", framework.id]
    assert len(frame[2]) <= 100
    assert frame[2][:50] == " ".join(framework.title.split())[:50]
    assert (frame[4], frame[12]) == ("2", "1")
    assert (frame[5], frame[6]) == (DEFAULT_SCALE.compact_items(),
                                    DEFAULT_SCALE.configuration())
    assert len(items) == len(framework)
    seen: set[str] = set()
    for row in items:
        element = framework.element(f"{framework.id}:{row[1]}")
        assert row[0] == "" or row[0] in seen  # parents before children
        seen.add(row[1])
        assert row[3] == element.text
        assert row[4] == "2"
        assert row[12] == ""
        assert 0 < len(row[2]) <= 100
        assert len(row[1]) <= 100
        assert "\\\"" not in row[14]  # PHP's fgetcsv would take \" as an escape


def test_taxonomy_per_depth_follows_the_kinds() -> None:
    rows = _rows(to_moodle_csv(competency.load("fe-pt-role")))
    assert rows[1][13] == "domain,domain,competency,practice"
    assert _rows(to_moodle_csv(competency.load("pt-nos")))[1][13] == "competency,competency"


def test_underpins_become_cross_references_and_json_keeps_their_type() -> None:
    rows = _rows(to_moodle_csv(competency.load("ls-nos")))
    row = next(r for r in rows[2:] if r[10])
    extra = json.loads(row[14])
    assert extra["kind"] == "knowledge"
    assert [t for _, t in extra["relations"]] == row[10].split(",")
    assert {t for t, _ in extra["relations"]} == {"underpins"}


def test_short_name_is_notation_and_title_or_text_within_100_characters() -> None:
    long = Criterion(id="d:P1", notation="P1", text="word " * 40)
    assert len(short_name(long)) == 100
    assert short_name(long).endswith("…")
    assert short_name(Unit(id="d:U1", notation="U1", title="Safety", text="x")) == "U1 Safety"


def test_a_quote_after_a_backslash_stays_safe_for_php_and_round_trips() -> None:
    framework = Framework(
        id="d", title="T", base_iri="https://example.org/d/",
        elements=[Unit(id="d:U1", text='path C:\\"x" and "q"', title='say "hi"')],
    )
    text = to_moodle_csv(framework)
    row = _rows(text)[2]
    assert row[3] == 'path C:\\＂x" and "q"'
    assert '\\"' not in row[14]
    assert loads_moodle_csv(text) == framework


def test_another_scale_can_be_given() -> None:
    scale = MoodleScale(values=("Emerging", "Developing", "Secure"), default=1,
                        proficient=(2, 3))
    frame = _rows(to_moodle_csv(competency.load("pt-nos"), scale=scale))[1]
    assert frame[5] == "Emerging,Developing,Secure"
    assert json.loads(frame[6]) == [
        {"scaleid": "1"}, {"id": 1, "scaledefault": 1, "proficient": 0},
        {"id": 2, "scaledefault": 0, "proficient": 1},
        {"id": 3, "scaledefault": 0, "proficient": 1}]
    with pytest.raises(ValueError, match="without commas"):
        MoodleScale(values=("a,b",), default=1, proficient=(1,))
    with pytest.raises(ValueError, match="position"):
        MoodleScale(values=("a",), default=2, proficient=(1,))


def test_ids_longer_than_moodle_keeps_are_refused() -> None:
    framework = Framework(id="d", title="T", base_iri="https://example.org/d/",
                          elements=[Unit(id="d:" + "U" * 101, text="x")])
    with pytest.raises(ValueError, match="100 characters"):
        to_moodle_csv(framework)


def test_document_order_and_relation_order_survive_when_rows_do_not_imply_them() -> None:
    framework = Framework(
        id="d", title="T", base_iri="https://example.org/d/",
        elements=[KnowledgeItem(id="d:K1", text="k"), Unit(id="d:U1", text="u"),
                  Criterion(id="d:P1", text="p")],
        relations=[Relation("d:K1", "underpins", "d:P1"), Relation("d:U1", "contains", "d:P1"),
                   Relation("d:U1", "contains", "d:K1")],
    )
    assert [r[1] for r in _rows(to_moodle_csv(framework))[2:]] == ["U1", "P1", "K1"]
    assert loads_moodle_csv(to_moodle_csv(framework)) == framework


# -- a file exported by Moodle itself ------------------------------------------------------


def test_moodle_export_without_our_column_imports_sensibly() -> None:
    framework = read_moodle_csv(DATA / "moodle-export.csv")
    assert (framework.id, framework.title) == ("OECD-CORE", "OECD Core Competencies")
    assert framework.base_iri == "urn:x-competency:OECD-CORE/"
    assert framework.description == (
        "The Core Competencies summarise the capabilities that are important across all jobs."
        "\n• The delivery-related competencies\n• The interpersonal competencies")
    assert framework.annotation("moodle:taxonomies") == ("domain,competency,indicator",)
    assert framework.annotation("moodle:scale_values") == ("Not yet competent,Competent",)
    got = [(e.local_id, e.kind.value, e.notation, e.title, e.text) for e in framework]
    assert got == [
        ("delivery", "section", "delivery", "Delivery-related", "Achieving Results"),
        ("analytical-thinking", "unit", "analytical-thinking", "Analytical Thinking",
         "Analytical Thinking is the ability to identify patterns across situations that "
         "are not obviously related."),
        ("teamwork", "criterion", "teamwork", "Teamwork and Team Leadership",
         "Teamwork & Team Leadership implies working co-operatively with others."),
        ("DR-AT1", "criterion", "DR-AT1", None,
         "Distinguishes between critical and irrelevant pieces of information"),
        ("DR_AT_2", "criterion", "DR AT 2", "Gathers information from a variety of sources",
         "Gathers information from a variety of sources to reach a conclusion."),
        ("interpersonal", "section", "interpersonal", None, "Interpersonal"),
    ]
    assert [e.local_id for e in framework.children("OECD-CORE:analytical-thinking")] == [
        "DR-AT1", "DR_AT_2"]
    related = [(r.source, r.type.value, r.target) for r in framework.relations
               if r.type.value != "contains"]
    assert related == [("OECD-CORE:analytical-thinking", "skos:relatedMatch",
                        "OECD-CORE:teamwork")]


def test_moodle_export_takes_the_given_framework_id() -> None:
    framework = read_moodle_csv(DATA / "moodle-export.csv", framework_id="oecd")
    assert framework.id == "oecd"
    assert framework.elements[0].id == "oecd:delivery"


def test_html_descriptions_become_plain_text() -> None:
    assert html_to_text("<p>a <b>b</b>\n c</p><p>d&nbsp;e<br/>f</p>") == "a b c\nd e\nf"


# -- bad files -----------------------------------------------------------------------------

FRAME = ',demo,Demo,,2,"No,Yes","[{""scaleid"":""1""},{""id"":2,""scaledefault"":1,""proficient"":1}]",,,,,,1,"competency,skill"'


def _file(*rows: str, header: str = HEADER) -> str:
    return "\n".join((header, *rows)) + "\n"


def _row(parent: str, number: str, short: str = "Name", *, related: str = "",
         framework: str = "", taxonomy: str = "", fmt: str = "2") -> str:
    return f"{parent},{number},{short},text,{fmt},,,,,,{related},,{framework},{taxonomy}"


GERMAN_HEADER = (
    "Übergeordnete ID-Nummer,ID-Nummer,Kurzer Name,Beschreibung,Beschreibungsformat,"
    "Skalenwerte,Skalenkonfiguration,Regeltyp (optional),Regelergebnis (optional),"
    "Regelkonfiguration (optional),Querverweise auf Kompetenz-ID-Nummern,"
    "Exportierte ID (optional),Ist Kompetenzrahmen,Taxonomie")


def test_translated_header_is_read_by_position_with_a_warning() -> None:
    text = _file(FRAME, _row("", "U1", "Unit one"), _row("U1", "P1", "Do it"),
                 header=GERMAN_HEADER)
    with pytest.warns(FormatWarning) as caught:
        framework = loads_moodle_csv(text, file="fw.csv")
    assert [e.local_id for e in framework.elements] == ["U1", "P1"]
    assert [w.message.problem.location for w in caught
            if isinstance(w.message, FormatWarning)] == [Position(1, 1)]
    assert [str(w.message) for w in caught] == [
        "fw.csv:line 1, column 1: column 'Übergeordnete ID-Nummer' read as 'Parent ID number' "
        "(Moodle reads the columns by position; a translated header is read the same way)"]


def test_header_with_too_few_columns_is_an_error() -> None:
    assert _problems("id,kind,text\n")[0] == (Position(1), "3 columns")


def test_older_moodle_header_spelling_is_accepted() -> None:
    text = (DATA / "moodle-export.csv").read_text(encoding="utf-8")
    old = ('"Parent id number","Id number",Shortname,Description,"Description format",'
           '"Scale values","Scale configuration","Rule type (optional)",'
           '"Rule outcome (optional)","Rule config (optional)",'
           '"Cross referenced competency id numbers","Exported id (optional)",'
           '"Is framework",Taxonomy')
    text = old + text[text.index("\n"):]
    assert len(loads_moodle_csv(text)) == 6


def test_every_bad_row_is_reported_with_line_and_column() -> None:
    text = _file(
        FRAME,
        _row("", "U1"),                          # line 3
        _row("U9", "P1"),                        # missing parent
        _row("U1", "U1"),                        # duplicate ID number
        _row("", "F2", framework="1", taxonomy="skill"),  # second framework row
        _row("U1", "P2", related="P7"),          # cross-reference to nothing
        _row("U1", "P3", fmt="7"),               # bad description format
        _row("U1", ""),                          # empty ID number
        "U1,P4,short",                           # too few cells
    )
    assert _problems(text) == [
        (Position(4, 1), "parent ID number 'U9' is not the ID number of any row"),
        (Position(5, 2), "duplicate ID number 'U1' (first on line 3)"),
        (Position(6, 13), "a second framework row (Is framework is set)"),
        (Position(7, 11), "cross-reference 'P7' is not the ID number of any row"),
        (Position(8, 5), "description format '7'"),
        (Position(9, 2), "empty ID number"),
        (Position(10), "3 cells for 14 columns"),
    ]


def test_a_duplicate_id_number_names_the_line_of_its_first_use_as_a_value() -> None:
    with pytest.raises(DocumentError) as info:
        loads_moodle_csv(_file(FRAME, _row("", "U1"), _row("U1", "P1"), _row("", "U1")),
                         file="fw.csv")
    [problem] = info.value.problems
    assert (problem.location, problem.related) == (Position(5, 2), Position(3))
    assert problem.message == "duplicate ID number 'U1'"
    assert str(problem) == ("fw.csv:line 5, column 2: duplicate ID number 'U1' (first on "
                            "line 3) — expected each ID number once in a framework")


def test_bad_taxonomy_on_the_framework_row_is_reported() -> None:
    frame = FRAME.replace('"competency,skill"', '"competency,gizmo"')
    assert _problems(_file(frame, _row("", "U1"))) == [
        (Position(2, 14), "unknown taxonomy term 'gizmo'")]


def test_missing_framework_row_is_reported() -> None:
    assert _problems(_file(_row("", "U1"))) == [(Position(2), "no framework row")]


def test_unterminated_quote_is_reported_at_the_row_it_opens() -> None:
    problems = _problems(_file(FRAME, _row("", "U1"), ',U2,"Name,text,2,,,,,,,,,'))
    assert problems == [(Position(4), "a quoted cell is never closed (the quote runs to the "
                                   "end of the file)")]


def test_cycles_and_bad_json_point_at_the_row() -> None:
    header = HEADER + "," + EXTRA_COLUMN
    text = _file(
        FRAME + ',"{""title"":""Demo"",""base_iri"":""https://example.org/d/""}"',
        _row("B", "A") + ',"{""kind"":""unit""}"',
        _row("A", "B") + ',"{""kind"":""unit""}"',
        _row("", "C") + ',"{""kind"":""widget""}"',
        _row("", "D") + ',"{kind"',
        header=header,
    )
    assert _problems(text) == [
        (Position(5, 15), "unknown element kind 'widget'"),
        (Position(6, 15), "not JSON: Expecting property name enclosed in double quotes "
                              "at character 2"),
    ]
    text = _file(
        FRAME + ',"{""title"":""Demo"",""base_iri"":""https://example.org/d/""}"',
        _row("B", "A") + ',"{""kind"":""unit""}"',
        _row("A", "B") + ',"{""kind"":""unit""}"',
        header=header,
    )
    problems = _problems(text)
    assert len(problems) == 1
    assert problems[0][0] in (Position(2, 1), Position(3, 1))
    assert "cycle" in problems[0][1]


# -- command line --------------------------------------------------------------------------


def test_cli_exports_and_imports_moodle_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ls.csv"
    assert main(["export", "ls-nos", "--format", "moodle", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("Parent ID number,ID number,")
    assert main(["export", "ls-nos", "--format", "moodle"]) == 0
    assert capsys.readouterr().out == out.read_bytes().decode("utf-8")
    json_out = tmp_path / "ls.json"
    assert main(["import", str(out), "--from", "moodle", "-o", str(json_out)]) == 0
    assert competency.load_framework(json_out) == competency.load("ls-nos")
    assert main(["import", str(DATA / "moodle-export.csv"), "--from", "moodle",
                 "--id", "oecd"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "oecd"
    bad = tmp_path / "bad.csv"
    bad.write_text(_file(_row("", "U1")), encoding="utf-8")
    assert main(["import", str(bad), "--from", "moodle"]) == 1
    assert f"{bad}:line 2: no framework row" in capsys.readouterr().err


def test_cells_longer_than_the_csv_field_limit_read_back() -> None:
    long_text = "word " * 30_000  # 150,000 characters: past the csv module's 131,072
    framework = Framework(
        id="big", title="Big", base_iri="https://example.org/big/",
        elements=[Unit(id="big:U1", text=long_text.strip())])
    assert len(to_moodle_csv(framework)) > csv.field_size_limit() // 2
    assert loads_moodle_csv(to_moodle_csv(framework)) == framework


def test_a_framework_of_870_elements_with_its_own_order_reads_back() -> None:
    # relations not in row order make the framework row hold the whole order
    units = [Unit(id=f"o:U{i}", text=f"unit {i}") for i in range(174)]
    items = [Criterion(id=f"o:U{i}.P{j}", text=f"do {i}.{j}") for i in range(174)
             for j in range(4)]
    relations = [Relation(f"o:U{i}", "contains", f"o:U{i}.P{j}")
                 for i in range(174) for j in range(4)]
    relations += [Relation(f"o:U{i}.P0", "underpins", f"o:U{i}.P1") for i in range(174)]
    relations.reverse()
    framework = Framework(id="o", title="Ordered", base_iri="https://example.org/o/",
                          elements=[*units, *items], relations=relations)
    assert len(framework) == 870
    text = to_moodle_csv(framework)
    assert max(len(c) for row in _rows(text) for c in row) > 20_000
    assert loads_moodle_csv(text) == framework
