"""SKOS Turtle: parses in rdflib, passes the SKOS checks, imports back unchanged."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

import competency
from competency.cli import main
from competency.crosswalk import Crosswalk, load_crosswalk
from competency.errors import DocumentError, Position
from competency.formats.skos import dumps_skos, loads_skos, skos_problems, to_skos_graph
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
    assert problem.location == Position(6)


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
        (Position(4), "2 values of skos:definition")]


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


# -- vocabularies in the shapes other SKOS publishers write (files written here) ------------

PREFIXES = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ex: <https://thesaurus.example.org/> .
"""


def _read(turtle: str, **options: str) -> tuple[Framework, list[str]]:
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        framework = loads_skos(PREFIXES + turtle, file="t.ttl", **options)
    return framework, [str(w.message) for w in caught]


MULTILINGUAL = """
ex:scheme a skos:ConceptScheme ; dcterms:title "Thesaurus"@en, "Thésaurus"@fr ;
    dcterms:publisher <https://publisher.example.org/> .
ex:c1 a skos:Concept ; skos:inScheme ex:scheme ; skos:topConceptOf ex:scheme ;
    skos:prefLabel "Education"@en, "Éducation"@fr, "Educación"@es, "Образование"@ru .
ex:c2 a skos:Concept ; skos:inScheme ex:scheme ; skos:broader ex:c1 ;
    skos:prefLabel "Teaching"@en, "Enseignement"@fr ; skos:altLabel "Instruction"@en .
"""


def test_labels_in_several_languages_are_read_in_one_and_all_kept() -> None:
    framework, _ = _read(MULTILINGUAL)
    assert [e.text for e in framework.elements] == ["Education", "Teaching"]
    assert framework.publisher == "https://publisher.example.org/"
    assert framework.annotation("skos:prefLabel@fr") == ("c1 Éducation", "c2 Enseignement")
    assert framework.annotation("skos:prefLabel@ru") == ("c1 Образование",)
    turtle = dumps_skos(framework)
    graph = Graph().parse(data=turtle, format="turtle")
    labels = {(str(o), getattr(o, "language", None)) for o in graph.objects(
        URIRef("https://thesaurus.example.org/c1"), SKOS.prefLabel)}
    assert labels == {("Education", "en"), ("Éducation", "fr"), ("Educación", "es"),
                      ("Образование", "ru")}
    assert loads_skos(turtle) == framework


def test_lang_chooses_the_language_of_texts() -> None:
    framework, _ = _read(MULTILINGUAL, lang="fr")
    assert [e.text for e in framework.elements] == ["Éducation", "Enseignement"]
    assert framework.title == "Thésaurus"
    assert framework.annotation("skos:prefLabel@en") == ("c1 Education", "c2 Teaching")


def test_scheme_without_title_is_read_with_a_warning() -> None:
    framework, messages = _read("""
ex:s a skos:ConceptScheme . ex:a a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "A" .
""", framework_id="demo")
    assert framework.title == "demo"
    assert any("the concept scheme has no title" in m for m in messages)


def test_file_without_a_scheme_reads_every_concept() -> None:
    framework, messages = _read("""
ex:a a skos:Concept ; skos:prefLabel "A" . ex:b a skos:Concept ; skos:prefLabel "B" ;
    skos:broader ex:a .
""", framework_id="demo")
    assert [e.text for e in framework.elements] == ["A", "B"]
    assert [c.text for c in framework.children("demo:a")] == ["B"]
    assert any("no skos:ConceptScheme" in m for m in messages)


def test_several_schemes_need_scheme_and_it_chooses_one() -> None:
    turtle = """
ex:s1 a skos:ConceptScheme ; dcterms:title "One" . ex:s2 a skos:ConceptScheme ;
    dcterms:title "Two" .
ex:a a skos:Concept ; skos:inScheme ex:s1 ; skos:prefLabel "A" .
ex:b a skos:Concept ; skos:inScheme ex:s2 ; skos:prefLabel "B" .
"""
    with pytest.raises(DocumentError, match="2 skos:ConceptScheme found"):
        _read(turtle)
    framework, _ = _read(turtle, scheme="https://thesaurus.example.org/s2")
    assert (framework.title, [e.text for e in framework.elements]) == ("Two", ["B"])


def test_two_broader_concepts_become_a_parent_and_a_broad_match() -> None:
    framework, messages = _read("""
ex:s a skos:ConceptScheme ; dcterms:title "T" .
ex:a a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "A" .
ex:b a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "B" .
ex:c a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "C" ; skos:broader ex:a, ex:b .
""", framework_id="t")
    assert framework.parent("t:c") is not None
    assert framework.parent("t:c").id == "t:a"  # type: ignore[union-attr]
    assert [(r.source, r.type.value, r.target) for r in framework.relations
            if r.type.value == "skos:broadMatch"] == [("t:c", "skos:broadMatch", "t:b")]
    assert any("2 broader concepts" in m for m in messages)


