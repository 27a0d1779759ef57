"""SKOS in RDF/XML — the serialisation many published vocabularies use — reads as Turtle
does, and an XML entity bomb or external entity is refused before the parser sees it."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from rdflib import Graph

import competency
from competency.cli import main
from competency.errors import DocumentError, FormatWarning, Position
from competency.formats.json import read as read_framework
from competency.formats.skos import dumps_skos, loads_skos
from competency.model import Framework
from competency.testing import frameworks

from ._shared import SHIPPED


def as_rdfxml(framework: Framework) -> str:
    """`framework` as RDF/XML, written by rdflib from our Turtle (what a triple store or
    a vocabulary server exports)."""
    graph = Graph().parse(data=dumps_skos(framework), format="turtle")
    text: str = graph.serialize(format="xml")
    return text


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_a_shipped_framework_reads_back_from_rdfxml(framework_id: str) -> None:
    framework = competency.load(framework_id)
    assert loads_skos(as_rdfxml(framework)) == framework


_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""What XML 1.0 cannot hold at all (so no RDF/XML file holds it)."""


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(frameworks())
def test_any_framework_xml_can_hold_reads_back_from_rdfxml(framework: Framework) -> None:
    assume(not any(_NOT_IN_XML.search(text) for text in _strings(attrs.asdict(framework))))
    assert loads_skos(as_rdfxml(framework)) == framework


# Written by hand in the shape of a vocabulary editor's export (Protégé, VocBench): a
# doctype with namespace entities, typed node elements, rdf:ID against xml:base, labels in
# two languages, and a second broader concept (line 22) that is warned about.
VOCABULARY = """\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rdf:RDF [
  <!ENTITY skos "http://www.w3.org/2004/02/skos/core#">
  <!ENTITY voc "https://example.org/skills/">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:skos="&skos;"
         xmlns:dct="http://purl.org/dc/terms/"
         xml:base="https://example.org/skills/">
  <skos:ConceptScheme rdf:about="&voc;">
    <dct:title xml:lang="en">Skills</dct:title>
    <dct:title xml:lang="fr">Compétences</dct:title>
    <skos:hasTopConcept rdf:resource="&voc;digital"/>
  </skos:ConceptScheme>
  <skos:Concept rdf:about="&voc;digital">
    <skos:prefLabel xml:lang="en">Digital skills</skos:prefLabel>
    <skos:prefLabel xml:lang="fr">Compétences numériques</skos:prefLabel>
    <skos:inScheme rdf:resource="&voc;"/>
    <skos:topConceptOf rdf:resource="&voc;"/>
    <skos:narrower rdf:resource="&voc;spreadsheets"/>
  </skos:Concept>
  <skos:Concept rdf:ID="spreadsheets">
    <skos:prefLabel xml:lang="en">Use spreadsheets</skos:prefLabel>
    <skos:definition xml:lang="en">Build and check spreadsheets with formulas.</skos:definition>
    <skos:inScheme rdf:resource="&voc;"/>
    <skos:broader rdf:resource="&voc;digital"/>
    <skos:broader rdf:resource="https://example.org/skills/office"/>
  </skos:Concept>
  <rdf:Description rdf:about="https://example.org/skills/office">
    <rdf:type rdf:resource="&skos;Concept"/>
    <skos:prefLabel xml:lang="en">Office work</skos:prefLabel>
    <skos:inScheme rdf:resource="&voc;"/>
  </rdf:Description>
</rdf:RDF>
"""


def test_a_vocabulary_editors_rdfxml_reads_with_its_warnings_located() -> None:
    with pytest.warns(FormatWarning) as caught:
        framework = loads_skos(VOCABULARY, file="skills.rdf")
    assert (framework.id, framework.title) == ("skills", "Skills")
    texts = {e.id: (e.kind.value, e.text) for e in framework.elements}
    assert texts == {
        "skills:digital": ("section", "Digital skills"),
        "skills:spreadsheets": ("criterion", "Build and check spreadsheets with formulas."),
        "skills:office": ("criterion", "Office work"),
    }
    relations = {(r.source, r.type.value, r.target) for r in framework.relations}
    assert relations == {("skills:digital", "contains", "skills:spreadsheets"),
                         ("skills:spreadsheets", "skos:broadMatch", "skills:office")}
    [warning] = [w.message for w in caught if isinstance(w.message, FormatWarning)]
    assert warning.problem.location == Position(22)  # the rdf:ID="spreadsheets" line


