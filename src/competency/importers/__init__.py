"""Deprecated: the importers moved to :mod:`competency.formats` (one module per format, reading
and writing side by side). Importing ``competency.importers`` still works, re-exports the
names it had, and issues a :class:`DeprecationWarning`; it will be removed in a future
release.
"""

from __future__ import annotations

import warnings

warnings.warn(
    "competency.importers is deprecated: import from competency.formats instead",
    DeprecationWarning, stacklevel=2,
)

__all__: list[str] = []
