"""The style sheet and script of the HTML crosswalk report (private; see ``_html``).

One colour per predicate, used everywhere (badges, bars, heatmap mix, legend), each dark
enough for white text at WCAG AA (≥ 4.5:1) and each paired with a text label and, in the
charts, a fill pattern, so no meaning rests on colour alone.
"""

from __future__ import annotations

__all__ = ["CSS", "JS", "PATTERNS", "PREDICATE_COLOURS"]

PREDICATE_COLOURS: dict[str, str] = {
    "exact": "#1b5e20",
    "close": "#0d47a1",
    "broad": "#8a4500",
    "narrow": "#8a4500",
    "related": "#6a1b9a",
}
"""Short predicate name -> colour (broad and narrow share one: equally strong)."""

# One hidden SVG defines a fill pattern per predicate; every chart refers to them by id.
PATTERNS = (
    '<svg class=defs width="0" height="0" aria-hidden="true" focusable="false"><defs>'
    '<pattern id="pat-exact" width="6" height="6" patternUnits="userSpaceOnUse">'
    f'<rect width="6" height="6" fill="{PREDICATE_COLOURS["exact"]}"/></pattern>'
    '<pattern id="pat-close" width="6" height="4" patternUnits="userSpaceOnUse">'
    f'<rect width="6" height="4" fill="{PREDICATE_COLOURS["close"]}"/>'
    '<rect y="3" width="6" height="1" fill="#fff"/></pattern>'
    '<pattern id="pat-broad" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)">'
    f'<rect width="6" height="6" fill="{PREDICATE_COLOURS["broad"]}"/>'
    '<rect width="1.5" height="6" fill="#fff"/></pattern>'
    '<pattern id="pat-narrow" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(-45)">'
    f'<rect width="6" height="6" fill="{PREDICATE_COLOURS["narrow"]}"/>'
    '<rect width="1.5" height="6" fill="#fff"/></pattern>'
    '<pattern id="pat-related" width="5" height="5" patternUnits="userSpaceOnUse">'
    f'<rect width="5" height="5" fill="{PREDICATE_COLOURS["related"]}"/>'
    '<circle cx="2.5" cy="2.5" r="1" fill="#fff"/></pattern>'
    "</defs></svg>"
)

_ROOT = (
    ":root{--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#f6f8fa;--link:#0550ae;\n"
    + "".join(f"--{name}:{PREDICATE_COLOURS[name]};" for name in ("exact", "close", "broad",
                                                                   "related"))
    + "--neg:#a4161a}"
)

