"""CASE 1.1: the export validates against the CFPackage schema and imports back unchanged."""

from __future__ import annotations

import functools
import json
import uuid
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import competency
from competency.cli import main
from competency.crosswalk import load_crosswalk
from competency.errors import DocumentError, Pointer, Position
from competency.formats.case import (
    ITEM_TYPE_BASE,
    case_uuid,
    dumps_case,
    loads_case,
    read_case,
    to_case,
)
from competency.model import Framework
from competency.rubric import get_rubric
from competency.testing import frameworks

from ._shared import SHIPPED, SPECS, case_validator


@functools.cache
def _validator(version: str) -> Any:
    """The CASE `version` schema's validator, loaded on first use (never at import)."""
    if version == "1.1":
        return case_validator()
    from jsonschema import Draft7Validator

    path = SPECS / "case-v1p0-cfpackage-schema.json"
    if not path.is_file():
        pytest.fail(f"the CASE 1.0 schema is missing: expected it at {path}")
    schema = json.loads(path.read_text(encoding="utf-8"))
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def _errors(package: dict[str, Any], version: str = "1.1") -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}"
            for e in _validator(version).iter_errors(package)]


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_shipped_framework_export_passes_the_case_schema(framework_id: str) -> None:
    assert _errors(to_case(competency.load(framework_id))) == []


def test_export_with_crosswalks_and_rubric_passes_the_case_schema() -> None:
    package = to_case(
        competency.load("pt-nos"),
        crosswalks=[load_crosswalk("pt-nos", "ls-nos"), load_crosswalk("he-pt-policy", "pt-nos")],
        rubrics=[get_rubric("pt-self-assessment")],
    )
    assert _errors(package) == []
    assert package["CFRubrics"][0]["title"] == "Personal tutor self-assessment system"


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_shipped_framework_round_trips_through_case(framework_id: str) -> None:
    framework = competency.load(framework_id)
    assert loads_case(dumps_case(framework)) == framework


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks())
def test_any_framework_round_trips_through_case_and_validates(framework: Framework) -> None:
    package = to_case(framework)
    assert _errors(package) == []
    assert loads_case(json.dumps(package)) == framework


def test_two_exports_of_the_same_data_are_identical() -> None:
    framework = competency.load("ls-nos")
    assert dumps_case(framework) == dumps_case(competency.load("ls-nos"))


def test_identifiers_are_uuid5_of_the_element_iri() -> None:
    package = to_case(competency.load("pt-nos"))
    item = next(i for i in package["CFItems"] if i["humanCodingScheme"] == "LSIPT01")
    iri = "https://w3id.org/competency/pt-nos/LSIPT01"
    assert item["uri"] == iri
    assert item["identifier"] == str(uuid.uuid5(uuid.NAMESPACE_URL, iri))
    assert uuid.UUID(item["identifier"]).version == 5


def test_contains_becomes_is_child_of_with_sibling_sequence_numbers() -> None:
    framework = competency.load("pt-nos")
    package = to_case(framework)
    unit = case_uuid(framework.expand("pt-nos:LSIPT01"))
    children = [
        (a["sequenceNumber"], a["originNodeURI"]["uri"])
        for a in package["CFAssociations"]
        if a["associationType"] == "isChildOf" and a["destinationNodeURI"]["identifier"] == unit
    ]
    expected = [framework.expand(c.id) for c in framework.children("pt-nos:LSIPT01")]
    assert [uri for _, uri in sorted(children)] == expected
    assert [n for n, _ in children] == list(range(1, len(expected) + 1))
    roots = [a for a in package["CFAssociations"]
             if a["destinationNodeURI"]["identifier"] == package["CFDocument"]["identifier"]]
    assert len(roots) == len(framework.roots()) == 11


def test_underpins_and_item_types_are_written() -> None:
    package = to_case(competency.load("ls-nos"))
    kinds = {a["associationType"] for a in package["CFAssociations"]}
    assert kinds == {"isChildOf", "ext:underpins"}
    types = {t["title"]: t["uri"] for t in package["CFDefinitions"]["CFItemTypes"]}
    assert types["Knowledge"] == ITEM_TYPE_BASE + "knowledge"
    assert package["CFDefinitions"]["CFLicenses"][0]["licenseText"].startswith("© Crown")


