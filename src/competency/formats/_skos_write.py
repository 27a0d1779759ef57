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
:func:`competency.formats.skos.loads_skos` gives the framework back unchanged.

:func:`describe` says once which statements describe the scheme and each concept (plain
values, no rdflib); :func:`dumps_skos` writes them as Turtle directly (full IRIs,
``\\uXXXX`` escapes for the characters an IRI cannot hold, string escapes for ``"``,
``\\``, LF and CR), because rdflib's Turtle serializer takes minutes at ESCO scale, and
:func:`competency.formats.skos.to_skos_graph` adds the same statements to an rdflib graph
(a test pins that both give isomorphic graphs).

Examples
--------
>>> import competency
>>> from competency.formats._skos_write import dumps_skos
>>> turtle = dumps_skos(competency.load("pt-nos"))
>>> "skos:ConceptScheme" in turtle and "skos:broader" in turtle
True
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

from competency.errors import CrosswalkError, Problem
from competency.model import ElementKind, Framework, Relation, RelationType, Requirement

if TYPE_CHECKING:

    from competency.crosswalk import Crosswalk

__all__ = [
    "CPT",
    "KIND_CLASSES",
    "PREFIXES",
    "Block",
    "Iri",
    "Lit",
    "Name",
    "Node",
    "RdfList",
    "Term",
    "canonical_relations",
    "describe",
    "dumps_skos",
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


class Iri(NamedTuple):
    """An IRI, as an object of a statement."""

    value: str


class Name(NamedTuple):
    """A term of the vocabularies of :data:`PREFIXES`, as a CURIE (``"skos:Concept"``)."""

    curie: str


class Lit(NamedTuple):
    """A literal: text (with a language tag, or none), an integer or a boolean."""

    value: str | int | bool
    lang: str | None = None


class RdfList(NamedTuple):
    """An RDF list (Turtle ``( ... )``) of terms."""

    items: tuple[Term, ...]


class Node(NamedTuple):
    """A blank node described by its (predicate, object) pairs (Turtle ``[ ... ]``)."""

    pairs: tuple[tuple[str, Term], ...]


Term: TypeAlias = Iri | Name | Lit | RdfList | Node
"""The object of a statement."""

Block: TypeAlias = tuple[str, list[tuple[str, Term]]]
"""A subject IRI and its statements: ``(predicate, object)`` pairs, predicates as CURIEs of
:data:`PREFIXES` (``"a"`` is ``rdf:type``)."""

_SKOS = "http://www.w3.org/2004/02/skos/core#"
PREFIXES = (
    ("skos", _SKOS), ("dcterms", "http://purl.org/dc/terms/"),
    ("owl", "http://www.w3.org/2002/07/owl#"), ("cpt", CPT),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
)
"""The prefixes of the predicates :func:`describe` uses."""

_METADATA = (("publisher", "dcterms:publisher"), ("date", "dcterms:date"),
             ("rights", "dcterms:rights"), ("source", "dcterms:source"),
             ("description", "dcterms:description"), ("version", "owl:versionInfo"))
_LABELS = ("skos:prefLabel", "skos:definition", "skos:altLabel")


def describe(
    framework: Framework, *, crosswalks: Iterable[Crosswalk] = (), lang: str | None = None,
) -> tuple[list[Block], dict[str, str]]:
    """The statements of `framework` as SKOS: the scheme's block, then one block per
    concept in source order; and the prefixes the data's own IRIs use (framework id and
    crosswalk partners → base IRI), for writers that abbreviate them.

    `lang` is the language tag of the labels (default: the framework's ``skos:lang``
    annotation, else ``en``).

    Raises
    ------
    ValueError
        If a crosswalk involves neither side `framework`.

    Examples
    --------
    >>> import competency
    >>> blocks, _ = describe(competency.load("pt-nos"))
    >>> subject, statements = blocks[1]
    >>> subject, statements[0]
    ('https://w3id.org/competency/pt-nos/LSIPT01', ('a', Name(curie='skos:Concept')))
    """
    tag = lang or next(iter(framework.annotation("skos:lang")), "en")
    bindings = {framework.id: framework.base_iri}
    scheme = Iri(next(iter(framework.annotation("skos:scheme")), framework.base_iri))
    head: list[tuple[str, Term]] = [
        ("a", Name("skos:ConceptScheme")), ("dcterms:title", Lit(framework.title)),
        ("dcterms:identifier", Lit(framework.id))]
    for key, prop in _METADATA:
        value = getattr(framework, key)
        if value is not None:
            head.append((prop, Lit(value)))
    if framework.annotations:
        head.append(("cpt:annotations", RdfList(tuple(
            Node((("cpt:key", Lit(k)), ("cpt:values", RdfList(tuple(Lit(v) for v in values)))))
            for k, values in framework.annotations))))
    if list(framework.relations) != canonical_relations(framework):
        head.append(("cpt:relationOrder", Lit(_relation_order(framework))))
    iri = {e.id: Iri(framework.expand(e.id)) for e in framework.elements}  # made once each
    children = {r.target for r in framework.relations if r.type is RelationType.CONTAINS}
    head += [("skos:hasTopConcept", iri[e.id])
             for e in framework.elements if e.id not in children]

    outgoing: dict[str, list[tuple[str, Term]]] = {}
    for relation in framework.relations:
        source, target = iri[relation.source], iri[relation.target]
        if relation.type is RelationType.CONTAINS:
            outgoing.setdefault(relation.source, []).append(("skos:narrower", target))
            outgoing.setdefault(relation.target, []).append(("skos:broader", source))
        elif relation.type is RelationType.UNDERPINS:
            outgoing.setdefault(relation.source, []).append(("cpt:underpins", target))
        else:
            outgoing.setdefault(relation.source, []).append((relation.type.value, target))
    for crosswalk in crosswalks:
        if crosswalk.subject_prefix != framework.id:
            if crosswalk.object_prefix != framework.id:
                raise ValueError(
                    f"crosswalk {crosswalk.mapping_set_id} does not involve {framework.id!r}")
            crosswalk = crosswalk.inverse()
        prefixes = dict(crosswalk.curie_map)
        if crosswalk.object_prefix in prefixes:
            bindings.setdefault(crosswalk.object_prefix, prefixes[crosswalk.object_prefix])
        for mapping in crosswalk.mappings:
            if mapping.is_negated or mapping.subject_id not in iri:
                continue
            prefix, _, local = mapping.object_id.partition(":")
            outgoing.setdefault(mapping.subject_id, []).append(
                (mapping.predicate_id, Iri(prefixes[prefix] + local)))
    other_labels: dict[str, list[tuple[str, Term]]] = {}
    for key, values in framework.annotations:
        name, at, language = key.partition("@")
        if at and name in _LABELS:
            for value in values:
                local, _, label = value.partition(" ")
                element_id = f"{framework.id}:{local}"
                if element_id in iri:
                    other_labels.setdefault(element_id, []).append((name, Lit(label, language)))

    blocks: list[Block] = [(scheme.value, head)]
    counts = Counter(e.notation for e in framework.elements if e.notation is not None)
    concept_type = Name("skos:Concept")
    in_scheme = ("skos:inScheme", scheme)
    for position, element in enumerate(framework.elements):
        lines: list[tuple[str, Term]] = [
            ("a", concept_type), ("a", Name("cpt:" + KIND_CLASSES[element.kind])), in_scheme,
            ("cpt:position", Lit(position))]
        if element.id not in children:
            lines.append(("skos:topConceptOf", scheme))
        lines.append(("skos:definition", Lit(element.text, tag)))
        lines.append(("skos:prefLabel", Lit(element.title or element.text, tag)))
        if element.title is not None and element.title == element.text:
            lines.append(("cpt:titleIsText", Lit(True)))
        if element.notation is not None:
            if counts[element.notation] > 1:
                lines.append(("skos:notation", Lit(element.local_id)))
                lines.append(("cpt:notation", Lit(element.notation)))
            else:
                lines.append(("skos:notation", Lit(element.notation)))
        lines += [("skos:altLabel", Lit(alt, tag)) for alt in element.alt_titles]
        if len(element.alt_titles) > 1:
            lines.append(("cpt:altTitles", RdfList(tuple(Lit(a) for a in element.alt_titles))))
        if element.note is not None:
            lines.append(("skos:editorialNote", Lit(element.note, tag)))
        if element.location is not None:
            lines.append(("cpt:location", Lit(element.location)))
        if isinstance(element, Requirement):
            if element.category is not None:
                lines.append(("cpt:category", Lit(element.category)))
            if element.necessity is not None:
                lines.append(("cpt:necessity", Lit(element.necessity)))
            if element.assessed_by:
                lines.append(("cpt:assessedBy",
                              RdfList(tuple(Lit(a) for a in element.assessed_by))))
        lines += other_labels.get(element.id, [])
        lines += outgoing.get(element.id, [])
        blocks.append((iri[element.id].value, lines))
    return blocks, bindings


def dumps_skos(
    framework: Framework, *, crosswalks: Iterable[Crosswalk] = (), lang: str | None = None,
) -> str:
    """Return `framework` (with the mappings of `crosswalks`) as Turtle, labels tagged with
    language `lang` (see :func:`describe`).

    Raises
    ------
    CrosswalkError
        If the mappings break SKOS integrity (see :func:`competency.formats.skos.skos_problems`).
    ValueError
        If a crosswalk involves neither side `framework`.
    """
    blocks, _ = describe(framework, crosswalks=crosswalks, lang=lang)
    problems = _integrity_problems(blocks)
    if problems:
        raise CrosswalkError(Problem(message=p, expected="SKOS-consistent mappings")
                             for p in problems)
    declarations = "\n".join(f"@prefix {p}: <{iri}> ." for p, iri in PREFIXES)
    return declarations + "\n\n" + "\n\n".join(_turtle(blocks)) + "\n"


def _relation_order(framework: Framework) -> str:
    return "\n".join(f"{r.source} {r.type.value} {r.target}" for r in framework.relations)


_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _iri(value: str) -> str:
    return "<" + _IRI_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", value) + ">"


def _literal(term: Lit) -> str:
    value = term.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = value.replace("\\", "\\\\").replace('"', '\\"').replace(
        "\n", "\\n").replace("\r", "\\r")
    return f'"{text}"@{term.lang}' if term.lang else f'"{text}"'


def _term(term: Term) -> str:
    return _WRITERS[type(term)](term)


_WRITERS: dict[type, Callable[[Any], str]] = {
    Iri: lambda t: _iri(t.value),
    Name: lambda t: t.curie,
    Lit: _literal,
    RdfList: lambda t: "( " + " ".join(map(_term, t.items)) + " )",
    Node: lambda t: "[ " + " ; ".join(f"{p} {_term(v)}" for p, v in t.pairs) + " ]",
}


def _turtle(blocks: list[Block]) -> Iterator[str]:
    """One Turtle statement group per block (predicates abbreviated, objects in full; the
    classes of a subject on one line: ``a skos:Concept, cpt:Unit``)."""
    written: dict[str, str] = {}  # each IRI is escaped once, however often it is an object

    def term(value: Term) -> str:
        if type(value) is Iri:
            text = written.get(value.value)
            if text is None:
                text = written[value.value] = _iri(value.value)
            return text
        return _term(value)

    for subject, statements in blocks:
        parts: list[str] = []
        for p, v in statements:
            if p == "a" and parts and parts[-1].startswith("a "):
                parts[-1] += ", " + term(v)
            else:
                parts.append(f"{p} {term(v)}")
        yield _iri(subject) + " " + " ;\n    ".join(parts) + " ."


_BROADER = {"skos:broadMatch": False, "skos:narrowMatch": True}


def _integrity_problems(blocks: list[Block]) -> list[str]:
    """The SKOS integrity problems (see :func:`competency.formats.skos.skos_problems`) of
    the statements of :func:`describe`."""
    exact: set[tuple[str, str]] = set()
    broad: set[tuple[str, str]] = set()
    labels: dict[tuple[str, str | None], int] = {}
    for subject, statements in blocks:
        for prop, value in statements:
            if prop == "skos:prefLabel" and isinstance(value, Lit):
                key = (subject, value.lang)
                labels[key] = labels.get(key, 0) + 1
            elif not isinstance(value, Iri):
                continue
            elif prop == "skos:exactMatch":
                exact |= {(subject, value.value), (value.value, subject)}
            elif prop in _BROADER:
                broad.add((value.value, subject) if _BROADER[prop] else (subject, value.value))
    problems = [f"{a} is both skos:exactMatch and skos:broadMatch of {b}"
                for a, b in sorted(broad) if (a, b) in exact]
    problems += [f"{s} has {n} skos:prefLabel values in language {lang or 'none'}"
                 for (s, lang), n in sorted(labels.items(), key=lambda kv: kv[0][0]) if n > 1]
    return problems
