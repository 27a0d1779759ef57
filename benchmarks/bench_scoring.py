"""Scoring benchmark: vectorised batch scoring vs a numpy copy, and the per-response API.

Run from the repository root::

    python benchmarks/bench_scoring.py            # 1,000,000 responses × 10 themes
    python benchmarks/bench_scoring.py --rows 200000

Every figure is a ratio against a baseline measured in the same run (a numpy copy of the
same input array), so the results compare across machines. Targets (issue "Rubric engine"):

- batch scoring of 1,000,000 × 10 from arrays (levels as int64 or int8 points, or per-cell
  flags) within 20× the time of a numpy copy of the input;
- the per-response API (``score``) at least 250,000 responses/s including validation and
  gating.

Timings are the best of ``--repeat`` runs. Exit status 1 if a target is missed.

To compare with other code under the same conditions, give its ``src`` folder::

    git archive <commit> src | tar -x -C /tmp/before
    python benchmarks/bench_scoring.py --against /tmp/before/src --rounds 2

which runs this benchmark alternately on the current code and on that code (each in a
fresh process), ``--rounds`` times each.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from competency.cli import main as cli_main
from competency.rubric import SkippedLevelWarning, get_rubric, score, score_batch

BATCH_TARGET = 20.0
PER_RESPONSE_TARGET = 250_000


def best(func: Callable[[], Any], repeat: int) -> float:
    """The best wall time of `repeat` calls of `func`, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--loop-rows", type=int, default=200_000,
                        help="responses for the per-response loop")
    parser.add_argument("--csv-rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--against", type=Path, metavar="SRC",
                        help="also run on the code in this src folder, alternately")
    parser.add_argument("--rounds", type=int, default=2, help="alternations with --against")
    args = parser.parse_args(argv)
    if args.against is not None:
        return _alternate(args, sys.argv[1:] if argv is None else argv)

    rubric = get_rubric("pt-self-assessment")
    n, themes, levels = args.rows, len(rubric.themes), len(rubric.levels)
    rng = np.random.default_rng(2024)
    reached = rng.integers(0, levels + 1, size=(n, themes))
    points = np.asarray(rubric.reached_points)[reached]  # int64 points, 0 = none
    points8 = points.astype(np.int8)
    flags = np.arange(levels) < reached[..., None]  # (n, themes, levels), levels in order
    gappy = flags.copy()
    gappy[rng.random((n, themes, levels)) < 0.02] = True  # some skipped levels
    score_batch(rubric, points[:10])  # warm up (plugin discovery, tables)

    print(f"competency rubric scoring benchmark — {n:,} responses × {themes} themes, "
          f"numpy {np.__version__}, Python {sys.version.split()[0]}")
    failed = False
    rows: list[tuple[str, float, float]] = []

    def batch_case(label: str, data: np.ndarray[Any, Any], target: bool = True,
                   **kw: Any) -> None:
        nonlocal failed
        copy = best(data.copy, 3 * args.repeat)  # cheap and noisy: more tries
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SkippedLevelWarning)
            took = best(lambda: score_batch(rubric, data, **kw), args.repeat)
        rows.append((label, copy, took))
        ok = took / copy <= BATCH_TARGET
        if target:
            failed |= not ok
            mark = f"{'ok' if ok else 'MISSED'} (≤ {BATCH_TARGET:.0f}×)"
        else:
            mark = "(informative)"
        print(f"  {label:<48} copy {copy * 1e3:6.1f} ms  score {took * 1e3:6.1f} ms  "
              f"{took / copy:5.1f}× copy  {n / took / 1e6:5.1f} M/s  {mark}")

    print("vectorised batch (score_batch), ratio to a numpy copy of the same input:")
    batch_case("levels as points, int64 (n, 10)", points)
    # a 10 MB int8 array is copied in about a millisecond: the strictest of the ratios
    batch_case("levels as points, int8 (n, 10)", points8)
    batch_case("per-cell flags, bool (n, 10, 5), in order", flags)
    batch_case("per-cell flags with skipped levels, lenient", gappy, strict=False)
    batch_case("per-cell flags with skipped levels, strict/skip", gappy, on_error="skip")

    copy = best(flags.copy, args.repeat)

    def naive() -> None:
        gated = np.cumprod(flags, axis=-1).sum(axis=-1)
        (np.asarray(rubric.reached_points)[gated]).sum(axis=1)

    took = best(naive, max(1, args.repeat // 2))
    print(f"  {'(reference: naive cumprod gating of flags)':<48} copy {copy * 1e3:6.1f} ms  "
          f"score {took * 1e3:6.1f} ms  {took / copy:5.1f}× copy")

    # -- per-response API ------------------------------------------------------------------
    m = min(args.loop_rows, n)
    names = ["none", *(lv.id for lv in rubric.levels)]
    ids = rubric.local_ids
    dicts = [dict(zip(ids, (names[r] for r in row), strict=True))
             for row in reached[:m].tolist()]
    lists = [[names[r] for r in row] for row in reached[:m].tolist()]
    flag_rows = [dict(zip(ids, row, strict=True)) for row in flags[:m].tolist()]
    flag_tuples = [dict(zip(ids, map(tuple, row), strict=True)) for row in flags[:m].tolist()]
    slice_ = 2_000  # best of many short runs (~10 ms each): robust to a busy, shared machine
    print(f"per-response API (score), {m:,} responses, validation and gating included "
          f"(best {slice_:,}-response run):")
    for label, items in (("dict theme id → level id", dicts), ("list of level ids", lists),
                         ("dict theme id → flag list (gating)", flag_rows),
                         ("dict theme id → flag tuple (gating)", flag_tuples)):
        per_response = []
        for _ in range(3):
            for i in range(0, len(items), slice_):
                part: list[Any] = items[i:i + slice_]
                start = time.perf_counter()
                for response in part:
                    score(rubric, response)
                per_response.append((time.perf_counter() - start) / len(part))
        rate = 1 / min(per_response)
        ok = rate >= PER_RESPONSE_TARGET
        failed |= not ok
        mark = f"{'ok' if ok else 'MISSED'} (≥ {PER_RESPONSE_TARGET:,}/s)"
        print(f"  {label:<48} {rate:12,.0f} responses/s  {mark}")
    loop_took = best(lambda: [score(rubric, d) for d in dicts], 3)
    batch_took = best(lambda: score_batch(rubric, points[:m]), args.repeat)
    print(f"  {'same responses, vectorised (score_batch)':<48} {m / batch_took:12,.0f} "
          f"responses/s  ({loop_took / batch_took:.0f}× the per-response loop)")

    # -- CSV end to end --------------------------------------------------------------------
    c = min(args.csv_rows, n)
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "responses.csv", Path(tmp) / "results.csv"
        with source.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["respondent", *ids])
            writer.writerows([f"r{i}", *(names[x] for x in row)]
                             for i, row in enumerate(reached[:c].tolist()))
        read = best(lambda: list(csv.reader(source.open(encoding="utf-8"))), 1)
        took = best(lambda: cli_main(["score", "pt-self-assessment", "--responses",
                                      str(source), "-o", str(target), "--no-progress"]),
                    max(1, args.repeat // 2))
        size = source.stat().st_size / 1e6
        print(f"CSV → results end to end (competency score --responses, {c:,} rows, "
              f"{size:.1f} MB):")
        print(f"  {took:.2f} s, {c / took:,.0f} rows/s; {took / read:.1f}× the time "
              "csv.reader needs just to read the file")
    return 1 if failed else 0


def _alternate(args: argparse.Namespace, argv: list[str]) -> int:
    """Run this script on the current code and on ``--against`` in turn, ``--rounds`` times."""
    import os
    import subprocess

    own: list[str] = []
    skip = False
    for item in argv:  # the same arguments, without --against/--rounds
        if skip:
            skip = False
            continue
        if item in ("--against", "--rounds"):
            skip = True
            continue
        if not item.startswith(("--against=", "--rounds=")):
            own.append(item)
    status = 0
    for r in range(1, args.rounds + 1):
        for label, path in (("current", None), ("baseline", args.against)):
            env = dict(os.environ)
            if path is not None:
                env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(path.resolve()),
                                                                  env.get("PYTHONPATH")]))
            print(f"=== round {r}: {label}" + (f" ({path})" if path else ""), flush=True)
            done = subprocess.run([sys.executable, __file__, *own], env=env, check=False)
            if label == "current":
                status |= done.returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
