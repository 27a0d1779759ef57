"""A framework as the CSV of Moodle's competency framework import tool (``tool_lpimportcsv``).

Moodle's *Import competency framework* page reads this file unchanged (encoding UTF-8,
separator comma, which are the form's defaults), and
:func:`competency.formats.moodle.loads_moodle_csv` reads it back into the same framework.

The 14 columns Moodle reads, by position (its own export writes the same header):

==============================  ===============================================================
column                          framework row / element rows
==============================  ===============================================================
Parent ID number                empty / the parent's ID number (empty for a root)
ID number                       the framework id / the element's local id (``LSIPT01.P1``)
Short name                      the title / the label (see below), at most 100 characters
Description                     the framework description / the element text, verbatim
Description format              ``2`` (Moodle's ``FORMAT_PLAIN``: shown as written)
Scale values                    the scale's values, comma-separated / empty (inherited)
Scale configuration             the scale's JSON configuration / empty
Rule type / outcome / config    empty (no completion rules)
Cross-referenced ID numbers     empty / the targets of the element's other relations
Exported ID (optional)          empty
Is framework                    ``1`` / empty
Taxonomy                        one term per depth, comma-separated / empty
==============================  ===============================================================

- **Rows**: the framework row, then the elements in pre-order (each parent, then its
  children in sibling order), so parents always come before their children.
- **ID numbers** are local ids, unique within the framework; Moodle truncates ID numbers
  to 100 characters, so a longer local id (or framework id) is an error.
- **Short name** = ``notation`` and ``title`` joined by a space, or ``notation`` and the
  text when there is no title (``"P1 work within the boundaries ..."``); whitespace runs
  become one space and anything over 100 characters is cut to 99 and ends in ``…``.
- **Taxonomy** (Moodle names each depth of the tree): a depth whose elements are all of
  one kind gets that kind's term from :data:`TAXONOMY_OF_KIND` (unit → ``competency``,
  section → ``domain``, criterion → ``skill``, knowledge → ``concept``, attribute →
  ``value``, scope → ``level``, duty → ``practice``, requirement → ``proficiency``,
  expectation → ``outcome``); a depth mixing kinds gets Moodle's generic ``competency``.
- **Scale**: Moodle requires one per framework. :data:`DEFAULT_SCALE` is
  ``Not yet competent,Competent`` with *Competent* the default and proficient value
  (Moodle's own example); pass ``scale=MoodleScale(...)`` for another. Moodle reuses a
  site scale with the same values, or creates one.
- **Cross-references**: each ``underpins`` or ``skos:*`` relation inside the framework puts
  its target's ID number in its source's cell (comma-separated, a comma inside an ID number
  written ``%2C`` as Moodle does). Moodle's related competencies are undirected and untyped.
- **Everything else** (kind, notation, title, alt titles, note, location, requirement
  fields, the typed relations, the framework's title, base IRI, metadata and annotations,
  and the element/relation order when the rows do not imply it) is compact JSON in a 15th
  column, ``competency (optional)``, which Moodle ignores (it reads columns by position).

One text cannot go to Moodle as written: PHP's CSV reader treats a backslash as an escape,
so a ``"`` right after an odd run of backslashes would end the cell early. Such a ``"`` is
written ``＂`` (U+FF02) in the Moodle columns and the exact text is kept in the JSON. The
JSON itself writes ``"`` inside strings as ``\\u0022`` for the same reason. Moodle also turns
CR and CRLF inside cells into LF, and strips HTML-like tags from short names.

Examples
--------
>>> import competency
>>> from competency.formats._moodle_write import to_moodle_csv
>>> import csv, io
>>> rows = list(csv.reader(io.StringIO(to_moodle_csv(competency.load("pt-nos")))))
>>> rows[0][:3], rows[0][-2:]
(['Parent ID number', 'ID number', 'Short name'], ['Taxonomy', 'competency (optional)'])
>>> rows[1][1], rows[1][5], rows[1][12], rows[1][13]
('pt-nos', 'Not yet competent,Competent', '1', 'competency,competency')
>>> rows[3][:3]
['LSIPT01', 'LSIPT01.P1', 'P1 work within the boundaries and limitations of the personal tutoring role']
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from competency._formulas import neutralise_row
from competency.model import (
    Element,
    ElementKind,
    Framework,
    Relation,
    RelationType,
    Requirement,
)

__all__ = [
    "COLUMNS",
    "DEFAULT_SCALE",
    "EXTRA_COLUMN",
    "TAXONOMY_OF_KIND",
    "MoodleScale",
    "element_rows",
    "short_name",
    "to_moodle_csv",
]

COLUMNS = (
    "Parent ID number", "ID number", "Short name", "Description", "Description format",
    "Scale values", "Scale configuration", "Rule type (optional)", "Rule outcome (optional)",
    "Rule config (optional)", "Cross-referenced competency ID numbers",
    "Exported ID (optional)", "Is framework", "Taxonomy",
)
"""The 14 columns Moodle reads, by position (``tool_lpimportcsv`` English headers)."""

EXTRA_COLUMN = "competency (optional)"
"""The trailing column (ignored by Moodle) holding what Moodle has no column for, as JSON."""

TAXONOMY_OF_KIND: Mapping[ElementKind, str] = {
    ElementKind.UNIT: "competency", ElementKind.SECTION: "domain",
    ElementKind.CRITERION: "skill", ElementKind.KNOWLEDGE: "concept",
    ElementKind.ATTRIBUTE: "value", ElementKind.SCOPE: "level",
    ElementKind.DUTY: "practice", ElementKind.REQUIREMENT: "proficiency",
    ElementKind.EXPECTATION: "outcome",
}
"""The Moodle taxonomy term for a depth whose elements are all of one kind."""

MAX_LENGTH = 100
"""Moodle keeps at most 100 characters of an ID number or short name."""

FORMAT_PLAIN = "2"
"""Moodle's ``FORMAT_PLAIN`` description format."""

