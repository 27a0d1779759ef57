"""Read the CSV of Moodle's competency framework import/export tool (``tool_lpimportcsv``)
into a :class:`~competency.model.Framework`.

Two kinds of file are read:

- **Ours** (written by :func:`competency.formats.moodle.to_moodle_csv`): the JSON in the
  trailing ``competency (optional)`` column restores everything Moodle has no column for,
  so the framework comes back unchanged. The ID number, Parent ID number and Description
  columns still give each element's local id, parent and text, and the framework row's
  ID number the framework id (`framework_id` is not used).
- **Moodle's own export** (no such column), read the way Moodle reads it:

  - one row with *Is framework* set (PHP-true: not empty and not ``0``) gives the
    framework: its id is `framework_id` if given, else the ID number (made into a valid
    id, e.g. ``"OECD CORE"`` → ``oecd-core``, when it is not one); title = short name;
    description = description; base IRI ``urn:x-competency:<id>/``. Its scale values,
    scale configuration and taxonomy list are kept in the annotations
    ``moodle:scale_values``, ``moodle:scale_configuration`` and ``moodle:taxonomies``;
  - every other row is an element: local id = the ID number (characters a CURIE local
    part cannot hold become ``_``, accents are dropped, and a leading ``.``, ``-`` or ``/``
    gets a ``_`` in front; two ID numbers that become the same id are reported);
    notation = the ID number as written; text = the description (for description formats
    ``1`` HTML and ``0`` Moodle auto-format: tags removed, entities decoded, ``<br>`` and
    block ends as line breaks, other whitespace runs as one space; formats ``2`` plain and
    ``4`` Markdown verbatim), or the short name when there is no description; title = the
    short name when it differs from the text;
  - the kind comes from the framework's taxonomy term for the element's depth (Moodle
    falls back to ``competency`` past the end of the list): :data:`KIND_OF_TAXONOMY`, and
    ``competency`` is a ``unit`` when the element has children, else a ``criterion``;
  - *Parent ID number* gives ``contains`` (siblings in row order); *Cross-referenced
    competency ID numbers* (Moodle's undirected "related competencies") give one
    ``skos:relatedMatch`` per pair, from the row that lists it first.
  - Rules (rule type, outcome, config) and the exported id are not read.

Moodle's CSV dialect: comma-separated, ``"`` quoting with doubled quotes, UTF-8 (a BOM is
allowed), a header row and the same number of cells in every row; the 14 columns are read
by position, as Moodle reads them. A header that does not use Moodle's English names (the
current spelling, e.g. ``Short name``, or the older ``Shortname``) — the file of a Moodle
site in another language has translated headers — is read all the same, with a
:class:`~competency.errors.FormatWarning` naming the first column that differs; further
columns are ignored. Cells are not limited in length (the ``csv`` module's field size
limit is raised, never lowered, to the length of the text when it is smaller).

A cell starting with ``'`` before ``= + - @``, a tab, a CR or another ``'`` loses that
``'``: :func:`competency.formats.moodle.to_moodle_csv` writes it so that a spreadsheet does
not run the cell as a formula (OWASP "CSV injection").

Every problem is reported at once, each at a :class:`~competency.errors.Position` (line and
column): fewer than 14 columns, a row with the wrong number of cells, an unterminated
quote, no or two framework rows, an empty or duplicate ID number, an ID number over
Moodle's 100 characters, a missing parent, a cross-reference to no row, an unknown taxonomy
term or description format, bad JSON in our column, and the structural problems (cycles) of
the resulting framework.

Examples
--------
>>> import competency
>>> from competency.formats._moodle_write import to_moodle_csv
>>> from competency.formats.moodle import loads_moodle_csv
>>> fw = competency.load("he-pt-policy")
>>> loads_moodle_csv(to_moodle_csv(fw)) == fw
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from competency._files import decode_utf8
from competency.errors import INPUT, DocumentError, Location, Position, Problem
from competency.formats._common import (
    Add,
    build_framework,
    collect,
    element_or_problem,
    order_relations,
    slug,
)
from competency.formats._moodle_cells import (
    check_header,
    html_to_text,
    is_true,
    json_cell,
    local_id,
    read_rows,
)
from competency.formats._moodle_write import COLUMNS, MAX_LENGTH
from competency.model import (
    LOCAL_ID_PATTERN,
    Element,
    ElementKind,
    Framework,
    Relation,
    RelationType,
    element_class,
)

__all__ = ["KIND_OF_TAXONOMY", "html_to_text", "loads_moodle_csv"]

KIND_OF_TAXONOMY: Mapping[str, ElementKind | None] = {
    "behaviour": ElementKind.CRITERION, "competency": None,
    "concept": ElementKind.KNOWLEDGE, "domain": ElementKind.SECTION,
    "indicator": ElementKind.CRITERION, "level": ElementKind.SCOPE,
    "outcome": ElementKind.EXPECTATION, "practice": ElementKind.DUTY,
    "proficiency": ElementKind.REQUIREMENT, "skill": ElementKind.CRITERION,
    "value": ElementKind.ATTRIBUTE,
}
"""The kind of an element at a depth with this Moodle taxonomy term (``None`` for
``competency``: a unit if the element has children, else a criterion)."""

_LOCAL = re.compile(rf"\A{LOCAL_ID_PATTERN}\Z")
_FRAMEWORK_ID = re.compile(r"\A[A-Za-z][A-Za-z0-9_.-]*\Z")
_FORMATS = {"0": "Moodle auto-format", "1": "HTML", "2": "plain text", "4": "Markdown"}
_PARENT, _ID, _SHORT, _DESC, _FORMAT, _SCALE, _SCALE_CONFIG = range(7)
_RELATED, _FRAMEWORK, _TAXONOMY = 10, 12, 13
_ELEMENT_KEYS = frozenset(("kind", "notation", "title", "alt_titles", "note", "location",
                           "category", "necessity", "assessed_by", "relations", "text"))
_META_KEYS = frozenset(("title", "base_iri", "publisher", "version", "date", "rights",
                        "source", "description", "annotations", "element_order",
                        "relation_order"))


def loads_moodle_csv(
    text: str | bytes, *, file: str = INPUT, framework_id: str | None = None
) -> Framework:
    """Parse a Moodle competency framework CSV into a framework.

    Parameters
    ----------
    text : str or bytes
        The CSV (UTF-8 when bytes).
    file : str
        The name to report in errors.
    framework_id : str, optional
        The framework id to use for a file without our JSON column (default: from the
        framework row's ID number).

    Raises
    ------
    DocumentError
        With every problem, each at a :class:`~competency.errors.Position` (``line N,
        column M``; columns count from 1).
    """
    text = decode_utf8(text, file=file, expected="a CSV file encoded as UTF-8")
    problems: list[Problem] = []
    add = collect(problems, file)
    rows = read_rows(text, add)
    if not rows:
        raise DocumentError(problems or [Problem(
            file=file, location=Position(1), message="no header row",
            expected="the header " + ",".join(COLUMNS))])
    header_line, header = rows[0]
    extra = check_header(header, header_line, add, file)
    if problems:
        raise DocumentError(problems)

    body: list[tuple[int, list[str]]] = []
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            add(Position(line), f"{len(row)} cells for {len(header)} columns",
                "one cell per column, as in the header (Moodle refuses the file otherwise)")
            continue
        body.append((line, row))

    def at(line: int, column: int) -> Position:
        return Position(line, column + 1)

    # -- the framework row ---------------------------------------------------------------
    framework_rows = [(line, row) for line, row in body if is_true(row[_FRAMEWORK])]
    for line, _ in framework_rows[1:]:
        add(at(line, _FRAMEWORK), "a second framework row (Is framework is set)",
            f"one framework row (the first is on line {framework_rows[0][0]})")
    if not framework_rows:
        add(Position(header_line + 1), "no framework row",
            "one row with Is framework = 1, holding the framework's ID number and name")
        raise DocumentError(problems)
    frame_line, frame = framework_rows[0]
    meta = json_cell(frame, extra, frame_line, add, _META_KEYS)
    own = meta is not None
    meta = meta or {}
    taxonomies = [t.strip() for t in frame[_TAXONOMY].split(",")] if frame[_TAXONOMY] else []
    for term in taxonomies:
        if term and term not in KIND_OF_TAXONOMY:
            add(at(frame_line, _TAXONOMY), f"unknown taxonomy term {term!r}",
                "comma-separated terms from " + ", ".join(KIND_OF_TAXONOMY))
    element_rows = [(line, row) for line, row in body if line != frame_line
                    and not is_true(row[_FRAMEWORK])]

    # -- ids and parents -----------------------------------------------------------------
    local_of: dict[str, str] = {}
    line_of: dict[str, int] = {}
    owner_of_local: dict[str, str] = {}
    usable: list[tuple[int, list[str], str]] = []
    for line, row in element_rows:
        number = row[_ID]
        if not number.strip():
            add(at(line, _ID), "empty ID number", "an ID number (Moodle skips the row "
                "and everything under it)")
            continue
        if number in line_of:
            problems.append(Problem(
                file=file, location=at(line, _ID), message=f"duplicate ID number {number!r}",
                expected="each ID number once in a framework",
                related=Position(line_of[number]), related_as="first on"))
            continue
        if len(number) > MAX_LENGTH:
            add(at(line, _ID), f"ID number of {len(number)} characters",
                f"at most {MAX_LENGTH} characters (Moodle truncates longer ones)")
        local = local_id(number)
        if local in owner_of_local:
            add(at(line, _ID), f"ID numbers {owner_of_local[local]!r} and {number!r} both "
                f"become the id {local!r}", "ID numbers that differ in letters or digits")
            continue
        owner_of_local[local] = number
        line_of[number] = line
        local_of[number] = local
        usable.append((line, row, number))

    fid = _framework_id(own, framework_id, frame)
    has_children = {row[_PARENT] for _, row, _ in usable if row[_PARENT]}
    depth_of = _depths(usable, local_of)

    # -- elements ------------------------------------------------------------------------
    elements: list[Element] = []
    element_at: list[Location] = []
    contains: list[tuple[Relation, Location]] = []
    others: list[tuple[Relation, Location]] = []
    related_pairs: set[frozenset[str]] = set()
    for line, row, number in usable:
        curie = f"{fid}:{local_of[number]}"
        parent = row[_PARENT]
        if parent:
            if parent not in local_of:
                add(at(line, _PARENT), f"parent ID number {parent!r} is not the ID number "
                    "of any row", "the ID number of another row, or nothing for a top-level "
                    "competency (Moodle silently drops rows with a missing parent)")
            else:
                contains.append((Relation(f"{fid}:{local_of[parent]}",
                                          RelationType.CONTAINS, curie), at(line, _PARENT)))
        extras = json_cell(row, extra, line, add, _ELEMENT_KEYS)
        if extras == {}:
            continue  # bad JSON, reported
        if extras is not None:
            fields, relations = _own_fields(extras, row, curie, at(line, extra or 0), add)
            for relation_type, target in relations:
                if target not in local_of:
                    add(at(line, extra or 0), f"relation to {target!r}, which is not the ID "
                        "number of any row", "targets that are ID numbers in this file")
                    continue
                others.append((Relation(curie, relation_type, f"{fid}:{local_of[target]}"),
                               at(line, extra or 0)))
        else:
            fields = _moodle_fields(row, number, curie, line, add)
            if fields is None:
                continue
            depth = depth_of.get(number, 1)
            term = taxonomies[depth - 1] if depth <= len(taxonomies) else ""
            kind = KIND_OF_TAXONOMY.get(term or "competency", ElementKind.CRITERION)
            if kind is None:
                kind = ElementKind.UNIT if number in has_children else ElementKind.CRITERION
            fields["kind"] = kind.value
            for raw in row[_RELATED].split(",") if row[_RELATED] else []:
                target = raw.replace("%2C", ",")
                if target not in local_of:
                    add(at(line, _RELATED), f"cross-reference {target!r} is not the ID "
                        "number of any row", "comma-separated ID numbers of rows in this file")
                    continue
                pair = frozenset((number, target))
                if pair not in related_pairs and target != number:
                    related_pairs.add(pair)
                    others.append((Relation(curie, RelationType.RELATED_MATCH,
                                            f"{fid}:{local_of[target]}"), at(line, _RELATED)))
        if fields is None:
            continue
        kind_name = fields.pop("kind")
        cls = element_class(kind_name)
        element = element_or_problem(cls, fields, add, Position(line))
        if element is not None:
            elements.append(element)
            element_at.append(at(line, _ID))
    if problems:
        in_order: list[Problem] = sorted(problems, key=_position)
        raise DocumentError(in_order)

    # -- order and metadata --------------------------------------------------------------
    order = meta.get("element_order")
    if isinstance(order, list):
        position = {f"{fid}:{local_of.get(str(n), str(n))}": i for i, n in enumerate(order)}
        paired = sorted(zip(elements, element_at, strict=True),
                        key=lambda p: position.get(p[0].id, len(position)))
        elements, element_at = [p[0] for p in paired], [p[1] for p in paired]
    pairs = [*contains, *others]
    relation_order = meta.get("relation_order")
    if isinstance(relation_order, list):
        keys = [f"{fid}:{local_of.get(s, s)} {t} {fid}:{local_of.get(o, o)}"
                for s, t, o in (r for r in relation_order
                                if isinstance(r, list) and len(r) == 3)]
        where = {id(r): a for r, a in pairs}
        ordered = order_relations([r for r, _ in pairs], keys)
        pairs = [(r, where[id(r)]) for r in ordered]
    metadata: dict[str, Any] = {"id": fid}
    if own:
        for key in ("title", "base_iri", "publisher", "version", "date", "rights", "source"):
            if key in meta:
                metadata[key] = meta[key]
        metadata["annotations"] = meta.get("annotations", [])
    else:
        metadata["title"] = frame[_SHORT].strip() or fid
        metadata["base_iri"] = f"urn:x-competency:{fid}/"
        notes = [("moodle:scale_values", frame[_SCALE]),
                 ("moodle:scale_configuration", frame[_SCALE_CONFIG]),
                 ("moodle:taxonomies", frame[_TAXONOMY])]
        metadata["annotations"] = [(k, [v]) for k, v in notes if v.strip()]
    metadata.setdefault("title", fid)
    metadata.setdefault("base_iri", f"urn:x-competency:{fid}/")
    description = meta.get("description", frame[_DESC])
    if not own and frame[_FORMAT].strip() in ("", "0", "1"):
        description = html_to_text(description)
    if description and description.strip():
        metadata["description"] = description
    return build_framework(
        metadata, elements, [r for r, _ in pairs], file=file, element_at=element_at,
        relation_at=[a for _, a in pairs], metadata_at=Position(frame_line),
    )


def _position(problem: Problem) -> tuple[int, int]:
    """Sort key: reading order of the problem's position (every problem here has one)."""
    where = problem.location
    if isinstance(where, Position):
        return (where.line or 0, where.column or 0)
    return (0, 0)  # pragma: no cover - every problem of a Moodle file has a Position


def _own_fields(
    extras: dict[str, Any], row: list[str], curie: str, where: Position,
    add: Add,
) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    kind = extras.get("kind")
    if kind not in {k.value for k in ElementKind}:
        add(where, f"unknown element kind {kind!r}",
            "one of " + ", ".join(k.value for k in ElementKind))
        return None, []
    fields: dict[str, Any] = {k: v for k, v in extras.items() if k != "relations"}
    fields["id"] = curie
    fields.setdefault("text", row[_DESC])
    relations: list[tuple[str, str]] = []
    raw = extras.get("relations", [])
    types = {t.value for t in RelationType if t is not RelationType.CONTAINS}
    if not isinstance(raw, list) or not all(
        isinstance(r, list) and len(r) == 2 and r[0] in types and isinstance(r[1], str)
        for r in raw
    ):
        add(where, f"bad relations {raw!r}",
            "a list of [type, target ID number] with a type among " + ", ".join(sorted(types)))
    else:
        relations = [(t, o) for t, o in raw]
    return fields, relations


def _moodle_fields(
    row: list[str], number: str, curie: str, line: int, add: Add,
) -> dict[str, Any] | None:
    short = row[_SHORT].strip()
    fmt = row[_FORMAT].strip()
    if fmt not in ("", *_FORMATS):
        add(Position(line, _FORMAT + 1), f"description format {fmt!r}",
            ", ".join(f"{k} ({v})" for k, v in _FORMATS.items()))
        return None
    description = row[_DESC]
    if fmt in ("", "0", "1"):
        description = html_to_text(description)
    if not short:
        add(Position(line, _SHORT + 1), "empty short name",
            "a short name (Moodle skips the row and everything under it)")
        return None
    text = description if description.strip() else short
    fields: dict[str, Any] = {"id": curie, "text": text, "notation": number.strip() or None}
    if short != text:
        fields["title"] = short
    return fields


def _framework_id(own: bool, given: str | None, frame: list[str]) -> str:
    number = frame[_ID].strip()
    if own:
        return number
    if given:
        return given
    if _FRAMEWORK_ID.match(number):
        return number
    return slug(number or frame[_SHORT], "moodle")


def _depths(usable: list[tuple[int, list[str], str]], local_of: dict[str, str]) -> dict[str, int]:
    parent_of = {number: row[_PARENT] for _, row, number in usable}
    depth: dict[str, int] = {}
    for number in parent_of:
        chain: list[str] = []
        node: str | None = number
        while node and node in parent_of and node not in depth and node not in chain:
            chain.append(node)
            node = parent_of[node] or None
        base = depth.get(node, 0) if node else 0
        for offset, item in enumerate(reversed(chain), start=1):
            depth[item] = base + offset
    return depth