def test_the_same_vocabulary_as_turtle_reads_to_the_same_framework() -> None:
    turtle = Graph().parse(data=VOCABULARY, format="xml").serialize(format="turtle")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FormatWarning)
        assert loads_skos(turtle) == loads_skos(VOCABULARY)


def test_turtle_that_starts_with_an_iri_is_still_read_as_turtle() -> None:
    turtle = ('<https://e.org/v/> a <http://www.w3.org/2004/02/skos/core#ConceptScheme> ;\n'
              '    <http://purl.org/dc/terms/title> "V" .\n')
    assert loads_skos(turtle).title == "V"


def test_malformed_rdfxml_is_located_by_line_and_column() -> None:
    bad = VOCABULARY.replace("</skos:prefLabel>", "</skos:label>", 1)
    with pytest.raises(DocumentError) as info:
        loads_skos(bad, file="skills.rdf")
    [problem] = info.value.problems
    assert (problem.file, problem.location) == ("skills.rdf", Position(16, 51))
    assert problem.message == "not valid RDF/XML: mismatched tag"


def _bomb(levels: int) -> str:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(levels))
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [{entities}]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
            '         xmlns:skos="http://www.w3.org/2004/02/skos/core#">\n'
            '  <skos:ConceptScheme rdf:about="https://e.org/v/">\n'
            f'    <skos:prefLabel>&{chr(97 + levels)};</skos:prefLabel>\n'
            '  </skos:ConceptScheme>\n</rdf:RDF>\n')


def test_an_entity_bomb_is_refused_before_parsing() -> None:
    with pytest.raises(DocumentError) as info:
        loads_skos(_bomb(8), file="bomb.rdf")
    [problem] = info.value.problems
    assert problem.location == Position(6)  # where the entity is used
    assert problem.message.startswith("the entity 'i' expands to 1,000,000,000 characters")


def test_small_nested_entities_are_expanded() -> None:
    framework = loads_skos(_bomb(2), file="small.rdf")  # 1,000 characters: harmless
    assert framework.title == "a" * 1000


def test_an_external_entity_is_refused_not_silently_dropped(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me", encoding="utf-8")
    text = _bomb(0).replace('<!ENTITY a "aaaaaaaaaa">',
                            f'<!ENTITY a SYSTEM "file://{secret}">')
    with pytest.raises(DocumentError) as info:
        loads_skos(text, file="xxe.rdf")
    [problem] = info.value.problems
    assert problem.location == Position(2)
    assert problem.message.startswith("the external entity 'a' is not read")


@pytest.mark.parametrize(("declarations", "message"), [
    ('<!ENTITY % p "x">', "the parameter entity 'p' is not read"),
    ('<!ENTITY a "&b;"><!ENTITY b "&a;">', "the entity 'a' refers to itself (a → b → a)"),
])
def test_parameter_and_recursive_entities_are_refused(declarations: str, message: str) -> None:
    text = _bomb(0).replace('<!ENTITY a "aaaaaaaaaa">', declarations)
    with pytest.raises(DocumentError) as info:
        loads_skos(text, file="e.rdf")
    assert [p.message for p in info.value.problems] == [message]


def test_a_chain_of_thousands_of_entities_is_measured_without_python_recursion() -> None:
    # each entity names the next: 3,000 deep, 1 character in all — read; the same chain
    # with each entity naming the next twice expands to 2**3000 characters — refused
    chain = "".join(f'<!ENTITY e{i} "&e{i + 1};">' for i in range(3_000))
    text = _bomb(0).replace('<!ENTITY a "aaaaaaaaaa">', chain + '<!ENTITY e3000 "x">')
    assert loads_skos(text.replace("&a;", "&e0;"), file="deep.rdf").title == "x"
    doubled = "".join(f'<!ENTITY e{i} "&e{i + 1};&e{i + 1};">' for i in range(3_000))
    bomb = _bomb(0).replace('<!ENTITY a "aaaaaaaaaa">', doubled + '<!ENTITY e3000 "x">')
    with pytest.raises(DocumentError) as info:
        loads_skos(bomb.replace("&a;", "&e0;"), file="deep.rdf")
    assert info.value.problems[0].message.startswith("the entity 'e0' expands to ")


def test_the_cli_imports_an_rdfxml_vocabulary(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "skills.rdf"
    source.write_text(VOCABULARY, encoding="utf-8")
    out = tmp_path / "skills.json"
    assert main(["import", str(source), "--from", "skos", "-o", str(out)]) == 0
    assert f"{source}:line 22: 2 broader concepts" in capsys.readouterr().err
    assert read_framework(out).id == "skills"
