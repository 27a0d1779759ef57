"""The CSV of Moodle's competency framework import/export tool (``tool_lpimportcsv``), both
ways.

- :func:`loads` / :func:`read` take the file Moodle exports (its 14 columns read by
  position, as Moodle reads them, so a header in another language is read too, with a
  :class:`~competency.errors.FormatWarning`) or the file :func:`dumps` writes, and give a
  :class:`~competency.model.Framework`: the framework row gives the framework, the other
  rows elements, *Parent ID number* the hierarchy and the cross-references
  ``skos:relatedMatch`` relations; the kind of an element comes from the framework's
  taxonomy terms (:data:`KIND_OF_TAXONOMY`). Every problem is reported at once, at its
  line and column (:class:`~competency.errors.Position`).
- :func:`dumps` / :func:`write` give what Moodle's *Import competency framework* page
  reads: the 14 columns (:data:`COLUMNS`), a scale (:class:`MoodleScale`), taxonomy terms
  per depth (:data:`TAXONOMY_OF_KIND`), and what Moodle has no column for as JSON in a
  15th column Moodle ignores, so reading the file back gives the framework unchanged.

Cells a spreadsheet would run as a formula get a ``'`` in front (``neutralise_formulas``),
and lose it again on reading. :func:`loads_moodle_csv`, :func:`to_moodle_csv` and
:func:`read_moodle_csv` are the names these functions had in ``competency.importers.moodle``
and ``competency.export.moodle``.

Examples
--------
>>> import competency
>>> from competency.formats import moodle
>>> fw = competency.load("he-pt-policy")
>>> moodle.loads(moodle.dumps(fw)) == fw
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from competency.formats._io import PathLike, read_source, write_text
from competency.formats._moodle_read import KIND_OF_TAXONOMY, html_to_text, loads_moodle_csv
from competency.formats._moodle_write import (
    COLUMNS,
    DEFAULT_SCALE,
    EXTRA_COLUMN,
    TAXONOMY_OF_KIND,
    MoodleScale,
    element_rows,
    short_name,
    to_moodle_csv,
)

if TYPE_CHECKING:
    from competency.model import Framework

__all__ = [
    "COLUMNS",
    "DEFAULT_SCALE",
    "EXTRA_COLUMN",
    "KIND_OF_TAXONOMY",
    "TAXONOMY_OF_KIND",
    "MoodleScale",
    "dumps",
    "element_rows",
    "html_to_text",
    "loads",
    "loads_moodle_csv",
    "read",
    "read_moodle_csv",
    "short_name",
    "to_moodle_csv",
    "write",
]

loads = loads_moodle_csv
dumps = to_moodle_csv


def read(path: PathLike, *, framework_id: str | None = None) -> Framework:
    """Read the Moodle competency framework CSV at `path` (see :func:`loads_moodle_csv`).

    Raises
    ------
    DocumentError
        If the file cannot be read or is not a usable Moodle competency framework CSV.
    """
    data, file = read_source(
        path, expected="the path of a Moodle competency framework CSV file")
    return loads_moodle_csv(data, file=file, framework_id=framework_id)


def write(
    framework: Framework, path: PathLike, *, scale: MoodleScale = DEFAULT_SCALE,
    neutralise_formulas: bool = True,
) -> None:
    """Write `framework` as a Moodle competency framework CSV at `path`, atomically (see
    :func:`to_moodle_csv`).

    Examples
    --------
    >>> import competency, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "pt-nos.csv"
    >>> scale = MoodleScale(values=("No", "Yes"), default=2, proficient=(2,))
    >>> write(competency.load("pt-nos"), path, scale=scale)
    >>> read(path) == competency.load("pt-nos")
    True
    """
    write_text(path, to_moodle_csv(framework, scale=scale,
                                   neutralise_formulas=neutralise_formulas))


read_moodle_csv = read
