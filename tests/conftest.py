"""Shared fixtures; doctests get ``competency`` injected (like networkx/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest

import competency


@pytest.fixture(autouse=True)
def _add_competency(doctest_namespace: dict[str, Any]) -> None:
    doctest_namespace["competency"] = competency
