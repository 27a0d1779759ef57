"""The typed model of a competency framework.

A :class:`Framework` holds its metadata, its elements (units, criteria, knowledge items,
attributes, scope statements, ...) in source order, and the typed :class:`Relation` s between
them. Everything is a frozen, slotted attrs class: built once, validated on construction,
compared by value, never mutated (use :func:`attrs.evolve` to derive a changed copy).

Nothing here reads or writes files; see :mod:`competency.io` for that.

Examples
--------
>>> from competency.model import Framework, Unit, Criterion, Relation
>>> fw = Framework(
...     id="demo", title="Demo standards", base_iri="https://example.org/demo/",
...     elements=[Unit(id="demo:U1", text="Work safely.", notation="U1"),
...               Criterion(id="demo:U1.P1", text="check the site", notation="P1")],
...     relations=[Relation("demo:U1", "contains", "demo:U1.P1")],
... )
>>> fw.element("demo:U1.P1").text
'check the site'
>>> [c.id for c in fw.children("demo:U1")]
['demo:U1.P1']
>>> fw.expand("demo:U1.P1")
'https://example.org/demo/U1.P1'
"""

from __future__ import annotations

import enum
import re
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar

import attrs

from competency._validators import (
    ID_PATTERN,
    are_texts,
    is_base_iri,
    is_id,
    is_optional_text,
    is_text,
    texts,
    tuple_of,
)
from competency.errors import Pointer, Problem, StructureError

__all__ = [
    "Attribute",
    "Criterion",
    "Duty",
    "Element",
    "ElementKind",
    "Expectation",
    "Framework",
    "KnowledgeItem",
    "Relation",
    "RelationType",
    "Requirement",
    "Scope",
    "Section",
    "Unit",
    "element_class",
]

FRAMEWORK_ID_PATTERN = ID_PATTERN
LOCAL_ID_PATTERN = r"[A-Za-z0-9_][A-Za-z0-9_.\-/]*"
CURIE_PATTERN = rf"{FRAMEWORK_ID_PATTERN}:{LOCAL_ID_PATTERN}"
_CURIE = re.compile(rf"\A{CURIE_PATTERN}\Z")


class ElementKind(str, enum.Enum):
    """The kinds of element a framework can hold (the ``kind`` field in files)."""

    UNIT = "unit"
    """A unit or standard: the grouping that holds criteria and knowledge."""
    SECTION = "section"
    """A heading that groups elements (e.g. a job description's "Main duties")."""
    CRITERION = "criterion"
    """A performance criterion: what a person "must be able to" do."""
    KNOWLEDGE = "knowledge"
    """A knowledge item: what a person "needs to know and understand"."""
    ATTRIBUTE = "attribute"
    """A professional value or characteristic."""
    SCOPE = "scope"
    """A statement of whom a unit applies to."""
    DUTY = "duty"
    """A duty in a job description."""
    REQUIREMENT = "requirement"
    """A person-specification criterion (essential/desirable, how assessed)."""
    EXPECTATION = "expectation"
    """An expectation set by a policy."""

    def __str__(self) -> str:
        return self.value


class RelationType(str, enum.Enum):
    """The typed relations between elements.

    ``contains`` and ``underpins`` are framework-internal; the ``skos:*`` values are the
    crosswalk predicates, used when crosswalks are added to a graph.
    """

    CONTAINS = "contains"
    """Parent → child; the order of ``contains`` relations is the sibling order."""
    UNDERPINS = "underpins"
    """Knowledge → the criterion or unit it underpins."""
    EXACT_MATCH = "skos:exactMatch"
    CLOSE_MATCH = "skos:closeMatch"
    BROAD_MATCH = "skos:broadMatch"
    NARROW_MATCH = "skos:narrowMatch"
    RELATED_MATCH = "skos:relatedMatch"

    def __str__(self) -> str:
        return self.value


_RELATION_TYPES: Mapping[str, RelationType] = {t.value: t for t in RelationType}


