"""Deprecated: the exporters moved to :mod:`competency.formats` (one module per format, reading
and writing side by side). Importing ``competency.export`` still works, re-exports the names
it had, and issues a :class:`DeprecationWarning`; it will be removed in a future release.
"""

from __future__ import annotations

import warnings

warnings.warn(
    "competency.export is deprecated: import from competency.formats instead",
    DeprecationWarning, stacklevel=2,
)

from competency.formats.case import dumps_case, to_case  # noqa: E402
from competency.formats.graphml import to_graphml  # noqa: E402
from competency.formats.moodle import to_moodle_csv  # noqa: E402
from competency.formats.skos import dumps_skos  # noqa: E402
from competency.formats.tabular import CSV_COLUMNS, to_csv  # noqa: E402

__all__ = [
    "CSV_COLUMNS", "dumps_case", "dumps_skos", "to_case", "to_csv", "to_graphml", "to_moodle_csv",
]
