"""Deprecated: this module moved to :mod:`competency.formats.graphml` (one module per format,
reading and writing side by side). Importing ``competency.export.graphml`` still works,
re-exports the names it had, and issues a :class:`DeprecationWarning`; it will be removed in
a future release.
"""

from __future__ import annotations

import warnings

warnings.warn(
    "competency.export.graphml is deprecated: import from competency.formats.graphml instead",
    DeprecationWarning, stacklevel=2,
)

from competency.formats.graphml import (  # noqa: E402
    framework_graphml,
    to_graphml,
)

__all__ = [
    "framework_graphml",
    "to_graphml",
]
