"""Held-out evaluation of the calibration: leave one shipped crosswalk out, score its
candidates with a calibration fitted on the others, and measure the expected calibration
error (what ``competency crosswalk evaluate`` reports without a candidate file)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from competency.analysis._fitting import CandidateRows, all_rows, fit_rows
from competency.analysis._parameters import predict

if TYPE_CHECKING:
    from competency.analysis.matchers import Matcher

__all__ = ["CrossValidation", "cross_validate", "expected_calibration_error", "held_out",
           "validation"]


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


def held_out(matcher: Matcher) -> list[tuple[CandidateRows, list[str], list[float]]]:
    """For each shipped crosswalk: its candidate rows, and their predicates and
    confidences from a calibration fitted on the *other* crosswalks only."""
    rows = all_rows(matcher)
    out = []
    for held in rows:
        model = fit_rows(matcher.name, matcher.version,
                         [r for r in rows if r is not held], {})
        predicates, confidences = predict(model, held.features, held.structures)
        out.append((held, predicates, confidences))
    return out


def cross_validate(matcher: Matcher) -> tuple[CrossValidation, ...]:
    """Leave-one-crosswalk-out: each shipped crosswalk's candidates scored by a
    calibration fitted on the other crosswalks only; a row counts as accepted when the
    curated file has the same subject, predicate and object.

    Examples
    --------
    >>> from competency.analysis.matchers import get_matcher
    >>> results = cross_validate(get_matcher("tfidf"))
    >>> [r.crosswalk for r in results][:2]
    ['fe-pt-role__pt-nos', 'he-pt-policy__pt-nos']
    >>> all(0 <= r.calibration_error <= 1 for r in results)
    True
    """
    return tuple(validation(matcher.name, *item) for item in held_out(matcher))


def validation(method: str, held: CandidateRows, predicates: Sequence[str],
               confidences: Sequence[float]) -> CrossValidation:
    """How the `predicates` and `confidences` of `held`'s rows fare against its curated
    triples (a row is accepted when the curators have the same subject, predicate and
    object)."""
    outcome = [c is not None and c == p
               for c, p in zip(held.curated, predicates, strict=True)]
    return CrossValidation(
        method=method, crosswalk=held.name, rows=len(confidences), accepted=sum(outcome),
        mean_confidence=sum(confidences) / len(confidences) if confidences else 0.0,
        calibration_error=expected_calibration_error(confidences, outcome))
