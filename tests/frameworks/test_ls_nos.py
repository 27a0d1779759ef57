"""The shipped ls-nos framework is a verbatim transcription of its seed.

The seed (NOS for the role of learning support practitioner in the lifelong learning
sector, LLUK 2007) is parsed independently in ``_seeds.py``; these tests load the shipped
data through the public API only.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

import competency
from competency.model import Element, ElementKind, Framework, RelationType

from ._seeds import LS_NOS_SEED, LsSeed, LsStandard, find_in_order, normalise, parse_ls_nos
from ._seeds import seed_text as read_seed

CRITERIA = {"A": 17, "B": 8, "C": 6}
KNOWLEDGE = {"A": 42, "B": 18, "C": 9}
SCOPE = {"A": 5, "B": 5, "C": 7}
ATTRIBUTES = {"A": 6, "B": 6, "C": 6}
KNOWLEDGE_ID = re.compile(r"ls-nos:([ABC])K(\d+)\.(\d+)")
CRITERION_ID = re.compile(r"ls-nos:([ABC])P(\d+)")


@pytest.fixture(scope="module")
def seed() -> LsSeed:
    return parse_ls_nos(read_seed(LS_NOS_SEED))


@pytest.fixture(scope="module")
def framework() -> Framework:
    return competency.load("ls-nos")


def _of(framework: Framework, standard: str, kind: ElementKind) -> list[Element]:
    return [e for e in framework.children(f"ls-nos:{standard}") if e.kind is kind]


def _local(code: str) -> str:
    """'AK 13.2' -> 'AK13.2' (the id drops the printed space)."""
    return code.replace(" ", "")


def _expected_children(standard: LsStandard) -> list[tuple[str, str, str | None, str]]:
    """(id, kind, notation, text) of everything a standard contains, in printed order."""
    s = standard.letter
    rows: list[tuple[str, str, str | None, str]] = []
    rows += [(f"ls-nos:{s}.S{n}", "scope", None, t) for n, t in enumerate(standard.scope, 1)]
    rows += [
        (f"ls-nos:{s}.V{n}", "attribute", None, t) for n, t in enumerate(standard.attributes, 1)
    ]
    rows += [
        (f"ls-nos:{_local(i.code)}", "criterion" if i.code[1] == "P" else "knowledge", i.code,
         i.text)
        for i in standard.numbered
    ]
    return rows


# -- the seed itself ------------------------------------------------------------------------


def test_seed_parses_into_three_standards_with_31_criteria_and_69_knowledge_items(
    seed: LsSeed,
) -> None:
    assert [s.letter for s in seed.standards] == ["A", "B", "C"]
    assert {s.letter: len(s.criteria) for s in seed.standards} == CRITERIA
    assert {s.letter: len(s.knowledge) for s in seed.standards} == KNOWLEDGE
    assert {s.letter: len(s.scope) for s in seed.standards} == SCOPE
    assert {s.letter: len(s.attributes) for s in seed.standards} == ATTRIBUTES
    for standard in seed.standards:
        s = standard.letter
        assert [i.code for i in standard.criteria] == [
            f"{s}P {n}" for n in range(1, CRITERIA[s] + 1)
        ]


# -- counts ---------------------------------------------------------------------------------


def test_framework_has_31_criteria_and_69_knowledge_items_in_three_standards(
    framework: Framework,
) -> None:
    assert Counter(e.kind for e in framework.elements) == {
        ElementKind.UNIT: 3,
        ElementKind.SCOPE: sum(SCOPE.values()),
        ElementKind.ATTRIBUTE: sum(ATTRIBUTES.values()),
        ElementKind.CRITERION: 31,
        ElementKind.KNOWLEDGE: 69,
    }


@pytest.mark.parametrize("standard", ["A", "B", "C"])
def test_each_standard_has_its_printed_number_of_items_of_each_kind(
    framework: Framework, standard: str
) -> None:
    counts = Counter(e.kind for e in framework.children(f"ls-nos:{standard}"))
    assert counts == {
        ElementKind.SCOPE: SCOPE[standard],
        ElementKind.ATTRIBUTE: ATTRIBUTES[standard],
        ElementKind.CRITERION: CRITERIA[standard],
        ElementKind.KNOWLEDGE: KNOWLEDGE[standard],
    }


# -- texts ----------------------------------------------------------------------------------


def test_standards_keep_the_printed_heading_title_and_contents_page_title(
    framework: Framework, seed: LsSeed
) -> None:
    assert [u.id for u in framework.of_kind(ElementKind.UNIT)] == [
        "ls-nos:A", "ls-nos:B", "ls-nos:C",
    ]
    assert sorted(seed.contents) == ["A", "B", "C"]
    for printed in seed.standards:
        unit = framework.element(f"ls-nos:{printed.letter}")
        assert unit.notation == printed.letter
        assert unit.text == printed.heading
        assert unit.title == printed.title
        assert unit.alt_titles == (seed.contents[printed.letter],)
        assert unit.title != seed.contents[printed.letter]


def test_standard_c_heading_keeps_the_space_before_the_colon(framework: Framework) -> None:
    assert framework.element("ls-nos:C").text.startswith("STANDARD C : ")
    assert framework.element("ls-nos:A").text.startswith("STANDARD A: ")


def test_every_element_is_the_seed_statement_verbatim_under_its_standard(
    framework: Framework, seed: LsSeed
) -> None:
    for printed in seed.standards:
        shipped = [
            (e.id, e.kind.value, e.notation, e.text)
            for e in framework.children(f"ls-nos:{printed.letter}")
        ]
        assert shipped == _expected_children(printed), printed.letter


def test_no_seed_item_is_missing_and_none_is_invented(framework: Framework, seed: LsSeed) -> None:
    printed = {f"ls-nos:{s.letter}" for s in seed.standards} | {
        row[0] for s in seed.standards for row in _expected_children(s)
    }
    shipped = {e.id for e in framework.elements}
    assert printed - shipped == set(), "seed items missing from the framework"
    assert shipped - printed == set(), "framework items not in the seed"


def test_every_element_text_is_found_verbatim_in_the_seed_in_source_order(
    framework: Framework, seed: LsSeed
) -> None:
    needles = []
    for element in framework.elements:
        if element.kind in (ElementKind.SCOPE, ElementKind.ATTRIBUTE):
            needles.append(f"- {element.text}")
        elif element.notation is not None and element.kind is not ElementKind.UNIT:
            needles.append(f"{element.notation} {element.text}")
        else:
            needles.append(element.text)
    body = seed.text[seed.text.index("\nSTANDARD A:"):]
    assert find_in_order(body, needles) == []


def test_elements_are_listed_in_source_order(framework: Framework, seed: LsSeed) -> None:
    expected = []
    for standard in seed.standards:
        expected.append(f"ls-nos:{standard.letter}")
        expected += [row[0] for row in _expected_children(standard)]
    assert [e.id for e in framework.elements] == expected


def test_texts_are_whitespace_normalised(framework: Framework) -> None:
    for element in framework.elements:
        assert element.text == normalise(element.text), element.id


def test_each_standard_has_its_own_copy_of_the_attributes(framework: Framework) -> None:
    texts = {
        s: [e.text for e in _of(framework, s, ElementKind.ATTRIBUTE)] for s in ("A", "B", "C")
    }
    assert texts["A"] == texts["B"] == texts["C"]
    ids = {e.id for s in ("A", "B", "C") for e in _of(framework, s, ElementKind.ATTRIBUTE)}
    assert len(ids) == sum(ATTRIBUTES.values())


def test_stems_are_recorded_verbatim_for_each_standard(
    framework: Framework, seed: LsSeed
) -> None:
    for printed in seed.standards:
        s = printed.letter
        assert len(set(printed.criteria_stems)) == 1
        assert len(set(printed.knowledge_stems)) == 1
        assert framework.annotation(f"{s}.scope_stem") == (printed.scope_stem,)
        assert framework.annotation(f"{s}.attributes_stem") == (printed.attributes_stem,)
        assert framework.annotation(f"{s}.criteria_stem") == (printed.criteria_stems[0],)
        assert framework.annotation(f"{s}.knowledge_stem") == (printed.knowledge_stems[0],)
    assert framework.annotation("A.criteria_stem") == ("Learning support practitioners:",)


# -- relations ------------------------------------------------------------------------------


def test_every_knowledge_item_underpins_the_criterion_with_its_number(
    framework: Framework,
) -> None:
    underpins = [r for r in framework.relations if r.type is RelationType.UNDERPINS]
    assert len(underpins) == 69
    for relation in underpins:
        source = KNOWLEDGE_ID.fullmatch(relation.source)
        target = CRITERION_ID.fullmatch(relation.target)
        assert source is not None, relation
        assert target is not None, relation
        assert (source.group(1), source.group(2)) == (target.group(1), target.group(2)), relation
    assert {r.source for r in underpins} == {
        e.id for e in framework.of_kind(ElementKind.KNOWLEDGE)
    }
    ak13_2 = [r.target for r in underpins if r.source == "ls-nos:AK13.2"]
    assert ak13_2 == ["ls-nos:AP13"]


def test_every_criterion_is_underpinned_by_at_least_one_knowledge_item(
    framework: Framework,
) -> None:
    underpinned = Counter(
        r.target for r in framework.relations if r.type is RelationType.UNDERPINS
    )
    for criterion in framework.of_kind(ElementKind.CRITERION):
        assert underpinned[criterion.id] >= 1, criterion.id


def test_each_standard_contains_everything_printed_under_it_and_is_a_root(
    framework: Framework,
) -> None:
    assert [r.id for r in framework.roots()] == ["ls-nos:A", "ls-nos:B", "ls-nos:C"]
    for element in framework.elements:
        if element.kind is ElementKind.UNIT:
            continue
        parent = framework.parent(element.id)
        assert parent is not None
        assert element.local_id.startswith(parent.local_id), element.id


# -- identifiers and metadata ---------------------------------------------------------------


def test_ids_drop_the_space_of_the_printed_notation(framework: Framework) -> None:
    for kind in (ElementKind.CRITERION, ElementKind.KNOWLEDGE):
        for element in framework.of_kind(kind):
            assert element.notation is not None
            assert element.id == f"ls-nos:{_local(element.notation)}"
            assert re.fullmatch(r"[ABC][PK] \d+(\.\d+)?", element.notation)
    assert framework.element("ls-nos:AK13.2").notation == "AK 13.2"
    assert framework.expand("ls-nos:AP13") == "https://w3id.org/competency/ls-nos/AP13"


def test_metadata_is_taken_from_the_seed(framework: Framework, seed: LsSeed) -> None:
    text = normalise(seed.text)
    assert framework.title == normalise(seed.text.strip().splitlines()[0])
    assert framework.publisher == "Lifelong Learning UK"
    assert framework.date == "DECEMBER 2007"  # as printed
    assert f"\n{framework.date}\n" in seed.text
    assert framework.base_iri == "https://w3id.org/competency/ls-nos/"
    assert framework.rights is not None
    rights = framework.rights.split("\n\n")
    assert rights[0] == "© Crown Copyright 2007"
    assert rights[1].startswith("Extracts from this document may be reproduced")
    assert all(r in text for r in rights)


def test_description_is_the_introduction_verbatim_with_the_teacher_note(
    framework: Framework, seed: LsSeed
) -> None:
    assert framework.description is not None
    paragraphs = framework.description.split("\n\n")
    intro = seed.text[seed.text.index("\nPlease note"):seed.text.index("\nSTANDARD A:")]
    printed = [normalise(p) for p in intro.split("\n\n") if p.strip()]
    assert paragraphs == printed
    assert paragraphs[0].startswith("Please note the word teacher")


# -- known source defects -------------------------------------------------------------------


def test_standard_b_scope_repeats_standard_a_word_for_word_and_is_noted(
    framework: Framework, seed: LsSeed
) -> None:
    a, b, c = seed.standards
    assert (a.scope_stem, a.scope) == (b.scope_stem, b.scope)
    assert (c.scope_stem, c.scope) != (a.scope_stem, a.scope)
    note = framework.element("ls-nos:B").note
    assert note is not None
    assert "word for word" in note
    for element in _of(framework, "B", ElementKind.SCOPE):
        assert element.note is not None
        assert "ls-nos:A.S" in element.note


@pytest.mark.parametrize(
    ("element_id", "quoted"),
    [
        ("ls-nos:AK17.3", "action"),
        ("ls-nos:A", "LEARNING SUPPORT"),
        ("ls-nos:B", "PLANNING AND ASSESSMENT"),
        ("ls-nos:C", "space before the colon"),
    ],
)
def test_known_source_defects_are_noted_not_fixed(
    framework: Framework, element_id: str, quoted: str
) -> None:
    note = framework.element(element_id).note
    assert note is not None
    assert quoted in note
    assert framework.element("ls-nos:AK17.3").text.startswith("Ensure own personal skills")
