"""Render a :class:`~competency.analysis.report.Report` as one self-contained HTML page
(private).

The page is meant to be published: it states its provenance and the thresholds behind every
figure, lists every mapping (filterable, sortable from the keyboard) and the look-alike
pairs, and draws its charts as inline SVG with a text or table equivalent. Nothing is loaded
from the network; style and script are inline (``_html_assets``). Over 400 lines because the
page is one document: splitting it by section would scatter one layout over several files.
"""

from __future__ import annotations

import os
import time
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING

from competency.analysis._html_assets import CSS, JS, PATTERNS
from competency.crosswalk import Justification

if TYPE_CHECKING:
    from competency.analysis.coverage import Coverage, UnitCoverage
    from competency.analysis.gaps import GapGroup
    from competency.analysis.report import (
        FrameworkSource,
        MappingRow,
        Provenance,
        Report,
        UnitGrid,
    )

__all__ = ["contrast", "render"]

_SHORT = {"skos:exactMatch": "exact", "skos:closeMatch": "close", "skos:broadMatch": "broad",
          "skos:narrowMatch": "narrow", "skos:relatedMatch": "related"}
_ORDER = ("skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch",
          "skos:relatedMatch")
_INK, _WHITE = "#1f2328", "#ffffff"
_LICENCES = {
    "https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0",
    "https://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0",
    "https://creativecommons.org/licenses/by-sa/4.0/": "CC BY-SA 4.0",
    "https://creativecommons.org/licenses/by-nc/4.0/": "CC BY-NC 4.0",
}
def _made(justification: str) -> str:
    """A short name of how a mapping was made: the semapv label without "process"
    (``semapv:LLMBasedMatching`` → "LLM-based matching"); an unknown term as it is."""
    try:
        label = Justification(justification).label
    except ValueError:
        return justification
    return label.removesuffix(" process").replace(" matching process", " matching")


# -- colour --------------------------------------------------------------------------------

