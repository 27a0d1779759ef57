"""Error-collection benchmark (issue 17): a framework document with N bad elements.

Every element is broken in one of five ways, in turn — an unknown kind, empty text, an id
that is not a CURIE, an unknown field, a duplicate id — so the schema pass, the model pass
and the structural pass all report problems, N in all. The script times, best of
``--repeat``, loading the document (collecting every problem) and the whole
``competency validate FILE`` command in process (collection plus the bounded printing), and
as a baseline in the same run ``json.loads`` of the same bytes, so the figures are ratios.
Times are the process's CPU time (``time.process_time``), which other processes on a shared
machine disturb far less than wall-clock time.

Run: ``python benchmarks/bench_errors.py [--sizes 1000 10000 50000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import io
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from competency import CompetencyError, load_framework
from competency.cli import main as cli_main


def bad_document(n: int) -> dict[str, Any]:
    """A framework document whose `n` elements each carry one problem."""
    elements: list[dict[str, Any]] = []
    for i in range(n):
        element: dict[str, Any] = {"id": f"bench:E{i}", "kind": "criterion", "text": f"item {i}"}
        way = i % 5
        if way == 0:
            element["kind"] = "skill"
        elif way == 1:
            element["text"] = " "
        elif way == 2:
            element["id"] = f"E {i}"
        elif way == 3:
            element["colour"] = "red"
        else:
            element["id"] = "bench:E0"
        elements.append(element)
    return {"format": "competency-framework/1", "id": "bench", "title": "Bench",
            "base_iri": "https://example.org/bench/", "elements": elements, "relations": []}


def best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def _load(path: Path) -> int:
    try:
        load_framework(path)
    except CompetencyError as exc:
        return len(exc.problems)
    raise AssertionError("the benchmark document must be invalid")


def _validate(path: Path) -> int:
    sink = io.StringIO()
    with contextlib.redirect_stderr(sink), contextlib.redirect_stdout(sink):
        return cli_main(["validate", str(path)])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| bad elements | problems | json.loads | load (collect all) | × json.loads "
          "| `validate` command |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"bad-{n}.json"
            raw = json.dumps(bad_document(n)).encode()
            path.write_bytes(raw)
            problems = _load(path)
            t_json = best_of(functools.partial(json.loads, raw), args.repeat)
            t_load = best_of(functools.partial(_load, path), args.repeat)
            t_cli = best_of(functools.partial(_validate, path), args.repeat)
            print(f"| {n:,} | {problems:,} | {t_json:.3f} s | {t_load:.3f} s "
                  f"| {t_load / t_json:.0f} | {t_cli:.3f} s |", flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
