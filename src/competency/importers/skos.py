"""Read a SKOS concept scheme in Turtle into a :class:`~competency.model.Framework`.

The inverse of :mod:`competency.export.skos`: one ``skos:ConceptScheme``; its concepts
(``skos:inScheme`` or ``skos:topConceptOf``) in ``cpt:position`` order (else by notation
and IRI); ``skos:definition`` → text (else the ``skos:prefLabel``), ``skos:prefLabel`` →
title, ``skos:notation``, ``skos:altLabel``, ``skos:editorialNote`` → note; the kind from
the ``cpt:`` class (else ``section`` for a concept with narrower concepts, ``criterion``
otherwise); ``skos:broader``/``skos:narrower`` → ``contains``, ``cpt:underpins`` →
``underpins``, SKOS mapping properties between concepts of the scheme → relations
(mappings to other schemes are crosswalk data and are skipped).

Problems are reported all at once: a Turtle syntax error at its line; a problem with a
concept at the line where the concept is first described.

Examples
--------
>>> import competency
>>> from competency.export.skos import dumps_skos
>>> from competency.importers.skos import loads_skos
>>> fw = competency.load("fe-pt-role")
>>> loads_skos(dumps_skos(fw)) == fw
True
"""

from __future__ import annotations

import contextlib
import os
import re
from typing import Any

from competency.errors import INPUT, DocumentError, Problem
from competency.export.skos import CPT, KIND_CLASSES
from competency.importers._common import (
    build_framework,
    collect,
    element_or_problem,
    order_relations,
    relation_key,
    slug,
)
from competency.io import decode_utf8, read_bytes
from competency.model import Element, ElementKind, Framework, Relation, RelationType, element_class

__all__ = ["loads_skos", "read_skos"]

PathLike = str | os.PathLike[str]
_TYPE_ORDER = {t: i for i, t in enumerate(RelationType)}


def read_skos(path: PathLike, *, framework_id: str | None = None) -> Framework:
    """Read the Turtle file at `path` (see :func:`loads_skos`)."""
    return loads_skos(read_bytes(path), file=os.fspath(path), framework_id=framework_id)


