"""The shipped fe-pt-role framework is a verbatim transcription of its seed.

The seed (a further-education college's Personal Tutor job description and person
specification) is parsed here with regular expressions of its own; the shipped data is
loaded through the public API only and never compared with itself.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pytest

import competency
from competency.model import Element, ElementKind, Framework, Requirement

from ._seeds import find_in_order, normalise, seed_text

FE_PT_ROLE_SEED = "003_c77d6d2e483cf20a.txt"
"""The college's Personal Tutor job description and person specification."""

P = "fe-pt-role"
DUTIES_PER_SECTION = {
    "Main Duties and Responsibilities:": 21,
    "Quality, Standards and Compliance:": 0,
    "Continuous Improvement.": 4,
    "Personal Development": 4,
    "Diversity and Inclusion and College values": 2,
    "Safeguarding and PREVENT Responsibilities": 2,
    "Data Protection and Confidentiality": 1,
    "Health & Safety": 2,
    "Additional Duties": 1,
}
REQUIREMENTS_PER_CATEGORY = {
    "Education & Qualifications": 4,
    "Experience": 4,
    "Skills, knowledge, and competencies": 5,
    "Personal characteristics": 6,
    "Other": 2,
}
NECESSITY = {"E": "essential", "D": "desirable"}
ASSESSMENT = {"A": "application", "I": "interview", "T": "test"}

# -- an independent reading of the seed -----------------------------------------------------

