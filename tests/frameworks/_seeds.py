"""Read the source documents ("seeds") the shipped frameworks are transcribed from.

The seeds are plain text in ``tests/data/seeds/`` (copies of the source documents, so the
tests need nothing outside the repository). Everything here parses the seed text with its own regular
expressions and never looks at the shipped JSON, so the tests compare two independent
readings of the same document.

A missing seed makes the calling test fail (never skip): a silently skipped data test would
let the shipped data drift from its source unnoticed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

SEEDS_DIR = Path(__file__).resolve().parents[1] / "data" / "seeds"
"""Where the seeds live: ``tests/data/seeds`` in the repository."""

PT_NOS_SEED = "000_36f0ba2c097e6470.txt"
"""National Occupational Standards for Personal Tutoring (FETN)."""

LS_NOS_SEED = "001_72bca9d5c40dbc4c.txt"
"""NOS for the role of learning support practitioner (LLUK, December 2007)."""


def normalise(text: str) -> str:
    """Collapse every run of whitespace (line wrapping, tabs) to one space and strip."""
    return " ".join(text.split())


def seed_text(name: str, directory: Path | None = None) -> str:
    """Return the text of seed `name`, failing the calling test if it cannot be read."""
    folder = SEEDS_DIR if directory is None else directory
    path = folder / name
    if not path.is_file():
        pytest.fail(
            f"seed file {path} is missing: the framework data tests check the shipped data "
            f"against the source documents in tests/data/seeds/, which the repository "
            f"and its sdist carry: restore {folder} from a clean checkout and run the "
            f"tests again.",
            pytrace=False,
        )
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class SeedItem:
    """One numbered statement as printed: its code (``"P1"``, ``"AK 13.2"``) and its text."""

    code: str
    text: str


# -- National Occupational Standards for Personal Tutoring ----------------------------------

_PT_UNIT_START = re.compile(r"^(LSIPT\d\d)\n\n([^\n]+)\n\nOverview\n", re.MULTILINE)
_PT_CONTENTS = re.compile(r"^(LSIPT\d\d)\n\n([^\n]+)$", re.MULTILINE)
_PT_ITEM = re.compile(r"^- ([PK]\d+) (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class PtUnit:
    """One pt-nos unit as printed in the seed."""

    code: str
    title: str
    repeated_titles: tuple[str, ...]
    """The title as printed again over the unit's later pages (before Knowledge...)."""
    overview: tuple[str, ...]
    """The Overview paragraphs, whitespace-normalised."""
    criteria: tuple[SeedItem, ...]
    knowledge: tuple[SeedItem, ...]
    has_criteria_stem: bool
    """Whether "You must be able to:" introduces the performance criteria."""
    section: str
    """The unit's whole text (from its heading to the next unit), whitespace-normalised."""


@dataclass(frozen=True)
class PtSeed:
    """The parts of the pt-nos seed the tests check."""

    text: str
    contents: dict[str, str]
    """Unit code -> title as listed on the contents page."""
    units: tuple[PtUnit, ...]


def parse_pt_nos(text: str) -> PtSeed:
    """Parse the pt-nos seed: contents page and each unit's overview, criteria, knowledge."""
    starts = list(_PT_UNIT_START.finditer(text))
    first = starts[0].start() if starts else len(text)
    contents = {m.group(1): m.group(2) for m in _PT_CONTENTS.finditer(text[:first])}
    units = []
    for i, start in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        body = text[start.end():end]
        code = start.group(1)
        overview, _, rest = body.partition("\nPerformance criteria\n")
        criteria_part, _, knowledge_part = rest.partition("\nKnowledge and understanding\n")
        repeated = tuple(re.findall(rf"^{code}\n\n([^\n]+)$", criteria_part, re.MULTILINE))
        units.append(PtUnit(
            code=code,
            title=start.group(2),
            repeated_titles=repeated,
            overview=tuple(normalise(p) for p in overview.split("\n\n") if p.strip()),
            criteria=tuple(SeedItem(c, normalise(t)) for c, t in _PT_ITEM.findall(criteria_part)),
            knowledge=tuple(
                SeedItem(c, normalise(t)) for c, t in _PT_ITEM.findall(knowledge_part)
            ),
            has_criteria_stem="You must be able to:" in criteria_part,
            section=normalise(text[start.start():end]),
        ))
    return PtSeed(text=text, contents=contents, units=tuple(units))


