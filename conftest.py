"""pytest configuration for the whole repository: tests/, the doctests in src/ and the
examples in docs/ and README.md all see the same fixtures (like networkx/conftest.py).

Doctests get ``competency`` injected, so an example may use it without importing it.

Hypothesis runs under one profile: no per-example deadline and no "too slow" health check,
because CI and developers share 2-core machines under load — no test may depend on timing.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import competency

# The deprecated module paths (competency.importers, competency.export) warn when imported;
# tests/interop/test_deprecated_paths.py pins their warning and re-exports.
collect_ignore_glob = ["src/competency/importers/*", "src/competency/export/*"]

settings.register_profile(
    "competency",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("competency")


@pytest.fixture(autouse=True)
def _add_competency(doctest_namespace: dict[str, Any]) -> None:
    doctest_namespace["competency"] = competency
