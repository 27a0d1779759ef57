"""Import and export of every format at ESCO scale, as ratios to the plain JSON load.

Builds the synthetic ESCO-shaped framework of ``synthetic.py`` (3,000 units, 11,000 items,
130,000 relations), then times, once each (these are seconds-long steps, on a shared
machine), every exporter and every importer of ``competency``: CASE, SKOS, Moodle CSV, the
lossless table CSV and the contract CSV, and SKOS read from RDF/XML. The baseline is ``competency.loads`` of the same
framework's JSON, in the same run. A linear-time check runs each step again at half the
size: the time ratio half → full should be about 2 (a quadratic step gives about 4).

Run: ``python benchmarks/bench_formats.py [--scale 1.0] [--skip-skos]``.
"""

from __future__ import annotations

import argparse
import functools
import gc
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import esco_scale_document

import competency
from competency.formats import case, moodle, skos, tabular


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    gc.collect()
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _rdfxml(framework: competency.Framework) -> str:
    """The framework as RDF/XML, written by rdflib from our SKOS graph (what a triple store
    exports); its time is rdflib's, not ours, and is reported for scale only."""
    text: str = skos.to_skos_graph(framework).serialize(format="xml")
    return text


def run(scale: float, skip_skos: bool) -> dict[str, float]:
    import json

    document = esco_scale_document(units=int(3_000 * scale), items=int(11_000 * scale),
                                   relations=int(130_000 * scale))
    text = json.dumps(document)
    base, framework = timed(lambda: competency.loads(text))
    assert isinstance(framework, competency.Framework)
    times = {"json load (baseline)": base}
    steps: list[tuple[str, Callable[[competency.Framework], str],
                      Callable[[str], competency.Framework]]] = [
        ("case", lambda f: case.dumps(f, last_change="2024-01-01T00:00:00+00:00"), case.loads),
        ("moodle", moodle.dumps, moodle.loads),
        ("table", tabular.dumps, tabular.loads),
        ("csv (contract)", lambda f: tabular.dumps(f, contract=True), tabular.loads),
    ]
    if not skip_skos:
        steps.append(("skos", skos.dumps, skos.loads))
        steps.append(("skos rdf/xml", _rdfxml, skos.loads))
    for name, dump, load in steps:
        seconds, out = timed(functools.partial(dump, framework))
        times[f"{name} export"] = seconds
        assert isinstance(out, str)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            seconds, back = timed(functools.partial(load, out))
        times[f"{name} import"] = seconds
        if name != "csv (contract)":
            assert back == framework, name
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--skip-skos", action="store_true")
    args = parser.parse_args()
    half = run(args.scale / 2, args.skip_skos)
    full = run(args.scale, args.skip_skos)
    base = full["json load (baseline)"]
    print(f"{'step':<26}{'seconds':>9}{'× json load':>13}{'half→full':>11}")
    for name, seconds in full.items():
        growth = seconds / half[name] if half[name] else float("nan")
        print(f"{name:<26}{seconds:>9.2f}{seconds / base:>13.1f}{growth:>11.2f}")


if __name__ == "__main__":
    main()
