"""The framework as a CSV table, one row per element.

The columns are a **contract** relied on by other tools: ``id,kind,notation,parent,text``
(``id`` and ``parent`` are CURIEs, ``parent`` empty for a root, ``text`` verbatim).

Examples
--------
>>> import competency
>>> from competency.export import to_csv
>>> print(to_csv(competency.load("ls-nos")).splitlines()[0])
id,kind,notation,parent,text
"""

from __future__ import annotations

import csv
import io

from competency.model import Framework

__all__ = ["CSV_COLUMNS", "to_csv"]

CSV_COLUMNS = ("id", "kind", "notation", "parent", "text")


def to_csv(framework: Framework) -> str:
    """Return `framework` as CSV text with the contract columns, elements in source order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for element in framework.elements:
        parent = framework.parent(element.id)
        writer.writerow((
            element.id, element.kind.value, element.notation or "",
            "" if parent is None else parent.id, element.text,
        ))
    return buffer.getvalue()
