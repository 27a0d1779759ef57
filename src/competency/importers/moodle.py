"""Deprecated: this module moved to :mod:`competency.formats.moodle` (one module per format,
reading and writing side by side). Importing ``competency.importers.moodle`` still works,
re-exports the names it had, and issues a :class:`DeprecationWarning`; it will be removed in
a future release.
"""

from __future__ import annotations

import warnings

warnings.warn(
    "competency.importers.moodle is deprecated: import from competency.formats.moodle instead",
    DeprecationWarning, stacklevel=2,
)

from competency.formats.moodle import (  # noqa: E402
    KIND_OF_TAXONOMY,
    html_to_text,
    loads_moodle_csv,
    read_moodle_csv,
)

__all__ = [
    "KIND_OF_TAXONOMY",
    "html_to_text",
    "loads_moodle_csv",
    "read_moodle_csv",
]
