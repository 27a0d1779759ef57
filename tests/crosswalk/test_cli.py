"""``competency crosswalk list | show | validate``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from competency.cli import main
from competency.crosswalk import load_crosswalk

GOOD_HEADER = """\
#curie_map:
#  ls-nos: https://w3id.org/competency/ls-nos/
#  pt-nos: https://w3id.org/competency/pt-nos/
#mapping_set_id: https://example.org/test.sssom.tsv
#license: https://creativecommons.org/licenses/by/4.0/
subject_id\tpredicate_id\tobject_id\tmapping_justification\tconfidence
"""
ROW = "pt-nos:LSIPT01.K3\tskos:closeMatch\tls-nos:AK1.3\tsemapv:ManualMappingCuration\t0.85\n"


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")


def test_show_lists_every_mapping_and_counts_by_predicate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["crosswalk", "show", "pt-nos", "ls-nos"]) == 0
    out = capsys.readouterr().out
    cw = load_crosswalk("pt-nos", "ls-nos")
    for m in cw:
        assert m.subject_id in out
        assert m.object_id in out
    assert "mappings by predicate" in out
    counts = Counter(f"not {m.predicate_id}" if m.is_negated else m.predicate_id for m in cw)
    width = max(len(p) for p in [*counts, "total"])
    for predicate, n in [*counts.items(), ("total", len(cw))]:
        assert f"│ {predicate:<{width}} │ {n:>5} │" in out


def test_show_in_the_other_direction_shows_the_inverse(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["crosswalk", "show", "ls-nos", "pt-nos"]) == 0
    assert "ls-nos → pt-nos" in capsys.readouterr().out


def test_show_of_an_unshipped_crosswalk_fails_with_what_is_shipped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["crosswalk", "show", "pt-nos", "nope"]) == 1
    err = capsys.readouterr().err
    assert "no crosswalk between 'pt-nos' and 'nope' is shipped" in err
    assert "pt-nos → ls-nos" in err


def test_list_shows_the_shipped_crosswalks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crosswalk", "list"]) == 0
    out = capsys.readouterr().out
    assert "pt-nos" in out
    assert "ls-nos" in out


def test_validate_accepts_the_shipped_file(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).parents[2] / "frameworks" / "crosswalks" / "pt-nos__ls-nos.sssom.tsv"
    assert main(["crosswalk", "validate", str(path)]) == 0
    n = len(load_crosswalk("pt-nos", "ls-nos"))
    assert capsys.readouterr().out == f"{path}: ok (pt-nos → ls-nos: {n} mappings)\n"


def test_validate_prints_every_problem_with_file_line_and_column_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.sssom.tsv"
    good.write_text(GOOD_HEADER + ROW, encoding="utf-8")
    bad = tmp_path / "bad.sssom.tsv"
    bad.write_text(GOOD_HEADER + ROW.replace("0.85", "7") + ROW.replace("K3", "K3x"),
                   encoding="utf-8")
    assert main(["crosswalk", "validate", str(good), str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"{good}: ok (pt-nos → ls-nos: 1 mappings)\n"
    assert captured.err.splitlines() == [
        f"{bad}:line 7, column 5: confidence: 7.0 is outside 0–1 — expected a number from 0 "
        "to 1",
        f"{bad}:line 8, column 1: subject_id 'pt-nos:LSIPT01.K3x' is not an element of "
        "'pt-nos' — expected the id of an element of 'pt-nos', such as 'pt-nos:LSIPT01'. "
        "Did you mean 'pt-nos:LSIPT01.K3'?",
    ]


def test_validate_reports_a_framework_that_cannot_be_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.sssom.tsv"
    path.write_text(GOOD_HEADER.replace("ls-nos", "zz-nos") + ROW.replace("ls-nos", "zz-nos"),
                    encoding="utf-8")
    assert main(["crosswalk", "validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:line 7, column 3: the object framework 'zz-nos' cannot be "
                          "loaded: unknown framework id 'zz-nos'")


def test_validate_reports_an_unreadable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.sssom.tsv"
    assert main(["crosswalk", "validate", str(missing)]) == 1
    assert capsys.readouterr().err == (
        f"{missing}:/: cannot read the file: it does not exist — expected the path of an "
        "SSSOM TSV file\n")


def test_crosswalk_without_a_sub_command_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["crosswalk"]) == 2
    assert "COMMAND" in capsys.readouterr().err


def test_list_reports_an_invalid_shipped_crosswalk_and_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import competency.crosswalk as package
    from competency.errors import CrosswalkError, Position, Problem

    def broken(a: str, b: str) -> None:
        raise CrosswalkError(Problem(file="x.sssom.tsv", location=Position(9, 2),
                                     message="predicate_id: unknown predicate 'skos:x'"))

    monkeypatch.setattr(package, "load_crosswalk", broken)
    assert main(["crosswalk", "list"]) == 1
    out = capsys.readouterr().out
    assert "invalid crosswalk pt-nos__ls-nos: 1 problem(s), first: x.sssom.tsv:line 9, " \
           "column 2: predicate_id: unknown predicate 'skos:x'" in out


# A file in the shape sssom-py writes after reading our `suggest` output: its curie_map has
# no prefix with a '-' (its CURIE prefix pattern has none), columns whose value is the same
# on every row (similarity_measure, mapping_tool) moved to the header, rows sorted.
SSSOM_PY_SHAPED = """\
#curie_map:
#  competency: https://w3id.org/competency/
#  semapv: https://w3id.org/semapv/vocab/
#  skos: http://www.w3.org/2004/02/skos/core#
#mapping_set_id: https://w3id.org/competency/crosswalks/suggested.sssom.tsv
#license: https://creativecommons.org/licenses/by/4.0/
#subject_source: competency:pt-nos
#object_source: competency:ls-nos
#mapping_tool: competency suggest
#similarity_measure: TF-IDF cosine
subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\tmapping_justification\t\
author_id\tconfidence\tsimilarity_score
pt-nos:LSIPT01.K3\tthe boundaries and limitations of the personal tutoring role\t\
skos:relatedMatch\tls-nos:AK1.3\tThe nature, extent and boundaries of learning support roles\t\
semapv:LexicalSimilarityThresholdMatching\tcompetency:suggest\t0.41\t0.41
"""


def test_validate_reads_a_file_that_went_through_sssom_py_with_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "suggested.sssom.tsv"
    path.write_text(SSSOM_PY_SHAPED, encoding="utf-8")
    assert main(["crosswalk", "validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "ok (pt-nos → ls-nos: 1 mappings)" in out
    assert err.splitlines() == [
        f"warning: {path}:line 12, column 1: the prefix 'pt-nos' is not in the curie_map; "
        "read as 'https://w3id.org/competency/pt-nos/', the base IRI of the known framework of "
        "that id — expected a curie_map entry 'pt-nos: https://w3id.org/competency/pt-nos/' "
        "(sssom-py drops prefixes that contain '-')",
        f"warning: {path}:line 12, column 4: the prefix 'ls-nos' is not in the curie_map; "
        "read as 'https://w3id.org/competency/ls-nos/', the base IRI of the known framework of "
        "that id — expected a curie_map entry 'ls-nos: https://w3id.org/competency/ls-nos/' "
        "(sssom-py drops prefixes that contain '-')",
    ]


def test_validate_warns_about_a_column_that_is_not_an_sssom_slot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "x.sssom.tsv"
    path.write_text(GOOD_HEADER.replace("confidence\n", "confidense\n") + ROW, encoding="utf-8")
    assert main(["crosswalk", "validate", str(path)]) == 0
    err = capsys.readouterr().err
    assert (f"warning: {path}:line 6, column 5: the column 'confidense' is not an SSSOM mapping "
            "slot; kept as an extension (did you mean 'confidence'?)") in err


def test_show_as_tsv_is_the_sssom_file_of_the_crosswalk_as_shown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from competency.crosswalk import loads_sssom

    assert main(["crosswalk", "show", "ls-nos", "pt-nos", "--format", "tsv"]) == 0
    shown = loads_sssom(capsys.readouterr().out)
    assert shown == load_crosswalk("pt-nos", "ls-nos").inverse()


def test_show_as_json_gives_metadata_every_mapping_and_counts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    assert main(["crosswalk", "show", "pt-nos", "ls-nos", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    cw = load_crosswalk("pt-nos", "ls-nos")
    assert (data["subject"], data["object"], data["total"]) == ("pt-nos", "ls-nos", len(cw))
    assert data["mapping_set_id"] == cw.mapping_set_id
    assert data["curie_map"]["pt-nos"] == "https://w3id.org/competency/pt-nos/"
    assert len(data["mappings"]) == len(cw)
    first = data["mappings"][0]
    assert (first["subject_id"], first["predicate_id"]) == (cw.mappings[0].subject_id,
                                                            cw.mappings[0].predicate_id)
    assert sum(data["counts"].values()) == len(cw)
