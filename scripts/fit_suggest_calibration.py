"""Fit the suggestion calibration of the built-in matchers on the shipped crosswalks.

Usage: ``python scripts/fit_suggest_calibration.py [--check]``

Writes ``src/competency/analysis/_calibration.json`` (atomically) from
``frameworks/crosswalks/*.sssom.tsv``; run it after changing a shipped crosswalk (a test
fails until you do). ``--check`` only reports whether the file is current (exit 1 if not).
Needs the ``semantic`` extra (the embedding and hybrid matchers run the model; vectors are
cached, so a second run is quick).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from competency.analysis.calibration import fit_shipped
from competency.analysis.matchers import get_matcher
from competency.io import write_atomic

TARGET = Path(__file__).resolve().parent.parent / "src/competency/analysis/_calibration.json"


def render() -> str:
    data = fit_shipped(get_matcher(name) for name in ("tfidf", "embedding", "hybrid"))
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    text = render()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is out of date: run {sys.argv[0]}", file=sys.stderr)
            return 1
        print(f"{TARGET} is current")
        return 0
    write_atomic(TARGET, text.encode("utf-8"))
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
