"""The shipped he-pt-policy framework is a verbatim transcription of its seed.

The seed (a university's Personal Tutoring Policy) is parsed here with regular expressions
of its own; the shipped data is loaded through the public API only and never compared with
itself.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pytest

import competency
from competency.model import ElementKind, Framework

from ._seeds import SeedItem, find_in_order, normalise, seed_text

HE_PT_POLICY_SEED = "004_fbc017fb2b7ddd62.txt"
"""The university's Personal Tutoring Policy."""

P = "he-pt-policy"
HEADINGS = {
    "Allocation of Personal Tutors": [1, 2],
    "Frequency of Meetings": [3, 4, 5, 6, 7],
    "Supporting Success": [8, 9, 10, 11],
    "Management": [12],
    "Development and Support for Personal Tutors": [13, 14, 15, 16, 17],
}
SUB_ITEMS = {1: 6, 10: 3, 12: 4}

# -- an independent reading of the seed -----------------------------------------------------

_NUMBERED = re.compile(r"^(\d+)\. (.+)$", re.MULTILINE)
_LETTERED = re.compile(r"^ ?- ([a-z][.)]) (.+)$", re.MULTILINE)
_BULLET = re.compile(r"^- (?![a-z][.)] )(.+)$", re.MULTILINE)


@dataclass(frozen=True)
class HeSeed:
    text: str
    academic: tuple[str, ...]
    pastoral: tuple[str, ...]
    university: tuple[SeedItem, ...]
    """Expectations 1-17 as printed (code ``"1."``); 12 joined across its page break."""
    lettered: dict[int, tuple[SeedItem, ...]]
    """Lettered sub-items (code ``"a."``, ``"a)"``) under the expectation printed before them."""
    benefits: tuple[str, ...]
    """The unlettered bullets under expectation 12."""
    headings: dict[str, tuple[int, ...]]
    students: tuple[SeedItem, ...]


def _between(text: str, start: str, end: str) -> str:
    i = text.index(start) + len(start)
    return text[i:text.index(end, i)]


def parse_he_pt_policy(text: str) -> HeSeed:
    academic = _between(text, "\nAcademic Advice/Direction\n", "\nPastoral Oversight:\n")
    pastoral = _between(text, "\nPastoral Oversight:\n", "\nUniversity Expectations\n")
    university = _between(text, "\nUniversity Expectations\n", "\nExpectations for Students\n")
    students = text[text.index("\nThe University expects students:\n"):]
    numbered = []
    for m in _NUMBERED.finditer(university):
        body = m.group(2)
        if m.group(1) == "12":  # the paragraph runs on after a page break
            rest = university[m.end():].lstrip("\n")
            body += " " + rest.split("\n", 1)[0]
        numbered.append(SeedItem(m.group(1) + ".", normalise(body)))
    lettered: dict[int, list[SeedItem]] = {}
    for m in _LETTERED.finditer(university):
        before = [n for n in _NUMBERED.finditer(university) if n.start() < m.start()]
        lettered.setdefault(int(before[-1].group(1)), []).append(
            SeedItem(m.group(1), normalise(m.group(2)))
        )
    management = _between(university, "\nManagement\n", "\nDevelopment and Support")
    heading_pattern = "|".join(re.escape(h) for h in HEADINGS)
    headings: dict[str, tuple[int, ...]] = {}
    parts = re.split(rf"^({heading_pattern})$", university, flags=re.MULTILINE)
    for heading, part in zip(parts[1::2], parts[2::2], strict=True):
        headings[heading] = tuple(int(n) for n, _ in _NUMBERED.findall(part))
    return HeSeed(
        text=text,
        academic=tuple(normalise(b) for b in _BULLET.findall(academic)),
        pastoral=tuple(normalise(b) for b in _BULLET.findall(pastoral)),
        university=tuple(numbered),
        lettered={k: tuple(v) for k, v in lettered.items()},
        benefits=tuple(normalise(b) for b in _BULLET.findall(management)),
        headings=headings,
        students=tuple(
            SeedItem(n + ".", normalise(t)) for n, t in _NUMBERED.findall(students)
        ),
    )


@pytest.fixture(scope="module")
def seed() -> HeSeed:
    return parse_he_pt_policy(seed_text(HE_PT_POLICY_SEED))


