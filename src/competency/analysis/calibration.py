"""Calibration: predicted predicates and the probability that a curator accepts a suggestion.

A suggestion's ``confidence`` is P(the curator keeps this row) =
P(the pair is accepted) × P(the predicate is the curator's | the pair is accepted), both
fitted on the curated crosswalks shipped in ``frameworks/crosswalks/``:

* every shipped crosswalk is re-suggested with the matcher (its top 5 per subject, over
  the element kinds the curators mapped on each side); a candidate pair is *accepted* when
  the curated file has it with a positive predicate;
* **acceptance** is a logistic regression on the candidate's similarity, its gap to the
  subject's best candidate, log(rank), whether the two elements sit at the same level
  (both items, or both groupings such as units) and whether it is *reciprocal* (no other
  subject's candidate scores its object higher; with rank 1, the two are each other's
  nearest neighbours). Held out, the reciprocal feature lowered the log loss on every
  shipped crosswalk for every built-in matcher;
* **the predicate** is the curators' most frequent predicate, among accepted candidates of
  the same *structure* (item → item, item → grouping, grouping → item, grouping → grouping;
  texts equal after normalisation count apart) and *similarity band* (cut at the median,
  80th and 95th percentiles of accepted candidates' similarity), with add-½ smoothing;
  its share is P(predicate | accepted).

The fitted parameters of the built-in matchers are in ``_calibration.json``, written by
``python scripts/fit_suggest_calibration.py`` from the shipped files (a test fails when a
shipped crosswalk changed since); a plugin's matcher is fitted at first use.
:func:`cross_validate` scores each shipped crosswalk with a model fitted on the *other*
crosswalks only (leave one crosswalk out) and reports the expected calibration error.

Examples
--------
>>> from competency.analysis.calibration import calibration_for
>>> from competency.analysis.matchers import get_matcher
>>> cal = calibration_for(get_matcher("tfidf"))
>>> cal.method
'tfidf'
>>> 0 < cal.acceptance(score=0.6, gap=0.0, rank=1, same_level=True, reciprocal=True) < 1
True
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from competency.analysis._words import normalise
from competency.errors import CompetencyError, Problem

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from competency.analysis.matchers import Candidates, Matcher
    from competency.crosswalk import Crosswalk
    from competency.model import Element

__all__ = [
    "PREDICATES",
    "Calibration",
    "CrossValidation",
    "calibration_for",
    "cross_validate",
    "expected_calibration_error",
    "fit",
    "fit_shipped",
    "held_out",
    "shipped_fingerprint",
]

PREDICATES = ("skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch",
              "skos:relatedMatch")
_GROUP_KINDS = frozenset({"unit", "section"})
_TOP = 5
"""Candidates per subject when fitting (the CLI's default)."""
_RIDGE = 1e-2
_BAND_QUANTILES = (0.5, 0.8, 0.95)
_PARAMS_FILE = "_calibration.json"


def structure(subject: Element, object: Element) -> str:
    """``"item>item"``, ``"item>group"``, ``"group>item"`` or ``"group>group"``; with
    ``"="`` appended when the two texts are equal after normalisation."""
    a = "group" if subject.kind.value in _GROUP_KINDS else "item"
    b = "group" if object.kind.value in _GROUP_KINDS else "item"
    same = normalise(subject.text) == normalise(object.text)
    return f"{a}>{b}{'=' if same else ''}"


_IMPLIED = {"=": "skos:exactMatch"}
"""The predicate SKOS semantics imply for a structure: the same text (after normalisation)
states the same competence. (Item inside grouping → ``broadMatch`` was tried as a prior
too; leave-one-crosswalk-out showed curators call a rubric theme against a criterion
``relatedMatch``, so that prior made predictions worse and was dropped.)"""
_PRIOR = 2.0
"""Pseudo-counts the structurally implied predicate starts with (the others start at ½)."""


def _prior(shape: str) -> dict[str, float]:
    """Starting counts for the predicates of a structure: ½ each, plus :data:`_PRIOR` on
    the predicate SKOS semantics implies, if any."""
    row = dict.fromkeys(PREDICATES, 0.5)
    implied = _IMPLIED.get("=" if shape.endswith("=") else shape)
    if implied is not None:
        row[implied] += _PRIOR
    return row


def _floats(items: Iterable[float]) -> tuple[float, ...]:
    return tuple(float(x) for x in items)


def _table(items: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    return {k: {p: float(v) for p, v in row.items()} for k, row in items.items()}


def _fingerprint(items: Mapping[str, str]) -> dict[str, str]:
    return dict(items)


@attrs.frozen(kw_only=True)
class Calibration:
    """Fitted parameters for one matcher (see the module docstring).

    Parameters
    ----------
    method, version : str
        The matcher's name and version it was fitted for.
    coefficients : tuple of float
        Logistic regression: intercept, similarity, gap, log(rank), same level,
        reciprocal.
    bands : tuple of float
        The two similarity cut points of the predicate table.
    predicates : dict
        ``"<structure>|<band>"`` → predicate → P(predicate | accepted).
    fitted_on : dict
        Crosswalk file name → SHA-256 of its bytes.
    """

    method: str
    version: str
    coefficients: tuple[float, ...] = attrs.field(converter=_floats)
    bands: tuple[float, ...] = attrs.field(converter=_floats)
    predicates: dict[str, dict[str, float]] = attrs.field(converter=_table)
    fitted_on: dict[str, str] = attrs.field(factory=dict, converter=_fingerprint)

    def acceptance(self, *, score: float, gap: float, rank: int, same_level: bool,
                   reciprocal: bool) -> float:
        """P(the pair is accepted) for one candidate."""
        b = self.coefficients
        z = (b[0] + b[1] * score + b[2] * gap + b[3] * math.log(rank) + b[4] * same_level
             + b[5] * reciprocal)
        return 1.0 / (1.0 + math.exp(-z))

    def band(self, score: float) -> int:
        """The similarity band (0, 1 or 2) of `score`."""
        return sum(1 for cut in self.bands if score >= cut)

    def predicate(self, structure: str, score: float) -> tuple[str, float]:
        """The predicted predicate and P(predicate | accepted)."""
        row = self.predicates.get(f"{structure}|{self.band(score)}")
        if row is None:
            prior = _prior(structure)
            if max(prior.values()) > 0.5:  # no data, but SKOS semantics say something
                total = sum(prior.values())
                row = {p: v / total for p, v in prior.items()}
            else:
                row = self.predicates["*"]
        best = max(PREDICATES, key=lambda p: (row.get(p, 0.0), -PREDICATES.index(p)))
        return best, row.get(best, 0.0)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (what ``_calibration.json`` holds per method)."""
        return {"method": self.method, "version": self.version,
                "coefficients": [round(c, 6) for c in self.coefficients],
                "bands": [round(c, 6) for c in self.bands],
                "predicates": {k: {p: round(v, 6) for p, v in row.items()}
                               for k, row in sorted(self.predicates.items())},
                "fitted_on": dict(sorted(self.fitted_on.items()))}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Calibration:
        """The inverse of :meth:`to_dict`."""
        return cls(method=data["method"], version=data["version"],
                   coefficients=data["coefficients"], bands=data["bands"],
                   predicates=data["predicates"], fitted_on=data.get("fitted_on", {}))


@attrs.frozen(kw_only=True, eq=False)
class _Rows:
    """Candidate rows of one crosswalk with their features and curated labels."""

    name: str
    reference: Crosswalk
    subject_ids: tuple[str, ...]
    object_ids: tuple[str, ...]
    features: npt.NDArray[np.float64]  # score, gap, log rank, same level, reciprocal
    structures: tuple[str, ...]
    accepted: npt.NDArray[np.bool_]
    curated: tuple[str | None, ...]  # the curators' predicate for accepted pairs


def candidate_features(
    candidates: Candidates, left: Sequence[Element], right: Sequence[Element],
) -> tuple[npt.NDArray[np.float64], tuple[str, ...]]:
    """The feature matrix (similarity, gap to the subject's best, log rank, same level,
    reciprocal: 1 if no other subject's candidate scores the object higher)
    and the structure of every candidate row."""
    import numpy as np

    li, ri, score = candidates.left, candidates.right, candidates.score
    n = len(li)
    if n == 0:
        return np.zeros((0, 5)), ()
    starts = np.searchsorted(li, li, side="left")
    rank = np.arange(n) - starts + 1
    best = score[starts]
    texts: dict[str, str] = {}

    def text(e: Element) -> str:
        found = texts.get(e.id)
        if found is None:
            found = texts[e.id] = normalise(e.text)
        return found

    structures = []
    same = np.zeros(n)
    for k, (i, j) in enumerate(zip(li.tolist(), ri.tolist(), strict=True)):
        s, o = left[i], right[j]
        a = "group" if s.kind.value in _GROUP_KINDS else "item"
        b = "group" if o.kind.value in _GROUP_KINDS else "item"
        same[k] = a == b
        structures.append(f"{a}>{b}{'=' if text(s) == text(o) else ''}")
    object_best = np.full(int(ri.max()) + 1, -np.inf)
    np.maximum.at(object_best, ri, score)
    reciprocal = (score >= object_best[ri]).astype(np.float64)
    return (np.column_stack([score, best - score, np.log(rank), same, reciprocal]),
            tuple(structures))


def _kinds(elements: Iterable[Element], ids: set[str]) -> set[str]:
    return {e.kind.value for e in elements if e.id in ids}


def _rows(name: str, reference: Crosswalk, matcher: Matcher) -> _Rows:
    import numpy as np

    from competency import registry
    from competency.analysis.matchers import match_frameworks

    subject = registry.load(reference.subject_prefix)
    obj = registry.load(reference.object_prefix)
    positive = [m for m in reference.mappings if not m.is_negated]
    sk = _kinds(subject.elements, {m.subject_id for m in positive})
    ok = _kinds(obj.elements, {m.object_id for m in positive})
    left = [e for e in subject.elements if e.kind.value in sk]
    right = sorted((e for e in obj.elements if e.kind.value in ok), key=lambda e: e.id)
    found = match_frameworks(matcher, subject, obj, left, right, _TOP)
    features, structures = candidate_features(found, left, right)
    curated: dict[tuple[str, str], str] = {}
    for m in positive:
        curated.setdefault((m.subject_id, m.object_id), m.predicate_id)
    labels = [curated.get((left[i].id, right[j].id))
              for i, j in zip(found.left.tolist(), found.right.tolist(), strict=True)]
    return _Rows(name=name, reference=reference,
                 subject_ids=tuple(left[i].id for i in found.left.tolist()),
                 object_ids=tuple(right[j].id for j in found.right.tolist()),
                 features=features, structures=structures,
                 accepted=np.array([x is not None for x in labels], dtype=bool),
                 curated=tuple(labels))


def _logistic(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> list[float]:
    """Ridge-penalised logistic regression by Newton's method (intercept unpenalised)."""
    import numpy as np

    design = np.column_stack([np.ones(len(x)), x])
    beta = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], _RIDGE)
    penalty[0] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ beta, -30, 30)))
        gradient = design.T @ (y - p) - penalty * beta
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if float(np.max(np.abs(step))) < 1e-10:
            break
    return [float(b) for b in beta]


