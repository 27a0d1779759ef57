"""Hypothesis strategies for mappings and crosswalks (any valid SSSOM content we model)."""

from __future__ import annotations

import string
from typing import Any

from hypothesis import strategies as st

from competency.crosswalk import Crosswalk, Justification, Mapping, Predicate

# pandas (under the reference sssom reader) turns these cell values into "no value"
PANDAS_NA = frozenset({
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
    "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
})

_ALPHABET = st.characters(
    blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="|"
)

texts = st.text(_ALPHABET, min_size=1, max_size=12).map(str.strip).filter(
    lambda s: bool(s) and s not in PANDAS_NA
)
"""One line of text, as SSSOM TSV cells can hold (quotes, '#', unicode included)."""

locals_ = st.text(string.ascii_letters + string.digits + "_.-/", min_size=1, max_size=6)
dates = st.dates().map(lambda d: d.isoformat())
unit = st.floats(0.0, 1.0, allow_nan=False)


@st.composite
def mappings(draw: Any, subject: str = "a", object: str = "b") -> Mapping:
    """A mapping from a `subject`-prefixed element to an `object`-prefixed one."""
    optional = st.none() | texts
    return Mapping(
        subject_id=f"{subject}:{draw(locals_)}",
        predicate_id=draw(st.sampled_from(Predicate)),
        object_id=f"{object}:{draw(locals_)}",
        mapping_justification=draw(st.sampled_from(Justification)),
        confidence=draw(st.none() | unit),
        predicate_modifier=draw(st.sampled_from((None, None, "Not"))),
        subject_label=draw(optional),
        object_label=draw(optional),
        author_id=draw(st.lists(locals_.map(lambda x: f"orcid:{x}"), max_size=2)),
        author_label=draw(st.lists(texts, max_size=2)),
        mapping_date=draw(st.none() | dates),
        comment=draw(optional),
        similarity_score=draw(st.none() | unit),
        similarity_measure=draw(optional),
        reviewer_id=draw(st.lists(locals_.map(lambda x: f"orcid:{x}"), max_size=2)),
        reviewer_label=draw(st.lists(texts, max_size=2)),
        mapping_tool=draw(optional),
        mapping_tool_version=draw(optional),
        see_also=draw(st.lists(locals_.map(lambda x: f"https://example.org/{x}"), max_size=2)),
    )


def _consistent(items: list[Mapping]) -> list[Mapping]:
    """Drop mappings that would repeat a triple, or clash with an earlier one."""
    kept: list[Mapping] = []
    for m in items:
        if any(k.subject_id == m.subject_id and k.object_id == m.object_id for k in kept):
            continue
        kept.append(m)
    return kept


@st.composite
def crosswalks(draw: Any) -> Crosswalk:
    """A valid crosswalk from prefix ``a`` to prefix ``b`` (at most one mapping per pair)."""
    items = _consistent(draw(st.lists(mappings(), max_size=5)))
    optional = st.none() | texts
    return Crosswalk(
        mapping_set_id=f"https://example.org/{draw(locals_)}",
        mappings=items,
        curie_map={"a": "https://example.org/a/", "b": "https://example.org/b/",
                   "orcid": "https://orcid.org/", "competency": "https://w3id.org/competency/"},
        license="https://creativecommons.org/licenses/by/4.0/",
        mapping_set_version=draw(optional),
        mapping_set_title=draw(optional),
        mapping_set_description=draw(optional),
        creator_id=draw(st.lists(locals_.map(lambda x: f"orcid:{x}"), max_size=2)),
        creator_label=draw(st.lists(texts, max_size=2)),
        subject_source="competency:a",
        object_source="competency:b",
        mapping_date=draw(st.none() | dates),
        comment=draw(optional),
    )
