"""Streaming tables: score a CSV file of any length in chunks, with bounded memory.

:func:`score_csv` reads a CSV file with a header row and one row per respondent (a column
per theme holding levels, or a column per cell ``<theme>.<level>`` holding flags; other
columns are passed through), scores it :data:`CHUNK_ROWS` rows at a time with
:func:`~competency.rubric.score_batch`, and writes the results as CSV or JSON Lines. It
returns a :class:`CohortSummary`: counts per band and per theme and level, for summaries,
charts and cohort plans.

Input is decoded as UTF-8 by the shared reader (a byte that is not UTF-8 is reported at its
line and column). Output is all or nothing: a file is written through a temporary file that
is flushed to disk and moved into place only at the end, and a stream (stdout) receives
the results only once every row has been read, so with ``on_error="fail"`` a bad row leaves
nothing written anywhere.

Examples
--------
>>> import io, pathlib, tempfile
>>> from competency.rubric import get_rubric
>>> from competency.rubric.streaming import score_csv
>>> rubric = get_rubric("pt-self-assessment")
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> ids = ",".join(rubric.local_ids)
>>> _ = (folder / "in.csv").write_text(f"who,{ids}\\nann,{','.join(['gold'] * 10)}\\n")
>>> out = io.StringIO()
>>> summary = score_csv(rubric, folder / "in.csv", stream=out)
>>> out.getvalue().splitlines()[1].split(",")[-3:]
['80', 'Platinum', 'Platinum']
>>> summary.count, summary.band_counts[0]
(1, (0, 0, 0, 0, 1))
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import itertools
import json
import os
import shutil
import tempfile
import warnings as warnings_module
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

import attrs

from competency._formulas import neutralise, neutralise_row
from competency.errors import Position, Problem, ScoreError
from competency.io import atomic_output, decode_utf8_lines
from competency.rubric.model import Rubric
from competency.rubric.responses import MAX_PROBLEMS, SkippedLevelWarning

if TYPE_CHECKING:  # pragma: no cover
    from competency.rubric.results import BatchResult
    from competency.rubric.strategies import ScoringStrategy

__all__ = ["CHUNK_ROWS", "FORMATS", "CohortSummary", "score_csv",
           "summarise"]

CHUNK_ROWS = 50_000
"""Rows scored per chunk."""

FORMATS = ("csv", "jsonl")

_SPOOL_BYTES = 8 << 20
_BLOCK_BYTES = 1 << 20


@attrs.frozen(kw_only=True)
class CohortSummary:
    """What a streamed scoring run saw: the scored rows, counted.

    Parameters
    ----------
    rubric : Rubric
    count : int
        Rows scored (valid rows).
    total_sum : int
        The sum of their totals.
    level_counts : tuple of tuple of int
        Per theme (theme order), how many rows reached ``0`` (none), ``1``, ...
        ``len(levels)`` levels.
    band_counts : tuple of tuple of int
        Per band scheme (scheme order), how many rows fall in each band.
    problems : tuple of Problem
        Up to 100 row problems (rows skipped with ``on_error="skip"``).
    n_problems : int
        How many row problems there were in all.
    warnings : tuple of str
        What lenient scoring had to gate.
    """

    rubric: Rubric = attrs.field(repr=False)
    count: int
    total_sum: int
    level_counts: tuple[tuple[int, ...], ...]
    band_counts: tuple[tuple[int, ...], ...]
    problems: tuple[Problem, ...] = ()
    n_problems: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def mean_total(self) -> float:
        """The mean total over the scored rows (0.0 if none)."""
        return self.total_sum / self.count if self.count else 0.0

    @property
    def mean_levels(self) -> tuple[float, ...]:
        """Per theme, the mean number of levels reached."""
        return tuple(
            sum(k * c for k, c in enumerate(counts)) / self.count if self.count else 0.0
            for counts in self.level_counts
        )


class _Counter:
    """Running counts, one chunk at a time."""

    def __init__(self, rubric: Rubric) -> None:
        import numpy as np

        self.rubric = rubric
        self.count = 0
        self.total_sum = 0
        self.levels = np.zeros((len(rubric.themes), len(rubric.levels) + 1), dtype=np.int64)
        self.bands = [np.zeros(len(s.bands), dtype=np.int64) for s in rubric.band_schemes]

    def add(self, result: BatchResult) -> None:
        import numpy as np

        valid = result.valid
        self.count += int(valid.sum())
        self.total_sum += int(result.total[valid].sum(dtype=np.int64))
        reached = result.reached[valid]
        width = self.levels.shape[1]
        for t in range(self.levels.shape[0]):
            self.levels[t] += np.bincount(reached[:, t], minlength=width)[:width]
        for s, scheme in enumerate(self.rubric.band_schemes):
            index = result.band_index(scheme.id)[valid]
            self.bands[s] += np.bincount(index, minlength=len(scheme.bands))

    def summary(self, problems: list[Problem], n_problems: int,
                notes: list[str]) -> CohortSummary:
        return CohortSummary(
            rubric=self.rubric, count=self.count, total_sum=self.total_sum,
            level_counts=tuple(tuple(int(c) for c in row) for row in self.levels.tolist()),
            band_counts=tuple(tuple(int(c) for c in b.tolist()) for b in self.bands),
            problems=tuple(problems), n_problems=n_problems, warnings=tuple(notes),
        )


def summarise(rubric: Rubric, results: Iterable[BatchResult]) -> CohortSummary:
    """Count the valid rows of batch results (levels per theme, bands per scheme).

    Examples
    --------
    >>> from competency.rubric import get_rubric, score_batch
    >>> rubric = get_rubric("pt-self-assessment")
    >>> result = score_batch(rubric, {t: ["gold", "none"] for t in rubric.local_ids})
    >>> summary = summarise(rubric, [result])
    >>> summary.count, summary.level_counts[0], summary.mean_total
    (2, (1, 0, 0, 0, 1, 0), 40.0)
    """
    counter = _Counter(rubric)
    problems: list[Problem] = []
    n_problems = 0
    notes: list[str] = []
    for result in results:
        counter.add(result)
        problems.extend(result.problems[: max(0, MAX_PROBLEMS - len(problems))])
        n_problems += result.n_problems
        notes.extend(result.warnings)
    return counter.summary(problems, n_problems, notes)


def _chunks(lines_in: Iterable[str], file: str) -> Iterator[tuple[list[str], list[list[str]],
                                                                   list[int]]]:
    reader = csv.reader(lines_in)
    try:
        header = next(reader)
    except StopIteration:
        raise ScoreError(Problem(file=file, location=Position(1), message="the file is empty",
                                 expected="a header row naming the columns")) from None
    except csv.Error as exc:
        raise ScoreError(Problem(file=file, location=Position(1),
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
                    file=file, location=Position(reader.line_num),
                    message=f"{len(row)} fields", expected=f"{width} fields, as in the header",
                ))
            rows.append(row)
            lines.append(reader.line_num)
            if len(rows) >= CHUNK_ROWS:
                yield header, rows, lines
                rows, lines = [], []
    except csv.Error as exc:
        raise ScoreError(Problem(file=file, location=Position(reader.line_num),
                                 message=f"not CSV: {exc}", expected="a CSV file")) from None
    yield header, rows, lines


@contextlib.contextmanager
def _sink(output: str | os.PathLike[str] | None,
          stream: IO[str] | None) -> Iterator[IO[str]]:
    """Where results go until the run succeeds: the atomic temporary file of `output`, or a
    spool copied to `stream` at the end."""
    if output is not None:
        with atomic_output(output) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=False)
            try:
                yield text
                text.flush()
            finally:
                text.detach()
        return
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES, mode="w+", encoding="utf-8",
                                       newline="") as spool:
        yield spool
        if stream is not None:
            spool.seek(0)
            shutil.copyfileobj(spool, stream)


def score_csv(rubric: Rubric, source: str | os.PathLike[str], *,
              output: str | os.PathLike[str] | None = None, stream: IO[str] | None = None,
              format: str | None = "csv",
              strategy: str | ScoringStrategy = "cumulative-sequential",
              strict: bool = True, on_error: str = "fail",
              progress: Callable[[int], None] | None = None,
              neutralise_formulas: bool = True) -> CohortSummary:
    """Score the CSV file `source` in chunks; write the results to `output` or `stream`.

    Parameters
    ----------
    rubric : Rubric
    source : path
        CSV (UTF-8, optional byte-order mark) with a header row.
    output : path, optional
        Write the results here, atomically (nothing is written if the run fails).
    stream : text stream, optional
        Or write them here (e.g. ``sys.stdout``), only once the run has succeeded.
    format : {"csv", "jsonl", None}
        Results as CSV (the passed-through columns, then per theme the level id and
        ``<theme>.points``, ``total`` and ``band.<scheme>``) or JSON Lines with the same
        keys; ``None`` writes nothing (the summary only).
    strategy, strict
        As for :func:`~competency.rubric.score_batch`.
    on_error : {"fail", "skip"}
        ``"fail"``: any bad row raises :class:`~competency.errors.ScoreError` (every
        problem, by line) and nothing is written. ``"skip"``: bad rows are left out of the
        results and listed in the summary.
    progress : callable, optional
        Called after each chunk with the number of bytes read so far.
    neutralise_formulas : bool
        With ``format="csv"``, put a ``'`` in front of every text cell a spreadsheet would
        run as a formula (``= + - @``, tab, CR: the passed-through columns come from the
        input, so they may hold anything; :mod:`competency._formulas`). On by default.

    Raises
    ------
    ScoreError
        For a file that cannot be read, is not UTF-8 CSV, lacks a theme's columns, or (with
        ``on_error="fail"``) has bad rows.
    """
    import numpy as np

    from competency.rubric.batch import ON_ERROR, score_batch
    from competency.rubric.tables import MAX_ANSWER_CHARS, answer_columns, text_column

    if on_error not in ON_ERROR:
        raise ScoreError(Problem(message=f"on_error={on_error!r}", expected="'fail' or 'skip'"))
    if format is not None and format not in FORMATS:
        raise ScoreError(Problem(message=f"format={format!r}",
                                 expected="'csv', 'jsonl' or None"))
    file = os.fspath(source)
    try:
        handle = Path(source).open("rb")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise ScoreError(Problem(file=file, message=f"cannot read: {exc.strerror or exc}",
                                 expected="a readable CSV file")) from None
    counter = _Counter(rubric)
    problems: list[Problem] = []
    n_problems = 0
    notes: list[str] = []
    with handle, _sink(output, stream) as out:
        writer = csv.writer(out, lineterminator="\n")
        header_written = False
        read = [0]

        def blocks() -> Iterator[bytes]:
            for block in iter(functools.partial(handle.read, _BLOCK_BYTES), b""):
                read[0] += len(block)
                yield block

        text = decode_utf8_lines(blocks(), file=file, expected="a CSV file encoded as UTF-8",
                                 error=ScoreError)
        for header, rows, lines in _chunks(text, file):
            used = set(answer_columns(rubric, header))
            if rows and max(map(len, itertools.chain.from_iterable(rows))) <= \
                    MAX_ANSWER_CHARS:  # every cell short: one array for the whole chunk
                table = np.array(rows, dtype=str)
                data = {name: table[:, i] for i, name in enumerate(header) if name in used}
            else:  # a long cell: only answer columns, long cells replaced
                data = {name: text_column([row[i] for row in rows])
                        for i, name in enumerate(header) if name in used}
            with warnings_module.catch_warnings():  # reported once, in the summary
                warnings_module.simplefilter("ignore", SkippedLevelWarning)
                result = score_batch(rubric, data, strategy=strategy, strict=strict,
                                     on_error="skip", file=file, lines=lines or None)
            problems.extend(result.problems[: max(0, MAX_PROBLEMS - len(problems))])
            n_problems += result.n_problems
            notes.extend(result.warnings)
            counter.add(result)
            if n_problems and on_error == "fail":
                continue  # read on, to report every bad row; write nothing more
            if format is not None and rows:
                passthrough = [i for i, name in enumerate(header) if name not in used]
                cols = result.to_dict()
                cols.pop("valid", None)
                valid = result.valid.tolist()
                names = [header[i] for i in passthrough] + list(cols)
                kept = [row for row, ok in zip(rows, valid, strict=True) if ok]
                values = [[row[i] for row in kept] for i in passthrough]
                values += [c[np.asarray(valid, dtype=bool)].tolist() for c in cols.values()]
                if format == "csv":
                    if neutralise_formulas:
                        names = neutralise_row(names)
                        values = [[neutralise(c) if isinstance(c, str) else c for c in column]
                                  for column in values]
                    if not header_written:
                        writer.writerow(names)
                        header_written = True
                    writer.writerows(zip(*values, strict=True))
                else:
                    for record in zip(*values, strict=True):
                        out.write(json.dumps(dict(zip(names, record, strict=True)),
                                             ensure_ascii=False) + "\n")
            if progress is not None:
                progress(read[0])
        if n_problems and on_error == "fail":
            listed = list(problems)
            if n_problems > len(listed):
                listed.append(Problem(file=file,
                                      message=f"... and {n_problems - len(listed)} more"))
            raise ScoreError(listed)
    return counter.summary(problems, n_problems, notes)