def _fit_rows(method: str, version: str, rows: Sequence[_Rows],
              fitted_on: Mapping[str, str]) -> Calibration:
    import numpy as np

    x = np.concatenate([r.features for r in rows])
    y = np.concatenate([r.accepted for r in rows]).astype(np.float64)
    if len(x) == 0 or y.min() == y.max():
        raise CompetencyError(Problem(
            message=f"cannot calibrate {method!r}: its candidates on the shipped crosswalks "
                    "are all accepted or all rejected",
            expected="candidates of which some, not all, are in the curated crosswalks"))
    coefficients = _logistic(x, y)
    accepted_scores = x[y == 1, 0]
    bands = [float(np.quantile(accepted_scores, q)) for q in _BAND_QUANTILES]
    counts: dict[str, dict[str, float]] = {}
    total: dict[str, float] = dict.fromkeys(PREDICATES, 0.5)
    band = Calibration(method=method, version=version, coefficients=coefficients,
                       bands=bands, predicates={}).band
    for r in rows:
        for k in np.flatnonzero(r.accepted).tolist():
            key = f"{r.structures[k]}|{band(float(r.features[k, 0]))}"
            row = counts.setdefault(key, _prior(r.structures[k]))
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
    on)."""
    return {name: hashlib.sha256(data).hexdigest() for name, data in _shipped()}


def _references() -> list[tuple[str, Crosswalk]]:
    from competency.crosswalk import available_crosswalks, load_crosswalk

    return [(f"{a}__{b}", load_crosswalk(a, b)) for a, b in available_crosswalks()]


def _all_rows(matcher: Matcher) -> list[_Rows]:
    return [_rows(name, ref, matcher) for name, ref in _references()]


def fit(matcher: Matcher, rows: Sequence[_Rows] | None = None) -> Calibration:
    """Fit `matcher`'s calibration on every shipped curated crosswalk."""
    rows = _all_rows(matcher) if rows is None else rows
    return _fit_rows(matcher.name, matcher.version, rows, shipped_fingerprint())


