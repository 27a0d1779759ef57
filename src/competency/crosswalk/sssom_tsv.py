"""Deprecated: SSSOM TSV moved to :mod:`competency.formats.sssom`.

This module re-exports the names it had and warns on import; it will be removed in a later
release. Import from :mod:`competency.formats.sssom` (or :mod:`competency.crosswalk`).
"""

from __future__ import annotations

import warnings

from competency.formats._sssom_header import REQUIRED_SET_SLOTS
from competency.formats._sssom_read import CrosswalkWarning, Draft, parse_sssom, sort_problems
from competency.formats._sssom_table import REQUIRED_COLUMNS
from competency.formats.sssom import dumps_sssom, loads_sssom, read_sssom, write_sssom

__all__ = ["CrosswalkWarning", "dumps_sssom", "loads_sssom", "read_sssom", "write_sssom"]

_ = (REQUIRED_COLUMNS, REQUIRED_SET_SLOTS, Draft, parse_sssom, sort_problems)

warnings.warn("competency.crosswalk.sssom_tsv is deprecated: import from "
              "competency.formats.sssom", DeprecationWarning, stacklevel=2)