def test_export_gives_every_concept_a_tagged_pref_label_and_unique_notations() -> None:
    framework = competency.load("pt-nos")
    graph = Graph().parse(data=dumps_skos(framework), format="turtle")
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == len(framework.elements)
    for concept in concepts:
        [label] = graph.objects(concept, SKOS.prefLabel)
        assert label.language == "en"  # type: ignore[attr-defined]
    notations = [str(n) for n in graph.objects(None, SKOS.notation)]
    assert len(notations) == len(set(notations))
    assert loads_skos(dumps_skos(framework)) == framework


def test_line_lookup_is_linear_at_thesaurus_scale() -> None:
    # 4,400 concepts with an error in the last: read in one pass (a quadratic lookup
    # would split the whole text again per concept); the count of splits is what is pinned
    from competency.formats import _rdf_text as module

    lines = [f'ex:c{i} a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "C{i}"@en .'
             for i in range(4_400)]
    turtle = 'ex:s a skos:ConceptScheme ; dcterms:title "T" .\n' + "\n".join(lines)
    calls = 0
    original = module.LineIndex.__init__

    def counting(self: object, text: str, graph: object, *, xml: bool = False) -> None:
        nonlocal calls
        calls += 1
        original(self, text, graph, xml=xml)  # type: ignore[arg-type]

    module.LineIndex.__init__ = counting  # type: ignore[method-assign]
    try:
        framework, _ = _read(turtle, framework_id="t")
    finally:
        module.LineIndex.__init__ = original  # type: ignore[method-assign]
    assert len(framework) == 4_400
    assert calls == 1


def _isomorphic(framework: Framework, crosswalks: Sequence[Crosswalk] = ()) -> bool:
    from rdflib.compare import isomorphic

    written = Graph().parse(data=dumps_skos(framework, crosswalks=crosswalks), format="turtle")
    return isomorphic(written, to_skos_graph(framework, crosswalks=crosswalks))


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_written_turtle_holds_the_triples_of_the_skos_graph(framework_id: str) -> None:
    crosswalks = [load_crosswalk(framework_id, other) for other in ALL_CROSSWALKS[framework_id]]
    assert _isomorphic(competency.load(framework_id), crosswalks)


@settings(max_examples=40, deadline=None)
@given(frameworks())
def test_written_turtle_of_any_framework_holds_the_triples_of_its_graph(
    framework: Framework,
) -> None:
    assert _isomorphic(framework)


_LENIENT = """\
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<https://e.org/v/> a skos:ConceptScheme ;
    dcterms:title "Vocabulary" .

<https://e.org/v/a> a skos:Concept ;
    skos:inScheme <https://e.org/v/> ;
    skos:prefLabel "Alpha" ;
    dcterms:modified "last tuesday"^^xsd:date ;
    skos:related <https://e.org/v/b b> .
"""


def test_what_rdflib_reads_leniently_is_a_warning_at_its_line_not_a_log_line(
        capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
    from competency.errors import FormatWarning

    with pytest.warns(FormatWarning) as caught:
        framework = loads_skos(_LENIENT, file="v.ttl", framework_id="v")
    found = {(str(w.message.problem.location), w.message.problem.message)
             for w in caught if isinstance(w.message, FormatWarning)}
    assert ("line 8",
            "<https://e.org/v/b b> is not a valid IRI (it holds a space): read as written"
            ) in found
    assert ("line 8", "dcterms:modified 'last tuesday' is not a valid xsd:date: read as text"
            ) in found
    assert [e.text for e in framework.elements] == ["Alpha"]
    assert capfd.readouterr().err == ""  # no rdflib log line, no traceback
    assert not [r for r in caplog.records if r.name.startswith("rdflib")]


def test_rdflib_logging_is_restored_after_a_read_that_fails() -> None:
    import logging

    logger = logging.getLogger("rdflib")
    handlers, propagate = list(logger.handlers), logger.propagate
    with pytest.raises(DocumentError):
        loads_skos('<https://e.org/a b> <https://e.org/p> "x"^^<http://www.w3.org/2001/'
                   'XMLSchema#integer> ; this is not Turtle', file="bad.ttl")
    assert (logger.handlers, logger.propagate) == (handlers, propagate)


def test_the_cli_imports_lenient_turtle_with_warnings_and_no_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "v.ttl"
    source.write_text(_LENIENT, encoding="utf-8")
    out = tmp_path / "v.json"
    assert main(["import", str(source), "--from", "skos", "--id", "v", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"{source}:line 8: <https://e.org/v/b b> is not a valid IRI" in err
    assert "Traceback" not in err
    assert out.exists()
