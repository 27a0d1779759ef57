"""The HTML crosswalk report, read as text: self-contained, complete, accessible markup.

The browser tests (tests/browser) check layout, keyboard use and axe-core in Chromium; these
check what can be read from the markup alone, without a browser.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

import attrs
import pytest

import competency
from competency.analysis import render_html, report
from competency.analysis._examples import crosswalk_ab, framework_a, framework_b
from competency.analysis._html import contrast
from competency.analysis._html_assets import CSS, PREDICATE_COLOURS
from competency.crosswalk import load_crosswalk


class _Page(HTMLParser):
    """Collects ids, fragment links, table rows per table id and sortable headers."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.rows: dict[str, int] = {}
        self.sortable_heads: list[tuple[bool, bool]] = []  # (has aria-sort, has a button)
        self._table: list[str] = []
        self._in_body = False
        self._in_head = False
        self._sortable: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.links.append(str(a["href"])[1:])
        if tag == "table":
            self._table.append(str(a.get("id") or ""))
            self._sortable.append("sortable" in (a.get("class") or ""))
        elif tag == "tbody":
            self._in_body = True
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._in_body and self._table:
            self.rows[self._table[-1]] = self.rows.get(self._table[-1], 0) + 1
        elif tag == "th" and self._in_head and self._sortable and self._sortable[-1]:
            self.sortable_heads.append(("aria-sort" in a, False))
        elif tag == "button" and self._in_head and self.sortable_heads:
            self.sortable_heads[-1] = (self.sortable_heads[-1][0], True)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._table:
            self._table.pop()
            self._sortable.pop()
        elif tag == "tbody":
            self._in_body = False
        elif tag == "thead":
            self._in_head = False


@pytest.fixture(scope="module")
def shipped() -> str:
    r = report(load_crosswalk("pt-nos", "ls-nos"), competency.load("pt-nos"),
               competency.load("ls-nos"))
    return render_html(r, generated="2026-01-31")


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


def test_the_page_is_one_file_that_loads_nothing(shipped: str) -> None:
    assert shipped.startswith("<!DOCTYPE html>")
    assert "<script src" not in shipped
    assert "<link" not in shipped
    assert "@import" not in shipped
    assert "url(http" not in shipped
    assert not re.search(r"""\s(src|srcset|data)=["']?https?:""", shipped)
    # the only network addresses are plain links (licence) and identifiers shown as text
    assert "http://www.w3.org/2000/svg" not in shipped or "<svg" in shipped


def test_the_page_states_provenance_and_the_thresholds_behind_its_figures(shipped: str) -> None:
    for text in ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/",
                 "AI assistant (large language model) working for the competency project",
                 "© Crown Copyright 2007",
                 "No rights statement is printed", "Further Education Tutorial Network",
                 "none of the 156 mappings has been reviewed",
                 f"competency {competency.__version__}", "generated 2026-01-31",
                 "1.1, 2026-11-27", "No person has reviewed any row",
                 "related or stronger, any confidence", "close or stronger, any confidence"):
        assert text in shipped, text


def test_the_page_lists_every_mapping_and_every_look_alike_pair(shipped: str) -> None:
    cw = load_crosswalk("pt-nos", "ls-nos")
    page = _parse(shipped)
    negated = sum(1 for m in cw.mappings if m.is_negated)
    assert page.rows["maps"] == len(cw.mappings) - negated
    assert page.rows["neg"] == negated == 7
    for m in cw.mappings:
        assert m.comment is not None
        assert escape(m.comment) in shipped


def test_the_table_of_contents_links_to_every_section(shipped: str) -> None:
    page = _parse(shipped)
    assert {"summary", "provenance", "predicates", "coverage", "heatmap", "gaps",
            "mappings", "lookalikes", "strongest"} <= set(page.links)
    assert set(page.links) <= page.ids


def test_sortable_columns_are_buttons_in_headers_with_aria_sort(shipped: str) -> None:
    heads = _parse(shipped).sortable_heads
    assert len(heads) >= 20
    assert all(aria and button for aria, button in heads)
    assert "<th scope=col" in shipped
    assert "<caption>" in shipped


def test_strict_coverage_stands_beside_loose_coverage(shipped: str) -> None:
    assert "strict (close+)" in shipped
    assert "109 (61%)" in shipped
    assert "27 (15%)" in shipped


@pytest.mark.parametrize("name", ["exact", "close", "broad", "narrow", "related"])
def test_predicate_badges_are_readable_and_named_in_text(name: str, shipped: str) -> None:
    assert contrast("#ffffff", PREDICATE_COLOURS[name]) >= 4.5
    badges = re.findall(r'<span class="pred p-(\w+)"[^>]*>([^<]*)</span>', shipped)
    assert badges
    assert all(cls == text for cls, text in badges)
    assert f"--{name}:" in CSS or name == "narrow"  # one colour per predicate, everywhere


def test_page_colours_meet_wcag_aa_contrast() -> None:
    colours = dict(re.findall(r"--(\w+):(#[0-9a-f]{6})", CSS))
    for ink in ("ink", "muted", "link", "neg"):
        for paper in ("#ffffff", colours["bg"]):
            assert contrast(colours[ink], paper) >= 4.5, (ink, paper)


def test_every_heatmap_number_is_readable_on_its_cell(shipped: str) -> None:
    cells = re.findall(r'height="\d+" fill="(#[0-9a-f]{6})" stroke="#fff" stroke-width="2"/>'
                       r'<text[^>]* fill="(#[0-9a-f]{6})">', shipped)
    assert len(cells) == 11 * 3
    assert all(contrast(ink, paper) >= 4.5 for paper, ink in cells)
    assert {paper for paper, _ in cells}.isdisjoint(PREDICATE_COLOURS.values())


def test_heatmap_cells_state_the_share_of_items_covered(shipped: str) -> None:
    assert "LSIPT05 × B: 13 of 16 items (81%) have a counterpart here; best predicate: " \
           "close 2, related 11" in shipped
    assert 'role="img" aria-labelledby="heat-title heat-desc"' in shipped
    assert "The heatmap as a table" in shipped


def test_every_chart_is_inline_svg_with_a_text_equivalent(shipped: str) -> None:
    svgs = re.findall(r"<svg[^>]*>", shipped)
    assert svgs
    assert all('aria-hidden="true"' in s or 'role="img"' in s for s in svgs)
    assert "<img" not in shipped
    assert "<canvas" not in shipped


def test_texts_from_the_crosswalk_are_escaped() -> None:
    cw = crosswalk_ab()
    hostile = attrs.evolve(cw.mappings[1], comment="<script>alert(1)</script> & more")
    cw = attrs.evolve(cw, mappings=[cw.mappings[0], hostile, *cw.mappings[2:]])
    page = render_html(report(cw, framework_a(), framework_b()))
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page


def test_generated_date_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    page = render_html(report(crosswalk_ab(), framework_a(), framework_b()))
    assert "generated 2023-11-14" in page


def test_print_rules_keep_the_heatmap_whole_and_rows_uncut() -> None:
    print_css = CSS[CSS.index("@media print"):]
    assert "@page{size:A4" in CSS
    assert "h2#heatmap{break-before:page}" in print_css
    assert "figure.heat{break-inside:avoid}" in print_css
    assert "tr,.card" in print_css
    assert "break-inside:avoid" in print_css
    assert "thead{display:table-header-group}" in print_css
