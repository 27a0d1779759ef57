"""Reading and writing SSSOM TSV: round trips, and every bad file reported precisely."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from competency.crosswalk import (
    Crosswalk,
    dumps_sssom,
    load_crosswalk,
    loads_sssom,
    read_sssom,
    validate_sssom,
    write_sssom,
)
from competency.errors import CrosswalkError, DocumentError, Location, Position
from competency.formats.sssom import CrosswalkWarning

from ._strategies import crosswalks

# Lines 1-5 are the header, 6 the column names, 7 and 8 the mappings; columns:
# 1 subject_id, 2 predicate_id, 3 object_id, 4 mapping_justification, 5 confidence, 6 comment
HEADER = """\
#curie_map:
#  ls-nos: https://w3id.org/competency/ls-nos/
#  pt-nos: https://w3id.org/competency/pt-nos/
#mapping_set_id: https://example.org/test.sssom.tsv
#license: https://creativecommons.org/licenses/by/4.0/
"""
COLUMNS = "subject_id\tpredicate_id\tobject_id\tmapping_justification\tconfidence\tcomment\n"
ROW_7 = ("pt-nos:LSIPT01.K3\tskos:closeMatch\tls-nos:AK1.3\tsemapv:ManualMappingCuration\t"
         "0.85\tsame knowledge\n")
ROW_8 = ("pt-nos:LSIPT01.P1\tskos:relatedMatch\tls-nos:AK1.3\tsemapv:ManualMappingCuration\t"
         "0.6\trelated\n")
GOOD = HEADER + COLUMNS + ROW_7 + ROW_8


def problems_of(text: str, tmp_path: Path) -> list[tuple[Location | None, str, str]]:
    """(location, message as printed, expected) of every problem `competency crosswalk
    validate` would report for `text`."""
    path = tmp_path / "bad.sssom.tsv"
    path.write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CrosswalkWarning)  # what is kept is tested apart
        with pytest.raises(CrosswalkError) as exc:
            validate_sssom(path)
    assert {p.file for p in exc.value.problems} == {str(path)}
    return [(p.location, p.full_message, p.expected) for p in exc.value.problems]


def located(text: str, tmp_path: Path) -> list[tuple[Location | None, str]]:
    return [(where, what) for where, what, _ in problems_of(text, tmp_path)]


# -- good files -------------------------------------------------------------------------------

def test_a_good_file_reads_with_its_lines_and_validates(tmp_path: Path) -> None:
    path = tmp_path / "good.sssom.tsv"
    path.write_text(GOOD, encoding="utf-8")
    cw = validate_sssom(path)
    assert [(m.subject_id, m.predicate_id, m.object_id, m.confidence) for m in cw] == [
        ("pt-nos:LSIPT01.K3", "skos:closeMatch", "ls-nos:AK1.3", 0.85),
        ("pt-nos:LSIPT01.P1", "skos:relatedMatch", "ls-nos:AK1.3", 0.6),
    ]
    assert [cw.line(0), cw.line(1)] == [7, 8]
    assert cw.file == str(path)
    assert read_sssom(path) == cw


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(crosswalks())
def test_dumping_then_loading_gives_the_crosswalk_back(cw: Crosswalk) -> None:
    assert loads_sssom(dumps_sssom(cw)) == cw


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(crosswalks())
def test_dumping_is_deterministic_and_a_fixed_point(cw: Crosswalk) -> None:
    text = dumps_sssom(cw)
    assert dumps_sssom(loads_sssom(text)) == text


def test_the_shipped_crosswalk_round_trips_through_our_writer() -> None:
    cw = load_crosswalk("pt-nos", "ls-nos")
    assert loads_sssom(dumps_sssom(cw)) == cw


def test_metadata_and_columns_are_written_in_sssom_schema_order() -> None:
    text = dumps_sssom(load_crosswalk("pt-nos", "ls-nos"))
    keys = [line[1:].split(":")[0] for line in text.splitlines()
            if line.startswith("#") and not line.startswith(("#  ", "#-"))]
    assert keys == ["curie_map", "mapping_set_id", "mapping_set_version",
                    "mapping_set_title", "mapping_set_description", "creator_id",
                    "creator_label", "license", "subject_source", "object_source",
                    "comment"]
    columns = next(line for line in text.splitlines() if not line.startswith("#"))
    assert columns.split("\t") == [
        "subject_id", "subject_label", "predicate_id", "predicate_modifier", "object_id",
        "object_label", "mapping_justification", "author_id", "author_label", "mapping_tool",
        "mapping_tool_version", "mapping_date", "confidence", "comment"]


def test_cells_with_quotes_are_quoted_and_read_back() -> None:
    text = GOOD.replace("same knowledge", 'the "same" knowledge')
    cw = loads_sssom(text)
    assert cw.mappings[0].comment == 'the "same" knowledge'
    assert '\t"the ""same"" knowledge"\n' in dumps_sssom(cw)
    assert loads_sssom(dumps_sssom(cw)) == cw


def test_crlf_line_ends_blank_lines_and_a_byte_order_mark_are_accepted() -> None:
    text = "\ufeff" + GOOD.replace(ROW_8, "\n" + ROW_8).replace("\n", "\r\n")
    cw = loads_sssom(text.encode("utf-8"))
    assert [cw.line(0), cw.line(1)] == [7, 9]
    assert cw == loads_sssom(GOOD)


def test_multiple_values_are_separated_by_bars() -> None:
    text = GOOD.replace("\tcomment\n", "\tcomment\tauthor_id\n").replace(
        "same knowledge\n", "same knowledge\torcid:1|orcid:2\n").replace(
        "related\n", "related\t\n").replace(
        "#curie_map:\n", "#curie_map:\n#  orcid: https://orcid.org/\n")
    cw = loads_sssom(text)
    assert cw.mappings[0].author_id == ("orcid:1", "orcid:2")
    assert cw.mappings[1].author_id == ()


def test_write_is_atomic_and_a_failed_write_names_the_file(tmp_path: Path) -> None:
    cw = loads_sssom(GOOD)
    target = tmp_path / "out.sssom.tsv"
    write_sssom(cw, target)
    assert read_sssom(target) == cw
    assert [p.name for p in tmp_path.iterdir()] == ["out.sssom.tsv"]
    with pytest.raises(DocumentError, match="no-such-dir"):
        write_sssom(cw, tmp_path / "no-such-dir" / "x.sssom.tsv")


def test_a_missing_file_is_reported_as_such() -> None:
    with pytest.raises(DocumentError) as exc:
        read_sssom("no/such.sssom.tsv")
    assert str(exc.value) == ("no/such.sssom.tsv:/: cannot read the file: it does not exist"
                              " — expected the path of an SSSOM TSV file")


# -- every bad-file case, with its exact line and column ----------------------------------------

def test_an_unknown_subject_id_is_reported_at_its_cell(tmp_path: Path) -> None:
    text = GOOD.replace("pt-nos:LSIPT01.K3", "pt-nos:LSIPT01.K33")
    assert problems_of(text, tmp_path) == [(
        Position(7, 1), "subject_id 'pt-nos:LSIPT01.K33' is not an element of 'pt-nos'",
        "the id of an element of 'pt-nos', such as 'pt-nos:LSIPT01'")]


def test_an_unknown_object_id_is_reported_at_its_cell(tmp_path: Path) -> None:
    text = GOOD.replace("ls-nos:AK1.3\tsemapv:ManualMappingCuration\t0.6",
                        "ls-nos:AK99\tsemapv:ManualMappingCuration\t0.6")
    assert located(text, tmp_path) == [
        (Position(8, 3), "object_id 'ls-nos:AK99' is not an element of 'ls-nos'")]


def test_an_unknown_predicate_is_reported_at_its_cell(tmp_path: Path) -> None:
    text = GOOD.replace("skos:relatedMatch", "skos:related")
    assert problems_of(text, tmp_path) == [(
        Position(8, 2), "predicate_id: unknown predicate 'skos:related'",
        "one of skos:exactMatch, skos:closeMatch, skos:broadMatch, skos:narrowMatch, "
        "skos:relatedMatch")]


def test_an_unknown_justification_is_reported_at_its_cell(tmp_path: Path) -> None:
    text = GOOD.replace("semapv:ManualMappingCuration\t0.85", "semapv:Hunch\t0.85")
    assert located(text, tmp_path) == [
        (Position(7, 4),
         "mapping_justification: unknown mapping justification 'semapv:Hunch'")]


@pytest.mark.parametrize(("cell", "message"), [
    ("1.5", "confidence: 1.5 is outside 0–1"),
    ("-0.2", "confidence: -0.2 is outside 0–1"),
    ("high", "confidence 'high' is not a number"),
])
def test_a_confidence_outside_0_to_1_is_reported_at_its_cell(
    cell: str, message: str, tmp_path: Path
) -> None:
    text = GOOD.replace("\t0.6\t", f"\t{cell}\t")
    assert problems_of(text, tmp_path) == [
        (Position(8, 5), message, "a number from 0 to 1")]


def test_a_duplicate_mapping_is_reported_with_the_first_line(tmp_path: Path) -> None:
    text = GOOD + ROW_7.replace("same knowledge", "said twice")
    assert problems_of(text, tmp_path) == [(
        Position(9, 1),
        "duplicate mapping pt-nos:LSIPT01.K3 skos:closeMatch ls-nos:AK1.3 (first at line 7)",
        "each (subject_id, predicate_id, object_id) once")]


def test_the_first_line_of_a_duplicate_mapping_is_a_value() -> None:
    with pytest.raises(CrosswalkError) as exc:
        loads_sssom(GOOD + ROW_7.replace("same knowledge", "said twice"), file="m.sssom.tsv")
    [problem] = exc.value.problems
    assert (problem.location, problem.related) == (Position(9, 1), Position(7))
    assert problem.message == "duplicate mapping pt-nos:LSIPT01.K3 skos:closeMatch ls-nos:AK1.3"


@pytest.mark.parametrize("other", ["skos:broadMatch", "skos:narrowMatch", "skos:relatedMatch"])
def test_an_exact_match_and_a_disjoint_match_on_one_pair_are_reported(
    other: str, tmp_path: Path
) -> None:
    exact = ROW_7.replace("skos:closeMatch", "skos:exactMatch")
    clash = ROW_7.replace("skos:closeMatch", other)
    assert problems_of(HEADER + COLUMNS + exact + clash, tmp_path) == [(
        Position(8, 2),
        f"pt-nos:LSIPT01.K3 and ls-nos:AK1.3 are mapped with {other} and also with "
        "skos:exactMatch (at line 7), which SKOS makes disjoint",
        "skos:exactMatch alone, or no skos:exactMatch for this pair")]


@pytest.mark.parametrize("slot", ["mapping_set_id", "license"])
def test_a_missing_required_metadata_slot_is_reported(slot: str, tmp_path: Path) -> None:
    text = "".join(line for line in GOOD.splitlines(keepends=True)
                   if not line.startswith(f"#{slot}:"))
    assert problems_of(text, tmp_path) == [(
        Position(1, 1), f"the metadata header has no {slot!r}",
        f"a header line '#{slot}: <value>'")]


def test_a_header_that_is_not_yaml_is_reported_where_it_breaks(tmp_path: Path) -> None:
    text = GOOD.replace("test.sssom.tsv", "test: broken")
    assert located(text, tmp_path) == [(
        Position(4, 42),
        "the metadata header is not valid YAML: mapping values are not allowed here")]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_yaml_line_break_inside_a_header_line_is_located_on_its_physical_line(
        tmp_path: Path, separator: str) -> None:
    # YAML breaks lines at U+0085/U+2028/U+2029 too; the TSV line count must not follow it
    text = GOOD.replace(
        "#license: https://creativecommons.org/licenses/by/4.0/",
        f'#mapping_set_description: "one{separator}two"\n#license: [1, 2]')
    found = located(text, tmp_path)
    assert (Position(6, 11), "license is not a single value") in found
    # YAML keeps U+2028/U+2029 in a quoted value (flagged where it is) and folds U+0085
    assert {where for where, _ in found} <= {Position(5, 27), Position(6, 11)}


def test_a_header_that_is_not_slot_value_lines_is_reported(tmp_path: Path) -> None:
    assert located("#just some words\n" + COLUMNS + ROW_7, tmp_path) == [(
        Position(1, 2), "the metadata header is not a set of 'slot: value' lines")]


def test_bad_metadata_values_are_reported_where_they_are(tmp_path: Path) -> None:
    text = GOOD.replace("#license: https://creativecommons.org/licenses/by/4.0/",
                        "#license: CC BY 4.0\n#colour: red")
    assert located(text, tmp_path) == [
        (Position(5, 11), "license: 'CC BY 4.0' is not an absolute IRI"),
    ]


def test_a_missing_prefix_of_a_known_framework_is_resolved_with_a_warning() -> None:
    # sssom-py drops every prefix with a '-' from the curie_map it writes
    text = GOOD.replace("#  ls-nos: https://w3id.org/competency/ls-nos/\n", "")
    with pytest.warns(CrosswalkWarning, match=r"line 6, column 3: the prefix 'ls-nos' is not "
                      r"in the curie_map; read as 'https://w3id.org/competency/ls-nos/'"):
        cw = loads_sssom(text)
    assert dict(cw.curie_map)["ls-nos"] == "https://w3id.org/competency/ls-nos/"
    assert "ls-nos: https://w3id.org/competency/ls-nos/" in dumps_sssom(cw)


def test_a_missing_prefix_of_an_unknown_framework_is_reported(tmp_path: Path) -> None:
    text = GOOD.replace("ls-nos", "no-such-framework")
    text = text.replace("#  no-such-framework: https://w3id.org/competency/no-such-framework/\n",
                        "")
    assert (Position(6, 3), "the prefix 'no-such-framework' of 'no-such-framework:AK1.3' "
            "is not in the curie_map") in located(text, tmp_path)


def test_a_curie_map_that_disagrees_with_the_framework_is_reported(tmp_path: Path) -> None:
    text = GOOD.replace("https://w3id.org/competency/ls-nos/", "https://example.org/ls/")
    assert located(text, tmp_path) == [
        (Position(2, 4), "curie_map gives 'ls-nos' the IRI 'https://example.org/ls/'")]


def test_missing_and_unknown_columns_are_reported_in_the_header_line(tmp_path: Path) -> None:
    columns = "subject_id\tpredicate\tobject_id\tmapping_justification\tconfidence\tcomment\n"
    assert located(HEADER + columns + ROW_7, tmp_path) == [
        (Position(6, 7), "there is no 'predicate_id' column"),
    ]
    with pytest.raises(CrosswalkError, match="Rename the column 'predicate' to 'predicate_id'"):
        loads_sssom(HEADER + columns + ROW_7)


def test_a_row_with_the_wrong_number_of_cells_is_reported(tmp_path: Path) -> None:
    text = GOOD.replace("\trelated\n", "\n")
    assert located(text, tmp_path) == [
        (Position(8, 6), "the row has 5 cells but the header has 6 columns")]


def test_an_empty_required_cell_is_reported(tmp_path: Path) -> None:
    text = GOOD.replace("semapv:ManualMappingCuration\t0.6", "\t0.6")
    assert located(text, tmp_path) == [(Position(8, 4), "mapping_justification is empty")]


def test_a_badly_quoted_cell_is_reported(tmp_path: Path) -> None:
    text = GOOD.replace("\trelated\n", '\t"related\n')
    assert located(text, tmp_path)[0][0] == Position(8, 1)


def test_a_file_without_a_table_is_reported(tmp_path: Path) -> None:
    assert located(HEADER, tmp_path) == [
        (Position(6, 1), "there is no TSV column header after the metadata")]


def test_every_problem_in_a_file_is_reported_at_once_in_file_order(tmp_path: Path) -> None:
    text = (HEADER.replace("#license: https://creativecommons.org/licenses/by/4.0/\n", "")
            + COLUMNS
            + ROW_7.replace("0.85", "2")
            + ROW_8.replace("skos:relatedMatch", "skos:sameAs")
            + ROW_7.replace("pt-nos:LSIPT01.K3", "pt-nos:NOPE")
            + ROW_7.replace("pt-nos:LSIPT01.K3", "pt-nos:LSIPT02.K1")
            + ROW_7.replace("pt-nos:LSIPT01.K3", "pt-nos:LSIPT02.K1").replace("same", "again"))
    assert located(text, tmp_path) == [
        (Position(1, 1), "the metadata header has no 'license'"),
        (Position(6, 5), "confidence: 2.0 is outside 0–1"),
        (Position(7, 2), "predicate_id: unknown predicate 'skos:sameAs'"),
        (Position(8, 1), "subject_id 'pt-nos:NOPE' is not an element of 'pt-nos'"),
        (Position(10, 1), "duplicate mapping pt-nos:LSIPT02.K1 skos:closeMatch "
                              "ls-nos:AK1.3 (first at line 9)"),
    ]


def test_loads_reports_file_problems_without_needing_frameworks() -> None:
    with pytest.raises(CrosswalkError) as exc:
        loads_sssom(GOOD.replace("skos:closeMatch", "skos:sameAs"), file="x.tsv")
    assert [str(p) for p in exc.value.problems] == [
        "x.tsv:line 7, column 2: predicate_id: unknown predicate 'skos:sameAs' — expected one of "
        "skos:exactMatch, skos:closeMatch, skos:broadMatch, skos:narrowMatch, "
        "skos:relatedMatch"]


# -- every SSSOM slot, and slots that are not SSSOM's ----------------------------------------

STANDARD_HEADER = HEADER + """\
#sssom_version: '1.1'
#mapping_tool: https://example.org/matcher
#mapping_tool_version: v3.2
#similarity_measure: wikidata:Q865360
#see_also:
#  - https://example.org/discussion
#other: key1=value1
#extension_definitions:
#  - slot_name: ext_colour
#    property: https://example.org/colour
#colour: red
#tags:
#  - a
#  - b
"""
STANDARD_COLUMNS = ("subject_id\tsubject_source\tpredicate_id\tobject_id\tmapping_justification"
                    "\treviewer_id\treviewer_label\treview_date\tauthor_label\tmapping_tool"
                    "\tsimilarity_score\tsee_also\tissue_tracker_item\tother\text_colour\n")
STANDARD_ROW = ("pt-nos:LSIPT01.K3\tcompetency:pt-nos\tskos:closeMatch\tls-nos:AK1.3"
                "\tsemapv:ManualMappingCuration\torcid:0000-0002-7356-1779|pt-nos:x"
                "\tA. Reviewer|B. Reviewer\t2026-11-27\tAn Author\tmatcher\t0.75"
                "\thttps://example.org/a|https://example.org/b\tgh:12\tk=v\tblue\n")


def test_every_standard_slot_is_read_as_a_column_and_in_the_header() -> None:
    text = STANDARD_HEADER.replace("#curie_map:\n", "#curie_map:\n#  orcid: https://orcid.org/\n"
                                   "#  competency: https://w3id.org/competency/\n"
                                   "#  gh: https://github.com/x/y/issues/\n")
    with pytest.warns(CrosswalkWarning) as caught:
        cw = loads_sssom(text + STANDARD_COLUMNS + STANDARD_ROW)
    m = cw.mappings[0]
    assert m.reviewer_id == ("orcid:0000-0002-7356-1779", "pt-nos:x")
    assert m.reviewer_label == ("A. Reviewer", "B. Reviewer")
    assert (m.review_date, m.mapping_tool, m.similarity_score) == ("2026-11-27", "matcher", 0.75)
    assert m.see_also == ("https://example.org/a", "https://example.org/b")
    assert (m.subject_source, m.issue_tracker_item, m.other) == (
        "competency:pt-nos", "gh:12", "k=v")
    assert m.extensions == (("ext_colour", "blue"),)
    assert (cw.sssom_version, cw.mapping_tool, cw.mapping_tool_version) == (
        "1.1", "https://example.org/matcher", "v3.2")
    assert cw.similarity_measure == "wikidata:Q865360"
    assert cw.extension_definitions[0]["slot_name"] == "ext_colour"  # type: ignore[index]
    assert cw.extensions == (("colour", "red"), ("tags", ("a", "b")))
    # the non-SSSOM slots are kept with a warning each, none for the standard ones
    assert [w.message.problem.location for w in caught  # type: ignore[union-attr]
            ] == [Position(19, 2), Position(20, 2), Position(23, 15)]


def test_every_slot_read_is_written_back() -> None:
    text = STANDARD_HEADER.replace("#curie_map:\n", "#curie_map:\n#  orcid: https://orcid.org/\n"
                                   "#  competency: https://w3id.org/competency/\n"
                                   "#  gh: https://github.com/x/y/issues/\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CrosswalkWarning)
        cw = loads_sssom(text + STANDARD_COLUMNS + STANDARD_ROW)
        again = loads_sssom(dumps_sssom(cw))
    assert again == cw
    assert dumps_sssom(again) == dumps_sssom(cw)


def test_a_review_date_without_a_reviewer_is_reported(tmp_path: Path) -> None:
    columns = COLUMNS.replace("\tcomment\n", "\tcomment\treview_date\n")
    row = ROW_7.replace("\n", "\t2026-11-27\n")
    assert located(HEADER + columns + row, tmp_path) == [
        (Position(7, 7), "review_date: a review date without a reviewer")]


def test_a_bad_value_of_a_standard_slot_is_reported_in_its_cell(tmp_path: Path) -> None:
    columns = COLUMNS.replace("\tcomment\n", "\tcomment\tsubject_type\tsee_also\n")
    row = ROW_7.replace("\n", "\tgene\tnot an iri\n")
    assert located(HEADER + columns + row, tmp_path) == [
        (Position(7, 7), "subject_type: 'gene' is not one of the permitted values"),
        (Position(7, 8), "see_also: 'not an iri' is not an absolute IRI"),
    ]


def test_many_unknown_ids_are_all_reported_with_few_suggestions(tmp_path: Path) -> None:
    from competency.crosswalk.validation import MAX_SUGGESTIONS

    rows = "".join(f"pt-nos:LSIPT01.P{i}x\tskos:closeMatch\tls-nos:AK1.3\t"
                   "semapv:ManualMappingCuration\t0.5\tc\n" for i in range(2000))
    path = tmp_path / "many.sssom.tsv"
    path.write_text(HEADER + COLUMNS + rows, encoding="utf-8")
    with pytest.raises(CrosswalkError) as info:
        validate_sssom(path)
    problems = info.value.problems
    assert len(problems) == 2000
    assert [p.location for p in problems[:2]] == [Position(7, 1), Position(8, 1)]
    assert sum(1 for p in problems if p.fix.startswith("Did you mean")) <= MAX_SUGGESTIONS


def test_the_format_module_has_the_verbs_of_every_format(tmp_path: Path) -> None:
    from competency.formats import sssom

    cw = load_crosswalk("pt-nos", "ls-nos")
    path = tmp_path / "x.sssom.tsv"
    sssom.write(cw, path)
    assert sssom.read(path) == cw == sssom.loads(sssom.dumps(cw))
    assert path.read_text(encoding="utf-8") == sssom.dumps(cw) == dumps_sssom(cw)
    assert (sssom.read, sssom.loads, sssom.dumps, sssom.write) == (
        read_sssom, loads_sssom, dumps_sssom, write_sssom)


def test_the_old_module_still_works_and_warns_that_it_moved() -> None:
    import importlib
    import sys

    from competency.formats import sssom

    sys.modules.pop("competency.crosswalk.sssom_tsv", None)
    with pytest.warns(DeprecationWarning, match=r"competency\.formats\.sssom"):
        old = importlib.import_module("competency.crosswalk.sssom_tsv")
    for name in old.__all__:
        assert getattr(old, name) is getattr(sssom, name)
