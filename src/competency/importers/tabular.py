"""Deprecated: this module moved to :mod:`competency.formats.tabular` (one module per format,
reading and writing side by side). Importing ``competency.importers.tabular`` still works,
re-exports the names it had, and issues a :class:`DeprecationWarning`; it will be removed in
a future release.
"""

from __future__ import annotations

import warnings

warnings.warn(
    "competency.importers.tabular is deprecated: import from competency.formats.tabular instead",
    DeprecationWarning, stacklevel=2,
)

from competency.formats.tabular import (  # noqa: E402
    OPTIONAL_COLUMNS,
    dumps_table,
    join_cell,
    loads_csv,
    read_csv,
    split_cell,
)

__all__ = [
    "OPTIONAL_COLUMNS",
    "dumps_table",
    "join_cell",
    "loads_csv",
    "read_csv",
    "split_cell",
]
