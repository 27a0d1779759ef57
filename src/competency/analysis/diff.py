"""What changed between two versions of a framework: elements added, removed and changed.

Elements are matched by id (ids are stable once shipped). A change says which aspects of
the element changed — ``kind``, ``text``, ``title``, ``notation``, ``note``, ``location``,
``parent`` (moved) and ``relations`` (its outgoing ``underpins`` and other relations) — with
the old and new values. Changed framework metadata (title, version, date, ...) is listed
apart.

``competency diff OLD NEW --format json`` prints :meth:`FrameworkDiff.to_dict`: ``added``,
``removed`` and ``changed`` lists (**contract**).

Examples
--------
>>> import attrs
>>> from competency.analysis.diff import diff_frameworks
>>> from competency.analysis._examples import framework_a
>>> old = framework_a()
>>> first = old.elements[1]
>>> new = attrs.evolve(old, version="2", elements=[
...     attrs.evolve(first, text=first.text + " safely") if e is first else e
...     for e in old.elements])
>>> d = diff_frameworks(old, new)
>>> [(c.element_id, c.aspects) for c in d.changed], [c.field for c in d.metadata]
([('a:U1.P1', ('text',))], ['version'])
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from competency.model import Element, Framework

__all__ = ["ElementChange", "FieldChange", "FrameworkDiff", "diff_frameworks"]

_METADATA = ("title", "base_iri", "publisher", "version", "date", "rights", "source",
             "description", "annotations")


def _plain(value: object) -> object:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if attrs.has(type(value)):
        names = [f.name for f in attrs.fields(type(value))]  # type: ignore[arg-type]
        return {name: _plain(getattr(value, name)) for name in names}
    if hasattr(value, "value") and not isinstance(value, (str, int, float)):
        return _plain(value.value)
    return value


@attrs.frozen
class FieldChange:
    """One field's old and new value."""

    field: str
    old: object
    new: object

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"field": self.field, "old": _plain(self.old), "new": _plain(self.new)}


def _fields(items: Iterable[FieldChange]) -> tuple[FieldChange, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True)
class ElementChange:
    """An element present in both versions whose fields, place or relations differ."""

    element_id: str
    fields: tuple[FieldChange, ...] = attrs.field(converter=_fields)

    @property
    def aspects(self) -> tuple[str, ...]:
        """The fields that changed, in a fixed order."""
        return tuple(c.field for c in self.fields)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"element_id": self.element_id, "aspects": list(self.aspects),
                "changes": [c.to_dict() for c in self.fields]}


def _elements(items: Iterable[Element]) -> tuple[Element, ...]:
    return tuple(items)


def _changes(items: Iterable[ElementChange]) -> tuple[ElementChange, ...]:
    return tuple(items)


def element_dict(element: Element, framework: Framework) -> dict[str, Any]:
    """An element as a JSON-ready dict: its fields with a value, its kind and parent."""
    out: dict[str, Any] = {"id": element.id, "kind": element.kind.value}
    for field in attrs.fields(type(element)):
        value = getattr(element, field.name)
        if field.name != "id" and value not in (None, ()):
            out[field.name] = _plain(value)
    parent = framework.parent(element.id)
    out["parent"] = None if parent is None else parent.id
    return out


@attrs.frozen(kw_only=True)
class FrameworkDiff:
    """The elements added, removed and changed from one version of a framework to another,
    the number unchanged, and the metadata that changed."""

    old: Framework = attrs.field(repr=False, eq=False)
    new: Framework = attrs.field(repr=False, eq=False)
    added: tuple[Element, ...] = attrs.field(converter=_elements)
    removed: tuple[Element, ...] = attrs.field(converter=_elements)
    changed: tuple[ElementChange, ...] = attrs.field(converter=_changes)
    unchanged: int
    metadata: tuple[FieldChange, ...] = attrs.field(converter=_fields)

    @property
    def is_empty(self) -> bool:
        """Whether the two versions are the same."""
        return not (self.added or self.removed or self.changed or self.metadata)

    def to_dict(self) -> dict[str, Any]:
        """``added``, ``removed`` and ``changed`` lists (**contract**), the count of unchanged
        elements and the metadata changes."""
        return {
            "added": [element_dict(e, self.new) for e in self.added],
            "removed": [element_dict(e, self.old) for e in self.removed],
            "changed": [c.to_dict() for c in self.changed],
            "unchanged": self.unchanged,
            "metadata": [c.to_dict() for c in self.metadata],
        }


_ELEMENT_FIELDS = ("kind", "text", "title", "alt_titles", "notation", "note", "location")


def _outgoing(framework: Framework) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each element's relations other than ``contains`` (its place is compared as
    ``parent``), as sorted (type, target) pairs."""
    found: dict[str, list[tuple[str, str]]] = {}
    for r in framework.relations:
        if r.type.value != "contains":
            found.setdefault(r.source, []).append((r.type.value, r.target))
    return {k: tuple(sorted(v)) for k, v in found.items()}


def diff_frameworks(old: Framework, new: Framework) -> FrameworkDiff:
    """What changed from `old` to `new` (see the module documentation); added and changed
    elements in `new`'s order, removed ones in `old`'s."""
    before = {e.id: e for e in old.elements}
    old_out, new_out = _outgoing(old), _outgoing(new)
    added: list[Element] = []
    changed: list[ElementChange] = []
    unchanged = 0
    for element in new.elements:
        earlier = before.get(element.id)
        if earlier is None:
            added.append(element)
            continue
        fields = [FieldChange(name, getattr(earlier, name, None), getattr(element, name, None))
                  for name in _ELEMENT_FIELDS
                  if getattr(earlier, name, None) != getattr(element, name, None)]
        parent_old, parent_new = old.parent(element.id), new.parent(element.id)
        old_parent = None if parent_old is None else parent_old.id
        new_parent = None if parent_new is None else parent_new.id
        if old_parent != new_parent:
            fields.append(FieldChange("parent", old_parent, new_parent))
        relations_old = old_out.get(element.id, ())
        relations_new = new_out.get(element.id, ())
        if relations_old != relations_new:
            fields.append(FieldChange("relations", relations_old, relations_new))
        if fields:
            changed.append(ElementChange(element_id=element.id, fields=fields))
        else:
            unchanged += 1
    kept = {e.id for e in new.elements}
    removed = [e for e in old.elements if e.id not in kept]
    metadata = [FieldChange(name, getattr(old, name), getattr(new, name))
                for name in ("id", *_METADATA) if getattr(old, name) != getattr(new, name)]
    return FrameworkDiff(old=old, new=new, added=added, removed=removed, changed=changed,
                         unchanged=unchanged, metadata=metadata)
