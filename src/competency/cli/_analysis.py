"""``competency crosswalk report | suggest | evaluate``: crosswalk analysis on the command
line (registered under ``competency crosswalk`` by :mod:`competency.cli._crosswalk`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from competency.analysis.coverage import Coverage
    from competency.analysis.evaluate import Evaluation
    from competency.analysis.report import Report
    from competency.model import Framework

__all__ = ["register"]

_PREDICATES = ("exact", "close", "broad", "narrow", "related")
_PROGRESS_CELLS = 2_000_000
"""Show a progress bar for suggest runs comparing more pairs than this."""


def register(subparsers: Any) -> None:
    """Add ``report``, ``suggest`` and ``evaluate`` to the ``crosswalk`` sub-commands."""
    p = subparsers.add_parser(
        "report", help="coverage, gaps and strongest mappings of a crosswalk",
        description="Analyse the shipped crosswalk between frameworks A and B: mappings by "
                    "predicate, coverage of every unit each way, gaps, strongest mappings.",
    )
    p.add_argument("subject", metavar="A", help="framework id, e.g. pt-nos")
    p.add_argument("object", metavar="B", help="framework id, e.g. ls-nos")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p.add_argument("--html", metavar="FILE", type=Path,
                   help="also write a self-contained HTML report (with a heatmap) here")
    p.add_argument("--crosswalk", metavar="FILE", type=Path,
                   help="an SSSOM TSV file to analyse instead of the shipped crosswalk")
    _thresholds(p)
    p.add_argument("--strongest", metavar="N", type=int, default=10,
                   help="how many of the strongest mappings to list (default 10)")
    p.set_defaults(func=_report)

    p = subparsers.add_parser(
        "suggest", help="suggest candidate mappings from the texts (SSSOM TSV)",
        description="Suggest the K most similar B elements for every A element (TF-IDF "
                    "cosine over word 1-2-grams) as SSSOM TSV, for curators to review.",
    )
    p.add_argument("subject", metavar="A", help="framework id or framework JSON file")
    p.add_argument("object", metavar="B", help="framework id or framework JSON file")
    p.add_argument("--top", "-k", metavar="K", type=int, default=5,
                   help="candidates per element (default 5)")
    p.add_argument("--exact-threshold", type=float, default=0.9, metavar="S",
                   help="similarity from which a suggestion is skos:exactMatch (default 0.9)")
    p.add_argument("--kinds", nargs="+", metavar="KIND",
                   help="element kinds to match (default: criterion knowledge duty "
                        "requirement expectation)")
    p.add_argument("-o", "--output", type=Path, help="write here (atomically), not stdout")
    p.set_defaults(func=_suggest)

    p = subparsers.add_parser(
        "evaluate", help="precision, recall, F1 and recall@k of candidate mappings",
        description="Score candidate mappings (SSSOM TSV) against reference mappings.",
    )
    p.add_argument("candidate", metavar="CANDIDATE", type=Path, help="SSSOM TSV to score")
    p.add_argument("--reference", "-r", metavar="REFERENCE", required=True,
                   help="reference SSSOM TSV file, or 'A:B' for the shipped crosswalk")
    p.add_argument("--k", nargs="+", type=int, default=[1, 5], metavar="K",
                   help="the k of recall@k and precision@k (default 1 5)")
    p.add_argument("--predicates", nargs="+", choices=_PREDICATES, metavar="P",
                   help="reference predicates recall@k is measured on (default: all)")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p.set_defaults(func=_evaluate)


def _thresholds(p: argparse.ArgumentParser) -> None:
    p.add_argument("--min-predicate", choices=_PREDICATES, default="related",
                   help="weakest predicate that counts as a counterpart (default related)")
    p.add_argument("--min-confidence", type=float, default=0.0, metavar="C",
                   help="lowest confidence that counts (default 0)")


def _framework(ref: str) -> Framework:
    from competency import registry

    if ref.endswith(".json") and Path(ref).is_file():
        from competency.io import load_framework

        return load_framework(ref)
    return registry.load(ref)


def _json(data: object) -> None:
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


# -- report -------------------------------------------------------------------------------

def _report(args: argparse.Namespace) -> int:
    from competency import registry
    from competency.analysis.report import render_html, report
    from competency.crosswalk import load_crosswalk, read_sssom

    subject, obj = registry.load(args.subject), registry.load(args.object)
    if args.crosswalk is not None:
        crosswalk = read_sssom(args.crosswalk)
        if crosswalk.subject_prefix == obj.id and crosswalk.object_prefix == subject.id:
            crosswalk = crosswalk.inverse()
    else:
        crosswalk = load_crosswalk(subject.id, obj.id)
    result = report(crosswalk, subject, obj, min_predicate=args.min_predicate,
                    min_confidence=args.min_confidence, strongest=args.strongest)
    if args.html is not None:
        from competency._atomic import write_output  # '-' is stdout; see _atomic.write_atomic

        write_output(args.html, render_html(result))
    if args.format == "json":
        _json(result.to_dict())
    else:
        _print_report(result)
        if args.html is not None:
            print(f"HTML report written to {args.html}")
    return 0


def _short(predicate_id: str) -> str:
    return predicate_id.removeprefix("skos:").removesuffix("Match")


def _compact(counts: tuple[tuple[str, int], ...]) -> str:
    """Counts by best predicate in the order exact close broad narrow related."""
    have = dict(counts)
    return " ".join(str(have.get(f"skos:{p}Match", "·"))
                    for p in ("exact", "close", "broad", "narrow", "related"))


def _bar(fraction: float, width: int = 10) -> str:
    full = round(fraction * width)
    return "█" * full + "░" * (width - full)


def _coverage_table(cov: Coverage, title: str) -> Any:
    from rich.table import Table

    table = Table(title=title, title_justify="left", caption_justify="left",
                  caption="e c b n r: covered elements by best predicate (exact, close, "
                          "broad, narrow, related)")
    width = max((len(u.unit_id or "—") - u.unit_id.index(":") - 1 if u.unit_id else 1)
                for u in cov.units)
    table.add_column("unit", no_wrap=True, min_width=max(5, width))
    table.add_column("title", overflow="ellipsis", no_wrap=True, max_width=24)
    table.add_column("covered", justify="right", no_wrap=True, min_width=7)
    table.add_column("coverage", no_wrap=True, min_width=15)
    table.add_column("e c b n r", no_wrap=True, min_width=11)
    for u in cov.units:
        local = "—" if u.unit_id is None else u.unit_id.partition(":")[2]
        table.add_row(local, u.label, f"{u.covered}/{u.total}",
                      f"{_bar(u.fraction)} {100 * u.fraction:3.0f}%",
                      _compact(u.by_predicate))
    table.add_section()
    table.add_row("total", "", f"{cov.covered}/{cov.total}",
                  f"{_bar(cov.fraction)} {100 * cov.fraction:3.0f}%",
                  _compact(cov.by_predicate))
    return table


def _print_report(r: Report, console: Console | None = None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = console or Console()
    console.print(f"[bold]Crosswalk {escape(r.subject_id)} → {escape(r.object_id)}[/bold]: "
                  f"{r.mapping_count} mappings", highlight=False)
    console.print(escape(r.mapping_set_id), style="dim", highlight=False)
    cov = r.subject_coverage
    present = {e.kind for e in (*cov.elements, *r.object_coverage.elements)}
    kinds = ", ".join(k for k in cov.kinds if k in present)
    console.print(f"Counted: {kinds} items; a counterpart is a mapping of predicate "
                  f"{_short(cov.min_predicate)} or stronger with confidence ≥ "
                  f"{cov.min_confidence:g}",
                  style="dim", highlight=False)

    table = Table(title="Mappings by predicate", title_justify="left")
    for column, justify in (("predicate", "left"), ("mappings", "right"),
                            ("negated", "right"), ("mean confidence", "right")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for s in r.summary:
        table.add_row(s.predicate_id, str(s.count), str(s.negated),
                      "" if s.mean_confidence is None else f"{s.mean_confidence:.2f}")
    console.print(table)
    console.print(_coverage_table(r.subject_coverage, f"Coverage of {r.subject_id} units"))
    console.print(_coverage_table(r.object_coverage, f"Coverage of {r.object_id} units"))
    for groups, side, other in ((r.gaps.subject, r.subject_id, r.object_id),
                                (r.gaps.object, r.object_id, r.subject_id)):
        count = sum(len(g.items) for g in groups)
        table = Table(title=f"Gaps: {count} {side} items with no counterpart in {other}",
                      title_justify="left")
        table.add_column("unit")
        table.add_column("element")
        table.add_column("text", overflow="fold")
        for g in groups:
            for i, item in enumerate(g.items):
                table.add_row(g.unit_id or "—" if i == 0 else "", item.element_id,
                              escape(item.text))
            table.add_section()
        console.print(table)
    table = Table(title="Strongest mappings", title_justify="left")
    table.add_column(r.subject_id, overflow="fold")
    table.add_column("predicate")
    table.add_column(r.object_id, overflow="fold")
    table.add_column("confidence", justify="right")
    for m in r.strongest:
        table.add_row(f"{m.subject_id}\n{escape(m.subject_text)}",
                      _short(m.predicate_id),
                      f"{m.object_id}\n{escape(m.object_text)}",
                      "" if m.confidence is None else f"{m.confidence:.2f}")
    console.print(table)


# -- suggest ------------------------------------------------------------------------------

def _suggest(args: argparse.Namespace) -> int:
    from competency.analysis._elements import content, kinds_of
    from competency.analysis.suggest import suggest
    from competency.crosswalk import dumps_sssom

    subject, obj = _framework(args.subject), _framework(args.object)
    kinds = args.kinds
    if args.top < 1:
        from competency.errors import CrosswalkError, Problem

        raise CrosswalkError(Problem(message=f"--top must be at least 1, got {args.top}",
                                     expected="how many candidates to keep, e.g. --top 5"))
    wanted = kinds_of(kinds)
    cells = len(content(subject, wanted)) * len(content(obj, wanted))
    if cells > _PROGRESS_CELLS and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("matching", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            result = suggest(subject, obj, top=args.top, kinds=wanted,
                             exact_threshold=args.exact_threshold, progress=progress)
    else:
        result = suggest(subject, obj, top=args.top, kinds=wanted,
                         exact_threshold=args.exact_threshold)
    text = dumps_sssom(result)
    from competency._atomic import write_output  # '-o -' is stdout; see _atomic.write_atomic

    write_output(args.output, text)
    return 0


# -- evaluate -----------------------------------------------------------------------------

def _evaluate(args: argparse.Namespace) -> int:
    from competency.analysis.evaluate import evaluate
    from competency.crosswalk import load_crosswalk, read_sssom

    candidate = read_sssom(args.candidate)
    ref: str = args.reference
    if not Path(ref).exists() and ":" in ref and "/" not in ref:
        a, _, b = ref.partition(":")
        reference = load_crosswalk(a, b)
    else:
        reference = read_sssom(Path(ref))
    predicates = None if args.predicates is None else list(args.predicates)
    result = evaluate(candidate, reference, ks=args.k, ranked_predicates=predicates)
    if args.format == "json":
        _json(result.to_dict())
    else:
        _print_evaluation(result)
    return 0


def _print_evaluation(ev: Evaluation) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title="Precision, recall, F1", title_justify="left")
    for column in ("", "TP", "FP", "FN", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if not column else "right")
    rows = [("overall (triples)", ev.overall), ("pairs (any predicate)", ev.pairs)]
    rows += [(p, s) for p, s in ev.by_predicate]
    for label, s in rows:
        table.add_row(label, str(s.true_positives), str(s.false_positives),
                      str(s.false_negatives), f"{s.precision:.3f}", f"{s.recall:.3f}",
                      f"{s.f1:.3f}")
    console.print(table)
    table = Table(title=f"Ranked: {ev.ranked_total} reference pairs "
                        f"({', '.join(p.removeprefix('skos:') for p in ev.ranked_predicates)})",
                  title_justify="left")
    table.add_column("k", justify="right")
    table.add_column("recall@k", justify="right")
    table.add_column("precision@k", justify="right")
    for (k, r), (_, p) in zip(ev.recall_at_k, ev.precision_at_k, strict=True):
        table.add_row(str(k), f"{r:.3f}", f"{p:.3f}")
    console.print(table)
