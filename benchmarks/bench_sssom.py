"""Benchmark reading and validating SSSOM TSV at scale against Python's own csv reader.

Usage: ``python benchmarks/bench_sssom.py [--rows 1000000] [--runs 3]``

Writes one synthetic SSSOM TSV file (``--rows`` mappings between two ESCO-scale synthetic
frameworks, ten columns: ids, labels, predicate, justification, confidence, author, date,
comment) and times, best of ``--runs``, on the same file:

- the baseline: read the bytes, decode UTF-8, ``list(csv.reader(...))`` over the text;
- ``read_sssom`` (parse, check every cell, build the ``Crosswalk``; its mappings are a
  ``MappingTable``, which builds each ``Mapping`` when it is first asked for);
- ``read_sssom`` and then every mapping built (iterating over ``crosswalk.mappings``), what a
  program that looks at every row pays;
- ``validate_sssom`` (the same, plus every id checked against its framework; the two
  frameworks are loaded once, before timing);
- ``validate_sssom`` of a file of the same size whose ids are all unknown (error collection
  must stay linear: the "did you mean" search runs for the first few only).

Targets (issue 18 and 17): read and validate within 2× the csv baseline; the all-unknown file
in linear time.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from synthetic import esco_scale_document

_WORDS = ["learner", "support", "progress", "assess", "plan", "review", "record", "feedback",
          "goal", "career", "skill", "knowledge", "safeguarding", "referral", "evaluate",
          "quality", "colleague", "develop", "practice"]
_PREDICATES = ("skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch",
               "skos:relatedMatch")


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n))


def write_file(path: Path, rows: int, subjects: list[str], objects: list[str], *,
               unknown: bool = False, seed: int = 7) -> None:
    rng = random.Random(seed)
    header = (
        "#curie_map:\n"
        "#  esco: https://example.org/esco/\n"
        "#  onet: https://example.org/onet/\n"
        "#  orcid: https://orcid.org/\n"
        "#mapping_set_id: https://example.org/esco__onet.sssom.tsv\n"
        "#license: https://creativecommons.org/licenses/by/4.0/\n"
        "subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\t"
        "mapping_justification\tconfidence\tauthor_id\tmapping_date\tcomment\n"
    )
    seen: set[tuple[str, str]] = set()
    with path.open("w", encoding="utf-8") as out:
        out.write(header)
        n = 0
        while n < rows:
            s, o = rng.choice(subjects), rng.choice(objects)
            if (s, o) in seen:
                continue
            seen.add((s, o))
            if unknown:
                s, o = s + "x", o + "x"
            out.write(f"{s}\t{_text(rng, 6)}\t{rng.choice(_PREDICATES)}\t{o}\t{_text(rng, 6)}\t"
                      f"semapv:LexicalMatching\t{rng.random():.3f}\torcid:0000-0002-1825-0097\t"
                      f"2026-11-27\t{_text(rng, 8)}\n")
            n += 1


def best(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    # the file of unknown ids is just over the default input limit (256 MiB) at 1M rows
    os.environ.setdefault("COMPETENCY_MAX_INPUT_SIZE", "1G")

    import warnings

    from competency.errors import CrosswalkError
    from competency.formats.sssom import read_sssom, validate_sssom
    from competency.io import loads

    docs = {p: esco_scale_document(prefix=p, seed=i) for i, p in enumerate(("esco", "onet"))}
    frameworks = {p: loads(__import__("json").dumps(d).encode()) for p, d in docs.items()}
    ids = {p: [e.id for e in f.elements] for p, f in frameworks.items()}
    folder = Path(tempfile.mkdtemp())
    good, bad = folder / "good.sssom.tsv", folder / "unknown.sssom.tsv"
    write_file(good, args.rows, ids["esco"], ids["onet"])
    write_file(bad, args.rows, ids["esco"], ids["onet"], unknown=True)
    size = good.stat().st_size

    def baseline() -> object:
        text = good.read_bytes().decode("utf-8")
        return list(csv.reader(io.StringIO(text), delimiter="\t"))

    def validate_unknown() -> object:
        try:
            validate_sssom(bad, load=frameworks.__getitem__)
        except CrosswalkError as exc:
            return exc
        raise AssertionError("the file of unknown ids validated")

    warnings.simplefilter("ignore")
    base = best(baseline, args.runs)
    results = [
        ("csv.reader over the decoded text (baseline)", base),
        ("read_sssom", best(lambda: read_sssom(good), args.runs)),
        ("read_sssom, then every mapping built", best(
            lambda: list(read_sssom(good).mappings), args.runs)),
        ("validate_sssom", best(lambda: validate_sssom(good, load=frameworks.__getitem__),
                                args.runs)),
        (f"validate_sssom, all {2 * args.rows:,} ids unknown", best(validate_unknown, 1)),
    ]
    load = os.getloadavg()[0]
    print(f"{args.rows:,} mappings, {size / 1e6:.1f} MB, best of {args.runs}, "
          f"load average {load:.1f} at the end")
    print("| step | seconds | × csv.reader |")
    print("|---|---|---|")
    for name, seconds in results:
        print(f"| {name} | {seconds:.2f} | {seconds / base:.1f} |")


if __name__ == "__main__":
    main()
