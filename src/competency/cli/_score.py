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
import sys
import tempfile
import warnings as warnings_module
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from competency.errors import CompetencyError, Problem, ScoreError

__all__ = ["register"]

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
    p.add_argument("--plot", type=Path, metavar="FILE.png|svg",
                   help="also draw the per-theme levels and band (needs matplotlib)")
    p.add_argument("--chart", choices=("bar", "radar"), default="bar", help="chart kind")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
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


def _load(spec: str) -> Any:
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


def _single_csv(result: Any) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    rubric = result.rubric
    header = [t.local_id for t in rubric.themes] + [f"{t.local_id}.points" for t in rubric.themes]
    header += ["total"] + [f"band.{s.id}" for s in rubric.band_schemes]
    writer.writerow(header)
    writer.writerow([lv or "none" for lv in result.level_ids] + list(result.points)
                    + [result.total] + [b.label for b in result.bands])
    return buffer.getvalue()


# -- score --levels -------------------------------------------------------------------------


def _score(args: argparse.Namespace) -> int:
    rubric = _load(args.rubric)
    if args.responses is not None:
        return _score_file(args, rubric)
    from competency.rubric import parse_response, score

    answers = [a.strip() for a in args.levels.split(",")]
    n = len(rubric.themes)
    if len(answers) != n:
        raise ScoreError(Problem(
            file="--levels", message=f"{len(answers)} levels for {n} themes",
            expected=f"{n} comma-separated levels, one per theme in the order "
                     + ", ".join(rubric.local_ids),
        ))
    response = parse_response(rubric, dict(zip(rubric.local_ids, answers, strict=True)),
                              file="--levels")
    result = score(rubric, response, strategy=args.strategy, strict=not args.lenient)
    fmt = args.format or "table"
    if fmt == "json":
        _emit(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n", args.output)
    elif fmt == "csv":
        _emit(_single_csv(result), args.output)
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


def _counted(handle: IO[str], seen: list[int]) -> Iterator[str]:
    """The lines of `handle`, adding their lengths to ``seen[0]`` (for the progress bar)."""
    for line in handle:
        seen[0] += len(line)
        yield line


def _chunks(lines_in: Iterable[str], path: Path) -> Iterator[tuple[list[str], list[list[str]],
                                                                  list[int]]]:
    reader = csv.reader(lines_in)
    try:
        header = next(reader)
    except StopIteration:
        raise ScoreError(Problem(file=str(path), location="line 1", message="the file is empty",
                                 expected="a header row naming the columns")) from None
    except csv.Error as exc:
        raise ScoreError(Problem(file=str(path), location="line 1",
                                 message=f"not CSV: {exc}", expected="a CSV file")) from None
    rows: list[list[str]] = []
    lines: list[int] = []
    width = len(header)
    try:
        for row in reader:
            if len(row) != width:
                if not row:  # a blank line
                    continue
                raise ScoreError(Problem(
                    file=str(path), location=f"line {reader.line_num}",
                    message=f"{len(row)} fields", expected=f"{width} fields, as in the header",
                ))
            rows.append(row)
            lines.append(reader.line_num)
            if len(rows) >= CHUNK_ROWS:
                yield header, rows, lines
                rows, lines = [], []
    except csv.Error as exc:
        raise ScoreError(Problem(file=str(path), location=f"line {reader.line_num}",
                                 message=f"not CSV: {exc}", expected="a CSV file")) from None
    yield header, rows, lines


class _Summary:
    """Running totals for the table format and the chart."""

    def __init__(self, rubric: Any) -> None:
        import numpy as np

        self.rubric = rubric
        self.count = 0
        self.total_sum = 0
        self.reached_sum = np.zeros(len(rubric.themes), dtype=np.int64)
        # respondents per (theme, level reached): the cohort chart draws distributions
        self.levels = np.zeros((len(rubric.themes), len(rubric.levels) + 1), dtype=np.int64)
        self.bands = [np.zeros(len(s.bands), dtype=np.int64) for s in rubric.band_schemes]

    def add(self, result: Any) -> None:
        import numpy as np

        valid = result.valid
        self.count += int(valid.sum())
        self.total_sum += int(result.total[valid].sum())
        self.reached_sum += result.reached[valid].sum(axis=0, dtype=np.int64)
        for t, column in enumerate(result.reached[valid].T):
            self.levels[t] += np.bincount(column, minlength=self.levels.shape[1])
        for s, scheme in enumerate(self.rubric.band_schemes):
            index = result.band_index(scheme.id)[valid]
            self.bands[s] += np.bincount(index, minlength=len(scheme.bands))


def _score_file(args: argparse.Namespace, rubric: Any) -> int:
    import numpy as np

    from competency.rubric import SkippedLevelWarning
    from competency.rubric.batch import answer_columns, score_batch

    path: Path = args.responses
    fmt = args.format or "csv"
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ScoreError(Problem(file=str(path), message=f"cannot read: {exc.strerror}",
                                 expected="a readable CSV file")) from None
    size = path.stat().st_size
    out: IO[str]
    tmp: str | None = None
    if args.output is not None:
        fd, tmp = tempfile.mkstemp(dir=args.output.parent, prefix=f".{args.output.name}.",
                                   suffix=".tmp")
        out = os.fdopen(fd, "w", encoding="utf-8", newline="")
    else:
        out = sys.stdout
    summary = _Summary(rubric)
    problems: list[Problem] = []
    n_problems = 0
    warnings: list[str] = []
    writer = csv.writer(out, lineterminator="\n")
    progress, task = _progress(args, size)
    ok = False
    try:
        header_written = False
        seen = [0]
        for header, rows, lines in _chunks(_counted(handle, seen), path):
            used = answer_columns(rubric, header)
            passthrough = [i for i, name in enumerate(header) if name not in used]
            columns = np.array(rows, dtype=str).reshape(len(rows), len(header))
            data = {name: columns[:, i] for i, name in enumerate(header) if name in used}
            with warnings_module.catch_warnings():  # reported below, once, on stderr
                warnings_module.simplefilter("ignore", SkippedLevelWarning)
                result = score_batch(rubric, data, strategy=args.strategy,
                                     strict=not args.lenient, on_error="skip",
                                     file=str(path), lines=lines or None)
            problems.extend(result.problems[: max(0, 100 - len(problems))])
            n_problems += result.n_problems
            warnings.extend(result.warnings)
            summary.add(result)
            if fmt != "table":
                cols = result.to_dict()
                cols.pop("valid", None)
                valid = result.valid
                names = [header[i] for i in passthrough] + list(cols)
                values = [columns[valid, i] for i in passthrough] + [c[valid] for c in cols.values()]
                if fmt == "csv":
                    if not header_written:
                        writer.writerow(names)
                        header_written = True
                    writer.writerows(zip(*(v.tolist() for v in values), strict=True))
                else:
                    for record in zip(*(v.tolist() for v in values), strict=True):
                        out.write(json.dumps(dict(zip(names, record, strict=True)),
                                             ensure_ascii=False) + "\n")
            if progress is not None:
                progress.update(task, completed=seen[0])
        if n_problems and args.on_error == "fail":
            if n_problems > len(problems):
                problems.append(Problem(file=str(path),
                                        message=f"... and {n_problems - len(problems)} more"))
            raise ScoreError(problems)
        ok = True
    finally:
        handle.close()
        if progress is not None:
            progress.stop()
        if tmp is not None:
            out.close()
            if ok:
                os.replace(tmp, args.output)
            else:
                Path(tmp).unlink(missing_ok=True)
    err = _console(stderr=True)
    for problem in problems:
        err.print(f"skipped {problem}", markup=False)
    if n_problems > len(problems):
        err.print(f"... and {n_problems - len(problems)} more problems", markup=False)
    for warning in warnings:
        err.print(f"warning: {warning}", markup=False)
    if fmt == "table":
        _render_summary(summary, _console())
    if args.plot is not None:
        from competency.rubric.plot import plot_distribution

        plot_distribution(rubric, summary.levels.tolist(), args.plot,
                          subtitle=f"Mean total {summary.total_sum / max(summary.count, 1):.1f}"
                                   f" of {rubric.maximum} (totals are points, so a mean is"
                                   " meaningful; levels are not averaged).")
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


def _render_summary(summary: _Summary, console: Any) -> None:
    from rich.markup import escape
    from rich.table import Table

    rubric = summary.rubric
    count = summary.count
    console.print(f"[bold]{escape(rubric.title)}[/bold]: {count} responses scored; mean total "
                  f"{summary.total_sum / max(count, 1):.1f} of {rubric.maximum}")
    table = Table()
    table.add_column("band")
    for scheme in rubric.band_schemes:
        table.add_column(escape(scheme.title), justify="right")
    for b, band in enumerate(rubric.band_schemes[0].bands):
        table.add_row(escape(band.label),
                      *(str(int(counts[b])) if b < len(counts) else "" for counts in summary.bands))
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
        if answer.isdigit() and 0 <= int(answer) <= n:
            return int(answer)
        if not answer.isdigit():
            try:
                return int(rubric.level_index(answer))
            except CompetencyError:
                pass
        console.print(f"Please answer 0 to {n}, 'none' or one of "
                      + ", ".join(lv.id for lv in rubric.levels))


def _assess(args: argparse.Namespace) -> int:
    from rich.markup import escape

    from competency.rubric import Response, score

    rubric = _load(args.rubric)
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

    from competency import _plugins
    from competency.rubric import available_rubrics, available_strategies, get_rubric

    console = _console()
    table = Table(title="Rubrics")
    table.add_column("id", no_wrap=True)
    for column in ("title", "themes", "levels", "maximum"):
        table.add_column(column)
    broken: list[tuple[str, str, str]] = []
    for rubric_id in available_rubrics():
        try:
            rubric = get_rubric(rubric_id)
        except CompetencyError as exc:
            broken.append(("rubric", rubric_id, exc.problems[0].message))
            continue
        table.add_row(rubric.id, escape(rubric.title), str(len(rubric.themes)),
                      ", ".join(lv.label for lv in rubric.levels), str(rubric.maximum))
    console.print(table)
    console.print("strategies: " + ", ".join(available_strategies()))
    for group, kind in ((_plugins.RUBRICS, "rubric"), (_plugins.SCORING, "strategy")):
        for info in _plugins.plugins(group):
            if info.error is not None:
                broken.append((kind, info.name, info.error))
    for kind, name, reason in broken:
        console.print(f"[red]broken {kind} plugin[/red] {escape(name)}: {escape(reason)}")
    return 0

