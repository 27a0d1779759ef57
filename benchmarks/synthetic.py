"""Synthetic frameworks at ESCO scale, for benchmarks (deterministic for a given seed).

ESCO v1.1 has about 3,000 occupations and 14,000 skills/knowledge concepts linked by about
130,000 relations; :func:`esco_scale_document` builds a framework document of that shape:
units in a two-level hierarchy, criteria and knowledge items under them, ``contains`` for
the hierarchy and ``underpins`` links from knowledge items to criteria for the rest.
"""

from __future__ import annotations

import random
from typing import Any

_WORDS = ["learner", "support", "progress", "assess", "plan", "review", "record", "feedback", "goal", "career", "skill", "knowledge", "safeguarding", "confidential", "referral", "evaluate", "quality", "organisation", "colleague", "develop", "practice", "reflect", "inclusive", "diversity", "equality", "wellbeing", "transition", "employ", "motivate", "barrier", "attendance", "data", "legal", "requirement", "resource", "technology", "communicate", "specialist", "partner", "target", "achievement", "independent", "autonomy", "guidance", "advice"]


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n))


def esco_scale_document(
    *, units: int = 3_000, items: int = 11_000, relations: int = 130_000, seed: int = 1,
    prefix: str = "esco",
) -> dict[str, Any]:
    """Return a framework document with `units` units, `items` criteria/knowledge items and
    about `relations` relations in all."""
    rng = random.Random(seed)
    elements: list[dict[str, Any]] = []
    rels: list[dict[str, str]] = []
    top = max(1, units // 10)
    unit_ids = [f"{prefix}:U{i}" for i in range(units)]
    for i, uid in enumerate(unit_ids):
        elements.append({"id": uid, "kind": "unit", "notation": f"U{i}",
                         "title": _text(rng, 4), "text": _text(rng, 20)})
        if i >= top:
            rels.append({"source": unit_ids[rng.randrange(top)], "type": "contains",
                         "target": uid})
    criteria, knowledge = [], []
    for j in range(items):
        kind = "criterion" if j % 2 == 0 else "knowledge"
        iid = f"{prefix}:I{j}"
        elements.append({"id": iid, "kind": kind, "notation": f"I{j}",
                         "text": _text(rng, rng.randint(6, 18))})
        rels.append({"source": unit_ids[rng.randrange(units)], "type": "contains",
                     "target": iid})
        (criteria if kind == "criterion" else knowledge).append(iid)
    seen: set[tuple[str, str]] = set()
    while len(rels) < relations:
        pair = (rng.choice(knowledge), rng.choice(criteria))
        if pair not in seen:
            seen.add(pair)
            rels.append({"source": pair[0], "type": "underpins", "target": pair[1]})
    return {
        "format": "competency-framework/1", "id": prefix, "title": "Synthetic ESCO-scale framework",
        "base_iri": f"https://example.org/{prefix}/", "elements": elements, "relations": rels,
    }
