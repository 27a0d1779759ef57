"""The shipped pt-nos framework is a verbatim transcription of its seed.

The seed (National Occupational Standards for Personal Tutoring) is parsed independently in
``_seeds.py``; these tests load the shipped data through the public API only.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

import competency
from competency.model import Element, ElementKind, Framework, RelationType

from ._seeds import PT_NOS_SEED, PtSeed, find_in_order, normalise, parse_pt_nos, seed_text

UNIT_COUNT = 11
CRITERION_COUNT = 78
KNOWLEDGE_COUNT = 101


@pytest.fixture(scope="module")
def seed() -> PtSeed:
    return parse_pt_nos(seed_text(PT_NOS_SEED))


@pytest.fixture(scope="module")
def framework() -> Framework:
    return competency.load("pt-nos")


def _units(framework: Framework) -> tuple[Element, ...]:
    return framework.of_kind(ElementKind.UNIT)


def _items(framework: Framework, unit_id: str, kind: ElementKind) -> list[Element]:
    return [e for e in framework.children(unit_id) if e.kind is kind]


# -- the seed itself ------------------------------------------------------------------------


def test_seed_parses_into_11_units_78_criteria_and_101_knowledge_items(seed: PtSeed) -> None:
    assert [u.code for u in seed.units] == [f"LSIPT{n:02d}" for n in range(1, 12)]
    assert sum(len(u.criteria) for u in seed.units) == CRITERION_COUNT
    assert sum(len(u.knowledge) for u in seed.units) == KNOWLEDGE_COUNT
    for unit in seed.units:
        assert [i.code for i in unit.criteria] == [
            f"P{n}" for n in range(1, len(unit.criteria) + 1)
        ]
        assert [i.code for i in unit.knowledge] == [
            f"K{n}" for n in range(1, len(unit.knowledge) + 1)
        ]


# -- counts ---------------------------------------------------------------------------------


def test_framework_has_11_units_78_criteria_and_101_knowledge_items(framework: Framework) -> None:
    kinds = Counter(e.kind for e in framework.elements)
    assert kinds == {
        ElementKind.UNIT: UNIT_COUNT,
        ElementKind.CRITERION: CRITERION_COUNT,
        ElementKind.KNOWLEDGE: KNOWLEDGE_COUNT,
    }


def test_each_unit_has_as_many_criteria_and_knowledge_items_as_the_seed(
    framework: Framework, seed: PtSeed
) -> None:
    shipped = {
        u.notation: (
            len(_items(framework, u.id, ElementKind.CRITERION)),
            len(_items(framework, u.id, ElementKind.KNOWLEDGE)),
        )
        for u in _units(framework)
    }
    printed = {u.code: (len(u.criteria), len(u.knowledge)) for u in seed.units}
    assert shipped == printed


# -- texts ----------------------------------------------------------------------------------


def test_units_carry_the_printed_code_title_and_overview(
    framework: Framework, seed: PtSeed
) -> None:
    assert [u.id for u in _units(framework)] == [f"pt-nos:{u.code}" for u in seed.units]
    for printed in seed.units:
        unit = framework.element(f"pt-nos:{printed.code}")
        assert unit.notation == printed.code
        assert unit.title == printed.title
        assert unit.text.split("\n\n") == list(printed.overview)


def test_unit_titles_match_the_contents_page_or_keep_it_as_an_alternative_title(
    framework: Framework, seed: PtSeed
) -> None:
    assert list(seed.contents) == [u.code for u in seed.units]
    for printed in seed.units:
        unit = framework.element(f"pt-nos:{printed.code}")
        for other in (seed.contents[printed.code], *printed.repeated_titles):
            assert other == unit.title or other in unit.alt_titles


def test_every_criterion_and_knowledge_item_is_the_seed_statement_verbatim_under_its_unit(
    framework: Framework, seed: PtSeed
) -> None:
    for printed in seed.units:
        unit_id = f"pt-nos:{printed.code}"
        shipped = [
            (e.id, e.notation, e.text) for e in framework.children(unit_id)
        ]
        expected = [
            (f"{unit_id}.{i.code}", i.code, i.text) for i in (*printed.criteria, *printed.knowledge)
        ]
        assert shipped == expected, printed.code


def test_no_seed_item_is_missing_and_none_is_invented(framework: Framework, seed: PtSeed) -> None:
    printed = {
        f"pt-nos:{u.code}.{i.code}" for u in seed.units for i in (*u.criteria, *u.knowledge)
    } | {f"pt-nos:{u.code}" for u in seed.units}
    shipped = {e.id for e in framework.elements}
    assert printed - shipped == set(), "seed items missing from the framework"
    assert shipped - printed == set(), "framework items not in the seed"


def test_every_element_text_is_found_verbatim_in_its_unit_in_source_order(
    framework: Framework, seed: PtSeed
) -> None:
    sections = {f"pt-nos:{u.code}": u.section for u in seed.units}
    for unit in _units(framework):
        needles = [unit.text] + [
            f"{e.notation} {e.text}" for e in framework.children(unit.id)
        ]
        assert find_in_order(sections[unit.id], needles) == [], unit.id


def test_elements_are_listed_in_source_order(framework: Framework, seed: PtSeed) -> None:
    expected = []
    for unit in seed.units:
        expected.append(f"pt-nos:{unit.code}")
        expected += [f"pt-nos:{unit.code}.{i.code}" for i in (*unit.criteria, *unit.knowledge)]
    assert [e.id for e in framework.elements] == expected


def test_texts_are_whitespace_normalised_single_lines(framework: Framework) -> None:
    for element in framework.elements:
        paragraphs = element.text.split("\n\n")
        assert all(p == normalise(p) and p for p in paragraphs), element.id


# -- relations ------------------------------------------------------------------------------


def test_each_unit_contains_its_criteria_then_its_knowledge_items(framework: Framework) -> None:
    for unit in _units(framework):
        kinds = [e.kind for e in framework.children(unit.id)]
        criteria = kinds.count(ElementKind.CRITERION)
        assert kinds == [ElementKind.CRITERION] * criteria + [ElementKind.KNOWLEDGE] * (
            len(kinds) - criteria
        )
    assert framework.roots() == _units(framework)


def test_every_knowledge_item_underpins_its_own_unit_and_nothing_finer(
    framework: Framework,
) -> None:
    underpins = [r for r in framework.relations if r.type is RelationType.UNDERPINS]
    assert len(underpins) == KNOWLEDGE_COUNT
    targets = {r.source: r.target for r in underpins}
    assert len(targets) == KNOWLEDGE_COUNT
    for item in framework.of_kind(ElementKind.KNOWLEDGE):
        parent = framework.parent(item.id)
        assert parent is not None
        assert targets[item.id] == parent.id
    assert {r.type for r in framework.relations} == {
        RelationType.CONTAINS,
        RelationType.UNDERPINS,
    }


# -- identifiers and metadata ---------------------------------------------------------------


def test_ids_follow_the_unit_dot_code_scheme(framework: Framework) -> None:
    pattern = re.compile(r"pt-nos:LSIPT(0[1-9]|1[01])(\.[PK][1-9]\d*)?")
    for element in framework.elements:
        assert pattern.fullmatch(element.id), element.id
        assert element.notation is not None, element.id
        assert element.id.endswith(element.notation), element.id
    assert framework.expand("pt-nos:LSIPT01.P1") == (
        "https://w3id.org/competency/pt-nos/LSIPT01.P1"
    )


def test_metadata_is_taken_from_the_seed(framework: Framework, seed: PtSeed) -> None:
    text = normalise(seed.text)
    assert framework.id == "pt-nos"
    assert framework.title == "National Occupational Standards for Personal Tutoring"
    assert framework.publisher == "Further Education Tutorial Network"
    assert framework.base_iri == "https://w3id.org/competency/pt-nos/"
    assert framework.description is not None
    paragraphs = framework.description.split("\n\n")
    assert len(paragraphs) == 3
    assert find_in_order(seed.text, paragraphs) == []
    assert paragraphs[0].startswith("The National Occupational Standards for Personal Tutoring")
    for key in ("publisher_address", "audience_heading", "audience", "job_roles",
                "job_roles_footnote", "contents_intro", "criteria_stem", "knowledge_stem"):
        values = framework.annotation(key)
        assert values, key
        assert all(normalise(v) in text for v in values), key


def test_job_roles_are_kept_verbatim_with_the_truncated_footnote(
    framework: Framework, seed: PtSeed
) -> None:
    table = seed.text.split("exhaustive):", 1)[1].split("¹ The role", 1)[0]
    printed = [cell.strip() for line in table.strip().splitlines() for cell in line.split("\t")]
    assert list(framework.annotation("job_roles")) == printed
    assert len(printed) == 10
    (footnote,) = framework.annotation("job_roles_footnote")
    assert footnote.startswith("¹ ")
    assert footnote.endswith("Learning Mentor,")


# -- known source defects -------------------------------------------------------------------


def test_lsipt06_is_noted_for_lacking_the_you_must_be_able_to_line(
    framework: Framework, seed: PtSeed
) -> None:
    without_stem = [u.code for u in seed.units if not u.has_criteria_stem]
    assert without_stem == ["LSIPT06"]
    note = framework.element("pt-nos:LSIPT06").note
    assert note is not None
    assert "You must be able to:" in note


@pytest.mark.parametrize(
    ("element_id", "quoted"),
    [
        ("pt-nos:LSIPT03.K6", "run together"),
        ("pt-nos:LSIPT11.P3", "of and the"),
        ("pt-nos:LSIPT08.K7", "transferrable"),
        ("pt-nos:LSIPT04.K1", "LSIPT10"),
        ("pt-nos:LSIPT10.K1", "LSIPT04"),
    ],
)
def test_known_source_defects_are_noted_not_fixed(
    framework: Framework, element_id: str, quoted: str
) -> None:
    note = framework.element(element_id).note
    assert note is not None
    assert quoted in note


def test_word_for_word_repeats_between_units_are_noted(framework: Framework) -> None:
    by_text: dict[str, list[Element]] = {}
    for element in framework.elements:
        by_text.setdefault(element.text, []).append(element)
    repeats = [group for group in by_text.values() if len(group) > 1]
    assert repeats, "the seed repeats LSIPT04 K1 as LSIPT10 K1"
    for group in repeats:
        for element in group:
            others = [e.id for e in group if e is not element]
            assert element.note is not None, element.id
            assert any(o in element.note for o in others), element.id
