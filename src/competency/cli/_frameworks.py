"""``competency list | show | validate | export``: frameworks on the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from competency.errors import CompetencyError, Problem, UnknownIdError

__all__ = ["register"]

EXPORT_FORMATS = ("json", "csv", "table", "graphml", "case", "skos", "moodle")
"""The ``--format`` choices (each a writable entry of :data:`competency.formats.FORMATS`)."""


def register(subparsers: Any) -> None:
    """Add the framework sub-commands to `subparsers`."""
    p = subparsers.add_parser(
        "list", help="list the frameworks available (shipped and plugins) and broken plugins"
    )
    p.set_defaults(func=_list)

    p = subparsers.add_parser(
        "show", help="show a framework, or one of its elements",
        description="Show a framework's units and items, or one element in full.",
    )
    p.add_argument("framework", metavar="ID",
                   help="framework id (e.g. pt-nos), framework file, or - for stdin")
    p.add_argument("element", metavar="ELEMENT_ID", nargs="?",
                   help="element CURIE or local id, e.g. ls-nos:AP13 or AP13")
    p.set_defaults(func=_show)

    p = subparsers.add_parser(
        "validate", help="validate framework JSON files; print every problem",
        description="Validate files; each problem is printed as FILE:LOCATION: what is wrong "
                    "— what was expected. Exit status 1 if any file is invalid.",
    )
    p.add_argument("files", metavar="FILE", nargs="+", type=Path)
    p.set_defaults(func=_validate)

    p = subparsers.add_parser(
        "export", help=f"export a framework ({', '.join(EXPORT_FORMATS)})")
    p.add_argument("framework", metavar="ID",
                   help="framework id (e.g. pt-nos), framework file, or - for stdin")
    p.add_argument("--format", "-f", choices=EXPORT_FORMATS, default="json")
    p.add_argument("-o", "--output", type=Path,
                   help="write here (atomically) instead of stdout; - is stdout")
    p.add_argument("--no-neutralise", dest="neutralise_formulas", action="store_false",
                   help="csv, table, moodle: write cells starting with = + - @ (or tab, CR) "
                        "as they are; by default a ' is put in front so that spreadsheets "
                        "do not run them as formulas (OWASP CSV injection)")
    p.set_defaults(func=_export)


def _list(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from competency import registry

    table = Table(title="Frameworks", show_lines=False)
    for column in ("id", "title", "elements", "source"):
        table.add_column(column)
    broken: list[tuple[str, str]] = []
    shipped = set(registry.shipped())
    for framework_id in registry.available():
        try:
            framework = registry.load(framework_id)
        except CompetencyError as exc:
            broken.append((framework_id, str(exc.problems[0].message)))
            continue
        table.add_row(framework.id, framework.title, str(len(framework.elements)),
                      "shipped" if framework_id in shipped else "plugin")
    console = Console()
    console.print(table)
    from competency import _plugins

    for group in (_plugins.RUBRICS, _plugins.SCORING):
        for info in _plugins.plugins(group):
            if info.error is not None:
                broken.append((f"{info.name} ({group})", info.error))
    for name, reason in broken:
        console.print(f"[red]broken plugin[/red] {name}: {reason}", highlight=False)
    console.print("Rubrics: 'competency rubrics'; crosswalks: 'competency crosswalk list'.",
                  highlight=False)
    return 0


def _show(args: argparse.Namespace) -> int:
    from competency.cli._render import render_element, render_framework
    from competency.cli._resolve import framework_arg

    framework = framework_arg(args.framework)
    if args.element is None:
        render_framework(framework)
        return 0
    element_id = args.element if ":" in args.element else f"{framework.id}:{args.element}"
    if element_id not in framework:
        raise UnknownIdError(Problem(
            message=f"framework {framework.id!r} has no element {args.element!r}",
            expected=f"a CURIE or local id such as {framework.elements[0].local_id!r}"
            if framework.elements else "an element id",
            fix=f"Run 'competency export {framework.id} --format csv' to list the ids",
        ))
    render_element(framework, element_id)
    return 0


def _validate(args: argparse.Namespace) -> int:
    from competency.io import load_framework

    failed = 0
    for path in args.files:
        try:
            framework = load_framework(path)
        except CompetencyError as exc:
            failed += 1
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            continue
        print(f"{path}: ok ({framework.id}: {len(framework.elements)} elements, "
              f"{len(framework.relations)} relations)")
    return 1 if failed else 0


def _export(args: argparse.Namespace) -> int:
    from competency import registry
    from competency.cli._interop import crosswalk_partners, crosswalks_of
    from competency.cli._resolve import framework_arg, write_output
    from competency.formats import FORMATS

    framework = framework_arg(args.framework)
    crosswalks = crosswalks_of(framework.id) if getattr(args, "with_crosswalks", False) else ()
    options: dict[str, Any] = {
        "crosswalks": crosswalks, "neutralise_formulas": args.neutralise_formulas,
        "case_version": getattr(args, "case_version", "1.1"),
    }
    if args.format == "graphml":
        options["partners"] = [registry.load(p) for p in crosswalk_partners(framework.id,
                                                                             crosswalks)]
    if getattr(args, "rubric", []):
        from competency.rubric import get_rubric

        options["rubrics"] = [get_rubric(r) for r in args.rubric]
    write_output(args.output, FORMATS[args.format].dumps(framework, **options))
    return 0