def loads_skos(
    text: str | bytes, *, file: str = INPUT, framework_id: str | None = None
) -> Framework:
    """Parse Turtle text holding one SKOS concept scheme into a framework.

    Raises
    ------
    DocumentError
        With every problem, located by line.
    """
    from rdflib import Graph, Literal, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

    text = decode_utf8(text, file=file, expected="Turtle encoded as UTF-8")
    graph = Graph()
    try:
        graph.parse(data=text, format="turtle")
    except Exception as exc:  # rdflib raises BadSyntax and others
        line = getattr(exc, "lines", None)
        match = re.search(r"line (\d+)", str(exc))
        number = line + 1 if isinstance(line, int) else (match.group(1) if match else None)
        raise DocumentError(Problem(
            file=file, location=f"line {number}" if number is not None else "",
            message=f"not valid Turtle: {getattr(exc, 'message', None) or exc}".strip(),
            expected="a Turtle document",
        )) from None
    problems: list[Problem] = []
    add = collect(problems, file)

    def cpt(name: str) -> Any:
        return URIRef(CPT + name)

    schemes = sorted(set(graph.subjects(RDF.type, SKOS.ConceptScheme)), key=str)
    if len(schemes) != 1:
        raise DocumentError(Problem(
            file=file, location="line 1",
            message=f"{len(schemes)} skos:ConceptScheme found",
            expected="exactly one skos:ConceptScheme (the framework)"))
    scheme = schemes[0]

    def line_of(node: Any) -> str:
        return f"line {_line_of(text, graph, node)}"

    def one(subject: Any, prop: Any, what: str) -> str | None:
        values = list(graph.objects(subject, prop))
        if len(values) > 1:
            add(line_of(subject), f"{len(values)} values of {graph.qname(prop)}",
                f"at most one {what}")
        if not values:
            return None
        value = values[0]
        if not isinstance(value, Literal):
            add(line_of(subject), f"{graph.qname(prop)} is not a literal", f"text for {what}")
            return None
        return str(value)

    def strings(head: Any) -> list[str]:
        return [str(v) for v in Collection(graph, head)]

    title = one(scheme, DCTERMS.title, "title") or one(scheme, SKOS.prefLabel, "title")
    if title is None:
        add(line_of(scheme), "the concept scheme has no dcterms:title", "a title")
    fid = one(scheme, DCTERMS.identifier, "framework id") or framework_id \
        or slug(title or "", "skos")
    base = str(scheme)
    base_iri = base if base[-1:] in "/#" else base + "/"

    concepts = set(graph.subjects(SKOS.inScheme, scheme)) | set(
        graph.subjects(SKOS.topConceptOf, scheme))
    positions: dict[Any, tuple[int, str, str]] = {}
    for concept in concepts:
        value = graph.value(concept, cpt("position"))
        pos = value.toPython() if isinstance(value, Literal) else None
        notation = graph.value(concept, SKOS.notation)
        positions[concept] = (pos if isinstance(pos, int) else 1 << 62,
                              str(notation or ""), str(concept))
    ordered = sorted(concepts, key=lambda c: positions[c])

    kind_of_class: dict[Any, ElementKind] = {URIRef(CPT + name): kind for kind, name in KIND_CLASSES.items()}
    curie: dict[Any, str] = {}
    for concept in ordered:
        iri = str(concept)
        if iri.startswith(base_iri) and len(iri) > len(base_iri):
            local = iri[len(base_iri):]
        else:
            local = re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri
        curie[concept] = f"{fid}:{local}"

    contains: set[tuple[Any, Any]] = set()
    for child, parent in graph.subject_objects(SKOS.broader):
        contains.add((parent, child))
    for parent, child in graph.subject_objects(SKOS.narrower):
        contains.add((parent, child))
    contains = {(p, c) for p, c in contains if p in curie and c in curie}
    parents = {p for p, _ in contains}

    elements: list[Element] = []
    element_at: list[str] = []
    for concept in ordered:
        types = [kind_of_class[t] for t in graph.objects(concept, RDF.type) if t in kind_of_class]
        kind = types[0] if types else (
            ElementKind.SECTION if concept in parents else ElementKind.CRITERION)
        definition = one(concept, SKOS.definition, "text")
        pref = one(concept, SKOS.prefLabel, "title")
        fields: dict[str, Any] = {"id": curie[concept], "text": definition or pref or ""}
        if definition is not None and pref is not None:
            fields["title"] = pref
        for key, prop in (("notation", SKOS.notation), ("note", SKOS.editorialNote),
                          ("location", cpt("location"))):
            value = one(concept, prop, key)
            if value is not None:
                fields[key] = value
        ordered_alts = graph.value(concept, cpt("altTitles"))
        fields["alt_titles"] = strings(ordered_alts) if ordered_alts is not None else sorted(
            str(v) for v in graph.objects(concept, SKOS.altLabel))
        if kind is ElementKind.REQUIREMENT:
            for key, prop in (("category", cpt("category")), ("necessity", cpt("necessity"))):
                value = one(concept, prop, key)
                if value is not None:
                    fields[key] = value
            assessed = graph.value(concept, cpt("assessedBy"))
            if assessed is not None:
                fields["assessed_by"] = strings(assessed)
        element = element_or_problem(element_class(kind), fields, add, line_of(concept))
        if element is not None:
            elements.append(element)
            element_at.append(line_of(concept))

    position = {curie[c]: i for i, c in enumerate(ordered)}
    relations = [Relation(curie[p], RelationType.CONTAINS, curie[c]) for p, c in contains]
    relations.sort(key=lambda r: position[r.target])
    others = []
    props: list[tuple[Any, RelationType]] = [(cpt("underpins"), RelationType.UNDERPINS)]
    props += [(SKOS[t.value.partition(":")[2]], t) for t in RelationType
              if t.value.startswith("skos:")]
    for prop, relation_type in props:
        for s, o in graph.subject_objects(prop):
            if s in curie and o in curie:
                others.append(Relation(curie[s], relation_type, curie[o]))
    others.sort(key=lambda r: (position[r.source], _TYPE_ORDER[r.type], position[r.target]))
    relations += others

    order_head = graph.value(scheme, cpt("relationOrder"))
    order: list[str] = []
    if order_head is not None:
        prop_type: dict[Any, RelationType] = dict(props)
        prop_type[SKOS.narrower] = RelationType.CONTAINS
        for statement in Collection(graph, order_head):
            subj, pred, obj = (graph.value(statement, x)
                               for x in (RDF.subject, RDF.predicate, RDF.object))
            if subj in curie and obj in curie and pred in prop_type:
                order.append(relation_key(Relation(curie[subj], prop_type[pred], curie[obj])))
    relations = order_relations(relations, order)

    annotations: list[tuple[str, tuple[str, ...]]] = []
    head = graph.value(scheme, cpt("annotations"))
    if head is not None:
        for entry in Collection(graph, head):
            entry_key = graph.value(entry, cpt("key"))
            entry_values = graph.value(entry, cpt("values"))
            if entry_key is None or entry_values is None:
                add(line_of(scheme), "a cpt:annotations entry lacks cpt:key or cpt:values",
                    "[cpt:key \"...\"; cpt:values (\"...\")]")
                continue
            annotations.append((str(entry_key), tuple(strings(entry_values))))
    metadata: dict[str, Any] = {"id": fid, "title": title or "", "base_iri": base_iri,
                                "annotations": annotations}
    for meta_key, meta_prop in (
        ("publisher", DCTERMS.publisher), ("date", DCTERMS.date), ("rights", DCTERMS.rights),
        ("source", DCTERMS.source), ("description", DCTERMS.description),
        ("version", OWL.versionInfo),
    ):
        meta_value = one(scheme, meta_prop, meta_key)
        if meta_value is not None:
            metadata[meta_key] = meta_value
    if problems:
        raise DocumentError(problems)
    return build_framework(
        metadata, elements, relations, file=file, element_at=element_at,
        relation_at=[f"line {_line_of(text, graph, URIRef(framework_iri(r, base_iri)))}"
                     for r in relations],
        metadata_at=line_of(scheme),
    )


def framework_iri(relation: Relation, base_iri: str) -> str:
    """The IRI of the relation's source element (where the relation is written)."""
    return base_iri + relation.source.partition(":")[2]


def _line_of(text: str, graph: Any, node: Any) -> int:
    """The line where `node` first appears as a subject (its full or prefixed name at the
    start of a line), else where it first appears at all, else 1."""
    candidates = [f"<{node}>"]
    with contextlib.suppress(Exception):
        candidates.append(graph.qname(node))
    lines = text.split("\n")
    for name in candidates:
        for number, line in enumerate(lines, start=1):
            if line.startswith(name):
                return number
    for name in candidates:
        for number, line in enumerate(lines, start=1):
            if name in line:
                return number
    return 1
