"""The framework as a CSV table, one row per element.

The columns are a **contract** relied on by other tools: ``id,kind,notation,parent,text``
(``id`` and ``parent`` are CURIEs, ``parent`` empty for a root, ``text`` verbatim).

A cell a spreadsheet would run as a formula (one starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return; OWASP "CSV injection"), or one starting with ``'``, is written
with a ``'`` in front unless ``neutralise_formulas=False``;
:func:`competency.formats.tabular.loads_csv` takes it off again.

Examples
--------
>>> import competency
>>> from competency.formats.tabular import to_csv
>>> print(to_csv(competency.load("ls-nos")).splitlines()[0])
id,kind,notation,parent,text
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from competency._formulas import neutralise_row
from competency.formats._common import relation_key
from competency.model import Element, Framework, Relation, RelationType

__all__ = ["CSV_COLUMNS", "OPTIONAL_COLUMNS", "dumps_table", "join_cell", "to_csv"]

CSV_COLUMNS = ("id", "kind", "notation", "parent", "text")
"""The contract columns, in order."""
TEXT_COLUMNS = ("title", "note", "location", "category", "necessity")
LIST_COLUMNS = ("alt_titles", "assessed_by")
RELATION_COLUMNS = tuple(t.value for t in RelationType if t is not RelationType.CONTAINS)
OPTIONAL_COLUMNS = (*TEXT_COLUMNS[:1], "alt_titles", *TEXT_COLUMNS[1:], "assessed_by",
                    *RELATION_COLUMNS)
"""The optional columns, in the order :func:`dumps_table` writes them."""
META_KEYS = ("id", "title", "base_iri", "publisher", "version", "date", "rights", "source",
             "description")
"""The framework fields of the ``#`` YAML header."""
_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def to_csv(framework: Framework, *, neutralise_formulas: bool = True) -> str:
    """Return `framework` as CSV text with the contract columns, elements in source order.

    Parameters
    ----------
    framework : Framework
        The framework to write.
    neutralise_formulas : bool
        Put a ``'`` in front of cells a spreadsheet would run as a formula (default).

    Examples
    --------
    >>> from competency.model import Framework, Unit
    >>> fw = Framework(id="d", title="D", base_iri="https://example.org/d/",
    ...                elements=[Unit(id="d:U1", text="=1+1")])
    >>> to_csv(fw).splitlines()[1]
    "d:U1,unit,,,'=1+1"
    """
    buffer = io.StringIO()
    buffer.write(_line(CSV_COLUMNS))
    for element in framework.elements:
        parent = framework.parent(element.id)
        row = (element.id, element.kind.value, element.notation or "",
               "" if parent is None else parent.id, element.text)
        buffer.write(_line(neutralise_row(row) if neutralise_formulas else row))
    return buffer.getvalue()


def _line(cells: Iterable[str]) -> str:
    """One CSV row ending in LF; unlike the csv module's writer with LF row ends, a cell
    holding a bare CR is quoted too (else a reader would end the row there)."""
    return ",".join(
        '"' + c.replace('"', '""') + '"' if _NEEDS_QUOTES.search(c) else c for c in cells
    ) + "\n"


def join_cell(values: Iterable[str]) -> str:
    """Join values into one cell, escaping ``\\`` and ``|``."""
    return "|".join(v.replace("\\", "\\\\").replace("|", "\\|") for v in values)


def dumps_table(framework: Framework, *, neutralise_formulas: bool = True) -> str:
    """Return `framework` as CSV with a ``#`` YAML metadata header, the contract columns and
    the optional columns it uses, so that :func:`loads_csv` gives it back unchanged.

    Cells a spreadsheet would run as a formula (starting with ``= + - @``, tab or CR) get a
    ``'`` in front unless `neutralise_formulas` is false (:mod:`competency._formulas`);
    :func:`loads_csv` takes it off again."""
    import yaml

    meta: dict[str, Any] = {}
    for key in META_KEYS:
        value = getattr(framework, key)
        if value is not None:
            meta[key] = value
    if framework.annotations:
        meta["annotations"] = {k: list(v) for k, v in framework.annotations}
    outgoing: dict[str, dict[str, list[str]]] = {}
    for relation in framework.relations:
        if relation.type is not RelationType.CONTAINS:
            outgoing.setdefault(relation.source, {}).setdefault(
                relation.type.value, []).append(relation.target)
    canonical = [r for r in framework.relations if r.type is RelationType.CONTAINS]
    position = {e.id: i for i, e in enumerate(framework.elements)}
    canonical.sort(key=lambda r: position[r.target])
    canonical += [Relation(e.id, t, target) for e in framework.elements
                  for t in RELATION_COLUMNS for target in outgoing.get(e.id, {}).get(t, [])]
    if canonical != list(framework.relations):
        meta["relation_order"] = [relation_key(r) for r in framework.relations]
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: ~10× faster
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    header = yaml.dump(meta, Dumper=dumper, allow_unicode=True, sort_keys=False,
                       width=2**31 - 1)
    if yaml.load(header, Loader=loader) != meta:  # e.g. a raw U+0085 reads as a line break
        header = yaml.dump(meta, Dumper=dumper, allow_unicode=False, sort_keys=False,
                           width=2**31 - 1)
    used = [c for c in OPTIONAL_COLUMNS if any(_value(framework, e, c, outgoing)
                                               for e in framework.elements)]
    columns = ["id", "kind", "notation", "parent", "text", *used]
    buffer = io.StringIO()
    for line in header.split("\n")[:-1]:
        buffer.write(f"# {line}\n")
    # CRLF row ends (RFC 4180) also make the writer quote cells holding a bare "\r"
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for element in framework.elements:
        parent = framework.parent(element.id)
        row = [
            element.id, element.kind.value, element.notation or "",
            "" if parent is None else parent.id, element.text,
            *(_value(framework, element, c, outgoing) for c in used),
        ]
        writer.writerow(neutralise_row(row) if neutralise_formulas else row)
    return buffer.getvalue()


def _value(
    framework: Framework, element: Element, column: str,
    outgoing: dict[str, dict[str, list[str]]],
) -> str:
    if column in RELATION_COLUMNS:
        return join_cell(outgoing.get(element.id, {}).get(column, []))
    value = getattr(element, column, None)
    if value is None:
        return ""
    return join_cell(value) if isinstance(value, tuple) else str(value)