def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2.1 contrast ratio of two ``#rrggbb`` colours (1 to 21).

    Examples
    --------
    >>> round(contrast("#000000", "#ffffff"), 1)
    21.0
    """
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _grey(share: float) -> str:
    """The heatmap's sequential scale: near white (0 %) to mid grey (100 %), neutral so it is
    never mistaken for a predicate colour, and light enough everywhere for dark text at
    ≥ 4.5:1 (a scale on to black would pass through greys no text colour reads on)."""
    level = round(250 - 110 * max(0.0, min(1.0, share)))
    return f"#{level:02x}{level:02x}{level + 4 if level < 251 else level:02x}"


@lru_cache(maxsize=256)
def _ink(background: str) -> str:
    """Whichever of dark ink and white reads better on `background`."""
    return _INK if contrast(_INK, background) >= contrast(_WHITE, background) else _WHITE


# -- small pieces --------------------------------------------------------------------------

def _short(predicate_id: str) -> str:
    return _SHORT.get(predicate_id, predicate_id)


def _pred(predicate_id: str, negated: bool = False) -> str:
    short = _short(predicate_id)
    if negated:
        return (f'<span class="pred neg" title="{escape(predicate_id)} negated '
                f'(predicate_modifier Not)">not {escape(short)}</span>')
    return f'<span class="pred p-{escape(short)}" title="{escape(predicate_id)}">' \
           f"{escape(short)}</span>"


def _pct(fraction: float) -> str:
    return f"{100 * fraction:.0f}%"


def _conf(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _mix_text(mix: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{_short(p)} {n}" for p, n in mix) or "none"


def _bar(mix: tuple[tuple[str, int], ...], total: int, width: int = 140) -> str:
    """A stacked bar: the items of `total` by predicate (patterned fills); the rest empty.
    Decorative (hidden from assistive technology): the numbers beside it say the same."""
    parts, x = [], 0.0
    for p, n in mix:
        w = width * n / total if total else 0.0
        parts.append(f'<rect x="{x:.1f}" width="{w:.1f}" height="12" '
                     f'fill="url(#pat-{_short(p)})"/>')
        x += w
    return (f'<svg class=bar width="{width}" height="12" viewBox="0 0 {width} 12" '
            f'aria-hidden="true" focusable="false"><rect width="{width}" height="12" '
            f'fill="#eef1f4" stroke="#8c959f" stroke-width="1"/>{"".join(parts)}</svg>')


def _sort_head(label: str, numeric: bool = False) -> str:
    cls = " class=n" if numeric else ""
    return (f'<th scope=col aria-sort=none{cls}><button type=button>{escape(label)}'
            "</button></th>")


def _scroll(label: str, table: str) -> str:
    return (f'<div class=scroll tabindex="0" role="region" aria-label="{escape(label)}">'
            f"{table}</div>")


def _licence(iri: str) -> str:
    name = _LICENCES.get(iri)
    text = f"{name} ({iri})" if name else iri
    if iri.startswith(("http://", "https://")):
        return f'<a href="{escape(iri)}">{escape(name or iri)}</a>'
    return escape(text)


def _thresholds(cov: Coverage) -> str:
    conf = (f", confidence ≥ {cov.min_confidence:g}" if cov.min_confidence > 0
            else ", any confidence")
    return f"{_short(cov.min_predicate)} or stronger{conf}"


# -- sections ------------------------------------------------------------------------------

def _source(src: FrameworkSource) -> str:
    rights = (escape(src.rights) if src.rights else
              "No rights statement is printed in the source: the texts remain the "
              "publisher's; quote them with attribution.")
    rows = [("Framework", f"<code>{escape(src.framework_id)}</code> {escape(src.title)}"),
            ("Publisher", escape(src.publisher or "not stated")),
            ("Version, date", escape(", ".join(x for x in (src.version, src.date) if x)
                                     or "not stated")),
            ("Rights", rights)]
    if src.source:
        rows.append(("Source", escape(src.source)))
    return "<dl class=meta>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _provenance(r: Report, generated: str) -> str:
    p: Provenance | None = r.provenance
    strict = r.strict_subject_coverage
    kinds = ", ".join(r.subject_coverage.kinds)
    thresholds = (
        f"<li><b>Coverage</b> (all figures unless marked strict): an item is covered when a "
        f"mapping that is not negated links it with predicate "
        f"{_thresholds(r.subject_coverage)}.</li>"
        + (f"<li><b>Strict coverage</b>: the same with predicate {_thresholds(strict)}.</li>"
           if strict is not None else "")
        + f"<li><b>Counted items</b>: {escape(kinds)} (units are groupings and count for "
        "the unit, not its items).</li>"
        "<li><b>Predicate strength</b>: exact &gt; close &gt; broad = narrow &gt; related; "
        "negated mappings (look-alike pairs) never count.</li>")
    if p is None:
        return f"<h2 id=provenance>Provenance and thresholds</h2><ul>{thresholds}</ul>"
    reviewed = (f"{p.reviewed} of {r.mapping_count} mappings reviewed"
                if p.reviewed else f"none of the {r.mapping_count} mappings has been reviewed")
    made = "; ".join(f"{_made(j)} (<code>{escape(j)}</code>): {n}"
                     for j, n in p.justifications) or "not stated"
    rows = [
        ("Title", escape(p.title or "not stated")),
        ("Identifier", f"<code>{escape(p.mapping_set_id)}</code>"),
        ("Version, date", escape(", ".join(x for x in (p.version, p.mapping_date) if x)
                                 or "not stated")),
        ("Licence", _licence(p.license) + " — covers the mappings (predicates, "
                    "confidences, comments), not the frameworks' texts quoted beside them"),
        ("Creators", escape(", ".join(p.creators) or "not stated")),
        ("How made", made),
        ("Review status", escape(reviewed)),
    ]
    if p.comment:
        rows.append(("Note", escape(p.comment)))
    if p.description:
        rows.append(("Description", escape(p.description)))
    rows.append(("Report", f"competency {escape(p.tool_version)}, generated "
                           f"{escape(generated)}"))
    meta = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    warn = ("" if p.reviewed else
            "<p class=note><b>Not reviewed.</b> No mapping in this crosswalk records a "
            "review; treat it as a draft.</p>")
    return f"""<h2 id=provenance>Provenance and thresholds</h2>{warn}