def test_crosswalk_mappings_keep_their_skos_predicate() -> None:
    package = to_case(competency.load("pt-nos"), crosswalks=[load_crosswalk("pt-nos", "ls-nos")])
    mappings = [a for a in package["CFAssociations"] if "notes" in a]
    assert mappings
    for association in mappings:
        predicate = association["extensions"]["competency"]["predicate_id"]
        assert association["notes"] == predicate
        expected = "exactMatchOf" if predicate == "skos:exactMatch" else "isRelatedTo"
        assert association["associationType"] == expected
    # the crosswalk is not part of the framework: importing gives the framework back
    assert loads_case(json.dumps(package)) == competency.load("pt-nos")


def test_crosswalk_of_another_framework_is_refused() -> None:
    with pytest.raises(ValueError, match="not framework 'ls-nos'"):
        to_case(competency.load("ls-nos"), crosswalks=[load_crosswalk("he-pt-policy", "pt-nos")])


def _foreign_package() -> dict[str, Any]:
    doc, a, b, c, d = (str(uuid.uuid4()) for _ in range(5))

    def node(identifier: str) -> dict[str, str]:
        return {"title": "x", "identifier": identifier,
                "uri": f"https://case.example.org/uri/{identifier}"}

    def assoc(kind: str, origin: str, destination: str, seq: int | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "identifier": str(uuid.uuid4()), "associationType": kind,
            "uri": "https://case.example.org/a", "originNodeURI": node(origin),
            "destinationNodeURI": node(destination),
            "lastChangeDateTime": "2024-01-01T00:00:00+00:00"}
        if seq is not None:
            out["sequenceNumber"] = seq
        return out

    def item(identifier: str, text: str, kind: str, code: str) -> dict[str, Any]:
        return {"identifier": identifier, "fullStatement": text, "CFItemType": kind,
                "humanCodingScheme": code, "uri": f"https://case.example.org/uri/{identifier}",
                "lastChangeDateTime": "2024-01-01T00:00:00+00:00"}

    return {
        "CFDocument": {"identifier": doc, "uri": f"https://case.example.org/uri/{doc}",
                       "creator": "State Board", "title": "Maths Standards",
                       "lastChangeDateTime": "2024-01-01T00:00:00+00:00"},
        "CFItems": [item(a, "Number sense", "Domain", "N"),
                    item(b, "Count to 100", "Standard", "N.1"),
                    item(c, "Compare numbers", "Standard", "N.2"),
                    item(d, "What a number is", "knowledge", "N.K")],
        "CFAssociations": [assoc("isChildOf", a, doc, 1), assoc("isChildOf", c, a, 2),
                           assoc("isChildOf", b, a, 1), assoc("isChildOf", d, a, 3),
                           assoc("isPeerOf", b, c),
                           assoc("exactMatchOf", b, str(uuid.uuid4()))],
    }


def test_foreign_package_hierarchy_follows_sequence_numbers() -> None:
    framework = loads_case(json.dumps(_foreign_package()))
    assert framework.id == "maths-standards"
    assert framework.publisher == "State Board"
    [root] = framework.roots()
    assert root.notation == "N"
    assert root.kind.value == "section"
    assert [c.notation for c in framework.children(root.id)] == ["N.1", "N.2", "N.K"]


def test_foreign_package_unknown_item_types_and_associations_are_kept() -> None:
    framework = loads_case(json.dumps(_foreign_package()), framework_id="maths")
    kinds = [e.kind.value for e in framework.elements]
    assert kinds == ["section", "criterion", "criterion", "knowledge"]
    types = framework.annotation("case:CFItemType")
    assert [t.split(" ", 1)[1] for t in types] == ["Domain", "Standard", "Standard"]
    [peer] = framework.annotation("case:association")
    assert " isPeerOf " in peer


def test_bad_json_is_reported_with_line_and_column() -> None:
    with pytest.raises(DocumentError) as info:
        loads_case('{"CFDocument": {\n  "title": "x",,\n}}', file="bad.json")
    [problem] = info.value.problems
    assert problem.file == "bad.json"
    assert problem.location == Position(2, 16)


