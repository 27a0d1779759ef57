"""Load, validate and graph-build benchmark at ESCO scale (issue: Foundation).

Prints, from one run, times as ratios to a raw ``orjson.loads`` of the same bytes, and
memory as ratios to the JSON size:

- ``orjson.loads`` (baseline) and ``json.loads``;
- ``load_framework``: parse + validation + model objects (the fast path);
- the graph build (``FrameworkGraph``);
- ``descendants`` of one root and a coverage-style pass over all units;
- the full JSON Schema validation alone (what the fast path avoids on valid input);
- peak memory of load + graph (tracemalloc) and the graph's retained size.

Run: ``python benchmarks/bench_load.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import esco_scale_document

from competency import FrameworkGraph, load_framework
from competency._schema import schema_problems


def best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    doc = esco_scale_document()
    raw = orjson.dumps(doc)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "esco.json"
        path.write_bytes(raw)
        n_el, n_rel = len(doc["elements"]), len(doc["relations"])
        print(f"document: {n_el:,} elements, {n_rel:,} relations, {len(raw) / 1e6:.1f} MB")

        t_orjson = best_of(lambda: orjson.loads(path.read_bytes()), args.repeat)
        t_json = best_of(lambda: json.loads(path.read_bytes()), args.repeat)
        t_load = best_of(lambda: load_framework(path), args.repeat)
        framework = load_framework(path)
        t_graph = best_of(lambda: FrameworkGraph([framework]), args.repeat)
        graph = FrameworkGraph([framework])
        root = graph.roots()[0].id
        t_desc = best_of(lambda: graph.descendants(root), args.repeat)
        units = graph.elements("unit")

        def coverage_pass() -> int:
            return sum(1 for u in units if graph.children(u.id))

        t_cov = best_of(coverage_pass, args.repeat)
        t_schema = best_of(lambda: schema_problems(doc, "framework", file="x"), 1)

        gc.collect()
        tracemalloc.start()
        fw = load_framework(path)
        after_load, _ = tracemalloc.get_traced_memory()
        g = FrameworkGraph([fw])
        retained, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del g, fw

    rows = [
        ("orjson.loads (baseline)", t_orjson),
        ("json.loads", t_json),
        ("load_framework (parse+validate+model)", t_load),
        ("FrameworkGraph build", t_graph),
        ("load + validate + graph", t_load + t_graph),
        ("descendants(one root)", t_desc),
        ("children of every unit", t_cov),
        ("full jsonschema validation alone", t_schema),
    ]
    print(f"{'step':42} {'seconds':>9} {'× orjson':>9}")
    for name, t in rows:
        print(f"{name:42} {t:9.4f} {t / t_orjson:9.1f}")
    size = len(raw)
    print(f"model retained: {after_load / 1e6:.1f} MB ({after_load / size:.1f}× JSON)")
    print(f"model + graph retained: {retained / 1e6:.1f} MB ({retained / size:.1f}× JSON); "
          f"graph alone {(retained - after_load) / 1e6:.1f} MB "
          f"({(retained - after_load) / size:.1f}× JSON)")
    print(f"peak during load + graph: {peak / 1e6:.1f} MB ({peak / size:.1f}× JSON)")
    ratio = (t_load + t_graph) / t_orjson
    print(f"TARGET load+validate+graph ≤ 15× orjson (stretch 10×): {ratio:.1f}× "
          f"{'MET' if ratio <= 15 else 'MISSED'}")


if __name__ == "__main__":
    main()
