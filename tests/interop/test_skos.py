"""SKOS Turtle: parses in rdflib, passes the SKOS checks, imports back unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

import competency
from competency.cli import main
from competency.crosswalk import load_crosswalk
from competency.errors import DocumentError
from competency.export.skos import dumps_skos, skos_problems
from competency.importers.skos import loads_skos
from competency.model import Framework
from competency.testing import frameworks

from ._shared import SHIPPED

ALL_CROSSWALKS = {
    "pt-nos": ("ls-nos", "fe-pt-role", "he-pt-policy", "pt-self-assessment"),
    "ls-nos": ("pt-nos",), "fe-pt-role": ("pt-nos",), "he-pt-policy": ("pt-nos",),
}


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_shipped_framework_round_trips_through_skos(framework_id: str) -> None:
    framework = competency.load(framework_id)
    assert loads_skos(dumps_skos(framework)) == framework


@settings(max_examples=60, deadline=None)
@given(frameworks())
def test_any_framework_round_trips_through_skos(framework: Framework) -> None:
    assert loads_skos(dumps_skos(framework)) == framework


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_turtle_with_crosswalks_parses_and_passes_the_skos_checks(framework_id: str) -> None:
    framework = competency.load(framework_id)
    crosswalks = [load_crosswalk(framework_id, other) for other in ALL_CROSSWALKS[framework_id]]
    graph = Graph().parse(data=dumps_skos(framework, crosswalks=crosswalks), format="turtle")
    assert skos_problems(graph) == []
    scheme = URIRef(framework.base_iri)
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == len(framework.elements)
    assert set(graph.subjects(SKOS.inScheme, scheme)) == concepts
    assert len(set(graph.subjects(SKOS.topConceptOf, scheme))) == len(framework.roots())
    n_contains = sum(r.type.value == "contains" for r in framework.relations)
    assert len(list(graph.subject_objects(SKOS.broader))) == n_contains
    assert len(list(graph.subject_objects(SKOS.narrower))) == n_contains
    matches = sum(len(list(graph.subject_objects(SKOS[p]))) for p in
                  ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch"))
    expected = sum(1 for cw in crosswalks for m in cw.mappings if not m.is_negated)
    assert matches == expected
    # mappings to other schemes are not part of the framework
    assert loads_skos(graph.serialize(format="turtle")) == framework


def test_concepts_carry_labels_definitions_and_notations() -> None:
    framework = competency.load("pt-nos")
    graph = Graph().parse(data=dumps_skos(framework), format="turtle")
    unit = URIRef(framework.expand("pt-nos:LSIPT01"))
    assert str(graph.value(unit, SKOS.notation)) == "LSIPT01"
    assert str(graph.value(unit, SKOS.prefLabel)) == framework.element("pt-nos:LSIPT01").title
    assert str(graph.value(unit, SKOS.definition)) == framework.element("pt-nos:LSIPT01").text


def test_exact_and_broad_match_of_the_same_pair_is_a_skos_problem() -> None:
    turtle = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://e.org/a> skos:exactMatch <https://e.org/b> .
<https://e.org/b> skos:broadMatch <https://e.org/a> .
"""
    assert skos_problems(Graph().parse(data=turtle, format="turtle")) == [
        "https://e.org/b is both skos:exactMatch and skos:broadMatch of https://e.org/a"]


def test_bad_turtle_is_reported_at_its_line() -> None:
    turtle = dumps_skos(competency.load("he-pt-policy")).split("\n")
    turtle.insert(5, "this is not turtle .")
    with pytest.raises(DocumentError) as info:
        loads_skos("\n".join(turtle), file="fw.ttl")
    [problem] = info.value.problems
    assert problem.file == "fw.ttl"
    assert problem.location == "line 6"


def test_a_concept_with_two_definitions_is_reported_at_its_line() -> None:
    turtle = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://e.org/demo/> a skos:ConceptScheme ; dcterms:title "Demo" .
<https://e.org/demo/U1> a skos:Concept ; skos:inScheme <https://e.org/demo/> ;
    skos:definition "one", "two" .
"""
    with pytest.raises(DocumentError) as info:
        loads_skos(turtle, file="fw.ttl")
    assert [(p.location, p.message) for p in info.value.problems] == [
        ("line 4", "2 values of skos:definition")]


def test_a_file_without_a_concept_scheme_is_refused() -> None:
    with pytest.raises(DocumentError, match="0 skos:ConceptScheme found"):
        loads_skos("<https://e.org/a> <https://e.org/p> 1 .")


def test_cli_exports_skos_and_imports_it_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    turtle = tmp_path / "ls.ttl"
    assert main(["export", "ls-nos", "--format", "skos", "--with-crosswalks",
                 "-o", str(turtle)]) == 0
    assert main(["import", str(turtle), "--from", "skos"]) == 0
    assert competency.loads(capsys.readouterr().out) == competency.load("ls-nos")