# -- NOS for the role of learning support practitioner --------------------------------------

# Headings start a line; the contents-page entries are indented by one space.
_LS_STANDARD_START = re.compile(r"^(STANDARD ([ABC]) ?: (.+))$", re.MULTILINE)
_LS_CONTENTS = re.compile(r"^ STANDARD ([ABC]): (.+?)\t\d+$", re.MULTILINE)
_LS_SCOPE = re.compile(r"^(For [^\n]* who:)\n\n((?:- [^\n]*\n)+)", re.MULTILINE)
_LS_ATTRIBUTES = re.compile(r"^([^\n]* value:)\n\n((?:- [^\n]*\n)+)", re.MULTILINE)
_LS_NUMBERED = re.compile(r"^([ABC][PK] \d+(?:\.\d+)?)\n\n([^\n]+)$", re.MULTILINE)
_LS_CRITERIA_STEM = re.compile(r"^Performance Criteria\n\n([^\n]+)$", re.MULTILINE)
_LS_KNOWLEDGE_STEM = re.compile(r"^Knowledge and understanding\n\n([^\n]+)$", re.MULTILINE)


@dataclass(frozen=True)
class LsStandard:
    """One ls-nos standard as printed in the seed."""

    letter: str
    heading: str
    """The heading line as printed, e.g. ``"STANDARD A: PROVIDING ..."``."""
    title: str
    """The heading after ``"STANDARD A:"``."""
    scope_stem: str
    scope: tuple[str, ...]
    attributes_stem: str
    attributes: tuple[str, ...]
    criteria_stems: tuple[str, ...]
    knowledge_stems: tuple[str, ...]
    numbered: tuple[SeedItem, ...]
    """Criteria and knowledge items in printed order (codes ``"AP 1"``, ``"AK 1.1"``)."""

    @property
    def criteria(self) -> tuple[SeedItem, ...]:
        return tuple(i for i in self.numbered if i.code[1] == "P")

    @property
    def knowledge(self) -> tuple[SeedItem, ...]:
        return tuple(i for i in self.numbered if i.code[1] == "K")


@dataclass(frozen=True)
class LsSeed:
    """The parts of the ls-nos seed the tests check."""

    text: str
    contents: dict[str, str]
    """Standard letter -> title as listed on the contents page."""
    standards: tuple[LsStandard, ...]


def _bullets(block: str) -> tuple[str, ...]:
    return tuple(normalise(line[2:]) for line in block.splitlines() if line.startswith("- "))


def parse_ls_nos(text: str) -> LsSeed:
    """Parse the ls-nos seed: contents page and each standard's scope, attributes, items."""
    contents = {m.group(1): m.group(2).strip() for m in _LS_CONTENTS.finditer(text)}
    starts = list(_LS_STANDARD_START.finditer(text))
    back_matter = text.find("\nPublished by\n")
    standards = []
    for i, start in enumerate(starts):
        if i + 1 < len(starts):
            end = starts[i + 1].start()
        else:
            end = back_matter if back_matter > start.end() else len(text)
        body = text[start.end():end]
        scope = _LS_SCOPE.search(body)
        attributes = _LS_ATTRIBUTES.search(body)
        standards.append(LsStandard(
            letter=start.group(2),
            heading=start.group(1),
            title=start.group(3),
            scope_stem=scope.group(1) if scope else "",
            scope=_bullets(scope.group(2)) if scope else (),
            attributes_stem=attributes.group(1) if attributes else "",
            attributes=_bullets(attributes.group(2)) if attributes else (),
            criteria_stems=tuple(_LS_CRITERIA_STEM.findall(body)),
            knowledge_stems=tuple(_LS_KNOWLEDGE_STEM.findall(body)),
            numbered=tuple(SeedItem(c, normalise(t)) for c, t in _LS_NUMBERED.findall(body)),
        ))
    return LsSeed(text=text, contents=contents, standards=tuple(standards))


def find_in_order(haystack: str, needles: list[str]) -> list[str]:
    """Return the needles NOT found in `haystack` in the given order (each after the last).

    Texts are compared whitespace-normalised; each needle is looked for after the end of
    the previous match. An empty result means every needle was found, in order.
    """
    hay = normalise(haystack)
    missing = []
    at = 0
    for needle in needles:
        wanted = normalise(needle)
        found = hay.find(wanted, at)
        if found < 0:
            missing.append(needle)
        else:
            at = found + len(wanted)
    return missing