CSS = _ROOT + """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{font:15px/1.5 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--ink);
background:#fff;margin:0 auto;padding:20px clamp(12px,3vw,32px);max-width:1320px}
a{color:var(--link)}
h1{font-size:1.5rem;margin:0 0 4px;line-height:1.25}
h2{font-size:1.2rem;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:1rem;margin:18px 0 6px}
p,li,dd{max-width:80ch}
.sub{color:var(--muted);margin:0 0 12px}
svg.defs{position:absolute;width:0;height:0;overflow:hidden}
nav.toc{border:1px solid var(--line);border-radius:6px;padding:8px 16px;background:var(--bg);
margin:12px 0}
nav.toc ol{margin:4px 0;padding-left:20px;columns:2 16em}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;
margin:12px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 12px;background:var(--bg)}
.card b{display:block;font-size:1.3rem}
.card span{color:var(--muted);font-size:.9rem}
dl.meta{display:grid;grid-template-columns:minmax(8em,max-content) minmax(0,1fr);gap:4px 16px;
margin:8px 0}
dl.meta dt{font-weight:600}dl.meta dd{margin:0;overflow-wrap:anywhere}
.scroll{overflow-x:auto;max-width:100%;margin:6px 0 12px}
.scroll:focus-visible,button:focus-visible,a:focus-visible,select:focus-visible,
input:focus-visible,summary:focus-visible{outline:3px solid var(--link);outline-offset:2px}
table{border-collapse:collapse;width:100%}
caption{text-align:left;font-weight:600;padding:4px 0;caption-side:top}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
thead th{background:var(--bg);font-weight:600}
tfoot th,tfoot td{border-top:2px solid var(--line);font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
thead th.n{white-space:normal}
td.t{min-width:14em}
td.c{min-width:16em;color:var(--ink)}
code{font-size:.85em;background:var(--bg);padding:0 3px;border-radius:3px;white-space:nowrap}
dd code,.sub code,p code{white-space:normal;overflow-wrap:anywhere}
caption{font-size:1rem}
.pred{display:inline-block;padding:0 7px;border-radius:10px;color:#fff;font-size:.8rem;
font-weight:600;white-space:nowrap;line-height:1.6}
.p-exact{background:var(--exact)}.p-close{background:var(--close)}
.p-broad,.p-narrow{background:var(--broad)}.p-related{background:var(--related)}
.pred.neg{background:#fff;color:var(--neg);border:1.5px dashed var(--neg)}
.rev{font-size:.85rem;white-space:nowrap}.rev.no{color:var(--muted)}
.mix{font-size:.85rem;min-width:11em}
svg.bar{vertical-align:middle;margin-right:6px}
.two{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,520px),1fr));
gap:8px 24px}
figure{margin:8px 0 16px}
figure.heat svg{display:block;max-width:100%;min-width:var(--w,0);height:auto}
figcaption{color:var(--ink);margin:6px 0}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:center;margin:6px 0;
font-size:.9rem}
.legend span{display:inline-flex;align-items:center;gap:4px}
ol.key{columns:2 22em;font-size:.9rem;padding-left:0;list-style:none}
ol.key li{break-inside:avoid;margin:0 0 2px}
.muted{color:var(--muted)}
.note{border-left:4px solid var(--broad);background:#fff8f0;padding:6px 12px;margin:8px 0}
th button{font:inherit;font-weight:600;color:inherit;background:none;border:0;padding:0;
margin:0;cursor:pointer;text-align:left;display:inline-flex;gap:4px;align-items:baseline}
th button::after{content:"\\2195";color:var(--muted);font-size:.8em}
th[aria-sort=ascending] button::after{content:"\\25B2";color:var(--ink)}
th[aria-sort=descending] button::after{content:"\\25BC";color:var(--ink)}
form.filters{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:flex-end;margin:8px 0}
form.filters label{display:flex;flex-direction:column;font-size:.9rem;font-weight:600}
form.filters input,form.filters select{font:inherit;padding:4px 6px;border:1px solid #6e7781;
border-radius:4px;min-width:10em;max-width:100%}
details summary{cursor:pointer;color:var(--link)}
footer{margin-top:32px;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);
padding-top:8px}
@media (max-width:640px){body{font-size:14px}dl.meta{grid-template-columns:1fr}
dl.meta dd{margin-bottom:6px}tbody th[scope=row],tfoot th[scope=row]{min-width:11em}
table.stack,table.stack caption,table.stack thead,table.stack tbody,table.stack tr,
table.stack td{display:block}
table.stack thead tr{display:flex;flex-wrap:wrap;gap:2px 14px;padding:4px 0}
table.stack thead th{display:block;border:0;padding:2px 6px}
table.stack tbody tr{border:1px solid var(--line);border-radius:6px;margin:8px 0;padding:4px 0}
table.stack tbody tr[hidden]{display:none}
table.stack td{border:0;padding:3px 10px;min-width:0;text-align:left}
table.stack td[data-label]::before{content:attr(data-label) ": ";font-weight:600}}
@page{size:A4;margin:12mm}
@media print{
body{font-size:9.5pt;padding:0;max-width:none}
nav.toc,form.filters,details.alt,.noprint{display:none}
h2{break-after:avoid}h3{break-after:avoid}
.scroll{overflow:visible}
table{page-break-inside:auto}
tr,.card,dl.meta dt,dl.meta dd{break-inside:avoid}
thead{display:table-header-group}tfoot{display:table-row-group}
td.t,td.c,.mix,tbody th[scope=row]{min-width:0}
th button::after{content:none}
h2#heatmap{break-before:page}
figure.heat{break-inside:avoid}
figure.heat svg{width:100%;min-width:0;max-height:235mm}
figure{break-inside:avoid}
a[href^="http"]::after{content:" <" attr(href) ">";font-size:.85em;color:var(--muted);
overflow-wrap:anywhere}
.pred,.p-exact,.p-close,.p-broad,.p-narrow,.p-related,svg{print-color-adjust:exact;
-webkit-print-color-adjust:exact}
}
"""

JS = """
(function(){
function key(cell){
  var k=cell.getAttribute('data-key');return k===null?cell.textContent.trim():k;}
function compare(x,y){
  var nx=Number(x),ny=Number(y);
  if(x!==''&&y!==''&&!isNaN(nx)&&!isNaN(ny))return nx-ny;
  return x.localeCompare(y,undefined,{numeric:true,sensitivity:'base'});}
document.querySelectorAll('table.sortable').forEach(function(t){
  var heads=t.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads,function(th,col){
    var b=th.querySelector('button');if(!b)return;
    b.addEventListener('click',function(){
      var dir=th.getAttribute('aria-sort')==='ascending'?'descending':'ascending';
      Array.prototype.forEach.call(heads,function(h){
        if(h.querySelector('button'))h.setAttribute('aria-sort','none');});
      th.setAttribute('aria-sort',dir);
      var s=dir==='ascending'?1:-1,body=t.tBodies[0];
      var rows=Array.prototype.slice.call(body.rows).map(function(r,i){return [r,i];});
      rows.sort(function(a,b){
        return s*compare(key(a[0].cells[col]),key(b[0].cells[col]))||a[1]-b[1];});
      rows.forEach(function(r){body.appendChild(r[0]);});
      var live=document.getElementById(t.id+'-status');
      if(live)live.textContent='Sorted by '+b.textContent.trim()+', '+dir+'.';
    });
  });
});
document.querySelectorAll('form.filters').forEach(function(f){
  var t=document.getElementById(f.getAttribute('data-table'));
  var out=document.getElementById(t.id+'-status');
  function apply(){
    var q=f.elements.q.value.trim().toLowerCase(),p=f.elements.p.value,
        r=f.elements.r.value,shown=0,rows=t.tBodies[0].rows;
    for(var i=0;i<rows.length;i++){
      var row=rows[i],ok=(!q||row.textContent.toLowerCase().indexOf(q)>=0)&&
        (!p||row.getAttribute('data-pred')===p)&&(!r||row.getAttribute('data-review')===r);
      row.hidden=!ok;if(ok)shown++;}
    out.textContent='Showing '+shown+' of '+rows.length+' mappings.';
  }
  f.addEventListener('input',apply);f.addEventListener('change',apply);
  f.addEventListener('submit',function(e){e.preventDefault();apply();});
  f.addEventListener('reset',function(){setTimeout(apply,0);});
});
})();
"""