def test_every_bad_field_is_reported_with_its_pointer() -> None:
    package = to_case(competency.load("pt-nos"))
    del package["CFDocument"]["title"]
    package["CFItems"][3]["fullStatement"] = "  "
    package["CFItems"][5]["humanCodingScheme"] = 7
    package["CFAssociations"][2]["originNodeURI"] = "nowhere"
    with pytest.raises(DocumentError) as info:
        loads_case(json.dumps(package), file="pkg.json")
    where = [(p.file, p.location) for p in info.value.problems]
    assert where == [
        ("pkg.json", Pointer("CFDocument")),
        ("pkg.json", Pointer("CFItems", 3, "fullStatement")),
        ("pkg.json", Pointer("CFAssociations", 2, "originNodeURI")),
        ("pkg.json", Pointer("CFItems", 5, "humanCodingScheme")),
    ]


def test_an_item_with_two_parents_is_located_at_its_association() -> None:
    package = to_case(competency.load("pt-nos"))
    associations = package["CFAssociations"]
    first_child = next(i for i, a in enumerate(associations)
                       if a["associationType"] == "isChildOf" and i >= 11)
    duplicate = json.loads(json.dumps(associations[first_child]))
    duplicate["destinationNodeURI"] = associations[-1]["originNodeURI"]
    associations.append(duplicate)
    with pytest.raises(DocumentError) as info:
        loads_case(json.dumps(package), file="pkg.json")
    [problem] = info.value.problems
    assert problem.location == Pointer("CFAssociations", len(associations) - 1)
    assert "two parents" in problem.message


def test_duplicate_item_identifier_is_reported() -> None:
    package = to_case(competency.load("he-pt-policy"))
    package["CFItems"][4]["identifier"] = package["CFItems"][2]["identifier"]
    with pytest.raises(DocumentError) as info:
        loads_case(json.dumps(package), file="p.json")
    [problem] = info.value.problems
    assert (problem.location, problem.related) == (Pointer("CFItems", 4, "identifier"),
                                                   Pointer("CFItems", 2, "identifier"))
    identifier = package["CFItems"][2]["identifier"]
    assert str(problem) == (f"p.json:/CFItems/4/identifier: identifier {identifier!r} is used "
                            "twice (first used at /CFItems/2/identifier) — expected a unique "
                            "identifier per item")


def test_two_items_with_one_uri_name_the_first_item_as_a_pointer() -> None:
    package = to_case(competency.load("he-pt-policy"))
    package["CFItems"][4]["uri"] = package["CFItems"][2]["uri"]
    with pytest.raises(DocumentError) as info:
        loads_case(json.dumps(package), file="p.json")
    [problem] = [p for p in info.value.problems if p.message.startswith("duplicate id")]
    # the framework's /elements/N/id, re-located to the CASE items it was read from
    assert (problem.location, problem.related) == (Pointer("CFItems", 4), Pointer("CFItems", 2))
    assert str(problem).startswith("p.json:/CFItems/4: duplicate id 'he-pt-policy:D1.1' "
                                   "(first used at /CFItems/2) — expected")


def test_cli_exports_case_and_imports_it_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = tmp_path / "pt.case.json"
    assert main(["export", "pt-nos", "--format", "case", "-o", str(package)]) == 0
    assert _errors(json.loads(package.read_text(encoding="utf-8"))) == []
    assert main(["import", str(package), "--from", "case"]) == 0
    assert competency.loads(capsys.readouterr().out) == competency.load("pt-nos")
    out = tmp_path / "pt.json"
    assert main(["import", str(package), "--from", "case", "-o", str(out)]) == 0
    assert competency.load_framework(out) == competency.load("pt-nos")
    assert read_case(package) == competency.load("pt-nos")


def test_cli_export_case_with_crosswalks_and_rubric(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "pt-nos", "--format", "case", "--with-crosswalks",
                 "--rubric", "pt-self-assessment"]) == 0
    package = json.loads(capsys.readouterr().out)
    assert _errors(package) == []
    assert any(a["associationType"] == "exactMatchOf" or "notes" in a
               for a in package["CFAssociations"])
    assert len(package["CFRubrics"]) == 1


