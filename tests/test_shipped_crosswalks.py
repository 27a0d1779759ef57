"""Every shipped crosswalk fits the shipped frameworks as they are now."""

from __future__ import annotations

import pytest

import competency
from competency.crosswalk import available_crosswalks, load_crosswalk

SHIPPED = [("pt-nos", "ls-nos"), ("fe-pt-role", "pt-nos"), ("he-pt-policy", "pt-nos"),
           ("pt-self-assessment", "pt-nos")]


def test_the_expected_crosswalks_are_shipped() -> None:
    assert set(SHIPPED) <= set(available_crosswalks())


@pytest.mark.parametrize(("subject", "object_"), SHIPPED)
def test_every_label_is_the_current_text_of_its_element(subject: str, object_: str) -> None:
    crosswalk = load_crosswalk(subject, object_)
    frameworks = {subject: competency.load(subject), object_: competency.load(object_)}

    def label(element_id: str) -> str:
        element = frameworks[element_id.partition(":")[0]].element(element_id)
        return element.title if element.title is not None else element.text

    stale = [
        (m.subject_id, m.object_id) for m in crosswalk.mappings
        if m.subject_label != label(m.subject_id) or m.object_label != label(m.object_id)
    ]
    assert stale == []


@pytest.mark.parametrize(("subject", "object_"), SHIPPED)
def test_every_curated_row_says_why(subject: str, object_: str) -> None:
    for mapping in load_crosswalk(subject, object_).mappings:
        assert mapping.mapping_justification == "semapv:ManualMappingCuration"
        assert mapping.comment
        assert len(mapping.comment) > 20
        assert mapping.confidence is not None
        assert 0 < mapping.confidence <= 1
