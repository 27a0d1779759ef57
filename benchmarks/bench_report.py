"""Benchmark ``competency crosswalk report pt-nos ls-nos`` end to end, as users run it.

Usage: ``python benchmarks/bench_report.py [--runs 10]``

Each run is a fresh process of the installed ``competency`` script (interpreter start, imports,
loading both frameworks and the crosswalk, every analysis, rendering) with output to
/dev/null. Three variants: the rich text report, ``--format json``, and ``--html``. Also
timed in the same run, as baselines: the bare interpreter (``python -c pass``) and
``python -c "import competency"``, and in-process the analyses alone and the HTML rendering
alone (for pt-nos → ls-nos and for fe-pt-role → pt-nos, whose heatmap is 13 × 11). Targets:
the text report under 1 s wall time including interpreter start; the HTML page generated
in well under a second (in process, report() + render_html() under 100 ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def _wall(cmd: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    py = sys.executable
    cli = os.path.join(os.path.dirname(py), "competency")  # the installed console script
    html = os.path.join(tempfile.mkdtemp(), "report.html")
    cases = {
        "python -c pass": [py, "-c", "pass"],
        "import competency": [py, "-c", "import competency"],
        "report (text)": [cli, "crosswalk", "report", "pt-nos", "ls-nos"],
        "report --format json": [cli, "crosswalk", "report", "pt-nos", "ls-nos",
                                 "--format", "json"],
        "report --html": [cli, "crosswalk", "report", "pt-nos", "ls-nos",
                          "--html", html],
    }
    # As installed (pip writes bytecode): cache .pyc files in a temporary prefix, even where
    # PYTHONDONTWRITEBYTECODE is set, without writing into the source tree.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp()
    for cmd in cases.values():  # warm the file cache and the bytecode cache
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    results = {name: _wall(cmd, args.runs, env) for name, cmd in cases.items()}
    base = results["python -c pass"]
    print(f"wall time, median of {args.runs} fresh processes:")
    for name, seconds in results.items():
        print(f"  {name:22s} {1000 * seconds:7.0f} ms   ({seconds / base:4.1f}x bare python)")
    print(f"  text report target: < 1000 ms -> "
          f"{'met' if results['report (text)'] < 1.0 else 'NOT met'}")
    cold = dict(os.environ)
    cold["PYTHONDONTWRITEBYTECODE"] = "1"
    seconds = _wall(cases["report (text)"], max(3, args.runs // 3), cold)
    print(f"  report (text), no bytecode cache (every module compiled): {1000 * seconds:.0f} ms")

    import competency
    from competency.analysis import render_html, report
    from competency.crosswalk import load_crosswalk

    for a, b in (("pt-nos", "ls-nos"), ("fe-pt-role", "pt-nos")):
        fa, fb = competency.load(a), competency.load(b)
        cw = load_crosswalk(a, b)
        analyse, render = [], []
        for _ in range(20):
            start = time.perf_counter()
            result = report(cw, fa, fb)
            middle = time.perf_counter()
            page = render_html(result, generated="2026-01-01")
            render.append(time.perf_counter() - middle)
            analyse.append(middle - start)
        total = statistics.median(a + r for a, r in zip(analyse, render, strict=True))
        print(f"in process, {a} -> {b} ({len(cw)} mappings), median of 20: report() "
              f"{1000 * statistics.median(analyse):.1f} ms, render_html() "
              f"{1000 * statistics.median(render):.1f} ms, together {1000 * total:.1f} ms "
              f"(target < 100 ms: {'met' if total < 0.1 else 'NOT met'}); page "
              f"{len(page.encode()) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