def test_cli_import_of_a_bad_file_prints_problems_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"CFDocument": []}', encoding="utf-8")
    assert main(["import", str(bad), "--from", "case"]) == 1
    assert f"{bad}:/: missing or not an object: 'CFDocument'" in capsys.readouterr().err


# -- files in OpenSALT's export shape (written here, in the shape its CFPackage API serves) --

HOST = "https://opensalt.example.org/uri/"


def _opensalt_package() -> dict[str, Any]:
    """A CFPackage as OpenSALT exports one: item URIs ``<host>/uri/<identifier>`` that do
    not extend the document URI, ``sequenceNumber`` as a string, an empty description,
    ``CFDocumentURI`` links, and associations to nodes in other frameworks."""
    doc = "c0ffee00-0000-4000-8000-000000000001"
    ids = [f"c0ffee00-0000-4000-8000-0000000001{i:02d}" for i in range(5)]
    stamp = "2023-03-14T15:09:26+00:00"
    doc_link = {"title": "Demo Standards", "identifier": doc, "uri": HOST + doc}

    def item(n: int, text: str, code: str, kind: str) -> dict[str, Any]:
        return {"identifier": ids[n], "uri": HOST + ids[n], "fullStatement": text,
                "humanCodingScheme": code, "CFItemType": kind, "notes": "",
                "lastChangeDateTime": stamp, "CFDocumentURI": doc_link}

    def node(identifier: str, title: str = "x") -> dict[str, str]:
        return {"title": title, "identifier": identifier, "uri": HOST + identifier}

    def assoc(n: int, kind: str, origin: dict[str, str], destination: dict[str, str],
              seq: int | str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "identifier": f"a55c0000-0000-4000-8000-0000000002{n:02d}",
            "associationType": kind, "uri": HOST + f"a55c0000-0000-4000-8000-0000000002{n:02d}",
            "originNodeURI": origin, "destinationNodeURI": destination,
            "lastChangeDateTime": stamp, "CFDocumentURI": doc_link}
        if seq is not None:
            out["sequenceNumber"] = seq
        return out

    other = "0ther000-0000-4000-8000-000000000009".replace("0ther000", "0a0a0a0a")
    return {
        "CFDocument": {"identifier": doc, "uri": HOST + doc, "creator": "Demo Board",
                       "title": "Demo Standards", "description": "",
                       "lastChangeDateTime": stamp, "adoptionStatus": "Draft",
                       "CFPackageURI": {"title": "Demo Standards", "identifier": doc,
                                        "uri": HOST + doc}},
        "CFItems": [item(0, "Second strand", "B", "Strand"), item(1, "First strand", "A",
                    "Strand"), item(2, "Do the second thing", "A.2", "Standard"),
                    item(3, "Do the first thing", "A.1", "Standard"),
                    item(4, "Another thing", "B.1", "Standard")],
        "CFAssociations": [
            assoc(0, "isChildOf", node(ids[0]), doc_link, "2"),
            assoc(1, "isChildOf", node(ids[1]), doc_link, "1"),
            assoc(2, "isChildOf", node(ids[2]), node(ids[1]), 2),
            assoc(3, "isChildOf", node(ids[3]), node(ids[1]), 1),
            assoc(4, "isChildOf", node(ids[4]), node(ids[0]), 1),
            assoc(5, "exactMatchOf", node(ids[3]), node(other, "Other framework 1.1")),
            assoc(6, "exemplar", node(ids[4]), {"title": "Video", "identifier": "ex-1",
                                                 "uri": "https://video.example.org/1"}),
            assoc(7, "precedes", node(ids[3]), node(ids[2])),
        ],
    }