<h3>The crosswalk</h3><dl class=meta>{meta}</dl>
<h3>The frameworks' texts</h3>
<p>Element texts in this report are quoted from the frameworks; each stays under its
publisher's terms below, whatever the crosswalk's licence.</p>
<div class=two><div>{_source(p.subject)}</div><div>{_source(p.object)}</div></div>
<h3 id=thresholds>Thresholds behind the figures</h3><ul>{thresholds}</ul>"""


def _summary(r: Report) -> str:
    rows = "".join(
        f"<tr><th scope=row>{_pred(s.predicate_id)} <code>{escape(s.predicate_id)}</code></th>"
        f"<td class=n>{s.count}</td><td class=n>{s.negated}</td>"
        f"<td class=n>{'' if s.mean_confidence is None else f'{s.mean_confidence:.2f}'}</td>"
        "</tr>" for s in r.summary)
    table = ("<table><caption>Mappings by predicate, all mappings in the crosswalk "
             "(no threshold)</caption><thead><tr><th scope=col>predicate</th>"
             "<th scope=col class=n>mappings</th><th scope=col class=n>negated "
             "(look-alike)</th><th scope=col class=n>mean confidence</th></tr></thead>"
             f"<tbody>{rows}</tbody></table>")
    return f"<h2 id=predicates>Mappings by predicate</h2>{_scroll('Mappings by predicate', table)}"


def _coverage_row(u: UnitCoverage, strict: UnitCoverage | None, head: str) -> str:
    strict_cells = ("" if strict is None else
                    f"<td class=n data-key='{strict.fraction:.4f}'>{strict.covered} "
                    f"({_pct(strict.fraction)})</td>")
    return (f"{head}<td class=n>{u.total}</td>"
            f"<td class=n data-key='{u.fraction:.4f}'>{u.covered} ({_pct(u.fraction)})</td>"
            f"{strict_cells}<td class=mix data-key='{u.fraction:.4f}'>"
            f"{_bar(u.by_predicate, u.total)}{escape(_mix_text(u.by_predicate))}</td>")


def _coverage(cov: Coverage, strict: Coverage | None, other: str) -> str:
    strict_units = {u.unit_id: u for u in strict.units} if strict is not None else {}
    rows = []
    for u in cov.units:
        head = (f"<th scope=row data-key='{escape(u.unit_id or '')}'><code>"
                f"{escape(_local(u.unit_id or ''))}</code> {escape(u.label)}</th>")
        rows.append(f"<tr>{_coverage_row(u, strict_units.get(u.unit_id), head)}</tr>")
    strict_head = ("" if strict is None else
                   f"{_sort_head(f'strict ({_short(strict.min_predicate)}+)', True)}")
    strict_total = ("" if strict is None else
                    f"<td class=n>{strict.covered} ({_pct(strict.fraction)})</td>")
    title = (f"Coverage of {cov.framework_id} by {other}: items with a counterpart, "
             f"{_thresholds(cov)}" + ("" if strict is None else
                                      f"; strict: {_thresholds(strict)}"))
    table = (f"<table class=sortable id=cov-{escape(cov.framework_id)}><caption>"
             f"{escape(title)}</caption><thead><tr>{_sort_head('unit')}"
             f"{_sort_head('items', True)}{_sort_head('covered', True)}{strict_head}"
             f"{_sort_head('best predicate per item')}</tr></thead>"
             f"<tbody>{''.join(rows)}</tbody><tfoot><tr><th scope=row>all units</th>"
             f"<td class=n>{cov.total}</td><td class=n>{cov.covered} "
             f"({_pct(cov.fraction)})</td>{strict_total}<td class=mix>"
             f"{_bar(cov.by_predicate, cov.total)}{escape(_mix_text(cov.by_predicate))}"
             "</td></tr></tfoot></table>"
             f"<p class=muted id=cov-{escape(cov.framework_id)}-status role=status></p>")
    return f"<h3>{escape(cov.framework_id)} → {escape(other)}</h3>" \
           f"{_scroll(f'Coverage of {cov.framework_id}', table)}"


def _local(unit_id: str) -> str:
    return unit_id.split(":", 1)[-1] if unit_id else "(none)"


def _heatmap(r: Report) -> str:
    g: UnitGrid | None = r.grid
    if g is None or not g.rows or not g.columns:
        return ""
    cols = [_local(c) for c in g.columns]
    cw, ch = max(76, min(150, 900 // len(cols))), 48
    label_w = 12 + 8 * max(len(_local(x)) for x in g.rows)
    longest = max(len(c) for c in cols)
    rotate = longest > 8
    top = int(20 + 6.2 * longest * 0.75) if rotate else 26
    width, height = label_w + cw * len(cols) + 4, top + ch * len(g.rows) + 4
    out = []
    for j, c in enumerate(cols):
        x = label_w + cw * j + cw / 2
        if rotate:
            out.append(f'<text x="{x - 8:.0f}" y="{top - 6}" transform="rotate(-40 '
                       f'{x - 8:.0f} {top - 6})" font-size="12">{escape(c)}</text>')
        else:
            out.append(f'<text x="{x:.0f}" y="{top - 8}" text-anchor="middle" '
                       f'font-size="12" font-weight="600">{escape(c)}</text>')
    for i, (rid, total) in enumerate(zip(g.rows, g.row_totals, strict=True)):
        y = top + ch * i
        out.append(f'<text x="{label_w - 8}" y="{y + ch / 2 + 4:.0f}" text-anchor="end" '
                   f'font-size="12" font-weight="600">{escape(_local(rid))}</text>')
        for j in range(len(cols)):
            share, n, mix = g.share(i, j), g.covered[i][j], g.mix[i][j]
            fill = _grey(share)
            ink = _ink(fill)
            x = label_w + cw * j
            tip = (f"{_local(rid)} × {cols[j]}: {n} of {total} items ({_pct(share)}) have a "
                   f"counterpart here; best predicate: {_mix_text(mix)}")
            bars, bx = [], x + 6.0
            for p, k in mix:
                w = (cw - 12) * k / total
                bars.append(f'<rect x="{bx:.1f}" y="{y + ch - 13}" width="{w:.1f}" '
                            f'height="8" fill="url(#pat-{_short(p)})"/>')
                bx += w
            strip = (f'<rect x="{x + 5}" y="{y + ch - 14}" width="{cw - 10}" height="10" '
                     f'fill="#fff" stroke="#8c959f" stroke-width="0.5"/>{"".join(bars)}'
                     if n else "")
            out.append(
                f'<g><title>{escape(tip)}</title><rect x="{x}" y="{y}" width="{cw}" '
                f'height="{ch}" fill="{fill}" stroke="#fff" stroke-width="2"/>'
                f'<text x="{x + cw / 2:.0f}" y="{y + 19}" text-anchor="middle" '
                f'font-size="13" font-weight="700" fill="{ink}">'
                f'{_pct(share) if n else "–"}</text>'
                + (f'<text x="{x + cw / 2:.0f}" y="{y + 31}" text-anchor="middle" '
                   f'font-size="10" fill="{ink}">{n}/{total}</text>' if n else "")
                + f"{strip}</g>")
    desc = (f"Rows: the {len(g.rows)} units of {r.subject_id}; columns: the {len(cols)} "
            f"units of {r.object_id}. Each cell gives the share of the row unit's counted "
            f"items that have a counterpart in the column unit "
            f"({_thresholds(r.subject_coverage)}), darker for a larger share, and a bar of "
            "their best predicates. The same figures are in the table below.")
    # On a narrow screen the map keeps a legible size and scrolls inside its own region.
    svg = (f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'style="--w:{min(width, 720)}px" '
           f'role="img" aria-labelledby="heat-title heat-desc" '
           f'font-family="-apple-system,Segoe UI,Helvetica,Arial,sans-serif" fill="{_INK}">'
           f'<title id="heat-title">Heatmap: share of {escape(r.subject_id)} unit items '
           f'covered by each {escape(r.object_id)} unit</title>'
           f'<desc id="heat-desc">{escape(desc)}</desc>{"".join(out)}</svg>')
    legend = _legend()
    key_rows = "".join(f"<li><code>{escape(_local(u))}</code> {escape(lab)}</li>"
                       for u, lab in zip(g.rows, g.row_labels, strict=True))
    key_cols = "".join(f"<li><code>{escape(_local(u))}</code> {escape(lab)}</li>"
                       for u, lab in zip(g.columns, g.column_labels, strict=True))
    head = "".join(f"<th scope=col>{escape(c)}</th>" for c in cols)
    body = "".join(
        f"<tr><th scope=row>{escape(_local(rid))}</th>" + "".join(
            f"<td>{g.covered[i][j]}/{g.row_totals[i]} ({_pct(g.share(i, j))})"
            + (f": {escape(_mix_text(g.mix[i][j]))}" if g.covered[i][j] else "") + "</td>"
            for j in range(len(cols))) + "</tr>"
        for i, rid in enumerate(g.rows))
    alt = ("<details class=alt><summary>The heatmap as a table</summary>"
           + _scroll("Heatmap data", f"<table><caption>Items of each {escape(r.subject_id)} "
                     f"unit (rows) covered in each {escape(r.object_id)} unit (columns), "
                     f"with their best predicates</caption><thead><tr><th scope=col>unit"
                     f"</th>{head}</tr></thead><tbody>{body}</tbody></table>")
           + "</details>")
    return (f"<h2 id=heatmap>Heatmap: {escape(r.subject_id)} units × {escape(r.object_id)} "
            f"units</h2><figure class=heat><figcaption>Cell: the share of the row unit's "
            f"counted items ({escape(', '.join(r.subject_coverage.kinds))}) with at least "
            f"one counterpart in the column unit, {escape(_thresholds(r.subject_coverage))}"
            f"; the number under it is items covered / items in the row unit; the bar "
            f"splits those items by their strongest predicate there. A share does not grow "
            f"with the number of mappings.</figcaption>{_scroll('Heatmap', svg)}{legend}</figure>"
            f"<div class=two><div><h3>Rows ({escape(r.subject_id)})</h3><ol class=key>"
            f"{key_rows}</ol></div><div><h3>Columns ({escape(r.object_id)})</h3>"
            f"<ol class=key>{key_cols}</ol></div></div>{alt}")


def _legend() -> str:
    def swatch(fill: str, stroke: str = "#8c959f") -> str:
        return (f'<svg width="22" height="14" aria-hidden="true" focusable="false">'
                f'<rect x="0.5" y="0.5" width="21" height="13" fill="{fill}" '
                f'stroke="{stroke}"/></svg>')

    preds = "".join(f"<span>{swatch(f'url(#pat-{s})')}{s}</span>"
                    for s in ("exact", "close", "broad", "narrow", "related"))
    greys = "".join(f"<span>{swatch(_grey(v))}{_pct(v)}</span>" for v in (0, 0.25, 0.5, 1.0))
    return (f"<div class=legend><b>Share covered:</b>{greys}</div>"
            f"<div class=legend><b>Best predicate:</b>{preds}</div>")


def _gaps(groups: tuple[GapGroup, ...], title: str, ident: str) -> str:
    count = sum(len(g.items) for g in groups)
    if not groups:
        return f"<p><b>{escape(title)}</b>: none.</p>"
    rows = []
    for g in groups:
        for item in g.items:
            rows.append(
                f"<tr><td data-key='{escape(g.unit_id or '')}'><code>"
                f"{escape(_local(g.unit_id or '') if g.unit_id else '—')}</code></td>"
                f"<td><code>{escape(item.element_id)}</code></td><td>{escape(item.kind)}</td>"
                f"<td class=t>{escape(item.text)}</td></tr>")
    table = (f"<table class=sortable id={ident}><caption>{escape(title)} ({count})"
             f"</caption><thead><tr>{_sort_head('unit')}{_sort_head('element')}"
             f"{_sort_head('kind')}{_sort_head('text')}</tr></thead>"
             f"<tbody>{''.join(rows)}</tbody></table>"
             f"<p class=muted id={ident}-status role=status></p>")
    return _scroll(title, table)


def _mapping_rows(rows: tuple[MappingRow, ...], r: Report) -> str:
    out = []
    for m in rows:
        review = (f"<span class=rev>reviewed by {escape(', '.join(m.reviewers))}"
                  + (f", {escape(m.review_date)}" if m.review_date else "") + "</span>"
                  if m.reviewers else
                  "<span class=rev>reviewed</span>" if m.is_reviewed else
                  "<span class='rev no'>not reviewed</span>")
        made = _made(m.justification)
        out.append(
            f"<tr data-pred='{escape(_short(m.predicate_id))}' "
            f"data-review='{escape(m.review_status)}'>"
            f"<td class=t data-key='{escape(m.subject_id)}'><code>{escape(m.subject_id)}"
            f"</code> {escape(m.subject_text)}</td>"
            f"<td data-key='{_ORDER.index(m.predicate_id) if m.predicate_id in _ORDER else 9}'>"
            f"{_pred(m.predicate_id, m.negated)}</td>"
            f"<td class=t data-key='{escape(m.object_id)}'><code>{escape(m.object_id)}</code> "
            f"{escape(m.object_text)}</td>"
            f"<td class=n data-label=confidence "
            f"data-key='{'' if m.confidence is None else m.confidence}'>"
            f"{_conf(m.confidence)}</td><td data-label=review>{review}<br><span class=muted>"
            f"{escape(made)}{', ' + escape(m.mapping_date) if m.mapping_date else ''}"
            f"</span></td><td class=c data-label=comment>{escape(m.comment or '')}</td></tr>")
    return "".join(out)


def _mapping_table(rows: tuple[MappingRow, ...], r: Report, ident: str, caption: str) -> str:
    return (f"<table class='sortable stack' id={ident}><caption>{escape(caption)}</caption>"
            "<thead><tr>"
            f"{_sort_head(r.subject_id)}{_sort_head('predicate')}{_sort_head(r.object_id)}"
            f"{_sort_head('confidence', True)}{_sort_head('review, how made')}"
            f"{_sort_head('comment')}</tr></thead><tbody>{_mapping_rows(rows, r)}</tbody>"
            "</table>")


def _mappings(r: Report) -> str:
    positive = tuple(m for m in r.mappings if not m.negated)
    options = "".join(f"<option value={s}>{s}</option>"
                      for s in ("exact", "close", "broad", "narrow", "related")
                      if any(_short(m.predicate_id) == s for m in positive))
    form = (f"<form class=filters data-table=maps role=search aria-label='Filter the "
            f"mappings'><label for=maps-q>Text contains<input id=maps-q name=q type=search>"
            f"</label><label for=maps-p>Predicate<select id=maps-p name=p><option value=''>"
            f"any</option>{options}</select></label><label for=maps-r>Review<select "
            f"id=maps-r name=r><option value=''>any</option><option value='reviewed'>reviewed"
            f"</option><option value='not reviewed'>not reviewed</option></select></label>"
            f"<button type=reset>Clear filters</button></form>")
    table = _mapping_table(positive, r, "maps",
                           f"All {len(positive)} mappings, {r.subject_id} → {r.object_id}, "
                           "in file order (no threshold applied)")
    status = (f"<p id=maps-status role=status aria-live=polite>Showing {len(positive)} of "
              f"{len(positive)} mappings.</p>")
    negative = tuple(m for m in r.mappings if m.negated)
    look = (_scroll("Look-alike pairs", _mapping_table(
        negative, r, "neg", f"{len(negative)} look-alike pairs: texts that look alike but "
        "mean different things (predicate_modifier Not)")) +
        "<p class=muted id=neg-status role=status></p>"
        if negative else "<p>The crosswalk records no look-alike pairs.</p>")
    return (f"<h2 id=mappings>All mappings</h2><p>Every mapping with its predicate, "
            f"confidence, review status, how it was made and the curator's comment. Filter "
            f"and sort (the column buttons work from the keyboard).</p>{form}{status}"
            f"{_scroll('All mappings', table)}"
            f"<h2 id=lookalikes>Look-alike pairs (negative mappings)</h2>"
            f"<p>Recorded so that nobody maps them later: each says the predicate does "
            f"<em>not</em> hold. They never count towards coverage.</p>{look}")


def _strongest(r: Report) -> str:
    rows = "".join(
        f"<tr><td class=t><code>{escape(m.subject_id)}</code> {escape(m.subject_text)}</td>"
        f"<td>{_pred(m.predicate_id)}</td>"
        f"<td class=t><code>{escape(m.object_id)}</code> {escape(m.object_text)}</td>"
        f"<td class=n>{_conf(m.confidence)}</td></tr>" for m in r.strongest)
    table = (f"<table><caption>The {len(r.strongest)} strongest mappings "
             f"({_thresholds(r.subject_coverage)}), by predicate, then confidence"
             f"</caption><thead><tr><th scope=col>{escape(r.subject_id)}</th><th scope=col>"
             f"predicate</th><th scope=col>{escape(r.object_id)}</th><th scope=col class=n>"
             f"confidence</th></tr></thead><tbody>{rows}</tbody></table>")
    return f"<h2 id=strongest>Strongest mappings</h2>{_scroll('Strongest mappings', table)}"


def _generated() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = float(epoch) if epoch and epoch.isdigit() else time.time()
    return time.strftime("%Y-%m-%d", time.gmtime(seconds))


def render(report: Report, *, generated: str | None = None) -> str:
    """The whole page; `generated` is the date printed as its generation date (default
    today, UTC, or ``SOURCE_DATE_EPOCH`` for reproducible builds)."""
    r = report
    when = generated or _generated()
    title = f"Crosswalk report: {r.subject_id} → {r.object_id}"
    s_strict, o_strict = r.strict_subject_coverage, r.strict_object_coverage
    negated = sum(1 for m in r.mappings if m.negated)

    def cov_card(cov: Coverage, strict: Coverage | None) -> str:
        extra = "" if strict is None else f"; strict {_pct(strict.fraction)}"
        return (f"<div class=card><b>{_pct(cov.fraction)}</b><span>of {escape(cov.framework_id)}"
                f" covered ({cov.covered}/{cov.total}){extra}</span></div>")

    cards = (f"<div class=card><b>{r.mapping_count}</b><span>mappings, of which "
             f"{negated} look-alike pairs</span></div>"
             + cov_card(r.subject_coverage, s_strict) + cov_card(r.object_coverage, o_strict)
             + f"<div class=card><b>{len(r.gaps.subject_ids)}</b><span>{escape(r.subject_id)}"
             f" items without counterpart</span></div>"
             f"<div class=card><b>{len(r.gaps.object_ids)}</b><span>{escape(r.object_id)}"
             f" items without counterpart</span></div>")
    toc = [("summary", "Summary"), ("provenance", "Provenance and thresholds"),
           ("predicates", "Mappings by predicate"), ("coverage", "Coverage, loose and strict"),
           ("heatmap", "Heatmap of units"), ("gaps", "Gaps"), ("mappings", "All mappings"),
           ("lookalikes", "Look-alike pairs"), ("strongest", "Strongest mappings")]
    if r.grid is None or not r.grid.rows:
        toc.remove(("heatmap", "Heatmap of units"))
    nav = "".join(f"<li><a href='#{i}'>{escape(t)}</a></li>" for i, t in toc)
    body = f"""{PATTERNS}