def _is_curie(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or _CURIE.match(value) is None:
        raise ValueError(
            f"{attribute.name} must be a CURIE 'prefix:local' such as 'pt-nos:LSIPT01.P1', "
            f"got {value!r}"
        )


@attrs.frozen(kw_only=True)
class Element:
    """Fields every element has. Use a concrete kind (:class:`Unit`, :class:`Criterion`, ...).

    Parameters
    ----------
    id : str
        The element's CURIE, ``<framework id>:<local id>``; stable once shipped.
    text : str
        The statement, verbatim from the source.
    notation : str, optional
        The source's own code for the element, verbatim (``"AK 13.2"``, ``"P1"``).
    title : str, optional
        A heading, where the source gives one (units and standards).
    alt_titles : tuple of str
        Other titles the source uses for the same element (e.g. a contents-page title).
    note : str, optional
        Editorial note: known defects of the source are recorded here, never silently fixed.
    location : str, optional
        Where in the source document the element is printed.
    """

    kind: ClassVar[ElementKind]

    id: str = attrs.field(validator=_is_curie)
    text: str = attrs.field(validator=is_text)
    notation: str | None = attrs.field(default=None, validator=is_optional_text)
    title: str | None = attrs.field(default=None, validator=is_optional_text)
    alt_titles: tuple[str, ...] = attrs.field(default=(), converter=texts, validator=are_texts)
    note: str | None = attrs.field(default=None, validator=is_optional_text)
    location: str | None = attrs.field(default=None, validator=is_optional_text)

    def __attrs_pre_init__(self) -> None:
        if type(self) is Element:
            raise TypeError(
                "Element is abstract: construct a concrete kind such as Unit or Criterion, "
                "or use element_class(kind)"
            )

    @property
    def prefix(self) -> str:
        """The framework id part of :attr:`id`."""
        return self.id.partition(":")[0]

    @property
    def local_id(self) -> str:
        """The part of :attr:`id` after the prefix."""
        return self.id.partition(":")[2]

    @property
    def label(self) -> str:
        """A short human label: the title if any, else the text."""
        return self.title if self.title is not None else self.text


@attrs.frozen(kw_only=True)
class Unit(Element):
    """A unit or standard (e.g. ``pt-nos:LSIPT01``, ``ls-nos:A``)."""

    kind: ClassVar[ElementKind] = ElementKind.UNIT


@attrs.frozen(kw_only=True)
class Section(Element):
    """A heading that groups other elements."""

    kind: ClassVar[ElementKind] = ElementKind.SECTION


@attrs.frozen(kw_only=True)
class Criterion(Element):
    """A performance criterion ("You must be able to", e.g. LSIPT01 P1)."""

    kind: ClassVar[ElementKind] = ElementKind.CRITERION


@attrs.frozen(kw_only=True)
class KnowledgeItem(Element):
    """A knowledge and understanding item ("You need to know and understand")."""

    kind: ClassVar[ElementKind] = ElementKind.KNOWLEDGE


@attrs.frozen(kw_only=True)
class Attribute(Element):
    """A professional attribute or value (the ls-nos "value:" bullets)."""

    kind: ClassVar[ElementKind] = ElementKind.ATTRIBUTE


@attrs.frozen(kw_only=True)
class Scope(Element):
    """A statement of whom a unit applies to (the ls-nos "For those ... who:" bullets)."""

    kind: ClassVar[ElementKind] = ElementKind.SCOPE


@attrs.frozen(kw_only=True)
class Duty(Element):
    """A duty in a job description."""

    kind: ClassVar[ElementKind] = ElementKind.DUTY


_NECESSITIES = ("essential", "desirable")
_ASSESSMENTS = ("application", "interview", "test")


@attrs.frozen(kw_only=True)
class Requirement(Element):
    """A person-specification criterion.

    Parameters
    ----------
    category : str, optional
        The specification's grouping (e.g. "Qualifications").
    necessity : {"essential", "desirable"}, optional
        Whether the criterion is essential or desirable.
    assessed_by : tuple of {"application", "interview", "test"}
        How the criterion is assessed, in the source's order.
    """

    kind: ClassVar[ElementKind] = ElementKind.REQUIREMENT

    category: str | None = attrs.field(default=None, validator=is_optional_text)
    necessity: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.in_(_NECESSITIES))
    )
    assessed_by: tuple[str, ...] = attrs.field(
        default=(),
        converter=texts,
        validator=attrs.validators.deep_iterable(attrs.validators.in_(_ASSESSMENTS)),
    )


