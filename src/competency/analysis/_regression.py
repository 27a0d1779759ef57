"""The calibration's acceptance model: a ridge-penalised logistic regression fitted by
Newton's method (numpy, imported when it runs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["logistic"]

_RIDGE = 1e-2
"""The L2 penalty on every coefficient but the intercept."""


def logistic(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> list[float]:
    """Ridge-penalised logistic regression by Newton's method (intercept unpenalised).

    Parameters
    ----------
    x : ndarray of shape (n, k)
        The features, one row an observation.
    y : ndarray of shape (n,)
        The outcomes, 0 or 1.

    Returns
    -------
    list of float
        The intercept, then one coefficient per column of `x`.

    Examples
    --------
    >>> import numpy as np
    >>> b = logistic(np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([0.0, 0.0, 1.0, 1.0]))
    >>> len(b), b[1] > 0
    (2, True)
    """
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
