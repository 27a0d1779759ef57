"""Read a SKOS concept scheme in Turtle or RDF/XML into a :class:`~competency.model.Framework`.

The inverse of :mod:`competency.formats._skos_write`: one ``skos:ConceptScheme``; its concepts
(``skos:inScheme`` or ``skos:topConceptOf``) in ``cpt:position`` order (else by notation
and IRI); ``skos:definition`` → text (else the ``skos:prefLabel``), ``skos:prefLabel`` →
title, ``skos:notation``, ``skos:altLabel``, ``skos:editorialNote`` → note; the kind from
the ``cpt:`` class (else ``section`` for a concept with narrower concepts, ``criterion``
otherwise); ``skos:broader``/``skos:narrower`` → ``contains``, ``cpt:underpins`` →
``underpins``, SKOS mapping properties between concepts of the scheme → relations
(mappings to other schemes are crosswalk data and are skipped).

Problems are reported all at once: a syntax error at its line (and column, in RDF/XML);
a problem with a concept at the line where the concept is first described
(:mod:`competency.formats._rdf_text`).

Examples
--------
>>> import competency
>>> from competency.formats._skos_write import dumps_skos
>>> from competency.formats.skos import loads_skos
>>> fw = competency.load("fe-pt-role")
>>> loads_skos(dumps_skos(fw)) == fw
True
"""

from __future__ import annotations

import re
from typing import Any

from competency._files import decode_utf8
from competency.errors import INPUT, DocumentError, Location, Position, Problem
from competency.formats._common import (
    build_framework,
    collect,
    element_or_problem,
    iri_base,
    order_relations,
    relation_key,
    slug,
    warn,
)
from competency.formats._rdf_lenient import lenient_reads, quiet_rdflib
from competency.formats._rdf_text import LineIndex, syntax_of, syntax_problem
from competency.formats._skos_write import CPT, KIND_CLASSES
from competency.formats._xml_entities import check_entities
from competency.model import (
    LOCAL_ID_PATTERN,
    Element,
    ElementKind,
    Framework,
    Relation,
    RelationType,
    element_class,
)

__all__ = ["loads_skos"]
_TYPE_ORDER = {t: i for i, t in enumerate(RelationType)}
_LOCAL = re.compile(rf"\A{LOCAL_ID_PATTERN}\Z")


