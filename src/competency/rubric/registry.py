"""Rubrics and scoring strategies by name: the shipped ones and those of plugins.

A thin face of :mod:`competency.registry`, which holds the rules every plugin group shares
(lazy loading, one clash rule, one cache rule). Shipped rubrics are the JSON files in
``frameworks/rubrics/`` (inside an installed wheel: ``competency/_data/frameworks/rubrics/``),
each named ``<rubric id>.json``. Plugins add rubrics through the entry-point group
``competency.rubrics`` and strategies through ``competency.scoring`` (see
``docs/plugins.md``).

Examples
--------
>>> from competency.rubric import available_rubrics, available_strategies, get_rubric
>>> "pt-self-assessment" in available_rubrics()
True
>>> "cumulative-sequential" in available_strategies()
True
>>> get_rubric("pt-self-assessment").title
'Personal tutor self-assessment system'
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from competency import registry
from competency._data import data_root

if TYPE_CHECKING:
    from competency.rubric.model import Rubric
    from competency.rubric.strategies import ScoringStrategy

__all__ = [
    "available_rubrics",
    "available_strategies",
    "get_rubric",
    "get_strategy",
    "rubrics_dir",
]


def rubrics_dir() -> Path:
    """The directory of the shipped rubric files."""
    return Path(str(data_root() / "rubrics"))


def get_rubric(rubric_id: str) -> Rubric:
    """Return the rubric `rubric_id`: a shipped one or one a plugin provides (cached).

    Raises
    ------
    UnknownIdError
        If no shipped rubric or plugin has that id; the message lists the available ones.
    PluginError
        If the plugin that provides it is broken, or the id is claimed twice.
    DocumentError, RubricError
        If the rubric file is invalid.

    Examples
    --------
    >>> get_rubric("pt-self-assessment").maximum
    100
    """
    return registry.get(registry.RUBRICS, rubric_id)


def available_rubrics() -> tuple[str, ...]:
    """The ids of the shipped rubrics and of the rubric plugins, sorted.

    No plugin is imported to list them; ``competency list`` (or
    :func:`competency.registry.plugin_status`) says which plugins are broken.
    """
    return registry.names(registry.RUBRICS)


def get_strategy(name: str) -> ScoringStrategy:
    """Return the scoring strategy `name`: built-in or from a plugin (cached).

    A plugin's entry point may name a strategy class (instantiated without arguments) or an
    instance; it must satisfy :class:`~competency.rubric.ScoringStrategy` and its ``name``
    must be the entry-point name.

    Raises
    ------
    UnknownIdError
        If no strategy has that name.
    PluginError
        If the plugin is broken, does not satisfy the protocol, or the name is claimed
        twice.

    Examples
    --------
    >>> get_strategy("cumulative-sequential")
    CumulativeSequential()
    """
    return registry.get(registry.STRATEGIES, name)


def available_strategies() -> tuple[str, ...]:
    """The names of the built-in and plugin strategies, sorted (no plugin is imported)."""
    return registry.names(registry.STRATEGIES)
