"""A small valid rubric document for tests, and builders for variations."""

from __future__ import annotations

import copy
from typing import Any

SMALL: dict[str, Any] = {
    "format": "competency-rubric/1",
    "id": "mini",
    "title": "Mini rubric",
    "base_iri": "https://example.org/mini/",
    "levels": [
        {"id": "low", "label": "Low", "points": 1},
        {"id": "mid", "label": "Mid", "points": 2},
        {"id": "top", "label": "Top", "points": 4},
    ],
    "themes": [
        {"id": "mini:A", "title": "Alpha", "descriptors": [
            {"level": "low", "text": "a1"}, {"level": "mid", "text": "a2"},
            {"level": "top", "text": "a3"}]},
        {"id": "mini:B", "title": "Beta", "descriptors": [
            {"level": "low", "text": "b1"}, {"level": "mid", "text": "b2"},
            {"level": "top", "text": "b3"}]},
    ],
    "band_schemes": [
        {"id": "overall", "title": "Overall", "bands": [
            {"id": "weak", "label": "Weak", "low": 0, "high": 3},
            {"id": "strong", "label": "Strong", "low": 4, "high": 8}]},
    ],
}


def small() -> dict[str, Any]:
    """A fresh deep copy of :data:`SMALL` to mutate."""
    return copy.deepcopy(SMALL)
