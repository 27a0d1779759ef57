"""``competency plan``: a development plan from a self-assessment (one person or a cohort).

``plan RUBRIC (--levels L1,…,Ln | --responses FILE) [--framework ID] [--format
table|json|html] [-o FILE]``: for each theme below its top level, the level reached, the
next level, its descriptor as the target and the framework elements mapped to the theme
through the shipped crosswalk; for a cohort (``--responses``), per theme the distribution
of levels and the most common next target.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

__all__ = ["register"]

FORMATS = ("table", "json", "html")


def register(subparsers: Any) -> None:
    """Add the ``plan`` sub-command to `subparsers`."""
    p = subparsers.add_parser(
        "plan", help="a development plan: next levels, targets and linked NOS elements",
        description="Turn a self-assessment into next steps: per theme below its top level, "
                    "the next level's descriptor as the target and the framework elements "
                    "mapped to the theme. --responses gives a cohort plan.",
    )
    p.add_argument("rubric", metavar="RUBRIC", help="rubric id (pt-self-assessment) or JSON file")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--levels", metavar="LEVELS",
                        help="one level per theme in theme order, comma-separated "
                             "(e.g. 'gold,silver,none,...')")
    source.add_argument("--responses", metavar="FILE", type=Path,
                        help="CSV with a header, one row per respondent (as for score)")
    p.add_argument("--framework", default=None, metavar="ID",
                   help="framework linked through the shipped crosswalk (default: the one "
                        "the rubric has a crosswalk to, e.g. pt-nos)")
    p.add_argument("--format", "-f", choices=FORMATS, default="table",
                   help="output: table (default), json, html")
    p.add_argument("-o", "--output", type=Path, help="write here (atomically), not stdout")
    p.add_argument("--strategy", default="cumulative-sequential",
                   help="scoring strategy (default cumulative-sequential)")
    p.add_argument("--lenient", action="store_true",
                   help="gate flags that skip a level (with a warning) instead of failing")
    p.add_argument("--on-error", choices=("fail", "skip"), default="fail",
                   help="bad CSV rows: fail (default) or leave them out")
    # a --levels value may start with a minus ("-2,gold,..."): read it as a value, so that
    # the level check reports it with its theme, not argparse as an unknown option
    p._negative_number_matcher = re.compile(r"^-\d")
    p.set_defaults(func=_plan)


def _plan(args: argparse.Namespace) -> int:
    from competency.cli._score import load_rubric_arg, parse_levels
    from competency.rubric.planning import AUTO, dumps_plan, plan, plan_cohort, plan_html

    rubric = load_rubric_arg(args.rubric)
    framework = args.framework if args.framework is not None else AUTO
    if args.levels is not None:
        result: Any = plan(rubric, parse_levels(rubric, args.levels), framework=framework,
                           strategy=args.strategy, strict=not args.lenient)
    else:
        result = plan_cohort(rubric, args.responses, framework=framework,
                             strategy=args.strategy, strict=not args.lenient,
                             on_error=args.on_error)
    if args.format == "json":
        text = dumps_plan(result)
    elif args.format == "html":
        text = plan_html(result)
    else:
        text = _table(result, to_file=args.output is not None)
    if args.output is None:
        sys.stdout.write(text)
    else:
        from competency.io import write_atomic

        write_atomic(args.output, text.encode("utf-8"))
    return 0


def _table(result: Any, *, to_file: bool) -> str:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from competency.rubric.planning import Plan

    console = Console(soft_wrap=False, highlight=False, width=160 if to_file else None,
                      force_terminal=False if to_file else None, record=False)
    if isinstance(result, Plan):
        bands = "; ".join(f"{escape(b.scheme_title)}: [bold]{escape(b.label)}[/bold]"
                          for b in result.bands)
        title = f"Development plan: {escape(result.rubric_title)}"
        lines = [f"[bold]total[/bold] {result.total} of {result.maximum}; {bands}"]
        table = Table(title=title, show_lines=True)
        for column in ("theme", "reached", "next", "target", "framework elements"):
            table.add_column(column)
        for s in result.steps:
            table.add_row(f"{s.theme.partition(':')[2]} {escape(s.title)}",
                          escape(s.level_label or "none"), escape(s.next_label),
                          escape(s.target), _elements(s.elements))
        if result.at_top:
            lines.append("at the top level: " + ", ".join(
                t.partition(":")[2] for t in result.at_top))
    else:
        title = f"Cohort development plan: {escape(result.rubric_title)}"
        lines = [f"{result.respondents} respondents; mean total {result.mean_total:.1f} of "
                 f"{result.maximum}"]
        schemes: dict[str, list[str]] = {}
        for b in result.bands:
            schemes.setdefault(b.scheme_title, []).append(f"{escape(b.label)} {b.count}")
        lines += [f"{escape(s)}: " + ", ".join(parts) for s, parts in schemes.items()]
        table = Table(title=title, show_lines=True)
        for column in ("theme", "levels reached", "most common next target",
                       "framework elements"):
            table.add_column(column)
        for t in result.themes:
            spread = ", ".join(f"{escape(d.label)} {d.count}" for d in t.distribution)
            target = ("everyone at the top level" if t.next_label is None else
                      f"{escape(t.next_label)} (next for {t.next_count}): {escape(t.target or '')}")
            table.add_row(f"{t.theme.partition(':')[2]} {escape(t.title)}", spread, target,
                          _elements(t.elements))
    if result.framework is None:
        lines.append("no framework linked")
    else:
        lines.append(f"elements of {escape(result.framework)} through "
                     f"{escape(result.mapping_set_id or '')}")
    with console.capture() as captured:
        console.print(table)
        for line in lines:
            console.print(line)
    return captured.get()


def _elements(elements: Any) -> str:
    from rich.markup import escape

    short = {"skos:exactMatch": "exact", "skos:closeMatch": "close", "skos:broadMatch": "broad",
             "skos:narrowMatch": "narrow", "skos:relatedMatch": "related"}
    return "\n".join(f"{e.id.partition(':')[2]} ({short.get(e.predicate, e.predicate)}) "
                     f"{escape(e.label)}" for e in elements) or "—"

