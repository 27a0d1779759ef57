"""One networkx graph over one or more frameworks, and the crosswalks between them.

Nodes are element CURIEs carrying the element object; edges are directed and typed. The
storage is a :class:`networkx.DiGraph` whose edge data is keyed by relation type
(``{"contains": True}``, ``{"skos:closeMatch": <mapping>}``): it holds the same information
as a ``MultiDiGraph`` but builds about 2.5× faster and uses less memory. Queries return model
objects in source order, never networkx views.

Examples
--------
>>> import competency
>>> graph = competency.FrameworkGraph([competency.load("ls-nos")])
>>> [e.id for e in graph.underpinning("ls-nos:AP13")]
['ls-nos:AK13.1', 'ls-nos:AK13.2']
>>> graph.parent("ls-nos:AP13").id
'ls-nos:A'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from competency.errors import Pointer, Problem, StructureError, UnknownIdError
from competency.model import Element, ElementKind, Framework, RelationType

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["FrameworkGraph", "MappingLike", "MappingSetLike"]

_CONTAINS = RelationType.CONTAINS.value
_UNDERPINS = RelationType.UNDERPINS.value
_MATCH_TYPES = frozenset(t.value for t in RelationType if t.value.startswith("skos:"))


class MappingLike(Protocol):
    """What the graph needs of a crosswalk mapping (SSSOM slot names)."""

    @property
    def subject_id(self) -> str: ...
    @property
    def predicate_id(self) -> str: ...
    @property
    def object_id(self) -> str: ...
    @property
    def is_negated(self) -> bool: ...


class MappingSetLike(Protocol):
    """What the graph needs of a crosswalk: its mappings."""

    @property
    def mappings(self) -> Sequence[MappingLike]: ...


class FrameworkGraph:
    """A typed graph over frameworks (and, optionally, crosswalks between them).

    Parameters
    ----------
    frameworks : iterable of Framework
        The frameworks; their ids (CURIE prefixes) must differ.
    crosswalks : iterable of crosswalk objects, optional
        Mapping sets whose mappings become ``skos:*`` edges from subject to object; negated
        mappings (``predicate_modifier: Not``) are not edges.

    Raises
    ------
    StructureError
        If two frameworks share an id, or a crosswalk names an element not in the graph;
        every problem is listed.
    """

    __slots__ = ("_frameworks", "_graph", "_order")

    def __init__(
        self,
        frameworks: Iterable[Framework],
        crosswalks: Iterable[MappingSetLike] = (),
    ) -> None:
        import networkx as nx

        self._frameworks: dict[str, Framework] = {}
        problems: list[Problem] = []
        for framework in frameworks:
            if framework.id in self._frameworks:
                problems.append(Problem(
                    message=f"framework {framework.id!r} is given twice",
                    expected="frameworks with distinct ids",
                ))
            self._frameworks[framework.id] = framework
        if problems:
            raise StructureError(problems)
        graph: nx.DiGraph = nx.DiGraph()
        order: dict[str, int] = {}
        for framework in self._frameworks.values():
            start = len(order)
            graph.add_nodes_from((e.id, {"element": e}) for e in framework.elements)
            order.update((e.id, start + i) for i, e in enumerate(framework.elements))
        # contains first, so that each node's successor order is its sibling order;
        # add_edges_from merges each data dict into the edge's own, so one constant dict
        # per type serves every edge, and a second type on the same pair adds a key.
        flags = {t: {t.value: True} for t in RelationType}
        contains = RelationType.CONTAINS
        for framework in self._frameworks.values():
            graph.add_edges_from(
                (r.source, r.target, flags[contains])
                for r in framework.relations if r.type is contains
            )
        for framework in self._frameworks.values():
            graph.add_edges_from(
                (r.source, r.target, flags[r.type])
                for r in framework.relations if r.type is not contains
            )
        for crosswalk in crosswalks:
            problems.extend(_add_mappings(graph, crosswalk))
        if problems:
            raise StructureError(problems)
        self._graph = graph
        self._order = order

    # -- basics ---------------------------------------------------------------------------

    @property
    def frameworks(self) -> tuple[Framework, ...]:
        """The frameworks in the graph, in the order given."""
        return tuple(self._frameworks.values())

    @property
    def nx_graph(self) -> nx.DiGraph:
        """A read-only view of the underlying :class:`networkx.DiGraph`, for networkx
        algorithms. Edge data maps relation types to ``True`` or to the mapping object."""
        view: nx.DiGraph = self._graph.copy(as_view=True)
        return view

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, element_id: object) -> bool:
        return element_id in self._order

    def __iter__(self) -> Iterator[Element]:
        return (self._node(n) for n in self._order)

    def element(self, element_id: str) -> Element:
        """The element with CURIE `element_id` (:class:`UnknownIdError` if absent)."""
        if element_id not in self._order:
            raise UnknownIdError(Problem(
                message=f"no element {element_id!r} in this graph",
                expected="the CURIE of an element of "
                + ", ".join(repr(f) for f in self._frameworks),
            ))
        return self._node(element_id)

    def elements(
        self, kind: ElementKind | str | None = None, *, framework: str | None = None
    ) -> tuple[Element, ...]:
        """All elements, optionally of one `kind` and/or one `framework`, in source order."""
        wanted = None if kind is None else ElementKind(kind)
        if framework is not None and framework not in self._frameworks:
            raise UnknownIdError(Problem(
                message=f"no framework {framework!r} in this graph",
                expected="one of " + ", ".join(repr(f) for f in self._frameworks),
            ))
        sources = (
            [self._frameworks[framework]] if framework is not None
            else self._frameworks.values()
        )
        return tuple(
            e for f in sources for e in f.elements if wanted is None or e.kind is wanted
        )

    # -- hierarchy ------------------------------------------------------------------------

    def children(self, element_id: str) -> tuple[Element, ...]:
        """The elements `element_id` contains, in sibling order."""
        self.element(element_id)
        succ = self._graph.succ[element_id]
        return tuple(self._node(n) for n, data in succ.items() if _CONTAINS in data)

    def parent(self, element_id: str) -> Element | None:
        """The element that contains `element_id`, or ``None`` for a root."""
        self.element(element_id)
        for n, data in self._graph.pred[element_id].items():
            if _CONTAINS in data:
                return self._node(n)
        return None

    def ancestors(self, element_id: str) -> tuple[Element, ...]:
        """The chain of containing elements, nearest first."""
        chain = []
        node = self.parent(element_id)
        while node is not None:
            chain.append(node)
            node = self.parent(node.id)
        return tuple(chain)

    def descendants(self, element_id: str) -> tuple[Element, ...]:
        """Everything `element_id` contains, directly or not, in document (pre-)order."""
        self.element(element_id)
        succ = self._graph.succ
        found: list[Element] = []
        stack = [iter([n for n, d in succ[element_id].items() if _CONTAINS in d])]
        while stack:
            node = next(stack[-1], None)
            if node is None:
                stack.pop()
                continue
            found.append(self._node(node))
            stack.append(iter([n for n, d in succ[node].items() if _CONTAINS in d]))
        return tuple(found)

    def roots(self, framework: str | None = None) -> tuple[Element, ...]:
        """The elements nothing contains, in source order."""
        pred = self._graph.pred
        return tuple(
            e for e in self.elements(framework=framework)
            if not any(_CONTAINS in d for d in pred[e.id].values())
        )

    # -- other relations ------------------------------------------------------------------

    def underpinning(self, element_id: str) -> tuple[Element, ...]:
        """The knowledge items that underpin `element_id` (a criterion or unit), in source
        order."""
        self.element(element_id)
        found = [n for n, d in self._graph.pred[element_id].items() if _UNDERPINS in d]
        return tuple(self._node(n) for n in sorted(found, key=self._order.__getitem__))

    def underpinned_by(self, element_id: str) -> tuple[Element, ...]:
        """The elements that knowledge item `element_id` underpins, in source order."""
        self.element(element_id)
        found = [n for n, d in self._graph.succ[element_id].items() if _UNDERPINS in d]
        return tuple(self._node(n) for n in sorted(found, key=self._order.__getitem__))

    def relations(self, element_id: str) -> tuple[tuple[str, str, str], ...]:
        """Every typed edge touching `element_id` as ``(source, type, target)`` triples,
        outgoing first, each group in source order of the other end."""
        self.element(element_id)
        out = [
            (element_id, t, n) for n, d in self._graph.succ[element_id].items() for t in d
        ]
        inc = [
            (n, t, element_id) for n, d in self._graph.pred[element_id].items() for t in d
        ]
        out.sort(key=lambda r: self._order[r[2]])
        inc.sort(key=lambda r: self._order[r[0]])
        return tuple(out + inc)

    def matches(self, element_id: str) -> tuple[tuple[str, Element, Any], ...]:
        """The crosswalk mappings from `element_id`, as ``(predicate, element, mapping)``
        in source order of the matched element."""
        self.element(element_id)
        found = [
            (t, n, m) for n, d in self._graph.succ[element_id].items()
            for t, m in d.items() if t in _MATCH_TYPES
        ]
        found.sort(key=lambda x: self._order[x[1]])
        return tuple((t, self._node(n), m) for t, n, m in found)

    def path(self, source: str, target: str) -> tuple[Element, ...]:
        """A shortest chain of elements linking `source` to `target` through any relation,
        ignoring direction; empty if they are not connected."""
        import networkx as nx

        self.element(source)
        self.element(target)
        try:
            nodes = nx.shortest_path(self._graph.to_undirected(as_view=True), source, target)
        except nx.NetworkXNoPath:
            return ()
        return tuple(self._node(n) for n in nodes)

    def _node(self, element_id: str) -> Element:
        element: Element = self._graph.nodes[element_id]["element"]
        return element


def _add_mappings(graph: Any, crosswalk: MappingSetLike) -> list[Problem]:
    problems = []
    edges = []
    for i, mapping in enumerate(crosswalk.mappings):
        if mapping.is_negated:
            continue
        missing = [x for x in (mapping.subject_id, mapping.object_id) if x not in graph]
        if missing:
            problems.append(Problem(
                location=Pointer("mappings", i),
                message=f"mapping {mapping.subject_id} {mapping.predicate_id} "
                        f"{mapping.object_id} names {', '.join(map(repr, missing))}, which "
                        "is not in the graph",
                expected="mappings between elements of the frameworks in the graph",
                fix="Add the framework the mapping refers to",
            ))
            continue
        edges.append((mapping.subject_id, mapping.object_id, {mapping.predicate_id: mapping}))
    graph.add_edges_from(edges)
    return problems
