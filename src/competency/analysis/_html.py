"""Render a :class:`~competency.analysis.report.Report` as self-contained HTML (private)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from competency.analysis.coverage import Coverage
    from competency.analysis.gaps import GapGroup
    from competency.analysis.report import Report

__all__ = ["render"]

_SHORT = {"skos:exactMatch": "exact", "skos:closeMatch": "close", "skos:broadMatch": "broad",
          "skos:narrowMatch": "narrow", "skos:relatedMatch": "related"}
_STRENGTH_NAME = {4: "exact", 3: "close", 2: "broad/narrow", 1: "related"}

_CSS = """
:root{--ink:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#f6f8fa;--accent:#0969da;
--exact:#1a7f37;--close:#2da44e;--broad:#bf8700;--related:#8c959f;}
*{box-sizing:border-box}
body{font:14px/1.45 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--ink);
margin:0;padding:24px 32px;max-width:1320px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;
border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:14px;margin:16px 0 6px}
.sub{color:var(--muted);margin:0 0 12px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:150px;
background:var(--bg)}.card b{display:block;font-size:20px}.card span{color:var(--muted)}
table{border-collapse:collapse;margin:6px 0 10px}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600;white-space:nowrap}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.bar{display:inline-block;width:160px;height:10px;background:#eaeef2;border-radius:5px;
overflow:hidden;vertical-align:middle;margin-right:6px}
.bar i{display:block;height:100%;background:var(--accent)}
.two{display:grid;grid-template-columns:1fr 1fr;gap:24px}
.pred{display:inline-block;padding:0 6px;border-radius:10px;color:#fff;font-size:12px}
.p-exact{background:var(--exact)}.p-close{background:var(--close)}
.p-broad,.p-narrow{background:var(--broad)}.p-related{background:var(--related)}
.heat td{width:64px;height:34px;text-align:center;vertical-align:middle;border:1px solid #fff;
font-weight:600}
.heat th.r{text-align:left;max-width:260px;white-space:normal;font-weight:500}
.heat th.c{writing-mode:vertical-rl;transform:rotate(180deg);max-height:220px;
white-space:normal;font-weight:500;text-align:left}
.legend span{display:inline-block;width:18px;height:12px;margin:0 2px -2px 10px;
border-radius:2px}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th:after{content:" \\2195";color:var(--muted);font-size:11px}
code{font-size:12px;background:var(--bg);padding:0 3px;border-radius:3px;white-space:nowrap}
.muted{color:var(--muted)}
footer{margin-top:32px;color:var(--muted);font-size:12px}
"""

_JS = """
document.querySelectorAll('table.sortable').forEach(function(t){
  t.querySelectorAll('th').forEach(function(th,col){
    th.addEventListener('click',function(){
      var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
      var dir=th.dataset.dir==='asc'?-1:1;th.dataset.dir=dir===1?'asc':'desc';
      rows.sort(function(a,b){
        var x=a.cells[col].dataset.key||a.cells[col].textContent,
            y=b.cells[col].dataset.key||b.cells[col].textContent;
        var nx=parseFloat(x),ny=parseFloat(y);
        if(!isNaN(nx)&&!isNaN(ny)&&String(nx)===x.trim()&&String(ny)===y.trim())
          return dir*(nx-ny);
        return dir*x.localeCompare(y,undefined,{numeric:true});
      });
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
});
"""


def _pred(predicate_id: str) -> str:
    short = _SHORT.get(predicate_id, predicate_id)
    return f'<span class="pred p-{short}">{escape(short)}</span>'


def _pct(fraction: float) -> str:
    return f"{100 * fraction:.0f}%"


def _bar(fraction: float) -> str:
    return f'<span class="bar"><i style="width:{100 * fraction:.1f}%"></i></span>'


def _coverage(cov: Coverage, title: str) -> str:
    rows = []
    for u in cov.units:
        preds = " ".join(f"{_pred(p)}&nbsp;{n}" for p, n in u.by_predicate)
        rows.append(
            f"<tr><td><code>{escape(u.unit_id or '—')}</code> {escape(u.label)}</td>"
            f"<td class=n>{u.covered}/{u.total}</td>"
            f"<td class=n>{_bar(u.fraction)}{_pct(u.fraction)}</td><td>{preds}</td></tr>")
    return (f"<h3>{escape(title)}</h3><table><thead><tr><th>unit</th><th>covered</th>"
            f"<th>coverage</th><th>best predicate</th></tr></thead><tbody>{''.join(rows)}"
            f"<tr><th>total</th><th class=n>{cov.covered}/{cov.total}</th>"
            f"<th class=n>{_bar(cov.fraction)}{_pct(cov.fraction)}</th><th></th></tr>"
            "</tbody></table>")


def _gaps(groups: tuple[GapGroup, ...], title: str) -> str:
    count = sum(len(g.items) for g in groups)
    if not groups:
        return f"<h3>{escape(title)}</h3><p class=muted>No gaps.</p>"
    rows = []
    for g in groups:
        for item in g.items:
            rows.append(
                f"<tr><td data-key='{escape(g.unit_id or '')}'><code>"
                f"{escape(g.unit_id or '—')}</code></td>"
                f"<td><code>{escape(item.element_id)}</code></td><td>{escape(item.kind)}</td>"
                f"<td>{escape(item.text)}</td></tr>")
    return (f"<h3>{escape(title)} ({count})</h3><table class=sortable><thead><tr>"
            "<th>unit</th><th>element</th><th>kind</th><th>text</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _colour(count: int, strength: int, top: int) -> str:
    if count == 0:
        return "#f6f8fa"
    hue = {4: 140, 3: 135, 2: 45, 1: 210}.get(strength, 210)
    light = 88 - 50 * (count / top if top else 0)
    return f"hsl({hue},55%,{light:.0f}%)"


def _heatmap(report: Report) -> str:
    grid = report.overlap
    top = max((c for row in grid.counts for c in row), default=0)
    head = "".join(
        f'<th class=c title="{escape(label)}"><code>{escape(cid)}</code> {escape(label)}</th>'
        for cid, label in zip(grid.columns, grid.column_labels, strict=True))
    rows = []
    for rid, label, counts, strengths in zip(grid.rows, grid.row_labels, grid.counts,
                                             grid.strength, strict=True):
        cells = []
        for cid, n, s in zip(grid.columns, counts, strengths, strict=True):
            colour = _colour(n, s, top)
            ink = "#fff" if n and n > top / 2 else "#1f2328"
            tip = (f"{rid} × {cid}: {n} mapping{'s' if n != 1 else ''}"
                   + (f", strongest {_STRENGTH_NAME[s]}" if n else ""))
            cells.append(f'<td style="background:{colour};color:{ink}" '
                         f'title="{escape(tip)}">{n or ""}</td>')
        rows.append(f"<tr><th class=r><code>{escape(rid)}</code> {escape(label)}</th>"
                    f"{''.join(cells)}</tr>")
    legend = ('<p class="legend muted">Cell = number of mappings between the items of the '
              'two units; colour: hue = strongest predicate '
              '<span style="background:hsl(140,55%,50%)"></span>exact/close'
              '<span style="background:hsl(45,55%,50%)"></span>broad/narrow'
              '<span style="background:hsl(210,55%,50%)"></span>related; '
              'darker = more mappings. Hover a cell for details.</p>')
    return (f"<table class=heat><thead><tr><th></th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>{legend}")


def render(report: Report) -> str:
    """The whole page."""
    r = report
    title = f"Crosswalk report: {r.subject_id} → {r.object_id}"
    cards = "".join(
        f"<div class=card><b>{value}</b><span>{escape(label)}</span></div>" for value, label in (
            (r.mapping_count, "mappings"),
            (_pct(r.subject_coverage.fraction), f"of {r.subject_id} covered"),
            (_pct(r.object_coverage.fraction), f"of {r.object_id} covered"),
            (len(r.gaps.subject_ids), f"{r.subject_id} gaps"),
            (len(r.gaps.object_ids), f"{r.object_id} gaps"),
        ))
    summary_rows = "".join(
        f"<tr><td>{_pred(s.predicate_id)} <code>{escape(s.predicate_id)}</code></td>"
        f"<td class=n>{s.count}</td><td class=n>{s.negated}</td>"
        f"<td class=n>{'' if s.mean_confidence is None else f'{s.mean_confidence:.2f}'}</td>"
        "</tr>" for s in r.summary)
    strong_rows = "".join(
        f"<tr><td><code>{escape(m.subject_id)}</code> {escape(m.subject_text)}</td>"
        f"<td>{_pred(m.predicate_id)}</td>"
        f"<td><code>{escape(m.object_id)}</code> {escape(m.object_text)}</td>"
        f"<td class=n>{'' if m.confidence is None else f'{m.confidence:.2f}'}</td></tr>"
        for m in r.strongest)
    cov = r.subject_coverage
    present = {e.kind for e in (*cov.elements, *r.object_coverage.elements)}
    counted = ", ".join(k for k in cov.kinds if k in present)
    body = f"""
<h1>{escape(title)}</h1>
<p class=sub>{escape(r.subject_title)} → {escape(r.object_title)}<br>
<code>{escape(r.mapping_set_id)}</code></p>
<div class=cards>{cards}</div>
<p class=muted>Counted: {escape(counted)} items; a counterpart is a non-negated mapping of
predicate {_pred(cov.min_predicate)} or stronger with confidence ≥ {cov.min_confidence:g}.</p>
<h2>Mappings by predicate</h2>
<table><thead><tr><th>predicate</th><th>mappings</th><th>negated</th>
<th>mean confidence</th></tr></thead><tbody>{summary_rows}</tbody></table>
<h2>Coverage</h2>
<div class=two><div>{_coverage(r.subject_coverage, f"{r.subject_id} units")}</div>
<div>{_coverage(r.object_coverage, f"{r.object_id} units")}</div></div>
<h2>Heatmap: {escape(r.subject_id)} units × {escape(r.object_id)} units</h2>
{_heatmap(r)}
<h2>Gaps (no counterpart)</h2>
<p class=muted>Click a column heading to sort.</p>
{_gaps(r.gaps.subject, f"{r.subject_id} items with no counterpart in {r.object_id}")}
{_gaps(r.gaps.object, f"{r.object_id} items with no counterpart in {r.subject_id}")}
<h2>Strongest mappings</h2>
<table><thead><tr><th>{escape(r.subject_id)}</th><th>predicate</th>
<th>{escape(r.object_id)}</th><th>confidence</th></tr></thead><tbody>{strong_rows}</tbody>
</table>
<footer>Generated by competency crosswalk report.</footer>"""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>{body}"
            f"<script>{_JS}</script></body></html>\n")
