"""A framework as SKOS, written as Turtle through rdflib (imported only when used).

- The framework is a ``skos:ConceptScheme`` at its base IRI, with ``dcterms:title``,
  ``dcterms:identifier`` (the framework id), ``dcterms:publisher``, ``dcterms:date``,
  ``dcterms:rights``, ``dcterms:source``, ``dcterms:description`` and ``owl:versionInfo``.
- Each element is a ``skos:Concept`` (and an instance of ``cpt:Unit``, ``cpt:Criterion``
  ... for its kind) ``skos:inScheme`` the scheme: ``skos:prefLabel`` = title (else the
  text: every concept has one), ``skos:definition`` = text, ``skos:notation`` = notation,
  ``skos:altLabel`` = alt titles, ``skos:editorialNote`` = note; roots are
  ``skos:topConceptOf`` the scheme. Labels, definitions and notes carry the language tag
  `lang` (``en`` unless the framework was read with another, ``skos:lang``); labels in
  other languages kept by the importer (``skos:prefLabel@fr`` ... annotations) are written
  back with their tags.
- Notations are unique in the scheme: where the source's notations repeat (``P1`` in every
  unit), ``skos:notation`` is the element's local id (``LSIPT01.P1``) and the source's own
  notation is kept in ``cpt:notation``.
- ``contains`` is ``skos:narrower`` (and the child ``skos:broader`` its parent);
  ``underpins`` is ``cpt:underpins``; SKOS mapping relations and crosswalk mappings are
  their SKOS mapping properties (negated mappings are left out: SKOS cannot say "not").

Order, and what SKOS has no property for, use the small ``cpt:`` vocabulary
(``https://w3id.org/competency/vocab#``): ``cpt:position`` (source order of the elements),
``cpt:location``, ``cpt:category``, ``cpt:necessity``, ``cpt:assessedBy`` and
``cpt:altTitles`` (RDF lists, in order), ``cpt:annotations`` (a list of
``[cpt:key; cpt:values (...)]``) and, only when the relations are not in their canonical
order, ``cpt:relationOrder`` (one text: a line ``source type target`` per relation, in
order; files with the former list of ``rdf:Statement`` s still read). So
:func:`competency.importers.skos.loads_skos` gives the framework back unchanged.

:func:`to_skos_graph` builds the rdflib graph; :func:`dumps_skos` writes the same triples
as Turtle directly (full IRIs, ``\\uXXXX`` escapes for the characters an IRI cannot hold,
string escapes for ``"``, ``\\``, LF and CR), because rdflib's Turtle serializer takes
minutes at ESCO scale; a test pins that both give isomorphic graphs.

Longer than 400 lines on purpose: the rdflib graph and the direct Turtle writer sit
side by side so that one change is made to both (a test pins that they agree).

Examples
--------
>>> import competency
>>> from competency.export.skos import dumps_skos
>>> turtle = dumps_skos(competency.load("pt-nos"))
>>> "skos:ConceptScheme" in turtle and "skos:broader" in turtle
True
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from competency.errors import CrosswalkError, Problem
from competency.model import ElementKind, Framework, Relation, RelationType, Requirement

if TYPE_CHECKING:
    from rdflib import Graph

    from competency.crosswalk import Crosswalk

__all__ = [
    "CPT",
    "KIND_CLASSES",
    "canonical_relations",
    "dumps_skos",
    "skos_problems",
    "to_skos_graph",
]

CPT = "https://w3id.org/competency/vocab#"
"""The namespace of the few terms SKOS lacks (prefix ``cpt``)."""

KIND_CLASSES = {
    ElementKind.UNIT: "Unit", ElementKind.SECTION: "Section",
    ElementKind.CRITERION: "Criterion", ElementKind.KNOWLEDGE: "KnowledgeItem",
    ElementKind.ATTRIBUTE: "Attribute", ElementKind.SCOPE: "Scope", ElementKind.DUTY: "Duty",
    ElementKind.REQUIREMENT: "Requirement", ElementKind.EXPECTATION: "Expectation",
}
"""The ``cpt:`` class of each element kind."""

_TYPE_ORDER = {t: i for i, t in enumerate(RelationType)}


def canonical_relations(framework: Framework) -> list[Relation]:
    """The relations in the order an unordered format gives them back: ``contains`` by
    child position, then the others by source position, type and target position."""
    position = {e.id: i for i, e in enumerate(framework.elements)}
    contains = sorted((r for r in framework.relations if r.type is RelationType.CONTAINS),
                      key=lambda r: position[r.target])
    others = sorted((r for r in framework.relations if r.type is not RelationType.CONTAINS),
                    key=lambda r: (position[r.source], _TYPE_ORDER[r.type], position[r.target]))
    return contains + others


def to_skos_graph(
    framework: Framework, *, crosswalks: Iterable[Crosswalk] = (), lang: str | None = None,
) -> Graph:
    """Return `framework` (and the mappings of `crosswalks` from it) as an rdflib graph.

    `lang` is the language tag of the labels (default: the framework's ``skos:lang``
    annotation, else ``en``)."""
    from rdflib import BNode, Graph, Literal, Namespace, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import DCTERMS, OWL, RDF, SKOS, XSD

    cpt = Namespace(CPT)
    graph = Graph()
    graph.bind("skos", SKOS)
    graph.bind("dcterms", DCTERMS)
    graph.bind("owl", OWL)
    graph.bind("cpt", cpt)
    graph.bind(framework.id, Namespace(framework.base_iri))
    add = graph.add

    def rdf_list(items: list[Any]) -> Any:
        if not items:
            return RDF.nil  # the empty list, as Turtle's "( )" reads
        head = BNode()
        Collection(graph, head, items)
        return head

    scheme: Any = URIRef(next(iter(framework.annotation("skos:scheme")), framework.base_iri))
    add((scheme, RDF.type, SKOS.ConceptScheme))
    add((scheme, DCTERMS.title, Literal(framework.title)))
    add((scheme, DCTERMS.identifier, Literal(framework.id)))
    for key, prop in (("publisher", DCTERMS.publisher), ("date", DCTERMS.date),
                      ("rights", DCTERMS.rights), ("source", DCTERMS.source),
                      ("description", DCTERMS.description), ("version", OWL.versionInfo)):
        value = getattr(framework, key)
        if value is not None:
            add((scheme, prop, Literal(value)))
    if framework.annotations:
        entries = []
        for key, values in framework.annotations:
            entry = BNode()
            add((entry, cpt.key, Literal(key)))
            add((entry, cpt["values"], rdf_list([Literal(v) for v in values])))
            entries.append(entry)
        add((scheme, cpt.annotations, rdf_list(entries)))

    tag = lang or next(iter(framework.annotation("skos:lang")), "en")

    def text(value: str) -> Literal:
        return Literal(value, lang=tag)

    iri = {e.id: URIRef(framework.expand(e.id)) for e in framework.elements}
    children = {r.target for r in framework.relations if r.type is RelationType.CONTAINS}
    counts = Counter(e.notation for e in framework.elements if e.notation is not None)
    for position, element in enumerate(framework.elements):
        concept = iri[element.id]
        add((concept, RDF.type, SKOS.Concept))
        add((concept, RDF.type, cpt[KIND_CLASSES[element.kind]]))
        add((concept, SKOS.inScheme, scheme))
        add((concept, cpt.position, Literal(position, datatype=XSD.integer)))
        if element.id not in children:
            add((concept, SKOS.topConceptOf, scheme))
            add((scheme, SKOS.hasTopConcept, concept))
        add((concept, SKOS.definition, text(element.text)))
        add((concept, SKOS.prefLabel, text(element.title or element.text)))
        if element.title is not None and element.title == element.text:
            add((concept, cpt.titleIsText, Literal(True)))
        if element.notation is not None:
            if counts[element.notation] > 1:
                add((concept, SKOS.notation, Literal(element.local_id)))
                add((concept, cpt.notation, Literal(element.notation)))
            else:
                add((concept, SKOS.notation, Literal(element.notation)))
        for alt in element.alt_titles:
            add((concept, SKOS.altLabel, text(alt)))
        if len(element.alt_titles) > 1:
            add((concept, cpt.altTitles, rdf_list([Literal(a) for a in element.alt_titles])))
        if element.note is not None:
            add((concept, SKOS.editorialNote, text(element.note)))
        if element.location is not None:
            add((concept, cpt.location, Literal(element.location)))
        if isinstance(element, Requirement):
            if element.category is not None:
                add((concept, cpt.category, Literal(element.category)))
            if element.necessity is not None:
                add((concept, cpt.necessity, Literal(element.necessity)))
            if element.assessed_by:
                add((concept, cpt.assessedBy,
                     rdf_list([Literal(a) for a in element.assessed_by])))

    for key, values in framework.annotations:
        name, at, language = key.partition("@")
        label_prop = {"skos:prefLabel": SKOS.prefLabel, "skos:definition": SKOS.definition,
                      "skos:altLabel": SKOS.altLabel}.get(name)
        if label_prop is None or not at:
            continue
        for value in values:
            local, _, label = value.partition(" ")
            if f"{framework.id}:{local}" in iri:
                add((iri[f"{framework.id}:{local}"], label_prop,
                     Literal(label, lang=language)))

    def predicate(relation_type: RelationType) -> URIRef:
        if relation_type is RelationType.CONTAINS:
            return SKOS.narrower
        if relation_type is RelationType.UNDERPINS:
            return cpt.underpins
        return SKOS[relation_type.value.partition(":")[2]]

    for relation in framework.relations:
        source, target = iri[relation.source], iri[relation.target]
        add((source, predicate(relation.type), target))
        if relation.type is RelationType.CONTAINS:
            add((target, SKOS.broader, source))
    if list(framework.relations) != canonical_relations(framework):
        add((scheme, cpt.relationOrder, Literal(_relation_order(framework))))

    for crosswalk in crosswalks:
        if crosswalk.subject_prefix != framework.id:
            if crosswalk.object_prefix != framework.id:
                raise ValueError(
                    f"crosswalk {crosswalk.mapping_set_id} does not involve {framework.id!r}")
            crosswalk = crosswalk.inverse()
        prefixes = dict(crosswalk.curie_map)
        object_prefix = crosswalk.object_prefix
        if object_prefix in prefixes:
            graph.bind(object_prefix, Namespace(prefixes[object_prefix]))
        for mapping in crosswalk.mappings:
            if mapping.is_negated or mapping.subject_id not in iri:
                continue
            prefix, _, local = mapping.object_id.partition(":")
            add((iri[mapping.subject_id], SKOS[mapping.predicate_id.partition(":")[2]],
                 URIRef(prefixes[prefix] + local)))
    return graph


def dumps_skos(
    framework: Framework, *, crosswalks: Iterable[Crosswalk] = (), lang: str | None = None,
) -> str:
    """Return `framework` (with the mappings of `crosswalks`) as Turtle, labels tagged with
    language `lang` (see :func:`to_skos_graph`).

    Raises
    ------
    CrosswalkError
        If the mappings break SKOS integrity (see :func:`skos_problems`).
    """
    text, mappings, labels = _turtle(framework, crosswalks, lang)
    problems = _integrity_problems(mappings, labels)
    if problems:
        raise CrosswalkError(Problem(message=p, expected="SKOS-consistent mappings")
                             for p in problems)
    return text


def _relation_order(framework: Framework) -> str:
    return "\n".join(f"{r.source} {r.type.value} {r.target}" for r in framework.relations)


_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_PREFIXES = (
    ("skos", _SKOS), ("dcterms", "http://purl.org/dc/terms/"),
    ("owl", "http://www.w3.org/2002/07/owl#"), ("cpt", CPT),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
)


def _iri(value: str) -> str:
    return "<" + _IRI_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", value) + ">"


def _string(value: str, lang: str | None = None) -> str:
    text = value.replace("\\", "\\\\").replace('"', '\\"').replace(
        "\n", "\\n").replace("\r", "\\r")
    return f'"{text}"@{lang}' if lang else f'"{text}"'


def _turtle(
    framework: Framework, crosswalks: Iterable[Crosswalk], lang: str | None,
) -> tuple[str, list[tuple[str, str, str]], dict[tuple[str, str | None], int]]:
    """The Turtle of :func:`to_skos_graph` (same triples), the mapping triples and the
    count of prefLabels per (concept, language), for the integrity checks."""
    tag = lang or next(iter(framework.annotation("skos:lang")), "en")
    declarations = "\n".join(f"@prefix {p}: <{iri}> ." for p, iri in _PREFIXES)
    out: list[str] = []
    scheme = _iri(next(iter(framework.annotation("skos:scheme")), framework.base_iri))
    head = [f"{scheme} a skos:ConceptScheme", f"dcterms:title {_string(framework.title)}",
            f"dcterms:identifier {_string(framework.id)}"]
    for key, prop in (("publisher", "dcterms:publisher"), ("date", "dcterms:date"),
                      ("rights", "dcterms:rights"), ("source", "dcterms:source"),
                      ("description", "dcterms:description"), ("version", "owl:versionInfo")):
        value = getattr(framework, key)
        if value is not None:
            head.append(f"{prop} {_string(value)}")
    if framework.annotations:
        entries = " ".join(
            f"[ cpt:key {_string(k)} ; cpt:values ( {' '.join(_string(v) for v in values)} ) ]"
            for k, values in framework.annotations)
        head.append(f"cpt:annotations ( {entries} )")
    if list(framework.relations) != canonical_relations(framework):
        head.append(f"cpt:relationOrder {_string(_relation_order(framework))}")
    iri = {e.id: _iri(framework.expand(e.id)) for e in framework.elements}
    children = {r.target for r in framework.relations if r.type is RelationType.CONTAINS}
    for element in framework.elements:
        if element.id not in children:
            head.append(f"skos:hasTopConcept {iri[element.id]}")
    out.append(" ;\n    ".join(head) + " .")

    outgoing: dict[str, list[str]] = {}
    labels: dict[tuple[str, str | None], int] = {}
    mappings: list[tuple[str, str, str]] = []
    for relation in framework.relations:
        source, target = iri[relation.source], iri[relation.target]
        if relation.type is RelationType.CONTAINS:
            outgoing.setdefault(relation.source, []).append(f"skos:narrower {target}")
            outgoing.setdefault(relation.target, []).append(f"skos:broader {source}")
        elif relation.type is RelationType.UNDERPINS:
            outgoing.setdefault(relation.source, []).append(f"cpt:underpins {target}")
        else:
            name = relation.type.value
            outgoing.setdefault(relation.source, []).append(f"{name} {target}")
            mappings.append((source, name, target))
    for crosswalk in crosswalks:
        if crosswalk.subject_prefix != framework.id:
            if crosswalk.object_prefix != framework.id:
                raise ValueError(
                    f"crosswalk {crosswalk.mapping_set_id} does not involve {framework.id!r}")
            crosswalk = crosswalk.inverse()
        prefixes = dict(crosswalk.curie_map)
        for mapping in crosswalk.mappings:
            if mapping.is_negated or mapping.subject_id not in iri:
                continue
            prefix, _, local = mapping.object_id.partition(":")
            target = _iri(prefixes[prefix] + local)
            outgoing.setdefault(mapping.subject_id, []).append(
                f"{mapping.predicate_id} {target}")
            mappings.append((iri[mapping.subject_id], mapping.predicate_id, target))
    other_labels: dict[str, list[str]] = {}
    for key, values in framework.annotations:
        name, at, language = key.partition("@")
        if at and name in ("skos:prefLabel", "skos:definition", "skos:altLabel"):
            for value in values:
                local, _, label = value.partition(" ")
                element_id = f"{framework.id}:{local}"
                if element_id in iri:
                    other_labels.setdefault(element_id, []).append(
                        f"{name} {_string(label, language)}")
                    if name == "skos:prefLabel":
                        pair = (iri[element_id], language)
                        labels[pair] = labels.get(pair, 0) + 1

    counts = Counter(e.notation for e in framework.elements if e.notation is not None)
    for position, element in enumerate(framework.elements):
        concept = iri[element.id]
        lines = [f"{concept} a skos:Concept, cpt:{KIND_CLASSES[element.kind]}",
                 f"skos:inScheme {scheme}", f"cpt:position {position}"]
        if element.id not in children:
            lines.append(f"skos:topConceptOf {scheme}")
        lines.append(f"skos:definition {_string(element.text, tag)}")
        lines.append(f"skos:prefLabel {_string(element.title or element.text, tag)}")
        labels[(concept, tag)] = labels.get((concept, tag), 0) + 1
        if element.title is not None and element.title == element.text:
            lines.append("cpt:titleIsText true")
        if element.notation is not None:
            if counts[element.notation] > 1:
                lines.append(f"skos:notation {_string(element.local_id)}")
                lines.append(f"cpt:notation {_string(element.notation)}")
            else:
                lines.append(f"skos:notation {_string(element.notation)}")
        lines += [f"skos:altLabel {_string(alt, tag)}" for alt in element.alt_titles]
        if len(element.alt_titles) > 1:
            lines.append("cpt:altTitles ( "
                         + " ".join(_string(a) for a in element.alt_titles) + " )")
        if element.note is not None:
            lines.append(f"skos:editorialNote {_string(element.note, tag)}")
        if element.location is not None:
            lines.append(f"cpt:location {_string(element.location)}")
        if isinstance(element, Requirement):
            if element.category is not None:
                lines.append(f"cpt:category {_string(element.category)}")
            if element.necessity is not None:
                lines.append(f"cpt:necessity {_string(element.necessity)}")
            if element.assessed_by:
                lines.append("cpt:assessedBy ( "
                             + " ".join(_string(a) for a in element.assessed_by) + " )")
        lines += other_labels.get(element.id, [])
        lines += outgoing.get(element.id, [])
        out.append(" ;\n    ".join(lines) + " .")
    return declarations + "\n\n" + "\n\n".join(out) + "\n", mappings, labels


def _integrity_problems(
    mappings: list[tuple[str, str, str]], labels: dict[tuple[str, str | None], int],
) -> list[str]:
    """:func:`skos_problems` over the triples :func:`_turtle` wrote."""
    exact: set[tuple[str, str]] = set()
    broad: set[tuple[str, str]] = set()
    for s, p, o in mappings:
        if p == "skos:exactMatch":
            exact |= {(s, o), (o, s)}
        elif p == "skos:broadMatch":
            broad.add((s, o))
        elif p == "skos:narrowMatch":
            broad.add((o, s))
    problems = [f"{a[1:-1]} is both skos:exactMatch and skos:broadMatch of {b[1:-1]}"
                for a, b in sorted(broad) if (a, b) in exact]
    problems += [f"{s[1:-1]} has {n} skos:prefLabel values in language {lang or 'none'}"
                 for (s, lang), n in sorted(labels.items(), key=lambda kv: kv[0][0]) if n > 1]
    return problems


def skos_problems(graph: Graph) -> list[str]:
    """SKOS integrity problems in `graph`: a pair of concepts both ``skos:exactMatch`` and
    ``skos:broadMatch``/``skos:narrowMatch`` (in either direction, SKOS S46), and a concept
    with two ``skos:prefLabel`` s in one language (S14).

    Examples
    --------
    >>> from rdflib import Graph, URIRef
    >>> from rdflib.namespace import SKOS
    >>> g = Graph()
    >>> a, b = URIRef("https://example.org/a"), URIRef("https://example.org/b")
    >>> _ = g.add((a, SKOS.exactMatch, b)); _ = g.add((b, SKOS.narrowMatch, a))
    >>> skos_problems(g)
    ['https://example.org/a is both skos:exactMatch and skos:broadMatch of https://example.org/b']
    """
    from rdflib.namespace import SKOS

    exact: set[tuple[str, str]] = set()
    for s, o in graph.subject_objects(SKOS.exactMatch):
        exact |= {(str(s), str(o)), (str(o), str(s))}
    broad: set[tuple[str, str]] = set()
    for s, o in graph.subject_objects(SKOS.broadMatch):
        broad.add((str(s), str(o)))
    for s, o in graph.subject_objects(SKOS.narrowMatch):
        broad.add((str(o), str(s)))
    problems = [f"{a} is both skos:exactMatch and skos:broadMatch of {b}"
                for a, b in sorted(broad) if (a, b) in exact]
    labels: dict[tuple[str, str | None], int] = {}
    for s, o in graph.subject_objects(SKOS.prefLabel):
        key = (str(s), getattr(o, "language", None))
        labels[key] = labels.get(key, 0) + 1
    problems += [f"{s} has {n} skos:prefLabel values in language {lang or 'none'}"
                 for (s, lang), n in sorted(labels.items(), key=lambda kv: kv[0][0]) if n > 1]
    return problems
