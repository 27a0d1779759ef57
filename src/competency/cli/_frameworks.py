"""``competency list | show | validate | export``: frameworks on the command line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import attrs

from competency.errors import CompetencyError, Location, Pointer, Problem, UnknownIdError

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
        description="Validate files ('-' reads standard input); each problem is printed as "
                    "FILE:LOCATION: what is wrong — what was expected, the first 20 of each "
                    "file and a count of the rest; --format json lists them all. Exit "
                    "status 1 if any file is invalid.",
    )
    p.add_argument("files", metavar="FILE", nargs="+", type=Path)
    p.add_argument("--format", "-f", choices=("text", "json"), default="text",
                   help="json: one JSON report on standard output with every problem")
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
    from rich.markup import escape
    from rich.table import Table

    from competency import registry

    table = Table(title="Frameworks", show_lines=False)
    for column in ("id", "title", "elements", "source"):
        table.add_column(column)
    shipped = set(registry.shipped())
    for framework_id in registry.available():
        try:
            framework = registry.load(framework_id)
        except CompetencyError:
            continue  # listed below with the reason, among the plugins
        table.add_row(framework.id, escape(framework.title), str(len(framework.elements)),
                      "shipped" if framework_id in shipped else "plugin")
    console = Console()
    console.print(table)
    plugins = registry.plugin_status()
    if plugins:
        listed = Table(title="Plugins")
        for column in ("group", "name", "distribution", "status"):
            listed.add_column(column)
        for info in plugins:
            listed.add_row(info.group, escape(info.name), escape(info.distribution or "-"),
                           "ok" if info.ok else "broken")
        console.print(listed)
    for info in plugins:
        if info.error is not None:
            console.print(f"[red]broken plugin[/red] {escape(info.name)} ({info.group}): "
                          f"{escape(info.error)}", highlight=False)
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
    from competency._files import read_input
    from competency.cli._render import print_problems
    from competency.io import loads

    reports: list[dict[str, Any]] = []
    for path in args.files:
        name = str(path)
        try:
            data, name = read_input(path, expected="the path of a framework JSON file")
            framework = loads(data, file=name)
        except CompetencyError as exc:
            reports.append({"file": name, "valid": False,
                            "problems": [_problem_dict(p) for p in exc.problems]})
            if args.format == "text":
                print_problems(exc.problems, more_hint=" in this file (--format json lists "
                                                       "them all)")
            continue
        reports.append({"file": name, "valid": True, "id": framework.id,
                        "elements": len(framework.elements),
                        "relations": len(framework.relations), "problems": []})
        if args.format == "text":
            print(f"{path}: ok ({framework.id}: {len(framework.elements)} elements, "
                  f"{len(framework.relations)} relations)")
    valid = all(report["valid"] for report in reports)
    if args.format == "json":
        from competency._atomic import write_output

        text = json.dumps({"valid": valid, "files": reports}, indent=2, ensure_ascii=False)
        write_output(None, text + "\n")
    return 0 if valid else 1


def _problem_dict(problem: Problem) -> dict[str, object]:
    """A problem as JSON: ``location`` and ``message`` as printed, plus the location's parts
    (``pointer`` as RFC 6901 text, or ``line``/``column``/``column_name``/``row``) for tools
    that act on them, and ``related`` (the other place involved, the same way, with ``as``,
    the words introducing it) when the problem names one."""
    out: dict[str, object] = {"file": problem.file, **_location_dict(problem.location),
                              "message": problem.full_message, "expected": problem.expected,
                              "fix": problem.fix}
    if problem.related is not None:
        out["related"] = {**_location_dict(problem.related), "as": problem.related_as}
    return out


def _location_dict(where: Location | None) -> dict[str, object]:
    """``location`` as printed and its parts (see :func:`_problem_dict`)."""
    parts: dict[str, object] = {"location": "" if where is None else str(where)}
    if isinstance(where, Pointer):
        parts["pointer"] = str(where)
    elif where is not None:
        parts.update((k, v) for k, v in attrs.asdict(where).items() if v not in (None, ""))
    return parts


def _export(args: argparse.Namespace) -> int:
    from competency import registry
    from competency._atomic import write_output
    from competency.cli._interop import crosswalk_partners, crosswalks_of
    from competency.cli._resolve import framework_arg
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
