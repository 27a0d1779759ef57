"""Small documents for tests (valid and broken)."""

from __future__ import annotations

import copy
from typing import Any

VALID: dict[str, Any] = {
    "format": "competency-framework/1",
    "id": "demo",
    "title": "Demo standards",
    "base_iri": "https://example.org/demo/",
    "elements": [
        {"id": "demo:U1", "kind": "unit", "notation": "U1", "title": "Work safely",
         "text": "This unit is about working safely."},
        {"id": "demo:U1.P1", "kind": "criterion", "notation": "P1", "text": "check the site"},
        {"id": "demo:U1.K1", "kind": "knowledge", "notation": "K1", "text": "site rules"},
        {"id": "demo:U2", "kind": "unit", "notation": "U2", "text": "Report."},
    ],
    "relations": [
        {"source": "demo:U1", "type": "contains", "target": "demo:U1.P1"},
        {"source": "demo:U1", "type": "contains", "target": "demo:U1.K1"},
        {"source": "demo:U1.K1", "type": "underpins", "target": "demo:U1.P1"},
    ],
}


def valid() -> dict[str, Any]:
    """A fresh deep copy of :data:`VALID` to mutate."""
    return copy.deepcopy(VALID)
