"""CASE (1EdTech Competencies and Academic Standards Exchange) CFPackage JSON, both ways.

- :func:`loads` / :func:`read` take a CFPackage as CASE servers serve it (1.1, or 1.0 as
  OpenSALT does) and give a :class:`~competency.model.Framework`: items become elements,
  ``isChildOf`` the hierarchy (in ``sequenceNumber`` order), the other associations
  relations or annotations; identifiers and URIs are kept, so a framework taken from a CASE
  server and published back is the same framework. Quirks of real files (a
  ``sequenceNumber`` written as a string, an empty ``fullStatement``, associations leaving
  the package) are read with a :class:`~competency.errors.FormatWarning`; every problem of
  a bad file is reported at once, at its JSON pointer
  (:class:`~competency.errors.Pointer`).
- :func:`dumps` / :func:`write` give a CASE 1.1 CFPackage (``case_version="1.0"`` for what
  OpenSALT's importer accepts), with ``CFDefinitions``, optional crosswalk associations
  and ``CFRubrics``; what CASE has no slot for goes under ``extensions["competency"]``, so
  reading the package back gives the framework unchanged.

:func:`to_case` gives the package as a dict; :func:`loads_case`, :func:`dumps_case` and
:func:`read_case` are the names these functions had in ``competency.importers.case`` and
``competency.export.case``.

Examples
--------
>>> import competency
>>> from competency.formats import case
>>> fw = competency.load("ls-nos")
>>> text = case.dumps(fw, last_change="2024-05-01T00:00:00+00:00")
>>> case.loads(text) == fw
True
>>> case.loads('{"CFDocument": {"title": "X"}, "CFItems": []}', file="pkg.json")
Traceback (most recent call last):
...
competency.errors.DocumentError: pkg.json:/CFDocument: missing 'identifier' — expected the document's UUID
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from competency.formats._case_read import loads_case
from competency.formats._case_write import (
    CASE_VERSION,
    CASE_VERSIONS,
    DEFAULT_LAST_CHANGE,
    EXTENSION_KEY,
    ITEM_TYPE_BASE,
    ITEM_TYPE_TITLES,
    case_uuid,
    dumps_case,
    last_change_of,
    to_case,
)
from competency.formats._io import PathLike, read_source, write_text

if TYPE_CHECKING:
    from competency.crosswalk import Crosswalk
    from competency.model import Framework
    from competency.rubric import Rubric

__all__ = [
    "CASE_VERSION",
    "CASE_VERSIONS",
    "DEFAULT_LAST_CHANGE",
    "EXTENSION_KEY",
    "ITEM_TYPE_BASE",
    "ITEM_TYPE_TITLES",
    "case_uuid",
    "dumps",
    "dumps_case",
    "last_change_of",
    "loads",
    "loads_case",
    "read",
    "read_case",
    "to_case",
    "write",
]

loads = loads_case
dumps = dumps_case


def read(path: PathLike, *, framework_id: str | None = None) -> Framework:
    """Read the CFPackage JSON file at `path` (see :func:`loads_case`).

    Raises
    ------
    DocumentError
        If the file cannot be read (missing, too large, ...) or is not a usable CFPackage.
    """
    data, file = read_source(path, expected="the path of a CASE JSON file (a CFPackage)")
    return loads_case(data, file=file, framework_id=framework_id)


def write(
    framework: Framework,
    path: PathLike,
    *,
    crosswalks: Iterable[Crosswalk] = (),
    rubrics: Iterable[Rubric] = (),
    last_change: str | None = None,
    case_version: str = CASE_VERSION,
) -> None:
    """Write `framework` as a CFPackage JSON file at `path`, atomically (see
    :func:`dumps_case` for the options).

    Examples
    --------
    >>> import competency, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "pt-nos.case.json"
    >>> write(competency.load("pt-nos"), path, case_version="1.0")
    >>> read(path) == competency.load("pt-nos")
    True
    """
    write_text(path, dumps_case(framework, crosswalks=crosswalks, rubrics=rubrics,
                                last_change=last_change, case_version=case_version))


read_case = read
