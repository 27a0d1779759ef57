"""Charts of scores: one response's level per theme, or a cohort's level distribution per
theme, with the totals and bands in a subtitle that is never cut off.

Themes are labelled with their titles (``T3 Setting boundaries``), not only their ids.
Levels are ordinal, so a cohort is drawn as the share of respondents at each level per
theme (:func:`plot_distribution`), never as an average of levels.

Needs matplotlib, which is optional: ``pip install 'competency[plot]'``. Without it, the
functions raise :class:`~competency.errors.CompetencyError` saying so.
"""

from __future__ import annotations

import importlib
import math
import os
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from competency.errors import CompetencyError, Problem
from competency.rubric.model import Rubric, Theme
from competency.rubric.results import Result

__all__ = ["KINDS", "plot_distribution", "plot_levels", "plot_result", "theme_label"]

KINDS = ("bar", "radar")

_INK = "#1f2328"
_BAR = "#0d47a1"
# An ordered, colour-blind-safe sequence from light (none) to dark (top level), so the
# order of the levels reads from lightness alone; text on each is chosen for contrast.
_LEVEL_COLOURS = ("#eceff1", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c",
                  "#08306b")


def theme_label(theme: Theme) -> str:
    """The label charts give `theme`: its id and title (``"T3 Setting boundaries"``), or its
    id and chapter when the source lost the title.

    Examples
    --------
    >>> from competency.rubric import Theme
    >>> theme_label(Theme(id="r:T3", title="Setting boundaries"))
    'T3 Setting boundaries'
    >>> theme_label(Theme(id="r:T10", chapter=10))
    'T10 (chapter 10)'
    """
    if theme.title:
        return f"{theme.local_id} {theme.title}"
    if theme.chapter is not None:
        return f"{theme.local_id} (chapter {theme.chapter})"
    return theme.notation or theme.local_id


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


def _check(path: str | os.PathLike[str], kind: str = "bar") -> Path:
    target = Path(path)
    if kind not in KINDS:
        raise CompetencyError(Problem(message=f"chart kind {kind!r}",
                                      expected="'bar' or 'radar'"))
    if target.suffix.lower() not in (".png", ".svg"):
        raise CompetencyError(Problem(file=str(target), message="unsupported image type",
                                      expected="a file name ending in .png or .svg"))
    return target


def _title(fig: Any, rubric: Rubric, subtitle: str, width: int) -> None:
    """The rubric's title and the whole subtitle, wrapped to the figure's width."""
    lines = [rubric.title, *textwrap.wrap(subtitle, width)] if subtitle else [rubric.title]
    fig.suptitle("\n".join(lines), fontsize=10, color=_INK)


def _save(fig: Any, plt: Any, target: Path) -> Path:
    # bbox_inches="tight" grows the image to fit every label and the whole subtitle.
    fig.savefig(target, bbox_inches="tight", pad_inches=0.2, metadata=None
                if target.suffix.lower() == ".png" else {"Date": None})
    plt.close(fig)
    return target