<header><h1>{escape(title)}</h1>
<p class=sub>{escape(r.subject_title)} → {escape(r.object_title)}<br>
<code>{escape(r.mapping_set_id)}</code></p></header>
<nav class=toc aria-label="Contents"><b>Contents</b><ol>{nav}</ol></nav>
<main>
<h2 id=summary>Summary</h2>
<div class=cards>{cards}</div>
<p>Coverage counts an item as covered when a mapping links it with predicate
{_thresholds(r.subject_coverage)}{"" if s_strict is None else
f"; strict coverage requires {_thresholds(s_strict)}"}.</p>
{_provenance(r, when)}
{_summary(r)}
<h2 id=coverage>Coverage, loose and strict</h2>
<p>For each unit: its counted items, how many have a counterpart under the report's
thresholds and under the strict ones, and each covered item's strongest predicate (the bar:
<span class="pred p-exact">exact</span> <span class="pred p-close">close</span>
<span class="pred p-broad">broad</span> <span class="pred p-narrow">narrow</span>
<span class="pred p-related">related</span>, in that order).</p>
{_coverage(r.subject_coverage, s_strict, r.object_id)}
{_coverage(r.object_coverage, o_strict, r.subject_id)}
{_heatmap(r)}
<h2 id=gaps>Gaps (no counterpart, {escape(_thresholds(r.subject_coverage))})</h2>
{_gaps(r.gaps.subject, f"{r.subject_id} items with no counterpart in {r.object_id}",
       "gaps-subject")}
{_gaps(r.gaps.object, f"{r.object_id} items with no counterpart in {r.subject_id}",
       "gaps-object")}
{_mappings(r)}
{_strongest(r)}
</main>
<footer>Generated by competency {escape(r.provenance.tool_version if r.provenance else "")}
(<code>competency crosswalk report {escape(r.subject_id)} {escape(r.object_id)}</code>) on
{escape(when)}. One self-contained file: nothing is loaded from the network.</footer>"""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>{body}"
            f"<script>{JS}</script></body></html>\n")

