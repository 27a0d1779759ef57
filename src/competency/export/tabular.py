"""The framework as a CSV table, one row per element.

The columns are a **contract** relied on by other tools: ``id,kind,notation,parent,text``
(``id`` and ``parent`` are CURIEs, ``parent`` empty for a root, ``text`` verbatim).

A cell a spreadsheet would run as a formula (one starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return; OWASP "CSV injection"), or one starting with ``'``, is written
with a ``'`` in front unless ``neutralise_formulas=False``;
:func:`competency.importers.tabular.loads_csv` takes it off again.

Examples
--------
>>> import competency
>>> from competency.export import to_csv
>>> print(to_csv(competency.load("ls-nos")).splitlines()[0])
id,kind,notation,parent,text
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from competency._formulas import neutralise_row
from competency.model import Framework

__all__ = ["CSV_COLUMNS", "to_csv"]

CSV_COLUMNS = ("id", "kind", "notation", "parent", "text")
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
