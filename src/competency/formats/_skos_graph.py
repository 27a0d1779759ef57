"""A framework's SKOS description (:func:`competency.formats._skos_write.describe`) as an
rdflib graph, and the SKOS integrity checks of any graph. rdflib is imported only when these
are called.

Examples
--------
>>> import competency
>>> from competency.formats._skos_graph import skos_problems, to_skos_graph
>>> skos_problems(to_skos_graph(competency.load("pt-nos")))
[]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from competency.formats._skos_write import PREFIXES, Iri, Lit, Name, RdfList, Term, describe

if TYPE_CHECKING:
    from rdflib import Graph

    from competency.crosswalk import Crosswalk
    from competency.model import Framework

__all__ = ["skos_problems", "to_skos_graph"]


def to_skos_graph(
    framework: Framework, *, crosswalks: Iterable[Crosswalk] = (), lang: str | None = None,
) -> Graph:
    """Return `framework` (and the mappings of `crosswalks` from it) as an rdflib graph:
    the statements of :func:`describe`.

    Examples
    --------
    >>> import competency
    >>> graph = to_skos_graph(competency.load("pt-nos"))
    >>> len(graph) > 100
    True
    """
    from rdflib import BNode, Graph, Literal, Namespace, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import RDF

    blocks, bindings = describe(framework, crosswalks=crosswalks, lang=lang)
    graph = Graph()
    namespaces = {prefix: Namespace(iri) for prefix, iri in PREFIXES}
    for prefix, namespace in namespaces.items():
        graph.bind(prefix, namespace)
    for prefix, iri in bindings.items():
        graph.bind(prefix, Namespace(iri))
    predicates: dict[str, Any] = {"a": RDF.type}

    def predicate(curie: str) -> Any:  # a CURIE of PREFIXES (predicates and classes)
        found = predicates.get(curie)
        if found is None:
            prefix, _, local = curie.partition(":")
            found = predicates[curie] = namespaces[prefix][local]
        return found

    def node(term: Term) -> Any:
        if isinstance(term, Iri):
            return URIRef(term.value)
        if isinstance(term, Name):
            return predicate(term.curie)
        if isinstance(term, Lit):
            return Literal(term.value, lang=term.lang)
        if isinstance(term, RdfList):
            if not term.items:
                return RDF.nil  # the empty list, as Turtle's "( )" reads
            head = BNode()
            Collection(graph, head, [node(t) for t in term.items])
            return head
        blank = BNode()
        for prop, value in term.pairs:
            graph.add((blank, predicate(prop), node(value)))
        return blank

    for subject, statements in blocks:
        subject_node = URIRef(subject)
        for prop, value in statements:
            graph.add((subject_node, predicate(prop), node(value)))
    return graph


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