@attrs.frozen(kw_only=True)
class Expectation(Element):
    """An expectation set out in a policy."""

    kind: ClassVar[ElementKind] = ElementKind.EXPECTATION


_CLASSES: Mapping[ElementKind, type[Element]] = {
    cls.kind: cls
    for cls in (Unit, Section, Criterion, KnowledgeItem, Attribute, Scope, Duty, Requirement,
                Expectation)
}


def element_class(kind: ElementKind | str) -> type[Element]:
    """Return the element class for `kind` (an :class:`ElementKind` or its string value).

    Raises
    ------
    ValueError
        If `kind` is not one of the :class:`ElementKind` values.

    Examples
    --------
    >>> element_class("knowledge").__name__
    'KnowledgeItem'
    """
    try:
        return _CLASSES[ElementKind(kind)]
    except ValueError:
        known = ", ".join(k.value for k in ElementKind)
        raise ValueError(f"unknown element kind {kind!r}; known kinds: {known}") from None


def _relation_type(value: RelationType | str) -> RelationType:
    if isinstance(value, RelationType):
        return value
    try:
        return _RELATION_TYPES[value]
    except (KeyError, TypeError):
        known = ", ".join(_RELATION_TYPES)
        raise ValueError(f"unknown relation type {value!r}; known types: {known}") from None


def _is_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a CURIE string, got {value!r}")


@attrs.frozen
class Relation:
    """A typed, directed relation ``source --type--> target`` between element CURIEs.

    Whether `source` and `target` exist is checked by the :class:`Framework` that holds it.

    Examples
    --------
    >>> Relation("ls-nos:AK13.2", "underpins", "ls-nos:AP13").type
    <RelationType.UNDERPINS: 'underpins'>
    """

    source: str = attrs.field(validator=_is_str)
    type: RelationType = attrs.field(converter=_relation_type)
    target: str = attrs.field(validator=_is_str)

    @classmethod
    def _trusted(cls, source: str, type: RelationType, target: str) -> Relation:
        """Build without re-validating: for decoders that have already checked that
        `source` and `target` are element ids and `type` is a :class:`RelationType`."""
        relation = _new(cls)
        _set(relation, "source", source)
        _set(relation, "type", type)
        _set(relation, "target", target)
        return relation


_new = object.__new__
_set = object.__setattr__


def _elements(items: Iterable[Element]) -> tuple[Element, ...]:
    return tuple(items)


def _relations(items: Iterable[Relation]) -> tuple[Relation, ...]:
    return tuple(items)


