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

This module is the public face: it loads the stored parameters (:func:`calibration_for`)
and re-exports the rest from private modules of one job each: ``_parameters`` (the
:class:`Calibration` value and :func:`predict`), ``_features`` (:func:`structure`,
:func:`candidate_features`), ``_regression`` (the logistic regression), ``_fitting``
(candidate rows of the shipped crosswalks, :func:`fit`, :func:`fit_shipped`) and
``_held_out`` (:func:`cross_validate`, :func:`expected_calibration_error`).

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
import json
from typing import TYPE_CHECKING, Any

from competency.analysis import _fitting, _regression
from competency.analysis._features import candidate_features as candidate_features
from competency.analysis._features import structure as structure
from competency.analysis._fitting import fit, fit_shipped, shipped_fingerprint
from competency.analysis._held_out import (
    CrossValidation,
    cross_validate,
    expected_calibration_error,
    held_out,
)
from competency.analysis._parameters import PREDICATES, Calibration
from competency.analysis._parameters import predict as predict

if TYPE_CHECKING:
    from competency.analysis.matchers import Matcher

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

# Private names that scripts import from here, kept where they were before the split.
_kinds = _fitting.kinds
_logistic = _regression.logistic
_references = _fitting.references

_PARAMS_FILE = "_calibration.json"


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
