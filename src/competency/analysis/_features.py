"""What the calibration reads of a candidate pair: its *structure* (item or grouping on
each side, and whether the two texts are the same) and the feature matrix of the
acceptance model (similarity, gap to the subject's best, log rank, same level,
reciprocal).

Used by :func:`competency.analysis.suggest` on every suggestion and by the fitting on the
shipped crosswalks, so both read candidates the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from competency.analysis._words import normalise

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from competency.analysis.matchers import Candidates
    from competency.model import Element

__all__ = ["candidate_features", "structure"]

_GROUP_KINDS = frozenset({"unit", "section"})


def _level(element: Element) -> str:
    """``"group"`` for a grouping (a unit or section), else ``"item"``."""
    return "group" if element.kind.value in _GROUP_KINDS else "item"


def _shape(subject_level: str, object_level: str, same_text: bool) -> str:
    return f"{subject_level}>{object_level}{'=' if same_text else ''}"


def structure(subject: Element, object: Element) -> str:
    """``"item>item"``, ``"item>group"``, ``"group>item"`` or ``"group>group"``; with
    ``"="`` appended when the two texts are equal after normalisation.

    Examples
    --------
    >>> from competency.analysis._examples import framework_a, framework_b
    >>> a, b = framework_a(), framework_b()
    >>> structure(a.elements[0], b.elements[1])
    'group>item'
    """
    return _shape(_level(subject), _level(object),
                  normalise(subject.text) == normalise(object.text))


def candidate_features(
    candidates: Candidates, left: Sequence[Element], right: Sequence[Element],
) -> tuple[npt.NDArray[np.float64], tuple[str, ...]]:
    """The feature matrix (similarity, gap to the subject's best, log rank, same level,
    reciprocal: 1 if no other subject's candidate scores the object higher)
    and the structure of every candidate row.

    Examples
    --------
    >>> from competency.analysis._examples import framework_a, framework_b
    >>> from competency.analysis.matchers import Candidates
    >>> left, right = framework_a().elements[1:3], framework_b().elements[1:3]
    >>> found = Candidates(left=[0, 0, 1], right=[0, 1, 0], score=[0.9, 0.5, 0.7])
    >>> features, structures = candidate_features(found, left, right)
    >>> features[:, [0, 1, 4]].round(2).tolist()
    [[0.9, 0.0, 1.0], [0.5, 0.4, 1.0], [0.7, 0.0, 0.0]]
    >>> structures
    ('item>item', 'item>item', 'item>item')
    """
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
        a, b = _level(s), _level(o)
        same[k] = a == b
        structures.append(_shape(a, b, text(s) == text(o)))
    object_best = np.full(int(ri.max()) + 1, -np.inf)
    np.maximum.at(object_best, ri, score)
    reciprocal = (score >= object_best[ri]).astype(np.float64)
    return (np.column_stack([score, best - score, np.log(rank), same, reciprocal]),
            tuple(structures))