def _read_opensalt() -> tuple[Framework, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        framework = loads_case(json.dumps(_opensalt_package()), file="salt.json")
    return framework, [str(w.message) for w in caught]


def test_opensalt_shaped_test_file_is_valid_case_1_0_but_for_its_string_sequence() -> None:
    package = _opensalt_package()
    assert _errors(package, "1.0") == [
        "['CFAssociations', 0, 'sequenceNumber']: '2' is not of type 'integer'",
        "['CFAssociations', 1, 'sequenceNumber']: '1' is not of type 'integer'"]


def test_opensalt_identifiers_and_uris_survive_import_and_export() -> None:
    package = _opensalt_package()
    framework, _ = _read_opensalt()
    back = to_case(framework)
    assert _errors(back) == []
    assert {(i["identifier"], i["uri"]) for i in back["CFItems"]} == {
        (i["identifier"], i["uri"]) for i in package["CFItems"]}
    assert (back["CFDocument"]["identifier"], back["CFDocument"]["uri"]) == (
        package["CFDocument"]["identifier"], package["CFDocument"]["uri"])
    assert back["CFDocument"]["lastChangeDateTime"] == "2023-03-14T15:09:26+00:00"


def test_opensalt_order_follows_sequence_numbers_on_every_level() -> None:
    framework, _ = _read_opensalt()
    assert [e.notation for e in framework.roots()] == ["A", "B"]
    [first] = [e for e in framework.roots() if e.notation == "A"]
    assert [c.notation for c in framework.children(first.id)] == ["A.1", "A.2"]


def test_sequence_number_as_a_string_is_read_with_a_warning() -> None:
    _, messages = _read_opensalt()
    assert ("salt.json:/CFAssociations/0/sequenceNumber: sequenceNumber '2' is a string: "
            "read as 2 — expected an integer") in messages


def test_empty_optional_fields_are_absent() -> None:
    framework, _ = _read_opensalt()
    assert framework.description is None
    assert all(e.note is None for e in framework.elements)


def test_associations_leaving_the_package_are_kept_reported_and_written_back() -> None:
    framework, messages = _read_opensalt()
    kept = [json.loads(v) for v in framework.annotation("case:external_association")]
    assert sorted(k["type"] for k in kept) == ["exactMatchOf", "exemplar"]
    assert any("2 association(s) leave the package (exactMatchOf: 1, exemplar: 1)" in m
               for m in messages)
    [precedes] = framework.annotation("case:association")
    assert " precedes " in precedes
    back = to_case(framework)
    kinds = sorted(a["associationType"] for a in back["CFAssociations"])
    assert kinds == sorted(a["associationType"] for a in _opensalt_package()["CFAssociations"])
    exemplar = next(a for a in back["CFAssociations"] if a["associationType"] == "exemplar")
    assert exemplar["destinationNodeURI"]["uri"] == "https://video.example.org/1"
    assert exemplar["identifier"] == "a55c0000-0000-4000-8000-000000000206"


def test_case_to_here_to_case_to_here_is_stable() -> None:
    framework, _ = _read_opensalt()
    assert loads_case(dumps_case(framework)) == framework


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_case_1_0_export_passes_the_case_1_0_schema(framework_id: str) -> None:
    package = to_case(competency.load(framework_id), case_version="1.0")
    assert _errors(package, "1.0") == []
    assert "caseVersion" not in package["CFDocument"]
    links = [a[end] for a in package["CFAssociations"]
             for end in ("originNodeURI", "destinationNodeURI")]
    assert not any("targetType" in link for link in links)


def test_case_1_0_export_reads_back_with_underpins() -> None:
    framework = competency.load("ls-nos")
    package = to_case(framework, case_version="1.0")
    types = {a["associationType"] for a in package["CFAssociations"]}
    assert types == {"isChildOf", "isRelatedTo"}
    assert loads_case(json.dumps(package)) == framework


def test_case_1_0_export_of_an_opensalt_framework_passes_the_1_0_schema() -> None:
    framework, _ = _read_opensalt()
    assert _errors(to_case(framework, case_version="1.0"), "1.0") == []


def test_last_change_comes_from_the_framework_date() -> None:
    package = to_case(competency.load("fe-pt-role"))
    stamps = {package["CFDocument"]["lastChangeDateTime"],
              *(i["lastChangeDateTime"] for i in package["CFItems"])}
    assert stamps == {"2022-06-01T00:00:00+00:00"}


def test_last_change_without_a_date_is_now_or_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    package = to_case(competency.load("pt-nos"))
    assert package["CFDocument"]["lastChangeDateTime"] == "2023-11-14T22:13:20+00:00"


def test_cli_export_case_version_1_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "ls-nos", "--format", "case", "--case-version", "1.0"]) == 0
    assert _errors(json.loads(capsys.readouterr().out), "1.0") == []