def plot_result(result: Result, path: str | os.PathLike[str], *, kind: str = "bar") -> Path:
    """Draw `result` (one response) to `path` (``.png`` or ``.svg``) and return the path.

    The subtitle gives the total and the band of every band scheme, in full.

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
    bands = "; ".join(f"{s.title}: {b.label}"
                      for s, b in zip(result.rubric.band_schemes, result.bands, strict=True))
    subtitle = f"Total {result.total} of {result.rubric.maximum}. {bands}."
    return plot_levels(result.rubric, [float(r) for r in result.reached], path, kind=kind,
                       subtitle=subtitle)


def plot_levels(rubric: Rubric, reached: Sequence[float], path: str | os.PathLike[str], *,
                kind: str = "bar", subtitle: str = "") -> Path:
    """Draw the level reached per theme (0 none ... number of levels) for one response.

    For a group of responses use :func:`plot_distribution`: levels are ordinal, and their
    mean is not a level.

    Parameters
    ----------
    rubric : Rubric
    reached : sequence of float
        The level reached per theme, in theme order (0 = none).
    path : path-like
        The image file (``.png`` or ``.svg``).
    kind : {"bar", "radar"}
    subtitle : str
        Printed in full under the title (wrapped, never cut).
    """
    target = _check(path, kind)
    plt = _pyplot()
    labels = [theme_label(t) for t in rubric.themes]
    ticks = list(range(len(rubric.levels) + 1))
    tick_labels = ["none", *(lv.label for lv in rubric.levels)]
    if kind == "bar":
        fig, ax = plt.subplots(figsize=(9, 0.45 * len(labels) + 1.6))
        rows = list(range(len(labels)))[::-1]  # first theme at the top
        ax.barh(rows, reached, color=_BAR, height=0.6)
        ax.set_yticks(rows, [textwrap.shorten(x, 48, placeholder="…") for x in labels])
        ax.set_xticks(ticks, tick_labels)
        ax.set_xlim(0, len(rubric.levels) + 0.1)
        ax.grid(axis="x", color="#d0d7de", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.set_xlabel("level reached")
        _title(fig, rubric, subtitle, 100)
    else:
        angles = [2 * math.pi * i / len(labels) for i in range(len(labels))]
        fig = plt.figure(figsize=(8, 8))
        ax = fig.add_subplot(projection="polar")
        ax.plot([*angles, angles[0]], [*reached, reached[0]], color=_BAR)
        ax.fill([*angles, angles[0]], [*reached, reached[0]], color=_BAR, alpha=0.25)
        ax.set_xticks(angles, ["\n".join(textwrap.wrap(x, 18)) for x in labels], fontsize=8)
        ax.set_yticks(ticks, tick_labels, fontsize=7)
        ax.set_ylim(0, len(rubric.levels))
        _title(fig, rubric, subtitle, 80)
    return _save(fig, plt, target)


def _ink_on(colour: str) -> str:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lum = sum(w * (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
              for w, c in zip((0.2126, 0.7152, 0.0722), channels, strict=True))
    return _INK if lum > 0.18 else "#ffffff"


def plot_distribution(rubric: Rubric, counts: Sequence[Sequence[int]],
                      path: str | os.PathLike[str], *, subtitle: str = "") -> Path:
    """Draw a cohort: per theme, the share of respondents at each level (none, then each
    level), as one 100 % bar per theme with the shares printed in the bars.

    Parameters
    ----------
    rubric : Rubric
    counts : sequence of sequences of int
        ``counts[t][k]``: how many respondents reached level `k` (0 = none) in theme `t`,
        themes in rubric order, ``len(rubric.levels) + 1`` counts per theme.
    path : path-like
        The image file (``.png`` or ``.svg``).
    subtitle : str
        Printed in full under the title (wrapped, never cut); the number of respondents is
        added to it.

    Raises
    ------
    CompetencyError
        If matplotlib is missing, the suffix is not .png/.svg, or `counts` does not have
        one row of ``len(rubric.levels) + 1`` non-negative counts per theme.
    """
    target = _check(path)
    width = len(rubric.levels) + 1
    if len(counts) != len(rubric.themes) or any(
            len(row) != width or any(n < 0 for n in row) for row in counts):
        raise CompetencyError(Problem(
            message="level counts of the wrong shape",
            expected=f"{len(rubric.themes)} rows (one per theme) of {width} non-negative "
                     "counts (none, then each level)",
        ))
    plt = _pyplot()
    labels = [theme_label(t) for t in rubric.themes]
    names = ["none", *(lv.label for lv in rubric.levels)]
    colours = _LEVEL_COLOURS[:1] + _LEVEL_COLOURS[len(_LEVEL_COLOURS) - width + 1:] \
        if width <= len(_LEVEL_COLOURS) else None
    fig, ax = plt.subplots(figsize=(10, 0.5 * len(labels) + 2.2), layout="constrained")
    rows = list(range(len(labels)))[::-1]
    left = [0.0] * len(labels)
    respondents = max((sum(row) for row in counts), default=0)
    cmap = plt.get_cmap("Blues")
    for k, name in enumerate(names):
        colour = colours[k] if colours else _hex(cmap(0.1 + 0.85 * k / max(width - 1, 1)))
        shares = [row[k] / sum(row) if sum(row) else 0.0 for row in counts]
        ax.barh(rows, shares, left=left, color=colour, edgecolor="#ffffff", linewidth=0.8,
                height=0.7, label=name)
        for y, x0, share in zip(rows, left, shares, strict=True):
            if share >= 0.07:
                ax.text(x0 + share / 2, y, f"{100 * share:.0f}%", ha="center",
                        va="center", fontsize=7.5, color=_ink_on(colour))
        left = [a + b for a, b in zip(left, shares, strict=True)]
    ax.set_yticks(rows, [textwrap.shorten(x, 48, placeholder="…") for x in labels])
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel("share of respondents at each level (levels are ordered, not averaged)")
    fig.legend(title="level reached", loc="outside lower center", ncol=width,
               frameon=False, fontsize=8)
    full = f"{respondents} respondents." + (f" {subtitle}" if subtitle else "")
    _title(fig, rubric, full, 110)
    return _save(fig, plt, target)


def _hex(rgba: Sequence[float]) -> str:
    return "#" + "".join(f"{round(255 * c):02x}" for c in rgba[:3])
