"""Deprecated: this module moved to :mod:`competency.formats.tabular` (one module per format,
reading and writing side by side). Importing ``competency.export.tabular`` still works,
re-exports the names it had, and issues a :class:`DeprecationWarning`; it will be removed in
a future release.
"""

from __future__ import annotations

import warnings

warnings.warn(
    "competency.export.tabular is deprecated: import from competency.formats.tabular instead",
    DeprecationWarning, stacklevel=2,
)

from competency.formats.tabular import (  # noqa: E402
    CSV_COLUMNS,
    to_csv,
)

__all__ = [
    "CSV_COLUMNS",
    "to_csv",
]