@pytest.fixture(scope="module")
def framework() -> Framework:
    return competency.load(P)


def _texts(framework: Framework, parent: str) -> list[str]:
    return [e.text for e in framework.children(parent)]


# -- the seed itself ------------------------------------------------------------------------


def test_seed_parses_into_dimensions_17_university_and_5_student_expectations(
    seed: HeSeed,
) -> None:
    assert (len(seed.academic), len(seed.pastoral)) == (8, 4)
    assert [i.code for i in seed.university] == [f"{n}." for n in range(1, 18)]
    assert {k: len(v) for k, v in seed.lettered.items()} == {1: 6, 10: 3}
    assert len(seed.benefits) == 4
    assert seed.headings == {h: tuple(ns) for h, ns in HEADINGS.items()}
    assert [i.code for i in seed.students] == [f"{n}." for n in range(1, 6)]


# -- counts ---------------------------------------------------------------------------------


def test_framework_has_47_expectations_in_10_sections(framework: Framework) -> None:
    assert Counter(e.kind for e in framework.elements) == {
        ElementKind.SECTION: 10,
        ElementKind.EXPECTATION: 8 + 4 + 17 + sum(SUB_ITEMS.values()) + 5,
    }
    assert [r.id for r in framework.roots()] == [f"{P}:ROLE", f"{P}:U", f"{P}:S"]
    assert [e.id for e in framework.children(f"{P}:ROLE")] == [f"{P}:D1", f"{P}:D2"]
    assert [e.id for e in framework.children(f"{P}:U")] == [f"{P}:H{n}" for n in range(1, 6)]


def test_each_heading_contains_its_printed_expectations(
    framework: Framework, seed: HeSeed
) -> None:
    for n, heading in enumerate(HEADINGS, 1):
        section = framework.element(f"{P}:H{n}")
        assert section.kind is ElementKind.SECTION
        assert section.text == heading
        assert [e.id for e in framework.children(section.id)] == [
            f"{P}:U{k}" for k in seed.headings[heading]
        ]


def test_sub_items_are_contained_by_their_expectation(framework: Framework) -> None:
    for number, count in SUB_ITEMS.items():
        children = framework.children(f"{P}:U{number}")
        assert len(children) == count
        assert all(c.kind is ElementKind.EXPECTATION for c in children)
    for number in set(range(1, 18)) - set(SUB_ITEMS):
        assert framework.children(f"{P}:U{number}") == ()


# -- texts ----------------------------------------------------------------------------------


def test_dimension_bullets_are_verbatim(framework: Framework, seed: HeSeed) -> None:
    assert framework.element(f"{P}:D1").text == "Academic Advice/Direction"
    assert framework.element(f"{P}:D2").text == "Pastoral Oversight:"
    assert _texts(framework, f"{P}:D1") == list(seed.academic)
    assert _texts(framework, f"{P}:D2") == list(seed.pastoral)
    assert [e.id for e in framework.children(f"{P}:D1")] == [f"{P}:D1.{n}" for n in range(1, 9)]


def test_university_expectations_keep_text_and_printed_number(
    framework: Framework, seed: HeSeed
) -> None:
    for item in seed.university:
        element = framework.element(f"{P}:U{item.code.rstrip('.')}")
        assert (element.notation, element.text) == (item.code, item.text)


def test_lettered_sub_items_keep_text_and_printed_letter(
    framework: Framework, seed: HeSeed
) -> None:
    for number, items in seed.lettered.items():
        shipped = [(e.id, e.notation, e.text) for e in framework.children(f"{P}:U{number}")]
        assert shipped == [(f"{P}:U{number}.{i.code[0]}", i.code, i.text) for i in items]
    assert framework.element(f"{P}:U1.a").notation == "a."
    assert framework.element(f"{P}:U10.a").notation == "a)"


def test_expectation_12_benefits_are_numbered_bullets_without_notation(
    framework: Framework, seed: HeSeed
) -> None:
    children = framework.children(f"{P}:U12")
    assert [(e.id, e.notation, e.text) for e in children] == [
        (f"{P}:U12.{n}", None, t) for n, t in enumerate(seed.benefits, 1)
    ]


