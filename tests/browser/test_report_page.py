"""The crosswalk report page in a real browser: layout, keyboard, accessibility, print."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser._cdp import Browser, Page

_OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
_WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def tabs(browser: Browser) -> Iterator[list[Page]]:
    """The tabs a test opens, closed after it."""
    opened: list[Page] = []
    yield opened
    for page in opened:
        page.close()


def _open(browser: Browser, page_file: Path, width: int, tabs: list[Page]) -> Page:
    page = browser.page(width)
    tabs.append(page)
    page.open(page_file)
    return page


@pytest.mark.parametrize("width", [400, 1000, 1400])
@pytest.mark.parametrize("name", ["pt-nos__ls-nos", "fe-pt-role__pt-nos"])
def test_the_page_never_scrolls_sideways(browser: Browser, report_pages: dict[str, Path],
                                         name: str, width: int, tabs: list[Page]) -> None:
    page = _open(browser, report_pages[name], width, tabs)
    assert page.evaluate("window.innerWidth") == width
    assert page.evaluate(_OVERFLOW) <= 0
    # wide tables scroll inside their own focusable region instead
    regions = page.evaluate(
        "Array.from(document.querySelectorAll('.scroll')).filter("
        "e => e.scrollWidth > e.clientWidth).every("
        "e => e.tabIndex === 0 && e.getAttribute('role') === 'region' && e.ariaLabel)")
    assert regions is True


def _column(page: Page, table: str, col: int) -> list[str]:
    values: list[str] = page.evaluate(
        f"Array.from(document.getElementById('{table}').tBodies[0].rows).map("
        f"r => r.cells[{col}].getAttribute('data-key') ?? r.cells[{col}].textContent)")
    return values


def _tab_to(page: Page, selector_js: str, limit: int = 20) -> None:
    for _ in range(limit):
        page.press("Tab")
        if page.evaluate(f"document.activeElement === ({selector_js})"):
            return
    raise AssertionError(f"Tab never reached {selector_js}")


def test_sorting_works_from_the_keyboard(browser: Browser, report_pages: dict[str, Path],
                                         tabs: list[Page]) -> None:
    page = _open(browser, report_pages["pt-nos__ls-nos"], 1400, tabs)
    button = "document.querySelector('#maps thead th:nth-child(4) button')"
    original = _column(page, "maps", 3)
    page.evaluate("document.getElementById('maps-q').focus()")
    _tab_to(page, button)  # the sort buttons are in the tab order after the filters
    page.press("Enter")
    ascending = [float(x) for x in _column(page, "maps", 3)]
    assert ascending == sorted(ascending)
    assert page.evaluate(f"{button}.parentElement.getAttribute('aria-sort')") == "ascending"
    page.press(" ")
    descending = [float(x) for x in _column(page, "maps", 3)]
    assert descending == sorted(ascending, reverse=True)
    assert page.evaluate(f"{button}.parentElement.getAttribute('aria-sort')") == "descending"
    assert page.evaluate("document.getElementById('maps-status').textContent") == \
        "Sorted by confidence, descending."
    assert sorted(_column(page, "maps", 3)) == sorted(original)


def test_filtering_the_mappings_from_the_keyboard(
    browser: Browser, report_pages: dict[str, Path], tabs: list[Page]
) -> None:
    page = _open(browser, report_pages["pt-nos__ls-nos"], 400, tabs)
    page.evaluate("document.getElementById('maps-q').focus()")
    page.type("feedback")
    rows: list[dict[str, Any]] = page.evaluate(
        "Array.from(document.getElementById('maps').tBodies[0].rows).map("
        "r => ({hidden: r.hidden, text: r.textContent.toLowerCase()}))")
    shown = [r for r in rows if not r["hidden"]]
    assert 0 < len(shown) < len(rows)
    assert all("feedback" in r["text"] for r in shown)
    assert all("feedback" not in r["text"] for r in rows if r["hidden"])
    status = page.evaluate("document.getElementById('maps-status').textContent")
    assert status == f"Showing {len(shown)} of {len(rows)} mappings."
    page.evaluate("const p = document.getElementById('maps-p'); p.value = 'close';"
                  "p.dispatchEvent(new Event('change', {bubbles: true}))")
    preds = page.evaluate(
        "Array.from(document.getElementById('maps').tBodies[0].rows).filter(r => !r.hidden)"
        ".map(r => r.getAttribute('data-pred'))")
    assert set(preds) <= {"close"}


@pytest.mark.parametrize(("name", "width"), [("pt-nos__ls-nos", 400),
                                           ("fe-pt-role__pt-nos", 1400)])
def test_axe_core_finds_no_accessibility_violation(browser: Browser, axe_source: str,
                                                   report_pages: dict[str, Path],
                                                   name: str, width: int,
                                                   tabs: list[Page]) -> None:
    # axe-core cannot measure the contrast of SVG text (it reports it as "incomplete");
    # tests/analysis/test_html_report.py checks every heatmap text against its cell.
    page = _open(browser, report_pages[name], width, tabs)
    page.evaluate(axe_source)
    violations: list[dict[str, Any]] = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: " + json.dumps(_WCAG) + "}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, indent=1)
    assert violations == [], json.dumps(violations, indent=1)


def test_the_page_loads_nothing_from_the_network(
    browser: Browser, report_pages: dict[str, Path], tabs: list[Page]
) -> None:
    page = browser.page(1000)
    tabs.append(page)
    page.call("Network.enable")
    page.open(report_pages["fe-pt-role__pt-nos"])
    urls = [e["request"]["url"] for e in browser.drain("Network.requestWillBeSent",
                                                       page.session)]
    assert urls, "the page itself should have been requested"
    assert all(u.startswith(("file:", "data:")) for u in urls), urls


# A4 portrait with the page's 12 mm margins, in CSS pixels (96 per inch).
_PRINT_WIDTH = round((210 - 24) / 25.4 * 96)
_PRINT_HEIGHT = round((297 - 24) / 25.4 * 96)


@pytest.mark.parametrize("name", ["pt-nos__ls-nos", "fe-pt-role__pt-nos"])
def test_printing_keeps_the_heatmap_on_one_a4_page_and_rows_whole(
    browser: Browser, report_pages: dict[str, Path], name: str, tmp_path: Path,
    tabs: list[Page],
) -> None:
    page = _open(browser, report_pages[name], _PRINT_WIDTH, tabs)
    page.media("print")
    layout: dict[str, Any] = page.evaluate("""(() => {
      const fig = document.querySelector('figure.heat'), svg = fig.querySelector('svg');
      const head = document.getElementById('heatmap');
      const row = document.querySelector('#maps tbody tr');
      return {figure: fig.getBoundingClientRect().bottom - head.getBoundingClientRect().top, svg: svg.getBoundingClientRect().width,
              figBreak: getComputedStyle(fig).breakInside,
              headBefore: getComputedStyle(document.getElementById('heatmap')).breakBefore,
              rowBreak: getComputedStyle(row).breakInside,
              head: getComputedStyle(document.querySelector('#maps thead')).display,
              filters: getComputedStyle(document.querySelector('form.filters')).display,
              overflow: document.documentElement.scrollWidth - window.innerWidth};
    })()""")
    assert layout["figure"] <= _PRINT_HEIGHT
    assert layout["svg"] <= _PRINT_WIDTH
    assert (layout["figBreak"], layout["headBefore"]) == ("avoid", "page")
    assert layout["rowBreak"] == "avoid"
    assert layout["head"] == "table-header-group"  # repeated on every printed page
    assert layout["filters"] == "none"
    assert layout["overflow"] <= 0
    pdf = page.pdf(tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
