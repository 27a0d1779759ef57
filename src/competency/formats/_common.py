"""Helpers shared by the format readers (and the relation order the writers record):
building the framework with its structural problems located in the source file, noting
problems and quirks at a :class:`~competency.errors.Pointer` or
:class:`~competency.errors.Position`, and putting relations back in order.

Examples
--------
>>> from competency.formats._common import slug
>>> slug("OECD Core Competencies", "x")
'oecd-core-competencies'
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from competency.errors import (
    CompetencyError,
    DocumentError,
    FormatWarning,
    Location,
    Pointer,
    Problem,
    StructureError,
)
from competency.model import Element, Framework, Relation, RelationType

__all__ = [
    "Add", "build_framework", "collect", "element_or_problem", "iri_base", "order_relations",
    "relation_key", "slug", "sort_siblings", "warn",
]

_WHOLE = Pointer()


def build_framework(
    metadata: Mapping[str, Any],
    elements: Sequence[Element],
    relations: Sequence[Relation],
    *,
    file: str,
    element_at: Sequence[Location],
    relation_at: Sequence[Location],
    metadata_at: Location = _WHOLE,
) -> Framework:
    """Construct the framework; re-locate structural problems (duplicate ids, two parents,
    cycles, dangling ends) from framework-document pointers to the source positions in
    `element_at` / `relation_at` (one per element / relation)."""
    try:
        return Framework(**metadata, elements=elements, relations=relations)
    except StructureError as exc:
        raise DocumentError(
            _relocate(p, file, element_at, relation_at) for p in exc.problems
        ) from None
    except (TypeError, ValueError) as exc:
        raise DocumentError(Problem(
            file=file, location=metadata_at, message=str(exc),
            expected="valid framework metadata",
        )) from None


def _relocate(
    problem: Problem, file: str, element_at: Sequence[Location],
    relation_at: Sequence[Location],
) -> Problem:
    """The problem at the source location of the element or relation its framework-document
    pointer names (``/elements/3/id`` → the third element's row or object), and its related
    place (where a duplicated id was first used) re-located the same way."""
    return attrs.evolve(
        problem, file=file, location=_source(problem.location, element_at, relation_at),
        related=_source(problem.related, element_at, relation_at),
    )


def _source(
    where: Location | None, element_at: Sequence[Location], relation_at: Sequence[Location],
) -> Location | None:
    """`where` in the source file: the place of the element or relation a framework-document
    pointer names, or `where` itself."""
    if isinstance(where, Pointer):
        return _source_of(where.tokens, element_at, relation_at) or where
    return where


def _source_of(
    tokens: Sequence[str], element_at: Sequence[Location], relation_at: Sequence[Location]
) -> Location | None:
    """Where the element or relation ``/<table>/<index>`` (the first two `tokens`) was read."""
    if len(tokens) < 2 or tokens[0] not in ("elements", "relations") or not tokens[1].isdigit():
        return None
    table = element_at if tokens[0] == "elements" else relation_at
    index = int(tokens[1])
    return table[index] if index < len(table) else None


def relation_key(relation: Relation) -> str:
    """``"source type target"``: how relation order is written down."""
    return f"{relation.source} {relation.type.value} {relation.target}"


def sort_siblings(
    relations: list[Relation], positions: Sequence[float | None]
) -> list[Relation]:
    """Reorder the ``contains`` relations of each parent by `positions` (e.g. CASE
    ``sequenceNumber``; ``None`` sorts last, ties keep their order), leaving every relation
    in one of the slots its parent's ``contains`` relations held."""
    slots: dict[str, list[int]] = {}
    for index, relation in enumerate(relations):
        if relation.type is RelationType.CONTAINS:
            slots.setdefault(relation.source, []).append(index)
    out = list(relations)
    for indexes in slots.values():
        ordered = sorted(indexes, key=lambda i: (
            positions[i] is None, positions[i] if positions[i] is not None else 0, i))
        for slot, index in zip(indexes, ordered, strict=True):
            out[slot] = relations[index]
    return out


def order_relations(relations: Iterable[Relation], order: Sequence[str]) -> list[Relation]:
    """Sort `relations` by their position in `order` (keys from :func:`relation_key`);
    relations not listed keep their order after the listed ones."""
    rank = {key: i for i, key in enumerate(order)}
    listed = len(rank)
    indexed = list(enumerate(relations))
    indexed.sort(key=lambda pair: (rank.get(relation_key(pair[1]), listed), pair[0]))
    return [relation for _, relation in indexed]


def slug(text: str, fallback: str) -> str:
    """A framework id made from `text` (lower case, runs of other characters as ``-``)."""
    word = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-")
    return word if word[:1].isalpha() else fallback


Add = Callable[[Location, str, str], None]
"""``add(location, message, expected)``: note one problem (see :func:`collect`)."""


def collect(problems: list[Problem], file: str) -> Add:
    """Return ``add(location, message, expected)`` appending to `problems`."""
    def add(location: Location, message: str, expected: str) -> None:
        problems.append(Problem(file=file, location=location, message=message,
                                expected=expected))
    return add


def element_or_problem(
    cls: type[Element], fields: Mapping[str, Any], add: Add, location: Location,
) -> Element | None:
    """Build an element; a validator's complaint becomes a problem at `location`."""
    try:
        return cls(**fields)
    except (TypeError, ValueError, CompetencyError) as exc:
        add(location, str(exc), "a valid element")
        return None


def warn(file: str, location: Location, message: str, expected: str = "") -> None:
    """Issue a :class:`~competency.errors.FormatWarning`: a quirk read anyway."""
    warnings.warn(FormatWarning(Problem(file=file, location=location, message=message,
                                        expected=expected)), stacklevel=3)


def iri_base(iris: Iterable[str]) -> str:
    """The longest prefix of all `iris` that ends in ``/`` or ``#`` (``""`` if none).

    Examples
    --------
    >>> iri_base(["https://e.org/v/a1", "https://e.org/v/b2"])
    'https://e.org/v/'
    """
    items = list(iris)
    if not items:
        return ""
    low, high = min(items), max(items)
    size = 0
    while size < len(low) and low[size] == high[size]:
        size += 1
    prefix = low[:size]
    return prefix[:max(prefix.rfind("/"), prefix.rfind("#")) + 1]
