"""Where the shipped data lives.

In an installed wheel the repository's ``frameworks/`` folder is packaged as
``competency/_data/frameworks``; in a source checkout (editable install) it is read from
the repository itself. Both are reached through :mod:`importlib.resources` traversables.
"""

from __future__ import annotations

import functools
import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

__all__ = ["data_root"]


@functools.cache
def data_root() -> Traversable:
    """The folder holding the shipped ``*.json`` frameworks, ``crosswalks/`` and ``rubrics/``."""
    packaged = resources.files("competency") / "_data" / "frameworks"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "frameworks"
    if checkout.is_dir():
        return checkout
    raise RuntimeError(  # an installation problem, not a user-input problem
        "competency's shipped data is missing: expected competency/_data/frameworks in the "
        f"installed package or {checkout} in a source checkout; reinstall competency"
    )
