"""Deprecated: this module moved to :mod:`competency.formats.case` (one module per format,
reading and writing side by side). Importing ``competency.export.case`` still works,
re-exports the names it had, and issues a :class:`DeprecationWarning`; it will be removed in
a future release.
"""

from __future__ import annotations

import warnings

warnings.warn(
    "competency.export.case is deprecated: import from competency.formats.case instead",
    DeprecationWarning, stacklevel=2,
)

from competency.formats.case import (  # noqa: E402
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

__all__ = [
    "CASE_VERSION",
    "CASE_VERSIONS",
    "DEFAULT_LAST_CHANGE",
    "EXTENSION_KEY",
    "ITEM_TYPE_BASE",
    "ITEM_TYPE_TITLES",
    "case_uuid",
    "dumps_case",
    "last_change_of",
    "to_case",
]