def loads_skos(
    text: str | bytes, *, file: str = INPUT, framework_id: str | None = None,
    lang: str | None = None, scheme: str | None = None,
) -> Framework:
    """Parse Turtle text holding a SKOS concept scheme into a framework.

    Parameters
    ----------
    text : str or bytes
        The Turtle (UTF-8 when bytes).
    file : str
        The name to report in errors and warnings.
    framework_id : str, optional
        The framework id when the scheme has no ``dcterms:identifier``.
    lang : str, optional
        The language of the labels that become text and titles; by default untagged
        labels, else English, else the first language in alphabetical order. Labels in
        the other languages are kept in the annotations ``skos:prefLabel@<lang>``,
        ``skos:definition@<lang>`` and ``skos:altLabel@<lang>`` (``"<local id> <label>"``).
    scheme : str, optional
        The IRI of the concept scheme to read when the file has several.

    Raises
    ------
    DocumentError
        With every problem, located by line.

    Warns
    -----
    FormatWarning
        A file with no concept scheme (all its concepts are read), a scheme without a
        title, a concept with several broader concepts (the first is its parent, the others
        ``skos:broadMatch`` relations, a sub-property of ``skos:broader``), an IRI that
        Turtle does not allow (read as written) or a literal not of its datatype (read as
        text); rdflib's own log lines about these are not passed on.
    """
    from rdflib import Graph, Literal, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import DC, DCTERMS, OWL, RDF, RDFS, SKOS

    text = decode_utf8(text, file=file, expected="Turtle or RDF/XML encoded as UTF-8")
    xml = syntax_of(text) == "xml"
    if xml:
        check_entities(text, file=file)  # entity bombs and external entities refused
    graph = Graph()
    try:
        with quiet_rdflib() as logged:
            graph.parse(data=text, format="xml" if xml else "turtle")
    except Exception as exc:  # rdflib raises BadSyntax, SAXParseException and others
        raise DocumentError(syntax_problem(exc, file, xml)) from None
    problems: list[Problem] = []
    add = collect(problems, file)
    lines = LineIndex(text, graph, xml=xml)

    def cpt(name: str) -> Any:
        return URIRef(CPT + name)

    def line_of(node: Any) -> Position:
        return Position(lines.of(node))

    if logged:  # rdflib read something leniently: say what, where
        for node, message, expected in lenient_reads(graph):
            warn(file, line_of(node), message, expected)

    schemes = sorted(set(graph.subjects(RDF.type, SKOS.ConceptScheme)), key=str)
    chosen: Any = None
    if scheme is not None:
        chosen = URIRef(scheme)
        if chosen not in schemes:
            raise DocumentError(Problem(
                file=file, location=Position(1), message=f"no skos:ConceptScheme <{scheme}>",
                expected="one of " + (", ".join(f"<{s}>" for s in schemes) or "(none)")))
    elif len(schemes) == 1:
        chosen = schemes[0]
    elif schemes:
        raise DocumentError(Problem(
            file=file, location=Position(min(lines.of(s) for s in schemes)),
            message=f"{len(schemes)} skos:ConceptScheme found: "
                    + ", ".join(f"<{s}>" for s in schemes),
            expected="one scheme, or --scheme IRI (scheme=...) naming the one to read"))

    def pick(values: list[Any]) -> Any:
        """The value in the chosen language (see `lang`)."""
        literals = [v for v in values if isinstance(v, Literal)]
        if not literals:
            return values[0] if values else None
        for wanted in ((lang,) if lang else (None, "en")):
            for value in literals:
                if (value.language or None) == wanted:
                    return value
        if lang:
            return None
        return min(literals, key=lambda v: (v.language or "", str(v)))

    def one(subject: Any, prop: Any, what: str, *, iri_ok: bool = False) -> str | None:
        values = list(graph.objects(subject, prop))
        languages = [v.language if isinstance(v, Literal) else None for v in values]
        if len(set(languages)) < len(languages):
            add(line_of(subject), f"{len(values)} values of {graph.qname(prop)}",
                f"at most one {what} per language")
        value = pick(values)
        if value is None:
            return None
        if not isinstance(value, Literal) and not iri_ok:
            add(line_of(subject), f"{graph.qname(prop)} is not a literal", f"text for {what}")
            return None
        return str(value)

    def strings(head: Any) -> list[str]:
        return [str(v) for v in Collection(graph, head)]

    if chosen is not None:
        concepts = set(graph.subjects(SKOS.inScheme, chosen)) | set(
            graph.subjects(SKOS.topConceptOf, chosen)) | set(graph.objects(
                chosen, SKOS.hasTopConcept))
        title = next((t for t in (one(chosen, p, "title") for p in (
            DCTERMS.title, SKOS.prefLabel, RDFS.label, DC.title)) if t), None)
        base = str(chosen)
        meta_subject: Any = chosen
    else:
        concepts = set(graph.subjects(RDF.type, SKOS.Concept))
        if not concepts:
            raise DocumentError(Problem(
                file=file, location=Position(1), message="0 skos:ConceptScheme found",
                expected="a skos:ConceptScheme (the framework), or skos:Concept s"))
        base = iri_base(str(c) for c in concepts) or "urn:x-skos:"
        title = None
        meta_subject = None
        warn(file, Position(1), "no skos:ConceptScheme: every skos:Concept of the file is read",
             "a skos:ConceptScheme")
    fid = (one(chosen, DCTERMS.identifier, "framework id") if chosen is not None else None) \
        or framework_id or slug(title or base.rstrip("/#").rsplit("/", 1)[-1], "skos")
    if title is None:
        title = fid
        if chosen is not None:
            warn(file, line_of(chosen), f"the concept scheme has no title: {fid!r} is used",
                 "dcterms:title, skos:prefLabel or rdfs:label")
    base_iri = base if base[-1:] in "/#" else base + "/"
    own = (None, cpt("position"), None) in graph
    scheme_iri: list[str] = []
    iris = sorted(str(c) for c in concepts)
    if chosen is not None and iris and not all(i.startswith(base_iri) for i in iris):
        prefix = iri_base(iris)
        if prefix.find(":") > 0:
            base_iri = prefix
            scheme_iri = [str(chosen)]  # the export names the scheme by it again

    positions: dict[Any, tuple[int, str, str]] = {}
    for concept in concepts:
        value = graph.value(concept, cpt("position"))
        pos = value.toPython() if isinstance(value, Literal) else None
        notation = graph.value(concept, SKOS.notation)
        positions[concept] = (pos if isinstance(pos, int) else 1 << 62,
                              str(notation or ""), str(concept))
    ordered = sorted(concepts, key=lambda c: positions[c])

    kind_of_class: dict[Any, ElementKind] = {
        URIRef(CPT + name): kind for kind, name in KIND_CLASSES.items()}
    curie: dict[Any, str] = {}
    used: set[str] = set()
    for concept in ordered:
        iri = str(concept)
        if iri.startswith(base_iri) and _LOCAL.match(iri[len(base_iri):]):
            local = iri[len(base_iri):]
        else:
            tail = re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri
            local = tail if _LOCAL.match(tail) else slug(tail, "concept")
        while f"{fid}:{local}" in used:
            local += "_"
        used.add(f"{fid}:{local}")
        curie[concept] = f"{fid}:{local}"
    position = {curie[c]: i for i, c in enumerate(ordered)}

    broader: dict[Any, set[Any]] = {}
    for child, parent in graph.subject_objects(SKOS.broader):
        broader.setdefault(child, set()).add(parent)
    for parent, child in graph.subject_objects(SKOS.narrower):
        broader.setdefault(child, set()).add(parent)
    contains: list[tuple[Any, Any]] = []
    extra_broader: list[Relation] = []
    for child, parent_set in broader.items():
        if child not in curie:
            continue
        parents = sorted((p for p in parent_set if p in curie and p != child),
                         key=lambda p: position[curie[p]])
        if not parents:
            continue
        contains.append((parents[0], child))
        if len(parents) > 1:
            warn(file, line_of(child), f"{len(parents)} broader concepts: "
                 f"<{parents[0]}> is its parent, the others skos:broadMatch relations",
                 "one skos:broader (SKOS allows more: polyhierarchy)")
            extra_broader += [Relation(curie[child], RelationType.BROAD_MATCH, curie[p])
                              for p in parents[1:]]
    parents_of = {p for p, _ in contains}

    labels: dict[str, list[str]] = {}

    def keep_other_languages(concept: Any, prop: Any, name: str, chosen_value: str | None) -> None:
        for value in graph.objects(concept, prop):
            if isinstance(value, Literal) and value.language and (
                    str(value) != chosen_value or name == "skos:altLabel") and (
                    value.language != (lang or "en")):
                labels.setdefault(f"{name}@{value.language}", []).append(
                    f"{curie[concept].partition(':')[2]} {value}")

    elements: list[Element] = []
    element_at: list[Location] = []
    for concept in ordered:
        types = [kind_of_class[t] for t in graph.objects(concept, RDF.type) if t in kind_of_class]
        kind = types[0] if types else (
            ElementKind.SECTION if concept in parents_of else ElementKind.CRITERION)
        definition = one(concept, SKOS.definition, "text")
        pref = one(concept, SKOS.prefLabel, "title")
        fields: dict[str, Any] = {"id": curie[concept], "text": definition or pref or ""}
        if definition is None and pref is None:
            fields["text"] = curie[concept].partition(":")[2]
            warn(file, line_of(concept), "a concept with neither skos:definition nor "
                 "skos:prefLabel: its local id is its text", "a label or a definition")
        title_is_text = (concept, cpt("titleIsText"), None) in graph
        if definition is not None and pref is not None and (pref != definition or title_is_text):
            fields["title"] = pref
        code = one(concept, cpt("notation"), "notation") or one(
            concept, SKOS.notation, "notation")
        if code is not None:
            fields["notation"] = code
        for key, prop in (("note", SKOS.editorialNote), ("location", cpt("location"))):
            value = one(concept, prop, key)
            if value is not None:
                fields[key] = value
        ordered_alts = graph.value(concept, cpt("altTitles"))
        fields["alt_titles"] = strings(ordered_alts) if ordered_alts is not None else sorted(
            str(v) for v in graph.objects(concept, SKOS.altLabel)
            if not (isinstance(v, Literal) and v.language and v.language != (lang or "en")))
        if not own:
            keep_other_languages(concept, SKOS.prefLabel, "skos:prefLabel", pref)
            keep_other_languages(concept, SKOS.definition, "skos:definition", definition)
            keep_other_languages(concept, SKOS.altLabel, "skos:altLabel", None)
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

    relations = [Relation(curie[p], RelationType.CONTAINS, curie[c]) for p, c in contains]
    relations.sort(key=lambda r: position[r.target])
    others = list(extra_broader)
    props: list[tuple[Any, RelationType]] = [(cpt("underpins"), RelationType.UNDERPINS)]
    props += [(SKOS[t.value.partition(":")[2]], t) for t in RelationType
              if t.value.startswith("skos:")]
    seen = {(r.source, r.type, r.target) for r in others}
    for prop, relation_type in props:
        for s_, o in graph.subject_objects(prop):
            if s_ in curie and o in curie and (curie[s_], relation_type, curie[o]) not in seen:
                seen.add((curie[s_], relation_type, curie[o]))
                others.append(Relation(curie[s_], relation_type, curie[o]))
    others.sort(key=lambda r: (position[r.source], _TYPE_ORDER[r.type], position[r.target]))
    relations += others

    order_head = graph.value(chosen, cpt("relationOrder")) if chosen is not None else None
    order: list[str] = []
    if isinstance(order_head, Literal):
        order = str(order_head).split("\n")
    elif order_head is not None:
        prop_type: dict[Any, RelationType] = dict(props)
        prop_type[SKOS.narrower] = RelationType.CONTAINS
        for statement in Collection(graph, order_head):
            subj, pred, obj = (graph.value(statement, x)
                               for x in (RDF.subject, RDF.predicate, RDF.object))
            if subj in curie and obj in curie and pred in prop_type:
                order.append(relation_key(Relation(curie[subj], prop_type[pred], curie[obj])))
    relations = order_relations(relations, order)

    annotations: list[tuple[str, tuple[str, ...]]] = []
    head = graph.value(chosen, cpt("annotations")) if chosen is not None else None
    if head is not None:
        for entry in Collection(graph, head):
            entry_key = graph.value(entry, cpt("key"))
            entry_values = graph.value(entry, cpt("values"))
            if entry_key is None or entry_values is None:
                add(line_of(chosen), "a cpt:annotations entry lacks cpt:key or cpt:values",
                    "[cpt:key \"...\"; cpt:values (\"...\")]")
                continue
            annotations.append((str(entry_key), tuple(strings(entry_values))))
    if not own and lang:
        annotations.append(("skos:lang", (lang,)))
    if scheme_iri and not own:
        annotations.append(("skos:scheme", tuple(scheme_iri)))
    annotations += [(key, tuple(values)) for key, values in sorted(labels.items())]
    metadata: dict[str, Any] = {"id": fid, "title": title, "base_iri": base_iri,
                                "annotations": annotations}
    if meta_subject is not None:
        for meta_key, meta_prop in (
            ("publisher", DCTERMS.publisher), ("date", DCTERMS.date),
            ("rights", DCTERMS.rights), ("source", DCTERMS.source),
            ("description", DCTERMS.description), ("version", OWL.versionInfo),
        ):
            meta_value = one(meta_subject, meta_prop, meta_key, iri_ok=True)
            if meta_value is not None:
                metadata[meta_key] = meta_value
    if problems:
        raise DocumentError(problems)
    return build_framework(
        metadata, elements, relations, file=file, element_at=element_at,
        relation_at=[line_of(URIRef(framework_iri(r, base_iri))) for r in relations],
        metadata_at=line_of(chosen) if chosen is not None else Position(1),
    )


def framework_iri(relation: Relation, base_iri: str) -> str:
    """The IRI of the relation's source element (where the relation is written)."""
    return base_iri + relation.source.partition(":")[2]