def fit_shipped(matchers: Iterable[Matcher]) -> dict[str, Any]:
    """What ``_calibration.json`` holds: the calibration of each of `matchers`."""
    return {"comment": "Generated by scripts/fit_suggest_calibration.py from "
                       "frameworks/crosswalks/*.sssom.tsv; do not edit by hand.",
            "methods": {m.name: fit(m).to_dict() for m in matchers}}


def _params_path() -> Any:
    from importlib.resources import files

    return files("competency.analysis").joinpath(_PARAMS_FILE)


@functools.cache
def _stored() -> dict[str, Calibration]:
    data = json.loads(_params_path().read_text(encoding="utf-8"))
    return {name: Calibration.from_dict(v) for name, v in data["methods"].items()}


_RUN_TIME: dict[tuple[str, str], Calibration] = {}


def _fitted_at_run_time(matcher: Matcher) -> Calibration:
    key = (matcher.name, matcher.version)
    found = _RUN_TIME.get(key)
    if found is None:
        found = _RUN_TIME[key] = fit(matcher)
    return found


def calibration_for(matcher: Matcher) -> Calibration:
    """The calibration of `matcher`: the stored one if it was fitted for this matcher's
    name and version, else fitted now on the shipped crosswalks (once per process).

    Examples
    --------
    >>> from competency.analysis.matchers import get_matcher
    >>> calibration_for(get_matcher("tfidf")).bands[0] > 0
    True
    """
    stored = _stored().get(matcher.name)
    if stored is not None and stored.version == matcher.version:
        return stored
    return _fitted_at_run_time(matcher)


