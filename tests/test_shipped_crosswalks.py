"""Every shipped crosswalk fits the shipped frameworks as they are now, and says honestly who
made it, under which terms and how sure it is (docs/crosswalk-criteria.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import competency
from competency.crosswalk import available_crosswalks, load_crosswalk

SHIPPED = [("pt-nos", "ls-nos"), ("fe-pt-role", "pt-nos"), ("he-pt-policy", "pt-nos"),
           ("pt-self-assessment", "pt-nos")]
CRITERIA = Path(__file__).parent.parent / "docs" / "crosswalk-criteria.md"
AI_AUTHOR = "competency:ai-assistant"
HUMAN_CURATION = "semapv:ManualMappingCuration"


def documented_confidences() -> set[float]:
    """The values of the confidence scale table in docs/crosswalk-criteria.md."""
    text = CRITERIA.read_text(encoding="utf-8")
    return {float(v) for v in re.findall(r"^\| (0\.\d+) \| ", text, flags=re.MULTILINE)}


def test_the_expected_crosswalks_are_shipped() -> None:
    assert set(SHIPPED) <= set(available_crosswalks())


def test_the_confidence_scale_is_documented() -> None:
    assert documented_confidences() == {0.95, 0.9, 0.8, 0.7, 0.6, 0.5}


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
def test_every_row_says_why_and_how_sure_on_the_documented_scale(
        subject: str, object_: str) -> None:
    scale = documented_confidences()
    for mapping in load_crosswalk(subject, object_).mappings:
        assert mapping.comment
        assert len(mapping.comment) > 20
        assert mapping.confidence in scale, (mapping.subject_id, mapping.object_id)


@pytest.mark.parametrize(("subject", "object_"), SHIPPED)
def test_no_row_claims_a_human_made_it(subject: str, object_: str) -> None:
    crosswalk = load_crosswalk(subject, object_)
    assert crosswalk.creator_id == (AI_AUTHOR,)
    for mapping in crosswalk.mappings:
        assert mapping.mapping_justification != HUMAN_CURATION
        assert mapping.author_id == (AI_AUTHOR,)
        assert "AI assistant" in mapping.author_label[0]


@pytest.mark.parametrize(("subject", "object_"), SHIPPED)
def test_every_row_names_the_ai_tool_that_made_it_and_no_reviewer(
        subject: str, object_: str) -> None:
    for mapping in load_crosswalk(subject, object_).mappings:
        assert mapping.mapping_tool is not None
        assert mapping.mapping_tool.startswith("AI assistant (large language model)")
        assert "second reading 2026-11-27" in (mapping.mapping_tool_version or "")
        assert mapping.reviewer_id == ()
        assert mapping.reviewer_label == ()


@pytest.mark.parametrize(("subject", "object_"), SHIPPED)
def test_the_set_comment_says_unreviewed_and_gives_the_label_texts_terms(
        subject: str, object_: str) -> None:
    comment = load_crosswalk(subject, object_).comment or ""
    assert "No person has reviewed any row" in comment
    assert "subject_label and object_label columns quote the publishers' texts" in comment
    for framework_id in (subject, object_):
        assert f"{framework_id} labels:" in comment


def test_the_non_commercial_terms_of_the_ls_nos_labels_are_stated() -> None:
    comment = load_crosswalk("pt-nos", "ls-nos").comment or ""
    assert "Crown Copyright 2007" in comment
    assert "non-commercial" in comment


@pytest.mark.parametrize(("subject", "object_"), SHIPPED)
def test_the_set_comment_counts_the_rows_there_are(subject: str, object_: str) -> None:
    crosswalk = load_crosswalk(subject, object_)
    found = re.search(r"(\d+) rows before, (\d+) after", crosswalk.comment or "")
    assert found is not None
    assert int(found.group(2)) == len(crosswalk.mappings)


ROWS = {("pt-nos", "ls-nos"): 156, ("fe-pt-role", "pt-nos"): 141,
        ("he-pt-policy", "pt-nos"): 95, ("pt-self-assessment", "pt-nos"): 57}


@pytest.mark.parametrize(("subject", "object_"), SHIPPED)
def test_each_crosswalk_has_the_rows_its_change_log_counts(subject: str, object_: str) -> None:
    assert len(load_crosswalk(subject, object_).mappings) == ROWS[(subject, object_)]


def test_ak12_1_has_its_pt_nos_counterparts() -> None:
    rows = {(m.subject_id, m.predicate_id) for m in load_crosswalk("pt-nos", "ls-nos").mappings
            if m.object_id == "ls-nos:AK12.1" and m.predicate_modifier is None}
    assert ("pt-nos:LSIPT11.K5", "skos:broadMatch") in rows


def test_the_t10_comments_name_its_real_label() -> None:
    for mapping in load_crosswalk("pt-self-assessment", "pt-nos").mappings:
        if mapping.subject_id == "pt-self-assessment:T10":
            assert mapping.subject_label == "Chapter 10"
            assert "'Chapter 10'" in (mapping.comment or "")
            assert "its label is its first descriptor" not in (mapping.comment or "")
