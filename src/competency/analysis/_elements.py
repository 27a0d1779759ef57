"""Which elements an analysis counts, and the unit each belongs to (private)."""

from __future__ import annotations

from collections.abc import Iterable

from competency.errors import CrosswalkError, Problem, StructureError
from competency.model import Element, ElementKind, Framework

__all__ = [
    "CONTENT_KINDS",
    "content",
    "headings",
    "kinds_of",
    "side_of",
    "unit_index",
    "units_of",
]

CONTENT_KINDS: tuple[ElementKind, ...] = (
    ElementKind.CRITERION, ElementKind.KNOWLEDGE, ElementKind.DUTY, ElementKind.REQUIREMENT,
    ElementKind.EXPECTATION,
)
"""The kinds counted by default: what a person must do or know. Units and sections are
groupings; attributes (values) and scope statements say to whom and in what spirit a unit
applies, and are not competences a crosswalk is expected to match."""


def kinds_of(kinds: Iterable[ElementKind | str] | None) -> tuple[ElementKind, ...]:
    """Normalise a `kinds` argument (``None`` = :data:`CONTENT_KINDS`), in enum order."""
    if kinds is None:
        return CONTENT_KINDS
    wanted = set()
    for kind in kinds:
        try:
            wanted.add(ElementKind(kind))
        except ValueError:
            known = ", ".join(k.value for k in ElementKind)
            raise ValueError(f"unknown element kind {kind!r}; known kinds: {known}") from None
    return tuple(k for k in ElementKind if k in wanted)


def content(framework: Framework, kinds: tuple[ElementKind, ...]) -> tuple[Element, ...]:
    """The elements of `framework` of `kinds`, in source order; an error if there are none."""
    wanted = set(kinds)
    found = tuple(e for e in framework.elements if e.kind in wanted)
    if not found:
        names = ", ".join(k.value for k in kinds)
        raise StructureError(Problem(
            message=f"framework {framework.id!r} has no elements of kind {names} to analyse",
            expected="a framework with at least one such element",
            fix="Pass kinds=... naming the kinds of element the framework has",
        ))
    return found


def units_of(framework: Framework) -> tuple[Element, ...]:
    """The grouping elements, in source order: the units (standards); if the framework has
    none, the innermost sections holding its items (a job description's headings, a policy's
    headings); failing that, its roots that contain something."""
    units = framework.of_kind(ElementKind.UNIT)
    if units:
        return units
    sections: set[str] = set()
    for element in framework.elements:
        if element.kind is ElementKind.SECTION:
            continue
        holder = framework.parent(element.id)
        while holder is not None and holder.kind is not ElementKind.SECTION:
            holder = framework.parent(holder.id)
        if holder is not None:
            sections.add(holder.id)
    if sections:
        return tuple(e for e in framework.elements if e.id in sections)
    return tuple(e for e in framework.roots() if framework.children(e.id))


def unit_index(framework: Framework) -> dict[str, str | None]:
    """Map every element id to the id of the unit that (transitively) contains it.

    The unit is the nearest ``contains`` ancestor of kind unit, else the top-most ancestor;
    a unit maps to itself and an uncontained element to ``None``.
    """
    units = {u.id for u in units_of(framework)}
    result: dict[str, str | None] = {}
    for element in framework.elements:
        node: str | None = element.id
        top: str | None = None
        while node is not None:
            if node in units:
                break
            top = node if node != element.id else top
            parent = framework.parent(node)
            node = None if parent is None else parent.id
        result[element.id] = node if node is not None else top
    return result


def side_of(crosswalk_prefixes: tuple[str, str], framework: Framework, what: str) -> bool:
    """True if `framework` is the crosswalk's subject side, False if its object side."""
    subject, obj = crosswalk_prefixes
    if framework.id == subject:
        return True
    if framework.id == obj:
        return False
    raise CrosswalkError(Problem(
        message=f"the crosswalk maps {subject!r} to {obj!r}, not {framework.id!r} ({what})",
        expected=f"a crosswalk with {framework.id!r} as its subject or object framework",
        fix=f"Use the crosswalk between {framework.id!r} and the other framework",
    ))


_GROUPINGS = frozenset({ElementKind.UNIT, ElementKind.SECTION})


def headings(framework: Framework) -> dict[str, str]:
    """Map every element that sits inside a grouping (a unit or section) to the heading of
    the nearest one: its title, else its text; a heading in capitals is lower-cased (the
    source's typography, not its wording). Groupings themselves and uncontained elements
    are left out."""
    result: dict[str, str] = {}
    for element in framework.elements:
        if element.kind in _GROUPINGS:
            continue
        holder = framework.parent(element.id)
        while holder is not None and holder.kind not in _GROUPINGS:
            holder = framework.parent(holder.id)
        if holder is not None:
            heading = holder.title if holder.title else holder.text
            result[element.id] = heading.lower() if heading.isupper() else heading
    return result
