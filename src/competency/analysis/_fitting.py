"""Fitting the calibration on the shipped curated crosswalks: each crosswalk's candidate
rows (re-suggested by the matcher, with features and the curators' labels), the
fingerprint of the files fitted on, and the fit itself (acceptance regression and
predicate table).

See :mod:`competency.analysis.calibration` for the model; numpy is imported when a fit
runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from competency.analysis._features import candidate_features
from competency.analysis._parameters import PREDICATES, Calibration, prior
from competency.analysis._regression import logistic
from competency.errors import CompetencyError, Problem

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from competency.analysis.matchers import Matcher
    from competency.crosswalk import Crosswalk
    from competency.model import Element

__all__ = ["CandidateRows", "all_rows", "candidate_rows", "fit", "fit_rows", "fit_shipped",
           "kinds", "references", "shipped_fingerprint"]

_TOP = 5
"""Candidates per subject when fitting (the CLI's default)."""
_BAND_QUANTILES = (0.5, 0.8, 0.95)


@attrs.frozen(kw_only=True, eq=False)
class CandidateRows:
    """Candidate rows of one crosswalk with their features and curated labels."""

    name: str
    reference: Crosswalk
    subject_ids: tuple[str, ...]
    object_ids: tuple[str, ...]
    features: npt.NDArray[np.float64]  # score, gap, log rank, same level, reciprocal
    structures: tuple[str, ...]
    accepted: npt.NDArray[np.bool_]
    curated: tuple[str | None, ...]  # the curators' predicate for accepted pairs


def kinds(elements: Iterable[Element], ids: set[str]) -> set[str]:
    """The kinds (their values) of the `elements` whose id is in `ids`."""
    return {e.kind.value for e in elements if e.id in ids}


def candidate_rows(name: str, reference: Crosswalk, matcher: Matcher) -> CandidateRows:
    """`matcher`'s top candidates over the element kinds the curators mapped in
    `reference`, labelled with the curated predicate (None where not curated)."""
    import numpy as np

    from competency import registry
    from competency.analysis.matchers import match_frameworks

    subject = registry.load(reference.subject_prefix)
    obj = registry.load(reference.object_prefix)
    positive = [m for m in reference.mappings if not m.is_negated]
    sk = kinds(subject.elements, {m.subject_id for m in positive})
    ok = kinds(obj.elements, {m.object_id for m in positive})
    left = [e for e in subject.elements if e.kind.value in sk]
    right = sorted((e for e in obj.elements if e.kind.value in ok), key=lambda e: e.id)
    found = match_frameworks(matcher, subject, obj, left, right, _TOP)
    features, structures = candidate_features(found, left, right)
    curated: dict[tuple[str, str], str] = {}
    for m in positive:
        curated.setdefault((m.subject_id, m.object_id), m.predicate_id)
    labels = [curated.get((left[i].id, right[j].id))
              for i, j in zip(found.left.tolist(), found.right.tolist(), strict=True)]
    return CandidateRows(name=name, reference=reference,
                         subject_ids=tuple(left[i].id for i in found.left.tolist()),
                         object_ids=tuple(right[j].id for j in found.right.tolist()),
                         features=features, structures=structures,
                         accepted=np.array([x is not None for x in labels], dtype=bool),
                         curated=tuple(labels))


def fit_rows(method: str, version: str, rows: Sequence[CandidateRows],
             fitted_on: Mapping[str, str]) -> Calibration:
    """The calibration fitted on `rows` (see :mod:`competency.analysis.calibration`).

    Raises
    ------
    CompetencyError
        If the rows are all accepted or all rejected (nothing to learn from).
    """
    import numpy as np

    x = np.concatenate([r.features for r in rows])
    y = np.concatenate([r.accepted for r in rows]).astype(np.float64)
    if len(x) == 0 or y.min() == y.max():
        raise CompetencyError(Problem(
            message=f"cannot calibrate {method!r}: its candidates on the shipped crosswalks "
                    "are all accepted or all rejected",
            expected="candidates of which some, not all, are in the curated crosswalks"))
    coefficients = logistic(x, y)
    accepted_scores = x[y == 1, 0]
    bands = [float(np.quantile(accepted_scores, q)) for q in _BAND_QUANTILES]
    counts: dict[str, dict[str, float]] = {}
    total: dict[str, float] = dict.fromkeys(PREDICATES, 0.5)
    band = Calibration(method=method, version=version, coefficients=coefficients,
                       bands=bands, predicates={}).band
    for r in rows:
        for k in np.flatnonzero(r.accepted).tolist():
            key = f"{r.structures[k]}|{band(float(r.features[k, 0]))}"
            row = counts.setdefault(key, prior(r.structures[k]))
            predicate = r.curated[k]
            if predicate is None:  # pragma: no cover - accepted rows have one
                continue
            row[predicate] += 1
            total[predicate] += 1
    table = {k: {p: v / sum(row.values()) for p, v in row.items()}
             for k, row in counts.items()}
    table["*"] = {p: v / sum(total.values()) for p, v in total.items()}
    return Calibration(method=method, version=version, coefficients=coefficients,
                       bands=bands, predicates=table, fitted_on=fitted_on)


def _shipped() -> list[tuple[str, bytes]]:
    """(file name, bytes) of every shipped crosswalk, sorted by name."""
    from competency._data import data_root

    folder = data_root().joinpath("crosswalks")
    return sorted((entry.name, entry.read_bytes()) for entry in folder.iterdir()
                  if entry.name.endswith(".sssom.tsv"))


def shipped_fingerprint() -> dict[str, str]:
    """Shipped crosswalk file name → SHA-256 of its bytes (what a calibration was fitted
    on).

    Examples
    --------
    >>> sorted(shipped_fingerprint())[0]
    'fe-pt-role__pt-nos.sssom.tsv'
    """
    return {name: hashlib.sha256(data).hexdigest() for name, data in _shipped()}


def references() -> list[tuple[str, Crosswalk]]:
    """``("A__B", crosswalk)`` for every shipped curated crosswalk."""
    from competency.crosswalk import available_crosswalks, load_crosswalk

    return [(f"{a}__{b}", load_crosswalk(a, b)) for a, b in available_crosswalks()]


def all_rows(matcher: Matcher) -> list[CandidateRows]:
    """The candidate rows of every shipped curated crosswalk."""
    return [candidate_rows(name, ref, matcher) for name, ref in references()]


def fit(matcher: Matcher, rows: Sequence[CandidateRows] | None = None) -> Calibration:
    """Fit `matcher`'s calibration on every shipped curated crosswalk.

    Examples
    --------
    >>> from competency.analysis.matchers import get_matcher
    >>> fit(get_matcher("tfidf")).fitted_on == shipped_fingerprint()
    True
    """
    rows = all_rows(matcher) if rows is None else rows
    return fit_rows(matcher.name, matcher.version, rows, shipped_fingerprint())


def fit_shipped(matchers: Iterable[Matcher]) -> dict[str, Any]:
    """What ``_calibration.json`` holds: the calibration of each of `matchers`."""
    return {"comment": "Generated by scripts/fit_suggest_calibration.py from "
                       "frameworks/crosswalks/*.sssom.tsv; do not edit by hand.",
            "methods": {m.name: fit(m).to_dict() for m in matchers}}
