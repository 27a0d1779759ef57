"""Charts of scores: per-theme levels as bars or a radar, with the band of the total.

Needs matplotlib, which is optional: ``pip install 'competency[plot]'``. Without it,
:func:`plot_result` raises :class:`~competency.errors.CompetencyError` saying so.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from competency.errors import CompetencyError, Problem
from competency.rubric.model import Rubric
from competency.rubric.results import Result

__all__ = ["KINDS", "plot_levels", "plot_result"]

KINDS = ("bar", "radar")


def _pyplot() -> Any:
    try:
        matplotlib = importlib.import_module("matplotlib")
    except ImportError:
        raise CompetencyError(Problem(
            message="drawing a chart needs matplotlib, which is not installed",
            fix="Install it with: pip install 'competency[plot]'",
        )) from None
    matplotlib.use("Agg")
    return importlib.import_module("matplotlib.pyplot")


def plot_result(result: Result, path: str | os.PathLike[str], *, kind: str = "bar") -> Path:
    """Draw `result` (one response) to `path` (``.png`` or ``.svg``) and return the path.

    Parameters
    ----------
    result : Result
    path : path-like
        The image file; its suffix picks the format.
    kind : {"bar", "radar"}
        Bars per theme, or a radar (spider) chart.

    Raises
    ------
    CompetencyError
        If matplotlib is missing, `kind` is unknown or the suffix is not .png/.svg.
    """
    bands = ", ".join(f"{s.title}: {b.label}"
                      for s, b in zip(result.rubric.band_schemes, result.bands, strict=True))
    subtitle = f"total {result.total} of {result.rubric.maximum} — {bands}"
    return plot_levels(result.rubric, [float(r) for r in result.reached], path, kind=kind,
                       subtitle=subtitle)


def plot_levels(rubric: Rubric, reached: Sequence[float], path: str | os.PathLike[str], *,
                kind: str = "bar", subtitle: str = "") -> Path:
    """Draw levels reached per theme (0 none ... number of levels; fractional for means)."""
    target = Path(path)
    if kind not in KINDS:
        raise CompetencyError(Problem(message=f"chart kind {kind!r}",
                                      expected="'bar' or 'radar'"))
    if target.suffix.lower() not in (".png", ".svg"):
        raise CompetencyError(Problem(file=str(target), message="unsupported image type",
                                      expected="a file name ending in .png or .svg"))
    plt = _pyplot()
    labels = [t.local_id for t in rubric.themes]
    ticks = list(range(len(rubric.levels) + 1))
    tick_labels = ["none", *(lv.label for lv in rubric.levels)]
    if kind == "bar":
        fig, ax = plt.subplots(figsize=(9, 4.5))
        ax.bar(labels, reached, color="#3b6ea8")
        ax.set_yticks(ticks, tick_labels)
        ax.set_ylim(0, len(rubric.levels) + 0.2)
        ax.set_xlabel("theme")
    else:
        import math

        angles = [2 * math.pi * i / len(labels) for i in range(len(labels))]
        fig = plt.figure(figsize=(6, 6))
        ax = fig.add_subplot(projection="polar")
        ax.plot([*angles, angles[0]], [*reached, reached[0]], color="#3b6ea8")
        ax.fill([*angles, angles[0]], [*reached, reached[0]], color="#3b6ea8", alpha=0.25)
        ax.set_xticks(angles, labels)
        ax.set_yticks(ticks, tick_labels, fontsize=7)
        ax.set_ylim(0, len(rubric.levels))
    ax.set_title(f"{rubric.title}\n{subtitle}" if subtitle else rubric.title, fontsize=10)
    fig.tight_layout()
    fig.savefig(target)
    plt.close(fig)
    return target
