"""Frameworks from (and to) a spreadsheet: the contract CSV plus optional columns.

The columns are the **contract** ``id,kind,notation,parent,text`` (what
:func:`competency.formats.tabular.to_csv` writes; ``notation`` and ``parent`` may be left out) and,
optionally, ``title``, ``alt_titles``, ``note``, ``location``, ``category``, ``necessity``,
``assessed_by``, ``underpins`` and one column per SKOS mapping predicate
(``skos:exactMatch`` ...). Cells holding several values (``alt_titles``, ``assessed_by``
and the relation columns, whose values are target ids) separate them with ``|``; a ``|`` or
``\\`` inside a value is written ``\\|`` / ``\\\\``. An empty cell is "not given".

Framework metadata may come first as ``#`` comment lines holding YAML, as in SSSOM TSV
(``# id: demo``, ``# title: Demo``, ``# base_iri: https://...``, ``publisher``,
``version``, ``date``, ``rights``, ``source``, ``description``, ``annotations`` and, when
the relations are not in row order, ``relation_order``). Without it the framework id is the
prefix of the element ids (``id`` may then be a local id when `framework_id` is given),
the title is the id and the base IRI is ``urn:x-competency:<id>/``.

:func:`dumps_table` writes all of this, so a framework survives the round trip unchanged;
:func:`loads_csv` reports every bad row at once, each at a
:class:`~competency.errors.Position` (``line N, column M``).

Examples
--------
>>> from competency.formats.tabular import loads_csv
>>> fw = loads_csv('''id,kind,notation,parent,text
... demo:U1,unit,U1,,Work safely.
... demo:U1.P1,criterion,P1,demo:U1,check the site
... ''')
>>> fw.id, fw.base_iri, [e.id for e in fw.children("demo:U1")]
('demo', 'urn:x-competency:demo/', ['demo:U1.P1'])
>>> import competency
>>> from competency.formats.tabular import dumps_table
>>> loads_csv(dumps_table(competency.load("pt-nos"))) == competency.load("pt-nos")
True
>>> loads_csv("id,kind,text\\ndemo:A,widget,x\\n,unit,y\\n", file="my.csv")
Traceback (most recent call last):
...
competency.errors.DocumentError: my.csv:line 2, column 2: unknown element kind 'widget' — expected one of unit, section, criterion, knowledge, attribute, scope, duty, requirement, expectation
my.csv:line 3, column 1: empty id — expected an element id such as 'demo:U1'
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any

from competency._files import decode_utf8
from competency._formulas import restore_row
from competency.errors import INPUT, DocumentError, Location, Position, Problem
from competency.formats._common import (
    Add,
    build_framework,
    collect,
    element_or_problem,
    order_relations,
)
from competency.formats._tabular_write import (
    CSV_COLUMNS,
    LIST_COLUMNS,
    META_KEYS,
    OPTIONAL_COLUMNS,
    RELATION_COLUMNS,
    TEXT_COLUMNS,
)
from competency.model import (
    Element,
    ElementKind,
    Framework,
    Relation,
    RelationType,
    Requirement,
    element_class,
)

__all__ = ["loads_csv", "split_cell"]

_REQUIRED = ("id", "kind", "text")
_KNOWN = frozenset((*CSV_COLUMNS, *OPTIONAL_COLUMNS))
_SPLIT = re.compile(r"(?<!\\)((?:\\\\)*)\|")


def loads_csv(
    text: str | bytes, *, file: str = INPUT, framework_id: str | None = None
) -> Framework:
    """Parse CSV text (with an optional ``#`` YAML header) into a framework.

    Raises
    ------
    DocumentError
        With every problem, each at a :class:`~competency.errors.Position` (``line N,
        column M``; columns count from 1).
    """
    text = decode_utf8(text, file=file, expected="a CSV file encoded as UTF-8")
    problems: list[Problem] = []
    add = collect(problems, file)
    meta, body, header_lines = _split_header(text, add)
    fid = meta.get("id") or framework_id
    # strict: a quote left open is an error, not a cell that swallows every later row
    reader = csv.reader(io.StringIO(body, newline=""), strict=True)
    try:
        columns = next(reader)
    except StopIteration:
        raise DocumentError(Problem(
            file=file, location=Position(header_lines + 1), message="no header row",
            expected="a header row naming the columns id,kind,notation,parent,text")) from None
    except csv.Error as exc:
        raise DocumentError(Problem(file=file, location=Position(header_lines + 1),
                                    message=f"not CSV: {exc}", expected="CSV text")) from None
    header_line = header_lines + reader.line_num
    index: dict[str, int] = {}
    for i, name in enumerate(columns):
        if name not in _KNOWN:
            add(Position(header_line, i + 1), f"unknown column {name!r}",
                "one of " + ", ".join(sorted(_KNOWN)))
        elif name in index:
            add(Position(header_line, i + 1), f"column {name!r} appears twice",
                "each column once")
        else:
            index[name] = i
    missing = [c for c in _REQUIRED if c not in index]
    if missing:
        add(Position(header_line), f"missing column(s) {', '.join(missing)}",
            "the columns id,kind,notation,parent,text")
        raise DocumentError(problems)

    rows: list[tuple[int, list[str]]] = []
    previous = reader.line_num
    try:
        for row in reader:
            rows.append((header_lines + previous + 1, restore_row(row)))
            previous = reader.line_num
    except csv.Error as exc:
        add(Position(header_lines + previous + 1), f"not CSV: {exc} (in the row that starts "
            "here)", "well-formed CSV: a cell that starts with '\"' ends with '\"' (write "
            "'\"\"' for a quote inside it)")
    if fid is None:
        fid = next((r[index["id"]].partition(":")[0] for _, r in rows
                    if len(r) > index["id"] and ":" in r[index["id"]]), None)

    elements: list[Element] = []
    element_at: list[Location] = []
    contains: list[tuple[Relation, Location]] = []
    others: list[tuple[Relation, Location]] = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            add(Position(line), f"{len(row)} cells for {len(columns)} columns",
                "one cell per column (quote cells holding commas or line breaks)")
            continue

        def cell(name: str, row: list[str] = row) -> str | None:
            i = index.get(name)
            return None if i is None or row[i] == "" else row[i]

        def at(name: str, line: int = line) -> Position:
            return Position(line, index[name] + 1)

        element_id = _curie(cell("id"), fid)
        if element_id is None:
            add(at("id"), "empty id", f"an element id such as '{fid or 'demo'}:U1'")
            continue
        kind = cell("kind")
        if kind not in {k.value for k in ElementKind}:
            add(at("kind"), f"unknown element kind {kind!r}",
                "one of " + ", ".join(k.value for k in ElementKind))
            continue
        fields: dict[str, Any] = {"id": element_id, "text": cell("text") or ""}
        for name in ("notation", *TEXT_COLUMNS):
            value = cell(name)
            if value is not None and (name not in ("category", "necessity")
                                      or kind == ElementKind.REQUIREMENT.value):
                fields[name] = value
        for name in LIST_COLUMNS:
            value = cell(name)
            if value is not None and (name == "alt_titles" or kind == "requirement"):
                fields[name] = split_cell(value)
        cls = element_class(kind)
        for name in ("category", "necessity", "assessed_by"):
            if cell(name) is not None and cls is not Requirement:
                add(at(name), f"{name} given for a {kind}", "no value (only requirements)")
        element = element_or_problem(cls, fields, add, Position(line))
        if element is None:
            continue
        elements.append(element)
        element_at.append(Position(line, index["id"] + 1))
        parent = _curie(cell("parent"), fid)
        if parent is not None:
            contains.append((Relation(parent, RelationType.CONTAINS, element_id), at("parent")))
        for name in RELATION_COLUMNS:
            value = cell(name)
            for target in split_cell(value) if value is not None else []:
                target_id = _curie(target, fid) or target
                others.append((Relation(element_id, name, target_id), at(name)))
    if problems:
        raise DocumentError(problems)
    if fid is None:
        raise DocumentError(Problem(file=file, location=Position(header_line + 1),
                                    message="no element ids with a framework prefix",
                                    expected="ids such as 'demo:U1', or a '# id: demo' header"))
    pairs = order_relations_with_at([*contains, *others], meta.get("relation_order", []))
    metadata: dict[str, Any] = {key: meta[key] for key in META_KEYS[3:] if key in meta}
    metadata.update(id=fid, title=meta.get("title", fid),
                    base_iri=meta.get("base_iri", f"urn:x-competency:{fid}/"),
                    annotations=meta.get("annotations", {}))
    return build_framework(
        metadata, elements, [r for r, _ in pairs], file=file, element_at=element_at,
        relation_at=[a for _, a in pairs], metadata_at=Position(1),
    )


def order_relations_with_at(
    pairs: Sequence[tuple[Relation, Location]], order: Sequence[str]
) -> list[tuple[Relation, Location]]:
    """:func:`order_relations`, carrying each relation's location along."""
    where = {id(r): a for r, a in pairs}
    ordered = order_relations([r for r, _ in pairs], order)
    return [(r, where[id(r)]) for r in ordered]


def _curie(value: str | None, fid: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    return value if ":" in value or fid is None else f"{fid}:{value}"


def split_cell(value: str) -> list[str]:
    r"""Split a multi-value cell at unescaped ``|`` and unescape ``\|`` and ``\\``."""
    parts, start = [], 0
    for match in _SPLIT.finditer(value):
        parts.append(value[start:match.end(1)])
        start = match.end()
    parts.append(value[start:])
    return [re.sub(r"\\(.)", r"\1", p) for p in parts]


def _split_header(
    text: str, add: Add
) -> tuple[dict[str, Any], str, int]:
    lines: list[str] = []
    start = 0  # walk the text by position: slicing the rest per line would be quadratic
    while text.startswith("#", start):
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        lines.append(line[1:].removeprefix(" ").rstrip("\r"))
        start = len(text) if end < 0 else end + 1
    rest = text[start:]
    if not lines:
        return {}, rest, 0
    import yaml

    from competency._yaml import MAX_YAML_VALUES, check_bounds

    header = "\n".join(lines)
    try:
        # aliases and nesting bounded (issue 17); a header without aliases stands for fewer
        # values than it has characters, so a bound that grows with the header still stops
        # alias bombs while a long relation_order (one value per relation) is read
        check_bounds(header, max_values=max(MAX_YAML_VALUES, len(header)))
        meta = yaml.load(header, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Position(mark.line + 1) if mark is not None else Position(1)
        add(where, f"the '#' header is not YAML: {getattr(exc, 'problem', exc)}",
            "'# key: value' lines")
        return {}, rest, len(lines)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        add(Position(1), "the '#' header is not a mapping", "'# key: value' lines")
        return {}, rest, len(lines)
    for key, value in meta.items():
        ok = (key in META_KEYS and isinstance(value, str)) or (
            key == "relation_order" and isinstance(value, list)
            and all(isinstance(v, str) for v in value)) or (
            key == "annotations" and isinstance(value, dict) and all(
                isinstance(v, list) and all(isinstance(x, str) for x in v)
                for v in value.values()))
        if not ok:
            add(Position(_header_line(lines, key)), f"header key {key!r}: bad value {value!r}",
                "text for " + ", ".join(META_KEYS)
                + "; lists of text for annotations and relation_order")
    return meta, rest, len(lines)


def _header_line(lines: list[str], key: object) -> int:
    for number, line in enumerate(lines, start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1
