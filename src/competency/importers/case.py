"""Deprecated: this module moved to :mod:`competency.formats.case` (one module per format,
reading and writing side by side). Importing ``competency.importers.case`` still works,
re-exports the names it had, and issues a :class:`DeprecationWarning`; it will be removed in
a future release.
"""

from __future__ import annotations

import warnings

warnings.warn(
    "competency.importers.case is deprecated: import from competency.formats.case instead",
    DeprecationWarning, stacklevel=2,
)

from competency.formats.case import (  # noqa: E402
    loads_case,
    read_case,
)

__all__ = [
    "loads_case",
    "read_case",
]
