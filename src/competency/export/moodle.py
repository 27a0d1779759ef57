"""Deprecated: this module moved to :mod:`competency.formats.moodle` (one module per format,
reading and writing side by side). Importing ``competency.export.moodle`` still works,
re-exports the names it had, and issues a :class:`DeprecationWarning`; it will be removed in
a future release.
"""

from __future__ import annotations

import warnings

warnings.warn(
    "competency.export.moodle is deprecated: import from competency.formats.moodle instead",
    DeprecationWarning, stacklevel=2,
)

from competency.formats.moodle import (  # noqa: E402
    COLUMNS,
    DEFAULT_SCALE,
    EXTRA_COLUMN,
    TAXONOMY_OF_KIND,
    MoodleScale,
    element_rows,
    short_name,
    to_moodle_csv,
)

__all__ = [
    "COLUMNS",
    "DEFAULT_SCALE",
    "EXTRA_COLUMN",
    "TAXONOMY_OF_KIND",
    "MoodleScale",
    "element_rows",
    "short_name",
    "to_moodle_csv",
]
