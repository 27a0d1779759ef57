"""Frameworks as spreadsheet CSV, both ways: the contract CSV and the lossless table.

- :func:`to_csv` writes the **contract** columns ``id,kind,notation,parent,text``
  (:data:`CSV_COLUMNS`), one row per element in source order: a stable shape other tools
  rely on.
- :func:`dumps` (:func:`dumps_table`) writes the contract columns, the optional columns the
  framework uses (:data:`OPTIONAL_COLUMNS`: title, alt titles, note, ..., one column per
  relation type) and the framework's metadata as ``#`` YAML header lines, so nothing is
  lost; ``contract=True`` writes the contract CSV instead.
- :func:`loads` / :func:`read` (:func:`loads_csv`) read either (and any spreadsheet with
  at least ``id``, ``kind`` and ``text`` columns), reporting every bad row at once at its
  line and column (:class:`~competency.errors.Position`).

Cells a spreadsheet would run as a formula get a ``'`` in front (``neutralise_formulas``),
and lose it again on reading. :func:`loads_csv`, :func:`read_csv` and :func:`dumps_table`
are the names these functions had in ``competency.importers.tabular``, and :func:`to_csv`
in ``competency.export.tabular``.

Examples
--------
>>> import competency
>>> from competency.formats import tabular
>>> fw = competency.load("pt-nos")
>>> tabular.loads(tabular.dumps(fw)) == fw
True
>>> print(tabular.dumps(fw, contract=True).splitlines()[0])
id,kind,notation,parent,text
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from competency.formats._io import PathLike, read_source, write_text
from competency.formats._tabular_read import loads_csv, split_cell
from competency.formats._tabular_write import (
    CSV_COLUMNS,
    OPTIONAL_COLUMNS,
    dumps_table,
    join_cell,
    to_csv,
)

if TYPE_CHECKING:
    from competency.model import Framework

__all__ = [
    "CSV_COLUMNS",
    "OPTIONAL_COLUMNS",
    "dumps",
    "dumps_table",
    "join_cell",
    "loads",
    "loads_csv",
    "read",
    "read_csv",
    "split_cell",
    "to_csv",
    "write",
]

loads = loads_csv


def dumps(
    framework: Framework, *, contract: bool = False, neutralise_formulas: bool = True
) -> str:
    """Return `framework` as the lossless table (:func:`dumps_table`), or as the contract
    CSV (:func:`to_csv`) when `contract` is true."""
    if contract:
        return to_csv(framework, neutralise_formulas=neutralise_formulas)
    return dumps_table(framework, neutralise_formulas=neutralise_formulas)


def read(path: PathLike, *, framework_id: str | None = None) -> Framework:
    """Read the CSV file at `path` (see :func:`loads_csv`).

    Raises
    ------
    DocumentError
        If the file cannot be read or is not a usable framework table.
    """
    data, file = read_source(path, expected="the path of a CSV file")
    return loads_csv(data, file=file, framework_id=framework_id)


def write(
    framework: Framework, path: PathLike, *, contract: bool = False,
    neutralise_formulas: bool = True,
) -> None:
    """Write `framework` as CSV at `path`, atomically (see :func:`dumps`).

    Examples
    --------
    >>> import competency, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "pt-nos.csv"
    >>> write(competency.load("pt-nos"), path)
    >>> read(path) == competency.load("pt-nos")
    True
    """
    write_text(path, dumps(framework, contract=contract,
                           neutralise_formulas=neutralise_formulas))


read_csv = read