def _annotations(
    items: Mapping[str, Iterable[str]] | Iterable[tuple[str, Iterable[str]]],
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    pairs = items.items() if isinstance(items, Mapping) else items
    return tuple((str(key), tuple(values)) for key, values in pairs)


@attrs.frozen(kw_only=True)
class Framework:
    """A competency framework: metadata, elements in source order, and typed relations.

    Construction checks the structure and raises :class:`~competency.errors.StructureError`
    listing every problem (with JSON pointers into the equivalent document): ids unique and
    prefixed with the framework id, every relation between existing elements, no relation
    repeated, and ``contains`` a forest (one parent per element, no cycles).

    Parameters
    ----------
    id : str
        The framework id, also the CURIE prefix of its elements (``"pt-nos"``).
    title : str
        The framework's title as printed.
    base_iri : str
        The IRI namespace of the elements; ``expand("pt-nos:X") == base_iri + "X"``.
    publisher, version, date, rights, source, description : str, optional
        Metadata: the issuing body, its version, its date as printed, the rights /
        licence statement as written, the source document, and its own description.
    annotations : mapping of str to sequence of str
        Further metadata as repeatable key/values (kept in order).
    elements : sequence of Element
        All elements, in source order.
    relations : sequence of Relation
        All relations; the order of ``contains`` relations is the sibling order.
    """

    id: str = attrs.field(validator=is_id("pt-nos"))
    title: str = attrs.field(validator=is_text)
    base_iri: str = attrs.field(validator=is_base_iri)
    publisher: str | None = attrs.field(default=None, validator=is_optional_text)
    version: str | None = attrs.field(default=None, validator=is_optional_text)
    date: str | None = attrs.field(default=None, validator=is_optional_text)
    rights: str | None = attrs.field(default=None, validator=is_optional_text)
    source: str | None = attrs.field(default=None, validator=is_optional_text)
    description: str | None = attrs.field(default=None, validator=is_optional_text)
    annotations: tuple[tuple[str, tuple[str, ...]], ...] = attrs.field(
        default=(), converter=_annotations
    )
    elements: tuple[Element, ...] = attrs.field(
        default=(), converter=_elements, validator=tuple_of(Element)
    )
    relations: tuple[Relation, ...] = attrs.field(
        default=(), converter=_relations, validator=tuple_of(Relation)
    )
    _index: dict[str, int] = attrs.field(init=False, eq=False, hash=False, repr=False)
    _parents: dict[str, str] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        index, parents, problems = _check_structure(self.id, self.elements, self.relations)
        if problems:
            raise StructureError(problems)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_parents", parents)

    # -- look-ups -------------------------------------------------------------------------

    def __contains__(self, element_id: object) -> bool:
        return element_id in self._index

    def __iter__(self) -> Iterator[Element]:
        return iter(self.elements)

    def __len__(self) -> int:
        return len(self.elements)

    def element(self, element_id: str) -> Element:
        """Return the element with CURIE `element_id`.

        Raises
        ------
        UnknownIdError
            If the framework has no such element.
        """
        try:
            return self.elements[self._index[element_id]]
        except KeyError:
            from competency.errors import UnknownIdError

            raise UnknownIdError(
                Problem(message=f"framework {self.id!r} has no element {element_id!r}",
                        expected=f"an id such as {self._example_id()!r}")
            ) from None

    def index_of(self, element_id: str) -> int:
        """Position of `element_id` in :attr:`elements` (source order)."""
        self.element(element_id)
        return self._index[element_id]

    def parent(self, element_id: str) -> Element | None:
        """The element that ``contains`` `element_id`, or ``None`` for a root."""
        self.element(element_id)
        parent = self._parents.get(element_id)
        return None if parent is None else self.elements[self._index[parent]]

    def children(self, element_id: str) -> tuple[Element, ...]:
        """The elements `element_id` ``contains``, in sibling order."""
        self.element(element_id)
        return tuple(
            self.elements[self._index[r.target]]
            for r in self.relations
            if r.type is RelationType.CONTAINS and r.source == element_id
        )

    def roots(self) -> tuple[Element, ...]:
        """The elements no other element contains, in source order."""
        return tuple(e for e in self.elements if e.id not in self._parents)

    def of_kind(self, kind: ElementKind | str) -> tuple[Element, ...]:
        """The elements of `kind`, in source order."""
        wanted = ElementKind(kind)
        return tuple(e for e in self.elements if e.kind is wanted)

    def annotation(self, key: str) -> tuple[str, ...]:
        """All values of annotation `key`, in order (empty if absent)."""
        return tuple(v for k, values in self.annotations for v in values if k == key)

    # -- identifiers ----------------------------------------------------------------------

    def expand(self, curie: str) -> str:
        """Expand a CURIE of this framework to a full IRI."""
        prefix, sep, local = curie.partition(":")
        if not sep or prefix != self.id:
            raise ValueError(f"{curie!r} is not a CURIE with prefix {self.id!r}")
        return self.base_iri + local

    def compress(self, iri: str) -> str:
        """Compress a full IRI in this framework's namespace to a CURIE."""
        if not iri.startswith(self.base_iri) or len(iri) == len(self.base_iri):
            raise ValueError(f"{iri!r} is not in the namespace {self.base_iri!r}")
        return f"{self.id}:{iri[len(self.base_iri):]}"

    def _example_id(self) -> str:
        return self.elements[0].id if self.elements else f"{self.id}:X1"


def _check_structure(
    framework_id: str,
    elements: tuple[Element, ...],
    relations: tuple[Relation, ...],
    *,
    element_positions: Sequence[int] | None = None,
    known_ids: Container[str] = (),
) -> tuple[dict[str, int], dict[str, str], list[Problem]]:
    """Check identity and reference rules in one pass; return the id index, the
    parent map and every problem found (located by JSON pointer).

    `element_positions` gives each element's index in the document when only some of its
    elements could be built; references to `known_ids` (elements of the document that
    failed to build, reported elsewhere) are not reported again as dangling.
    """
    problems: list[Problem] = []
    index: dict[str, int] = {}
    prefix = framework_id + ":"
    positions = element_positions if element_positions is not None else range(len(elements))
    for i, element in zip(positions, elements, strict=True):
        eid = element.id
        if eid in index:
            problems.append(Problem(
                location=Pointer("elements", i, "id"),
                message=f"duplicate id {eid!r}",
                related=Pointer("elements", index[eid], "id"), related_as="first used at",
                expected="each element id to be unique",
                fix="Give this element its own id",
            ))
        else:
            index[eid] = i
        if not eid.startswith(prefix):
            problems.append(Problem(
                location=Pointer("elements", i, "id"),
                message=f"id {eid!r} does not use the framework's prefix",
                expected=f"an id starting with {prefix!r}",
            ))
    parents: dict[str, str] = {}
    seen: set[tuple[str, RelationType, str]] = set()
    contains = RelationType.CONTAINS
    for i, relation in enumerate(relations):
        source, rtype, target = relation.source, relation.type, relation.target
        dangling = False
        for end, value in (("source", source), ("target", target)):
            if value not in index:
                dangling = True
                if value in known_ids:
                    continue
                problems.append(Problem(
                    location=Pointer("relations", i, end),
                    message=f"{end} {value!r} is not an element of this framework",
                    expected="the id of an element listed under /elements",
                ))
        key = (source, rtype, target)
        if key in seen:
            problems.append(Problem(
                location=Pointer("relations", i),
                message=f"relation {source} {rtype.value} {target} is listed twice",
                expected="each relation once",
            ))
            continue
        seen.add(key)
        if source == target:
            problems.append(Problem(
                location=Pointer("relations", i, "target"),
                message=f"{source!r} {rtype.value} itself",
                expected="a relation between two different elements",
            ))
            continue
        if rtype is contains and not dangling:
            if target in parents:
                problems.append(Problem(
                    location=Pointer("relations", i, "target"),
                    message=f"element {target!r} has two parents, {parents[target]!r} and "
                            f"{source!r}",
                    expected="at most one 'contains' relation into each element",
                ))
            else:
                parents[target] = source
    problems.extend(_contains_cycles(parents, relations))
    return index, parents, problems


def _contains_cycles(parents: dict[str, str], relations: tuple[Relation, ...]) -> list[Problem]:
    """Find ``contains`` cycles by walking parent chains (iteratively: no recursion)."""
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = known acyclic
    cyclic: list[list[str]] = []
    for start in parents:
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            path.append(node)
            node = parents.get(node)
        if node is not None and state[node] == 1:
            cycle = path[path.index(node):]
            cyclic.append(cycle)
        for visited in path:
            state[visited] = 2
    if not cyclic:
        return []
    position = {
        (r.source, r.target): i for i, r in enumerate(relations) if r.type is RelationType.CONTAINS
    }
    problems = []
    for cycle in cyclic:
        child = cycle[0]
        at = position.get((parents[child], child))
        loop = " ⊃ ".join([*reversed(cycle), cycle[-1]])
        problems.append(Problem(
            location=Pointer("relations", at) if at is not None else Pointer("relations"),
            message=f"'contains' cycle: {loop}",
            expected="'contains' relations that form a tree (no element inside itself)",
        ))
    return problems
