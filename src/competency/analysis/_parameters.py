"""The :class:`~competency.analysis.calibration.Calibration` value: one matcher's fitted
parameters, and how they turn a candidate's features into a predicted predicate and a
confidence (:meth:`Calibration.acceptance`, :meth:`Calibration.predicate`, and
:func:`predict` for a whole feature matrix).

Nothing here fits anything (see :mod:`competency.analysis._fitting`) or reads a file (see
:mod:`competency.analysis.calibration`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["PREDICATES", "Calibration", "predict", "prior"]

PREDICATES = ("skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch",
              "skos:relatedMatch")

_IMPLIED = {"=": "skos:exactMatch"}
"""The predicate SKOS semantics imply for a structure: the same text (after normalisation)
states the same competence. (Item inside grouping → ``broadMatch`` was tried as a prior
too; leave-one-crosswalk-out showed curators call a rubric theme against a criterion
``relatedMatch``, so that prior made predictions worse and was dropped.)"""
_PRIOR = 2.0
"""Pseudo-counts the structurally implied predicate starts with (the others start at ½)."""


def prior(shape: str) -> dict[str, float]:
    """Starting counts for the predicates of a structure: ½ each, plus :data:`_PRIOR` on
    the predicate SKOS semantics implies, if any.

    Examples
    --------
    >>> prior("item>item=")["skos:exactMatch"], prior("item>item")["skos:exactMatch"]
    (2.5, 0.5)
    """
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
    """Fitted parameters for one matcher (see :mod:`competency.analysis.calibration`).

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
            start = prior(structure)
            if max(start.values()) > 0.5:  # no data, but SKOS semantics say something
                total = sum(start.values())
                row = {p: v / total for p, v in start.items()}
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


def predict(calibration: Calibration, features: npt.NDArray[np.float64],
            structures: Sequence[str]) -> tuple[list[str], list[float]]:
    """Predicted predicate and confidence of each candidate row.

    Parameters
    ----------
    calibration : Calibration
        The fitted parameters.
    features : ndarray of shape (n, 5)
        One row a candidate, as :func:`~competency.analysis.calibration.candidate_features`
        gives them.
    structures : sequence of str
        Each row's structure (``"item>item"`` …).

    Returns
    -------
    tuple of (list of str, list of float)
        Each row's predicate and confidence: P(accepted) × P(predicate | accepted).

    Examples
    --------
    >>> import numpy as np
    >>> cal = Calibration(method="m", version="1", coefficients=[0, 0, 0, 0, 0, 0],
    ...                   bands=[0.5, 0.8], predicates={"*": {"skos:relatedMatch": 1.0}})
    >>> predict(cal, np.array([[0.9, 0.0, 0.0, 1.0, 1.0]]), ["item>item"])
    (['skos:relatedMatch'], [0.5])
    """
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