_ODD_BACKSLASHES_QUOTE = re.compile(r'(?<!\\)((?:\\\\)*\\)"')


def _values(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def _indexes(items: Iterable[int]) -> tuple[int, ...]:
    return tuple(items)


def _check_values(instance: MoodleScale, attribute: attrs.Attribute[Any],
                  value: tuple[str, ...]) -> None:
    if not value or any(not isinstance(v, str) or not v.strip() or "," in v for v in value):
        raise ValueError(f"scale values must be non-empty texts without commas, got {value!r}")


def _check_positions(instance: MoodleScale, attribute: attrs.Attribute[Any],
                     value: object) -> None:
    positions = value if isinstance(value, tuple) else (value,)
    if not positions or any(
        not isinstance(p, int) or not 1 <= p <= len(instance.values) for p in positions
    ):
        raise ValueError(f"{attribute.name} must be 1-based position(s) in the "
                         f"{len(instance.values)} scale values, got {value!r}")


@attrs.frozen(kw_only=True)
class MoodleScale:
    """A Moodle scale and its configuration for a framework.

    Parameters
    ----------
    values : tuple of str
        The scale items, lowest first (Moodle writes them comma-separated, so no commas).
    default : int
        1-based position of the default value (given when a competency is completed by
        a rule or course completion).
    proficient : tuple of int
        1-based positions of the values that count as proficient.

    Examples
    --------
    >>> MoodleScale(values=("No", "Yes"), default=2, proficient=(2,)).configuration()
    '[{"scaleid":"1"},{"id":2,"scaledefault":1,"proficient":1}]'
    """

    values: tuple[str, ...] = attrs.field(converter=_values, validator=_check_values)
    default: int = attrs.field(validator=_check_positions)
    proficient: tuple[int, ...] = attrs.field(converter=_indexes, validator=_check_positions)

    def compact_items(self) -> str:
        """The ``Scale values`` cell: the values joined by commas (Moodle's format)."""
        return ",".join(self.values)

    def configuration(self) -> str:
        """The ``Scale configuration`` cell: Moodle's JSON (its import replaces the
        placeholder ``scaleid`` with the id of the scale it finds or creates)."""
        entries: list[dict[str, Any]] = [{"scaleid": "1"}]
        for position in sorted({self.default, *self.proficient}):
            entries.append({"id": position, "scaledefault": int(position == self.default),
                            "proficient": int(position in self.proficient)})
        return json.dumps(entries, separators=(",", ":"))


DEFAULT_SCALE = MoodleScale(values=("Not yet competent", "Competent"), default=2,
                            proficient=(2,))
"""The scale used unless another is given: ``Not yet competent,Competent``."""


def short_name(element: Element) -> str:
    """The Moodle short name of `element`: notation and title (or text), at most 100
    characters.

    Examples
    --------
    >>> from competency.model import Criterion
    >>> short_name(Criterion(id="d:P1", notation="P1", text="check   the\\nsite"))
    'P1 check the site'
    """
    label = " ".join(p for p in (element.notation, element.title or element.text) if p)
    label = " ".join(label.split()) or element.local_id
    if len(label) > MAX_LENGTH:
        label = label[:MAX_LENGTH - 1].rstrip() + "…"
    return _moodle_safe(label)


def _moodle_safe(text: str) -> str:
    return _ODD_BACKSLASHES_QUOTE.sub(lambda m: m.group(1) + "＂", text)


def _json(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _ODD_BACKSLASHES_QUOTE.sub(lambda m: m.group(1)[:-1] + "\\u0022", text)


def _preorder(framework: Framework) -> list[Element]:
    children: dict[str, list[Element]] = {}
    for relation in framework.relations:
        if relation.type is RelationType.CONTAINS:
            children.setdefault(relation.source, []).append(
                framework.elements[framework.index_of(relation.target)])
    order: list[Element] = []
    stack = list(reversed(framework.roots()))
    while stack:
        element = stack.pop()
        order.append(element)
        stack.extend(reversed(children.get(element.id, [])))
    return order


def _depths(framework: Framework, rows: list[Element]) -> dict[str, int]:
    parent_of = {r.target: r.source for r in framework.relations
                 if r.type is RelationType.CONTAINS}
    depth: dict[str, int] = {}
    for element in rows:  # pre-order: a parent's depth is known before its children's
        parent = parent_of.get(element.id)
        depth[element.id] = 1 if parent is None else depth[parent] + 1
    return depth


def _taxonomies(rows: list[Element], depth: dict[str, int]) -> list[str]:
    kinds: dict[int, Counter[ElementKind]] = {}
    for element in rows:
        kinds.setdefault(depth[element.id], Counter())[element.kind] += 1
    return [TAXONOMY_OF_KIND[next(iter(kinds[d]))] if len(kinds[d]) == 1 else "competency"
            for d in range(1, len(kinds) + 1)]


def element_rows(framework: Framework) -> list[Element]:
    """The elements in the order of the CSV rows: pre-order, siblings in order."""
    return _preorder(framework)


def _check_lengths(framework: Framework) -> None:
    too_long = [i for i in (framework.id, *(e.local_id for e in framework.elements))
                if len(i) > MAX_LENGTH]
    if too_long:
        raise ValueError(
            f"Moodle keeps only {MAX_LENGTH} characters of an ID number; these ids are "
            f"longer: {', '.join(repr(i) for i in too_long)}")


def to_moodle_csv(
    framework: Framework, *, scale: MoodleScale = DEFAULT_SCALE,
    neutralise_formulas: bool = True,
) -> str:
    """Return `framework` as the CSV Moodle's competency framework import tool reads.

    Parameters
    ----------
    framework : Framework
        The framework to export.
    scale : MoodleScale
        The framework's scale (Moodle requires one); :data:`DEFAULT_SCALE` by default.
    neutralise_formulas : bool
        Put a ``'`` in front of cells a spreadsheet would run as a formula (starting with
        ``= + - @``, tab or CR; OWASP "CSV injection") and of cells starting with ``'``
        (default); :func:`competency.formats.moodle.loads_moodle_csv` takes it off.

    Returns
    -------
    str
        CSV text (RFC 4180, CRLF row ends): the header, the framework row, one row per
        element; see the module documentation for the columns. Linear in the size of the
        framework.

    Raises
    ------
    ValueError
        If the framework id or a local id is longer than Moodle's 100 characters.
    """
    _check_lengths(framework)
    rows = _preorder(framework)
    depth = _depths(framework, rows)
    local = {e.id: e.local_id for e in framework.elements}

    outgoing: dict[str, list[list[str]]] = {}
    outgoing_relations: dict[str, list[Relation]] = {}
    parent_relation: dict[str, Relation] = {}
    for relation in framework.relations:
        if relation.type is RelationType.CONTAINS:
            parent_relation[relation.target] = relation
        else:
            outgoing.setdefault(relation.source, []).append(
                [relation.type.value, local[relation.target]])
            outgoing_relations.setdefault(relation.source, []).append(relation)

    meta: dict[str, Any] = {"title": framework.title, "base_iri": framework.base_iri}
    for key in ("publisher", "version", "date", "rights", "source"):
        value = getattr(framework, key)
        if value is not None:
            meta[key] = value
    if framework.annotations:
        meta["annotations"] = [[k, list(v)] for k, v in framework.annotations]
    if [e.id for e in rows] != [e.id for e in framework.elements]:
        meta["element_order"] = [e.local_id for e in framework.elements]
    implied = [parent_relation[e.id] for e in rows if e.id in parent_relation]
    implied += [r for e in rows for r in outgoing_relations.get(e.id, ())]
    if implied != list(framework.relations):
        meta["relation_order"] = [
            [local[r.source], r.type.value, local[r.target]] for r in framework.relations]

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    write = writer.writerow
    if neutralise_formulas:
        def write(row: Iterable[str]) -> Any:
            return writer.writerow(neutralise_row(row))
    writer.writerow((*COLUMNS, EXTRA_COLUMN))
    description = framework.description or ""
    if _moodle_safe(description) != description:
        meta["description"] = description
    title = " ".join(framework.title.split())
    if len(title) > MAX_LENGTH:
        title = title[:MAX_LENGTH - 1].rstrip() + "…"
    write((
        "", framework.id, _moodle_safe(title), _moodle_safe(description), FORMAT_PLAIN,
        scale.compact_items(), scale.configuration(), "", "", "", "", "", "1",
        ",".join(_taxonomies(rows, depth)), _json(meta),
    ))
    for element in rows:
        parent = parent_relation.get(element.id)
        extra = _extra_fields(element)
        if element.id in outgoing:
            extra["relations"] = outgoing[element.id]
        if _moodle_safe(element.text) != element.text:
            extra["text"] = element.text
        related = dict.fromkeys(t for _, t in outgoing.get(element.id, []))
        write((
            "" if parent is None else local[parent.source], element.local_id,
            short_name(element), _moodle_safe(element.text), FORMAT_PLAIN, "", "", "", "",
            "", ",".join(t.replace(",", "%2C") for t in related), "", "", "", _json(extra),
        ))
    return buffer.getvalue()


def _extra_fields(element: Element) -> dict[str, Any]:
    fields: dict[str, Any] = {"kind": element.kind.value}
    for key in ("notation", "title", "note", "location"):
        value = getattr(element, key)
        if value is not None:
            fields[key] = value
    if element.alt_titles:
        fields["alt_titles"] = list(element.alt_titles)
    if isinstance(element, Requirement):
        if element.category is not None:
            fields["category"] = element.category
        if element.necessity is not None:
            fields["necessity"] = element.necessity
        if element.assessed_by:
            fields["assessed_by"] = list(element.assessed_by)
    return fields