def expected_calibration_error(
    confidence: Sequence[float], outcome: Sequence[bool], *, bins: int = 10,
) -> float:
    """Expected calibration error: the mean over equal-width confidence bins of
    |mean confidence − accepted fraction|, weighted by the bin's share of rows (0 when
    there are no rows).

    Examples
    --------
    >>> expected_calibration_error([0.9, 0.9, 0.1, 0.1], [True, True, False, False])
    0.1
    """
    n = len(confidence)
    if n == 0:
        return 0.0
    sums: dict[int, list[float]] = {}
    for c, o in zip(confidence, outcome, strict=True):
        b = min(int(c * bins), bins - 1)
        s = sums.setdefault(b, [0.0, 0.0, 0.0])
        s[0] += c
        s[1] += float(o)
        s[2] += 1
    error = sum(abs(s[0] - s[1]) for s in sums.values()) / n
    return round(error, 12)


@attrs.frozen(kw_only=True)
class CrossValidation:
    """Leave-one-crosswalk-out calibration of one matcher on one shipped crosswalk."""

    method: str
    crosswalk: str
    rows: int
    accepted: int
    mean_confidence: float
    calibration_error: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return attrs.asdict(self)


def predict(calibration: Calibration, features: npt.NDArray[np.float64],
            structures: Sequence[str]) -> tuple[list[str], list[float]]:
    """Predicted predicate and confidence of each candidate row."""
    import numpy as np

    if len(features) == 0:
        return [], []
    design = np.column_stack([np.ones(len(features)), features])
    accept = 1.0 / (1.0 + np.exp(-(design @ np.asarray(calibration.coefficients))))
    predicates: list[str] = []
    confidences: list[float] = []
    memo: dict[tuple[str, int], tuple[str, float]] = {}
    band = calibration.band
    for p_accept, score, shape in zip(accept.tolist(), features[:, 0].tolist(), structures,
                                      strict=True):
        key = (shape, band(score))
        found = memo.get(key)
        if found is None:
            found = memo[key] = calibration.predicate(shape, score)
        predicate, share = found
        predicates.append(predicate)
        confidences.append(p_accept * share)
    return predicates, confidences


def held_out(matcher: Matcher) -> list[tuple[_Rows, list[str], list[float]]]:
    """For each shipped crosswalk: its candidate rows, and their predicates and
    confidences from a calibration fitted on the *other* crosswalks only."""
    rows = _all_rows(matcher)
    out = []
    for held in rows:
        model = _fit_rows(matcher.name, matcher.version,
                          [r for r in rows if r is not held], {})
        predicates, confidences = predict(model, held.features, held.structures)
        out.append((held, predicates, confidences))
    return out


def cross_validate(matcher: Matcher) -> tuple[CrossValidation, ...]:
    """Leave-one-crosswalk-out: each shipped crosswalk's candidates scored by a
    calibration fitted on the other crosswalks only; a row counts as accepted when the
    curated file has the same subject, predicate and object."""
    return tuple(_validation(matcher.name, *item) for item in held_out(matcher))


def _validation(method: str, held: _Rows, predicates: Sequence[str],
                confidences: Sequence[float]) -> CrossValidation:
    outcome = [c is not None and c == p
               for c, p in zip(held.curated, predicates, strict=True)]
    return CrossValidation(
        method=method, crosswalk=held.name, rows=len(confidences), accepted=sum(outcome),
        mean_confidence=sum(confidences) / len(confidences) if confidences else 0.0,
        calibration_error=expected_calibration_error(confidences, outcome))
