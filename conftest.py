"""pytest configuration for the whole repository: tests/, the doctests in src/ and the
examples in docs/ and README.md all see the same fixtures (like networkx/conftest.py).

Doctests get ``competency`` injected, so an example may use it without importing it.
"""

from __future__ import annotations

from typing import Any

import pytest

import competency


@pytest.fixture(autouse=True)
def _add_competency(doctest_namespace: dict[str, Any]) -> None:
    doctest_namespace["competency"] = competency