_DUTIES_START = "\tMain Duties and Responsibilities:\n"
_GENERAL = "\tGENERAL:\n"
_BULLET = re.compile(r"^· (.+)$", re.MULTILINE)
# A person-specification row: a tab-only line, the category (untabbed, first row of a
# category only), the description, the E/D letter and the assessed-by letters (possibly none).
_ROW = re.compile(
    r"^\t\n(?:([^\t\n][^\n]*)\n)?\t([^\n]*\S)[ \t]*\n\n?\t([ED])\n\n?\t([AIT](?:/[AIT])*)?\n",
    re.MULTILINE,
)
_FIELD = re.compile(r"^\t([^\t\n]+?)[ \t]*\n\t([^\t\n]+?)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Row:
    """One person-specification criterion as printed."""

    category: str
    text: str
    necessity: str
    """``"E"`` or ``"D"``."""
    assessed_by: str
    """The letters as printed (``"A/I/T"``), ``""`` when the cell is empty."""


@dataclass(frozen=True)
class FeSeed:
    text: str
    job_description: str
    person_specification: str
    purpose: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    """(heading, duties) in printed order."""
    rows: tuple[Row, ...]
    jd_fields: dict[str, str]
    ps_fields: dict[str, str]


def parse_fe_pt_role(text: str) -> FeSeed:
    jd, _, ps = text.partition("PERSONAL TUTOR PERSON SPECIFICATION")
    purpose = jd[jd.index("\tPurpose\n") + len("\tPurpose\n"):jd.index(_DUTIES_START)]
    body = jd[jd.index(_DUTIES_START) + 1:jd.index(_GENERAL)]
    sections: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if not line.strip():
            continue
        bullet = _BULLET.match(line)
        if bullet:
            sections[-1][1].append(normalise(bullet.group(1)))
        else:
            sections.append((normalise(line), []))
    rows = []
    category = ""
    for m in _ROW.finditer(ps):
        category = normalise(m.group(1)) if m.group(1) else category
        rows.append(Row(category, normalise(m.group(2)), m.group(3), m.group(4) or ""))
    return FeSeed(
        text=text,
        job_description=jd,
        person_specification=ps,
        purpose=normalise(purpose),
        sections=tuple((h, tuple(d)) for h, d in sections),
        rows=tuple(rows),
        jd_fields={normalise(k): normalise(v) for k, v in _FIELD.findall(jd.split("\tPurpose")[0])},
        ps_fields={normalise(k): normalise(v) for k, v in _FIELD.findall(ps.split("\tCriteria")[0])},
    )


@pytest.fixture(scope="module")
def seed() -> FeSeed:
    return parse_fe_pt_role(seed_text(FE_PT_ROLE_SEED))


@pytest.fixture(scope="module")
def framework() -> Framework:
    return competency.load(P)


def _requirements(framework: Framework) -> list[Requirement]:
    found = []
    for element in framework.of_kind(ElementKind.REQUIREMENT):
        assert isinstance(element, Requirement)
        found.append(element)
    return found


def _sections(framework: Framework, parent: str) -> list[Element]:
    return [e for e in framework.children(parent) if e.kind is ElementKind.SECTION]


# -- the seed itself ------------------------------------------------------------------------


def test_seed_parses_into_37_duties_under_9_headings_and_21_criteria(seed: FeSeed) -> None:
    assert {h: len(d) for h, d in seed.sections} == DUTIES_PER_SECTION
    assert [h for h, _ in seed.sections] == list(DUTIES_PER_SECTION)
    assert Counter(r.category for r in seed.rows) == REQUIREMENTS_PER_CATEGORY
    assert len(seed.rows) == 21
    assert seed.job_description.count("\n· ") == 37
    assert seed.jd_fields["Salary Scale/Grade"] == "Band 5 Scale point 9"
    assert seed.ps_fields["Salary Scale/Grade"] == "Band 6 Scale Point 9"


# -- counts ---------------------------------------------------------------------------------


def test_framework_has_37_duties_21_requirements_and_its_sections(framework: Framework) -> None:
    assert Counter(e.kind for e in framework.elements) == {
        ElementKind.SECTION: 2 + 1 + len(DUTIES_PER_SECTION) + len(REQUIREMENTS_PER_CATEGORY),
        ElementKind.DUTY: 37,
        ElementKind.REQUIREMENT: 21,
    }
    assert [r.id for r in framework.roots()] == [f"{P}:JD", f"{P}:PS"]


def test_each_heading_contains_its_printed_duties_in_order(
    framework: Framework, seed: FeSeed
) -> None:
    shipped: list[tuple[str, tuple[str, ...]]] = []
    for section in _sections(framework, f"{P}:JD")[1:]:
        for s in (section, *_sections(framework, section.id)):
            duties = tuple(e.text for e in framework.children(s.id) if e.kind is ElementKind.DUTY)
            shipped.append((s.text, duties))
    assert shipped == list(seed.sections)


def test_continuous_improvement_is_a_sub_heading_of_quality_standards_and_compliance(
    framework: Framework,
) -> None:
    parent = framework.parent(f"{P}:JD.S2.1")
    assert parent is not None
    assert parent.text == "Quality, Standards and Compliance:"
    assert framework.element(f"{P}:JD.S2.1").text == "Continuous Improvement."


def test_each_category_contains_its_printed_requirements(
    framework: Framework, seed: FeSeed
) -> None:
    categories = _sections(framework, f"{P}:PS")
    assert [c.text for c in categories] == list(REQUIREMENTS_PER_CATEGORY)
    for category in categories:
        children = framework.children(category.id)
        assert all(e.kind is ElementKind.REQUIREMENT for e in children), category.id
        assert [e.text for e in children] == [
            r.text for r in seed.rows if r.category == category.text
        ]


# -- texts ----------------------------------------------------------------------------------


def test_duties_are_the_seed_bullets_verbatim_numbered_in_printed_order(
    framework: Framework, seed: FeSeed
) -> None:
    printed = [d for _, duties in seed.sections for d in duties]
    duties = framework.of_kind(ElementKind.DUTY)
    assert [e.text for e in duties] == printed
    assert [e.id for e in duties] == [f"{P}:D{n}" for n in range(1, 38)]


def test_requirements_are_the_seed_criteria_verbatim_numbered_in_printed_order(
    framework: Framework, seed: FeSeed
) -> None:
    requirements = _requirements(framework)
    assert [r.text for r in requirements] == [r.text for r in seed.rows]
    assert [r.id for r in requirements] == [f"{P}:R{n}" for n in range(1, 22)]


def test_typed_fields_match_the_printed_category_e_d_and_a_i_t_markers(
    framework: Framework, seed: FeSeed
) -> None:
    for shipped, printed in zip(_requirements(framework), seed.rows, strict=True):
        assert shipped.category == printed.category, shipped.id
        assert shipped.necessity == NECESSITY[printed.necessity], shipped.id
        letters = printed.assessed_by.split("/") if printed.assessed_by else []
        assert shipped.assessed_by == tuple(ASSESSMENT[x] for x in letters), shipped.id
        parent = framework.parent(shipped.id)
        assert parent is not None
        assert parent.text == shipped.category, shipped.id


def test_every_element_text_is_found_verbatim_in_the_seed_in_source_order(
    framework: Framework, seed: FeSeed
) -> None:
    assert find_in_order(seed.text, [e.text for e in framework.elements]) == []


def test_no_seed_item_is_missing_and_none_is_invented(framework: Framework, seed: FeSeed) -> None:
    printed = Counter(
        [seed.purpose]
        + [h for h, _ in seed.sections]
        + [d for _, duties in seed.sections for d in duties]
        + list(REQUIREMENTS_PER_CATEGORY)
        + [r.text for r in seed.rows]
        + ["PERSONAL TUTOR JOB DESCRIPTION", "PERSONAL TUTOR PERSON SPECIFICATION"]
    )
    shipped = Counter(e.text for e in framework.elements)
    assert printed - shipped == Counter(), "seed items missing from the framework"
    assert shipped - printed == Counter(), "framework items not in the seed"


def test_texts_are_whitespace_normalised(framework: Framework) -> None:
    for element in framework.elements:
        assert element.text == normalise(element.text), element.id


def test_purpose_is_the_purpose_paragraph_verbatim(framework: Framework, seed: FeSeed) -> None:
    purpose = framework.element(f"{P}:JD.purpose")
    assert purpose.title == "Purpose"
    assert purpose.text == seed.purpose
    assert framework.description == seed.purpose


# -- metadata -------------------------------------------------------------------------------


def test_header_fields_are_annotations_as_printed(framework: Framework, seed: FeSeed) -> None:
    jd, ps = seed.jd_fields, seed.ps_fields
    assert framework.annotation("job_title") == (jd["Job Title"],)
    assert framework.annotation("salary_scale_grade") == (jd["Salary Scale/Grade"],)
    assert framework.annotation("department") == (jd["Department"],)
    assert framework.annotation("responsible_to") == (jd["Responsible to"],) == ("-",)
    assert framework.annotation("date_of_job_description") == (jd["Date of Job Description"],)
    assert framework.annotation("person_specification_job_title") == (ps["Job Title"],)
    assert framework.annotation("person_specification_salary_scale_grade") == (
        ps["Salary Scale/Grade"],
    )
    assert framework.date == "June 2022"
    assert framework.base_iri == f"https://w3id.org/competency/{P}/"
    assert framework.expand(f"{P}:R8") == f"https://w3id.org/competency/{P}/R8"


def test_general_and_closing_statements_are_kept_verbatim(
    framework: Framework, seed: FeSeed
) -> None:
    general = seed.job_description.split(_GENERAL)[1]
    assert framework.annotation("general") == (normalise(general),)
    closing = seed.person_specification[seed.person_specification.index("The City of"):]
    assert framework.annotation("closing_statement") == (normalise(closing),)


# -- known source defects -------------------------------------------------------------------


def test_salary_grade_mismatch_is_noted_on_both_parts(framework: Framework, seed: FeSeed) -> None:
    assert seed.jd_fields["Salary Scale/Grade"] != seed.ps_fields["Salary Scale/Grade"]
    for element_id in (f"{P}:JD", f"{P}:PS"):
        note = framework.element(element_id).note
        assert note is not None
        assert "Band 5 Scale point 9" in note
        assert "Band 6 Scale Point 9" in note


def test_criterion_without_assessed_by_letters_is_noted_and_left_empty(
    framework: Framework, seed: FeSeed
) -> None:
    unassessed = [r.text for r in seed.rows if not r.assessed_by]
    assert unassessed == ["Experience of delivering sessions in an education or training setting"]
    r8 = framework.element(f"{P}:R8")
    assert isinstance(r8, Requirement)
    assert r8.text == unassessed[0]
    assert r8.assessed_by == ()
    assert r8.note is not None
    assert "No assessed-by letters" in r8.note


@pytest.mark.parametrize(
    ("element_id", "quoted"),
    [
        (f"{P}:D8", "is addressed"),
        (f"{P}:D37", "straight apostrophe"),
        (f"{P}:R11", "e.g"),
        (f"{P}:R21", "statement about the post"),
        (f"{P}:JD.S2", "Continuous Improvement."),
        (f"{P}:JD.S2.1", "full stop"),
        (f"{P}:JD.S3", "personal development"),
    ],
)
def test_known_source_defects_are_noted_not_fixed(
    framework: Framework, element_id: str, quoted: str
) -> None:
    note = framework.element(element_id).note
    assert note is not None
    assert quoted in note


def test_odd_spellings_are_kept_as_printed(framework: Framework) -> None:
    assert "is addressed" in framework.element(f"{P}:D8").text
    assert "e.g Microsoft Teams, Google Drive, excel/sheets" in framework.element(f"{P}:R11").text
    assert "College's sites" in framework.element(f"{P}:D37").text
    assert "16–18-year-olds" in framework.element(f"{P}:R6").text
    closing = framework.annotation("closing_statement")[0]
    assert "in or college" in closing
