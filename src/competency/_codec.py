"""Framework document (JSON-shaped dict) <-> model objects. The only place that knows the
document's keys.

Decoding has a fast path: one pass that checks the document's shape while it builds the
model objects (the attrs validators check values), and bails out at the first surprise.
Only then is the slow path taken: the full JSON Schema validation plus a collecting pass that
reports every problem in the document at once. A valid document is therefore validated
exactly once, by code that costs little more than building the objects; a test checks that
the fast path accepts exactly the documents the schema (and the model) accept.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from competency.errors import DocumentError, Pointer, Problem, StructureError
from competency.model import (
    _RELATION_TYPES,
    Element,
    ElementKind,
    Framework,
    Relation,
    Requirement,
    _check_structure,
    element_class,
)

__all__ = ["FORMAT", "decode_framework", "encode_framework"]

FORMAT = "competency-framework/1"

_META_KEYS = ("publisher", "version", "date", "rights", "source", "description")
_DOC_KEYS = frozenset(
    ("format", "id", "title", "base_iri", *_META_KEYS, "annotations", "elements", "relations")
)
_DOC_REQUIRED = frozenset(("format", "id", "title", "base_iri", "elements", "relations"))
_COMMON_KEYS = ("id", "kind", "notation", "title", "alt_titles", "text", "note", "location")
_REQUIREMENT_KEYS = ("category", "necessity", "assessed_by")
_ELEMENT_KEYS: Mapping[str, frozenset[str]] = {
    kind.value: frozenset(
        _COMMON_KEYS + (_REQUIREMENT_KEYS if kind is ElementKind.REQUIREMENT else ())
    )
    for kind in ElementKind
}
_CLASSES: Mapping[str, type[Element]] = {kind.value: element_class(kind) for kind in ElementKind}
_RELATION_KEYS = frozenset(("source", "type", "target"))


class _FastPathError(Exception):
    """The fast path met something unexpected; take the slow, thorough path."""


# -- decoding ---------------------------------------------------------------------------------


def decode_framework(data: object, *, file: str) -> Framework:
    """Build a :class:`Framework` from a parsed document, or raise with every problem."""
    try:
        return _fast_framework(data)
    except (_FastPathError, KeyError, TypeError, ValueError, AttributeError):
        pass
    with _collector_paused():
        _raise_all_problems(data, file)
    raise AssertionError("unreachable: the slow path found nothing the fast path rejected")


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while problems are collected: the pass makes a
    few objects per problem and no cycles, and with the collector on, its full collections
    re-walk the whole parsed document again and again (~40% of the time at 50,000 problems).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _fast_framework(data: object) -> Framework:
    if type(data) is not dict:
        raise _FastPathError
    keys = data.keys()
    if not (keys <= _DOC_KEYS and keys >= _DOC_REQUIRED) or data["format"] != FORMAT:
        raise _FastPathError
    raw_elements, raw_relations = data["elements"], data["relations"]
    if type(raw_elements) is not list or type(raw_relations) is not list:
        raise _FastPathError
    classes, element_keys = _CLASSES, _ELEMENT_KEYS
    elements: list[Element] = []
    append = elements.append
    ids: dict[str, str] = {}  # also makes every relation share its element's id string
    for raw in raw_elements:
        if type(raw) is not dict:
            raise _FastPathError
        fields = raw.copy()
        kind = fields.pop("kind")
        if not raw.keys() <= element_keys[kind] or None in fields.values():
            raise _FastPathError
        if ("alt_titles" in fields and type(fields["alt_titles"]) is not list) or (
            "assessed_by" in fields and type(fields["assessed_by"]) is not list
        ):
            raise _FastPathError
        element = classes[kind](**fields)
        append(element)
        ids[element.id] = element.id
    relation_keys, types, trusted = _RELATION_KEYS, _RELATION_TYPES, Relation._trusted
    relations: list[Relation] = []
    add = relations.append
    for raw in raw_relations:  # unknown ids, types or keys raise KeyError/TypeError: bail
        if type(raw) is not dict or raw.keys() != relation_keys:
            raise _FastPathError
        add(trusted(ids[raw["source"]], types[raw["type"]], ids[raw["target"]]))
    return Framework(
        id=data["id"], title=data["title"], base_iri=data["base_iri"],
        **_fast_metadata(data),
        annotations=_fast_annotations(data.get("annotations", {})),
        elements=elements, relations=relations,
    )


def _fast_metadata(data: dict[str, Any]) -> dict[str, str]:
    meta = {key: data[key] for key in _META_KEYS if key in data}
    if None in meta.values():
        raise _FastPathError
    return meta


def _fast_annotations(raw: object) -> list[tuple[str, tuple[str, ...]]]:
    if type(raw) is not dict:
        raise _FastPathError
    pairs = []
    for key, values in raw.items():
        if type(values) is not list or any(type(v) is not str for v in values):
            raise _FastPathError
        pairs.append((key, tuple(values)))
    return pairs


def _raise_all_problems(data: object, file: str) -> None:
    """The slow path: report every problem in the document (schema, element values,
    then identity and references over whatever parts are well-formed), then raise."""
    from competency._schema import framework_problems

    problems = framework_problems(data, file=file)
    if not isinstance(data, dict):
        raise DocumentError(problems)
    raw_elements = data.get("elements")
    raw_relations = data.get("relations")
    raw_elements = raw_elements if isinstance(raw_elements, list) else []
    raw_relations = raw_relations if isinstance(raw_relations, list) else []
    flagged = {p.location for p in problems}
    flagged_elements = _flagged_indices(problems, "elements")
    elements: list[Element] = []
    element_at: list[int] = []
    known_ids: set[str] = set()
    model_problems: list[Problem] = []
    for i, raw in enumerate(raw_elements):
        if not isinstance(raw, dict):
            continue
        if isinstance(raw.get("id"), str):
            known_ids.add(raw["id"])
        if i in flagged_elements:  # already reported; its id still counts as known
            continue
        fields = {k: v for k, v in raw.items() if k != "kind"}
        kind = raw.get("kind")
        cls = _CLASSES.get(kind) if isinstance(kind, str) else None
        try:
            if cls is None:
                raise ValueError(f"unknown element kind {_short_repr(kind)}")
            elements.append(cls(**fields))
            element_at.append(i)
        except (TypeError, ValueError) as exc:
            model_problems.append(Problem(
                file=file, location=Pointer("elements", i), message=str(exc),
                expected="a valid element",
            ))
    problems.extend(model_problems)
    relations: list[Relation] = []
    malformed: set[Pointer] = set()
    for i, raw in enumerate(raw_relations):
        try:
            relations.append(Relation(raw["source"], raw["type"], raw["target"]))
        except (KeyError, TypeError, ValueError):  # reported by the schema; keep positions
            relations.append(Relation("", "contains", ""))
            malformed.add(Pointer("relations", i))
    if not problems:
        try:
            Framework(
                id=data["id"], title=data["title"], base_iri=data["base_iri"],
                **{key: data[key] for key in _META_KEYS if key in data},
                annotations=data.get("annotations", {}),
            )
        except (TypeError, ValueError) as exc:
            problems.append(Problem(file=file, location=Pointer(), message=str(exc),
                                    expected="valid framework metadata"))
    framework_id = data.get("id")
    _, _, found = _check_structure(
        framework_id if isinstance(framework_id, str) else "",
        tuple(elements), tuple(relations),
        element_positions=element_at, known_ids=known_ids | {""},
    )
    structural = [
        p.in_file(file) for p in found
        if not (framework_id is None and "prefix" in p.message)
        and p.location not in flagged
        and not (isinstance(p.location, Pointer)
                 and Pointer(*p.location.tokens[:2]) in malformed)
    ]
    if problems:
        if model_problems or structural:  # the schema's problems come in document order
            problems = sorted([*problems, *structural], key=_document_order)
        raise DocumentError(problems)
    if structural:
        raise StructureError(structural)


def _flagged_indices(problems: Iterable[Problem], array: str) -> set[int]:
    """The indices ``i`` of the items ``/<array>/i`` that some problem lies in or under.

    One pass over the problems, so marking is linear in their number.

    Examples
    --------
    >>> found = [Problem(location=Pointer("elements", 10, "text"), message="x"),
    ...          Problem(location=Pointer("elements", 3), message="x"),
    ...          Problem(location=Pointer("relations", 1), message="x")]
    >>> sorted(_flagged_indices(found, "elements"))
    [3, 10]
    """
    found: set[int] = set()
    for problem in problems:
        location = problem.location
        if isinstance(location, Pointer) and len(location.tokens) >= 2 \
                and location.tokens[0] == array and location.tokens[1].isdigit():
            found.add(int(location.tokens[1]))
    return found


def _short_repr(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _document_order(problem: Problem) -> tuple[tuple[int, int | str], ...]:
    """Sort key: array items by index, other keys by name; non-pointer locations first."""
    location = problem.location
    if not isinstance(location, Pointer):
        return ()
    return tuple((0, int(t)) if t.isdigit() else (1, t) for t in location.tokens)


# -- encoding ---------------------------------------------------------------------------------


def encode_framework(framework: Framework) -> dict[str, Any]:
    """Return the document for `framework` with a fixed key order (so dumps diff cleanly)."""
    doc: dict[str, Any] = {
        "format": FORMAT, "id": framework.id, "title": framework.title,
        "base_iri": framework.base_iri,
    }
    for key in _META_KEYS:
        value = getattr(framework, key)
        if value is not None:
            doc[key] = value
    if framework.annotations:
        doc["annotations"] = {key: list(values) for key, values in framework.annotations}
    doc["elements"] = [_encode_element(e) for e in framework.elements]
    doc["relations"] = [
        {"source": r.source, "type": r.type.value, "target": r.target}
        for r in framework.relations
    ]
    return doc


def _encode_element(element: Element) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": element.id, "kind": element.kind.value}
    _put(doc, "notation", element.notation)
    _put(doc, "title", element.title)
    if element.alt_titles:
        doc["alt_titles"] = list(element.alt_titles)
    doc["text"] = element.text
    if isinstance(element, Requirement):
        _put(doc, "category", element.category)
        _put(doc, "necessity", element.necessity)
        if element.assessed_by:
            doc["assessed_by"] = list(element.assessed_by)
    _put(doc, "note", element.note)
    _put(doc, "location", element.location)
    return doc


def _put(doc: dict[str, Any], key: str, value: str | None) -> None:
    if value is not None:
        doc[key] = value