def test_student_expectations_keep_text_and_printed_number(
    framework: Framework, seed: HeSeed
) -> None:
    shipped = [(e.id, e.notation, e.text) for e in framework.children(f"{P}:S")]
    assert shipped == [(f"{P}:S{i.code[0]}", i.code, i.text) for i in seed.students]


def test_every_element_text_is_found_verbatim_in_the_seed_in_source_order(
    framework: Framework, seed: HeSeed
) -> None:
    needles = []
    for element in framework.elements:
        if element.id == f"{P}:U12":  # split by a page break: look for both halves
            first, _, second = element.text.partition(" student access to ")
            needles += [first + " student access to", second]
        elif element.notation is not None:
            needles.append(f"{element.notation} {element.text}")
        else:
            needles.append(element.text)
    assert find_in_order(seed.text, needles) == []


def test_no_seed_item_is_missing_and_none_is_invented(framework: Framework, seed: HeSeed) -> None:
    printed = Counter(
        list(seed.academic) + list(seed.pastoral)
        + [i.text for i in seed.university]
        + [i.text for items in seed.lettered.values() for i in items]
        + list(seed.benefits) + [i.text for i in seed.students]
    )
    shipped = Counter(e.text for e in framework.of_kind(ElementKind.EXPECTATION))
    assert printed - shipped == Counter(), "seed items missing from the framework"
    assert shipped - printed == Counter(), "framework items not in the seed"


def test_texts_are_whitespace_normalised(framework: Framework) -> None:
    for element in framework.elements:
        assert element.text == normalise(element.text), element.id


def test_unnumbered_paragraphs_are_kept_in_annotations(
    framework: Framework, seed: HeSeed
) -> None:
    text = normalise(seed.text)
    for key in ("D1.stem", "D2.stem", "university_expectations_intro", "U1.footnote",
                "H2.paragraphs", "U10.stem", "H4.paragraphs", "S.intro", "S.stem",
                "role_paragraphs", "relevant_documents", "related_policies_and_documents"):
        values = framework.annotation(key)
        assert values, key
        assert all(v in text for v in values), key
    assert framework.annotation("U10.stem") == ("The purpose of these is to:",)


def test_header_fields_are_annotations_as_printed(framework: Framework, seed: HeSeed) -> None:
    for key, label in [
        ("responsibility_for_policy", "Responsibility for Policy:"),
        ("relevant_to", "Relevant to:"),
        ("approved_by", "Approved by:"),
        ("responsibility_for_document_review", "Responsibility for Document Review:"),
        ("date_introduced", "Date introduced:"),
        ("dates_modified", "Date(s) modified:"),
        ("next_review_date", "Next Review Date:"),
    ]:
        printed = re.search(rf"^{re.escape(label)}\t(.+)$", seed.text, re.MULTILINE)
        assert printed is not None, label
        assert framework.annotation(key) == (normalise(printed.group(1)),), key
    assert framework.annotation("approved_by") == ("Academic Board, 10 th June 2020",)
    assert framework.title == "Personal Tutoring Policy"
    assert framework.base_iri == f"https://w3id.org/competency/{P}/"
    assert framework.expand(f"{P}:U1.a") == f"https://w3id.org/competency/{P}/U1.a"


# -- known source defects -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("element_id", "quoted"),
    [
        (f"{P}:U12", "page break"),
        (f"{P}:D1.8", "and/or to the support"),
        (f"{P}:D2", "colon"),
        (f"{P}:S5", "Misplaced comma"),
        (f"{P}:U1", "footnote"),
        (f"{P}:U3", "Good practice"),
    ],
)
def test_known_source_defects_are_noted_not_fixed(
    framework: Framework, element_id: str, quoted: str
) -> None:
    note = framework.element(element_id).note
    assert note is not None
    assert quoted in note


def test_markup_and_odd_punctuation_are_kept_as_printed(framework: Framework) -> None:
    assert "**SeeMyTutor**" in framework.element(f"{P}:U12").text
    assert "*Progress Review Meetings*" in framework.element(f"{P}:U5").text
    assert "substantive¹ postgraduate" in framework.element(f"{P}:U1").text
    assert "discuss these matters with, and if necessary" in framework.element(f"{P}:S5").text
