"""``competency score | assess | rubrics``: rubric scoring on the command line.

``score RUBRIC --levels LEVELS`` scores one response given as one level per theme, in theme
order, comma-separated (level ids such as ``minimum,bronze,silver,gold,platinum``, any case,
or ``none``). ``score RUBRIC --responses FILE.csv`` scores a CSV file with one row per
respondent (a column per theme, or per cell ``<theme>.<level>`` with flags), streaming it in
chunks. ``assess RUBRIC`` walks a person through the themes in the terminal. ``rubrics``
lists the rubrics and strategies available, plugins included (broken ones with the reason).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from competency.errors import CompetencyError, Problem, ScoreError

__all__ = ["load_rubric_arg", "parse_levels", "register"]

FORMATS = ("table", "json", "csv")
CHUNK_ROWS = 50_000
PROGRESS_MIN_BYTES = 1_000_000


def register(subparsers: Any) -> None:
    """Add the ``score``, ``assess`` and ``rubrics`` sub-commands to `subparsers`."""
    p = subparsers.add_parser(
        "score", help="score a response (--levels) or a CSV of responses (--responses)",
        description="Score against a rubric: one response with --levels, or a CSV file with "
                    "one row per respondent with --responses.",
    )
    p.add_argument("rubric", metavar="RUBRIC", help="rubric id (pt-self-assessment) or JSON file")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--levels", metavar="LEVELS",
        help="one level per theme in theme order, comma-separated: minimum, bronze, silver, "
             "gold, platinum (any case) or none, e.g. 'gold,silver,none,...'",
    )
    source.add_argument("--responses", metavar="FILE.csv", type=Path,
                        help="CSV with a header; a column per theme (T2a, T2b, T3, ...) "
                             "holding levels, or per cell (T3.bronze) holding flags")
    p.add_argument("--format", "-f", choices=FORMATS, default=None,
                   help="output: table (default for --levels), csv (default for "
                        "--responses), json (one object; JSON Lines for --responses)")
    p.add_argument("-o", "--output", type=Path, help="write here (atomically), not stdout")
    p.add_argument("--strategy", default="cumulative-sequential",
                   help="scoring strategy (default cumulative-sequential)")
    p.add_argument("--lenient", action="store_true",
                   help="gate flags that skip a level (with a warning) instead of failing")
    p.add_argument("--on-error", choices=("fail", "skip"), default="fail",
                   help="bad CSV rows: fail (default; nothing written) or skip them")
    p.add_argument("--no-neutralise", dest="neutralise_formulas", action="store_false",
                   help="csv output: write cells starting with = + - @ (or tab, CR) as they "
                        "are; by default a ' is put in front so that spreadsheets do not run "
                        "them as formulas (OWASP CSV injection)")
    p.add_argument("--plot", type=Path, metavar="FILE.png|svg",
                   help="also draw the per-theme levels and band (needs matplotlib)")
    p.add_argument("--chart", choices=("bar", "radar"), default="bar", help="chart kind")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    # a --levels value may start with a minus ("-2,gold,..."): read it as a value, so that
    # the level check reports it with its theme, not argparse as an unknown option
    p._negative_number_matcher = re.compile(r"^-\d")
    p.set_defaults(func=_score)

    p = subparsers.add_parser(
        "assess", help="self-assessment in the terminal, theme by theme",
        description="Walk through the rubric's themes: each level's descriptor is shown and "
                    "you enter the highest level reached in order; then the total, the "
                    "bands and the next targets are shown.",
    )
    p.add_argument("rubric", metavar="RUBRIC", help="rubric id or JSON file")
    p.add_argument("--save", type=Path, metavar="FILE.json", help="save the result as JSON")
    p.add_argument("--strategy", default="cumulative-sequential")
    p.add_argument("--plot", type=Path, metavar="FILE.png|svg")
    p.add_argument("--chart", choices=("bar", "radar"), default="bar")
    p.set_defaults(func=_assess)

    p = subparsers.add_parser("rubrics", help="list rubrics and scoring strategies (plugins too)")
    p.set_defaults(func=_rubrics)


# -- helpers --------------------------------------------------------------------------------


def load_rubric_arg(spec: str) -> Any:
    """The rubric a RUBRIC argument names: a shipped or plugin id, or a JSON file."""
    from competency.rubric import get_rubric, load_rubric

    if spec.endswith(".json") or os.sep in spec or Path(spec).is_file():
        return load_rubric(spec)
    return get_rubric(spec)


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True, highlight=False)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        from competency.rubric.io import write_text_atomic

        write_text_atomic(output, text)


def _render_result(result: Any, console: Any) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=escape(result.rubric.title), show_lines=False)
    for column in ("theme", "title", "level", "points", "next target"):
        table.add_column(column)
    for t in result.themes:
        level = t.level.label if t.level is not None else "none"
        target = ("—" if t.target is None or t.target_descriptor is None
                  else f"{t.target.label}: {t.target_descriptor.text}")
        table.add_row(t.theme.local_id, escape(t.theme.label), level, str(t.points),
                      escape(target))
    console.print(table)
    console.print(f"[bold]total[/bold] {result.total} of {result.rubric.maximum}")
    for scheme, band in zip(result.rubric.band_schemes, result.bands, strict=True):
        console.print(f"{escape(scheme.title)}: [bold]{escape(band.label)}[/bold]")
    for warning in result.warnings:
        _console(stderr=True).print(f"warning: {escape(warning)}")


def _single_csv(result: Any, *, neutralise_formulas: bool = True) -> str:
    from competency._formulas import neutralise_row

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    rubric = result.rubric
    header = [t.local_id for t in rubric.themes] + [f"{t.local_id}.points" for t in rubric.themes]
    header += ["total"] + [f"band.{s.id}" for s in rubric.band_schemes]
    row = [lv or "none" for lv in result.level_ids] + [str(p) for p in result.points]
    row += [str(result.total)] + [b.label for b in result.bands]
    for cells in (header, row):  # ids and labels come from the rubric file: input too
        writer.writerow(neutralise_row(cells) if neutralise_formulas else cells)
    return buffer.getvalue()


# -- score --levels -------------------------------------------------------------------------


def parse_levels(rubric: Any, levels: str) -> Any:
    """The :class:`~competency.rubric.Response` of a ``--levels`` argument: one level per
    theme in theme order, comma-separated."""
    from competency.rubric import parse_response

    answers = [a.strip() for a in levels.split(",")]
    n = len(rubric.themes)
    if len(answers) != n:
        raise ScoreError(Problem(
            file="--levels", message=f"{len(answers)} levels for {n} themes",
            expected=f"{n} comma-separated levels, one per theme in the order "
                     + ", ".join(rubric.local_ids),
        ))
    return parse_response(rubric, dict(zip(rubric.local_ids, answers, strict=True)),
                          file="--levels")


def _score(args: argparse.Namespace) -> int:
    rubric = load_rubric_arg(args.rubric)
    if args.responses is not None:
        return _score_file(args, rubric)
    from competency.rubric import score

    response = parse_levels(rubric, args.levels)
    result = score(rubric, response, strategy=args.strategy, strict=not args.lenient)
    fmt = args.format or "table"
    if fmt == "json":
        _emit(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n", args.output)
    elif fmt == "csv":
        _emit(_single_csv(result, neutralise_formulas=args.neutralise_formulas),
              args.output)
    elif args.output is not None:
        console = _console()
        with console.capture() as captured:
            _render_result(result, console)
        _emit(captured.get(), args.output)
    else:
        _render_result(result, _console())
    if args.plot is not None:
        from competency.rubric.plot import plot_result

        plot_result(result, args.plot, kind=args.chart)
    return 0


# -- score --responses ----------------------------------------------------------------------


def _score_file(args: argparse.Namespace, rubric: Any) -> int:
    from competency.rubric.streaming import score_csv

    path: Path = args.responses
    fmt = args.format or "csv"
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # score_csv reports the unreadable file
    progress, task = _progress(args, size)
    try:
        summary = score_csv(
            rubric, path, output=args.output,
            stream=sys.stdout if args.output is None else None,
            format=None if fmt == "table" else {"csv": "csv", "json": "jsonl"}[fmt],
            strategy=args.strategy, strict=not args.lenient, on_error=args.on_error,
            neutralise_formulas=args.neutralise_formulas,
            progress=None if progress is None else
            (lambda done: progress.update(task, completed=done)),
        )
    finally:
        if progress is not None:
            progress.stop()
    err = _console(stderr=True)
    for problem in summary.problems:
        err.print(f"skipped {problem}", markup=False)
    if summary.n_problems > len(summary.problems):
        err.print(f"... and {summary.n_problems - len(summary.problems)} more problems",
                  markup=False)
    for warning in summary.warnings:
        err.print(f"warning: {warning}", markup=False)
    if fmt == "table":
        _render_summary(summary, _console())
    if args.plot is not None:
        from competency.rubric.plot import plot_distribution

        plot_distribution(rubric, [list(c) for c in summary.level_counts], args.plot,
                          subtitle=f"Mean total {summary.mean_total:.1f} of {rubric.maximum}"
                                   " (totals are points, so a mean is meaningful; levels are"
                                   " not averaged).")
    return 0


def _progress(args: argparse.Namespace, size: int) -> tuple[Any, Any]:
    if args.no_progress or size < PROGRESS_MIN_BYTES:
        return None, None
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    console = _console(stderr=True)
    if not console.is_terminal:
        return None, None
    progress = Progress("scoring", BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                        console=console, transient=True)
    progress.start()
    return progress, progress.add_task("scoring", total=size)


def _render_summary(summary: Any, console: Any) -> None:
    from rich.markup import escape
    from rich.table import Table

    rubric = summary.rubric
    console.print(f"[bold]{escape(rubric.title)}[/bold]: {summary.count} responses scored; "
                  f"mean total {summary.mean_total:.1f} of {rubric.maximum}")
    table = Table()
    table.add_column("band")
    for scheme in rubric.band_schemes:
        table.add_column(escape(scheme.title), justify="right")
    for b, band in enumerate(rubric.band_schemes[0].bands):
        table.add_row(escape(band.label), *(str(counts[b]) if b < len(counts) else ""
                                            for counts in summary.band_counts))
    console.print(table)


# -- assess ---------------------------------------------------------------------------------


def _ask(console: Any, rubric: Any, theme: Any) -> int:
    n = len(rubric.levels)
    while True:
        try:
            answer = console.input(
                f"Highest level reached in order for {theme.local_id} (0 = none, 1-{n}, or a "
                "level id): "
            ).strip()
        except EOFError:
            raise CompetencyError(Problem(
                file="<stdin>", message=f"input ended before theme {theme.local_id}",
                expected="an answer for every theme",
            )) from None
        digits = answer.isascii() and answer.isdigit()
        if digits and 0 <= int(answer) <= n:
            return int(answer)
        if not digits:
            try:
                return int(rubric.level_index(answer))
            except CompetencyError:
                pass
        console.print(f"Please answer 0 to {n}, 'none' or one of "
                      + ", ".join(lv.id for lv in rubric.levels))


def _assess(args: argparse.Namespace) -> int:
    from rich.markup import escape

    from competency.rubric import Response, score

    rubric = load_rubric_arg(args.rubric)
    console = _console()
    console.print(f"[bold]{escape(rubric.title)}[/bold]")
    console.print("The levels are sequential and incremental: a level counts only with every "
                  "level below it.")
    reached = []
    for theme in rubric.themes:
        console.rule(f"{theme.local_id} {escape(theme.label)}")
        if theme.intro:
            console.print(escape(theme.intro))
        for item in theme.items:
            console.print(f"  • {escape(item)}")
        for i, (level, cell) in enumerate(zip(rubric.levels, theme.descriptors, strict=True), 1):
            console.print(f"[bold]{i}. {escape(level.label)}[/bold] ({level.points} points): "
                          f"{escape(cell.text)}")
        reached.append(_ask(console, rubric, theme))
    result = score(rubric, Response(reached=tuple(reached)), strategy=args.strategy)
    console.rule("Result")
    _render_result(result, console)
    if args.save is not None:
        from competency.rubric.io import write_text_atomic

        write_text_atomic(args.save, json.dumps(result.to_dict(), indent=2,
                                                ensure_ascii=False) + "\n")
        console.print(f"saved to {escape(str(args.save))}")
    if args.plot is not None:
        from competency.rubric.plot import plot_result

        plot_result(result, args.plot, kind=args.chart)
    return 0


# -- rubrics --------------------------------------------------------------------------------


def _rubrics(args: argparse.Namespace) -> int:
    from rich.markup import escape
    from rich.table import Table

    from competency import registry
    from competency.rubric import available_rubrics, available_strategies, get_rubric

    console = _console()
    broken = registry.plugin_status([registry.RUBRICS, registry.STRATEGIES])
    unusable = {(info.group, info.name) for info in broken if not info.ok}
    table = Table(title="Rubrics")
    table.add_column("id", no_wrap=True)
    for column in ("title", "themes", "levels", "maximum"):
        table.add_column(column)
    for rubric_id in available_rubrics():
        if (registry.RUBRICS.group, rubric_id) in unusable:
            continue  # listed below with the reason
        rubric = get_rubric(rubric_id)
        table.add_row(rubric.id, escape(rubric.title), str(len(rubric.themes)),
                      ", ".join(lv.label for lv in rubric.levels), str(rubric.maximum))
    console.print(table)
    console.print("strategies: " + ", ".join(
        name for name in available_strategies()
        if (registry.STRATEGIES.group, name) not in unusable))
    for info in broken:
        if info.error is not None:
            kind = "rubric" if info.group == registry.RUBRICS.group else "strategy"
            console.print(f"[red]broken {kind} plugin[/red] {escape(info.name)}: "
                          f"{escape(info.error)}")
    return 0

