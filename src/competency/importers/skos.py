"""Deprecated: this module moved to :mod:`competency.formats.skos` (one module per format,
reading and writing side by side). Importing ``competency.importers.skos`` still works,
re-exports the names it had, and issues a :class:`DeprecationWarning`; it will be removed in
a future release.
"""

from __future__ import annotations

import warnings

warnings.warn(
    "competency.importers.skos is deprecated: import from competency.formats.skos instead",
    DeprecationWarning, stacklevel=2,
)

from competency.formats.skos import (  # noqa: E402
    loads_skos,
    read_skos,
)

__all__ = [
    "loads_skos",
    "read_skos",
]
