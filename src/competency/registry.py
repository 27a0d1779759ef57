"""Everything the library finds by name — frameworks, rubrics, scoring strategies, crosswalk
matchers — shipped with it or added by plugins, under one set of rules.

Each is a :class:`~competency._plugins.Kind` of the one plugin registry: shipped frameworks
are the ``<id>.json`` documents of the data folder, shipped rubrics the ``rubrics/<id>.json``
files, built-in strategies and matchers are classes; plugins add more through the entry-point
groups ``competency.frameworks``, ``competency.rubrics``, ``competency.scoring`` and
``competency.matchers`` (see ``docs/plugins.md``). The rules are the same for all of them:

- plugins load lazily: using one name imports only the plugin that claims it;
- a name claimed twice (a shipped one and a plugin, or two plugins) is an error naming both
  claimants and their distributions — for that name only; ``competency list`` shows it;
- what is loaded is cached until plugins are registered, unregistered or rescanned;
- a broken plugin is a :class:`~competency.errors.PluginError` naming it, never a traceback.

Examples
--------
>>> import competency
>>> "pt-nos" in competency.available()
True
>>> competency.load("pt-nos").title
'National Occupational Standards for Personal Tutoring'
>>> from competency import registry
>>> "cumulative-sequential" in registry.names(registry.STRATEGIES)
True
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from competency import _plugins
from competency._data import data_root
from competency._plugins import Kind, PluginInfo
from competency.errors import PluginError, Problem, UnknownIdError

if TYPE_CHECKING:
    from competency.analysis.matchers import Matcher
    from competency.model import Framework
    from competency.rubric import Rubric, ScoringStrategy

__all__ = [
    "FRAMEWORKS",
    "FRAMEWORK_GROUP",
    "KINDS",
    "MATCHERS",
    "RUBRICS",
    "STRATEGIES",
    "available",
    "get",
    "load",
    "names",
    "plugin_status",
    "shipped",
]

T = TypeVar("T")

FRAMEWORK_GROUP = _plugins.FRAMEWORKS
"""Entry-point group for frameworks (kept for compatibility; see :data:`FRAMEWORKS`)."""


# -- frameworks ---------------------------------------------------------------------------


def _shipped_frameworks() -> dict[str, str]:
    return {
        entry.name[: -len(".json")]: f"frameworks/{entry.name}"
        for entry in data_root().iterdir()
        if entry.is_file() and entry.name.endswith(".json")
    }


def _load_shipped_framework(framework_id: str) -> Framework:
    from competency.io import loads

    entry = data_root().joinpath(f"{framework_id}.json")
    return loads(entry.read_bytes(), file=f"frameworks/{framework_id}.json")


def _framework_from_plugin(framework_id: str, obj: object) -> Framework:
    """A Framework, a callable returning one, or the path of a framework JSON file."""
    from competency.io import load_framework
    from competency.model import Framework

    if callable(obj) and not isinstance(obj, Framework):
        obj = obj()
    if isinstance(obj, (str, os.PathLike)):
        obj = load_framework(Path(obj))
    if not isinstance(obj, Framework):
        raise PluginError(Problem(
            message=f"framework plugin {framework_id!r} gave a {type(obj).__name__}",
            expected="a Framework, a callable returning one, or a path to a framework JSON file",
        ))
    if obj.id != framework_id:
        raise PluginError(Problem(
            message=f"framework plugin {framework_id!r} gave the framework {obj.id!r}",
            expected="the entry-point name to equal the framework's id",
        ))
    return obj


FRAMEWORKS: Kind[Framework] = Kind(
    noun="framework",
    group=_plugins.FRAMEWORKS,
    builtins=_shipped_frameworks,
    load_builtin=_load_shipped_framework,
    adapt=_framework_from_plugin,
)
"""Frameworks: the shipped documents and the ``competency.frameworks`` plugins."""


# -- rubrics ------------------------------------------------------------------------------


def _shipped_rubrics() -> dict[str, str]:
    folder = data_root().joinpath("rubrics")
    if not folder.is_dir():  # pragma: no cover - a broken installation
        return {}
    return {
        entry.name[: -len(".json")]: f"frameworks/rubrics/{entry.name}"
        for entry in folder.iterdir()
        if entry.is_file() and entry.name.endswith(".json")
    }


def _load_shipped_rubric(rubric_id: str) -> Rubric:
    from competency.rubric import loads_rubric

    entry = data_root().joinpath("rubrics").joinpath(f"{rubric_id}.json")
    return loads_rubric(entry.read_bytes(), file=f"frameworks/rubrics/{rubric_id}.json")


def _rubric_from_plugin(rubric_id: str, obj: object) -> Rubric:
    """A Rubric, a callable returning one, or the path of a rubric JSON file (a str, a
    path or an importlib.resources Traversable)."""
    from competency.rubric import Rubric, load_rubric, loads_rubric

    value: object = obj
    if not isinstance(value, Rubric) and callable(value):
        value = value()
    if isinstance(value, (str, os.PathLike)):
        value = load_rubric(value)
    elif not isinstance(value, Rubric) and hasattr(value, "read_bytes"):  # a Traversable
        value = loads_rubric(value.read_bytes(), file=str(value))
    if not isinstance(value, Rubric):
        raise PluginError(Problem(
            message=f"rubric plugin {rubric_id!r} gives a {type(value).__name__}",
            expected="a Rubric, a callable returning one, or the path of a rubric JSON file",
        ))
    if value.id != rubric_id:
        raise PluginError(Problem(
            message=f"rubric plugin {rubric_id!r} gives the rubric {value.id!r}",
            expected="the entry-point name to be the rubric id",
            fix=f"Rename the entry point to {value.id!r}",
        ))
    return value


RUBRICS: Kind[Rubric] = Kind(
    noun="rubric",
    group=_plugins.RUBRICS,
    builtins=_shipped_rubrics,
    load_builtin=_load_shipped_rubric,
    adapt=_rubric_from_plugin,
)
"""Rubrics: the shipped rubric files and the ``competency.rubrics`` plugins."""


# -- scoring strategies -------------------------------------------------------------------

_BUILTIN_STRATEGIES = {"cumulative-sequential": "competency.rubric:CumulativeSequential"}


def _builtin_strategy(name: str) -> ScoringStrategy:
    from competency.rubric import CumulativeSequential

    return CumulativeSequential()


def _strategy_from_plugin(name: str, obj: object) -> ScoringStrategy:
    """A strategy class (built without arguments) or instance satisfying the protocol,
    whose ``name`` is the entry-point name."""
    from competency.rubric import ScoringStrategy

    strategy = obj() if isinstance(obj, type) else obj
    if not isinstance(strategy, ScoringStrategy):
        raise PluginError(Problem(
            message=f"strategy plugin {name!r} gives a {type(strategy).__name__}, which "
                    "lacks name, score() or score_batch()",
            expected="an object satisfying competency.rubric.ScoringStrategy",
        ))
    if strategy.name != name:
        raise PluginError(Problem(
            message=f"strategy plugin {name!r} calls itself {strategy.name!r}",
            expected="the strategy's name to be its entry-point name",
        ))
    return strategy


STRATEGIES: Kind[ScoringStrategy] = Kind(
    noun="scoring strategy",
    group=_plugins.SCORING,
    builtins=lambda: _BUILTIN_STRATEGIES,
    load_builtin=_builtin_strategy,
    adapt=_strategy_from_plugin,
)
"""Scoring strategies: the built-in ``cumulative-sequential`` and ``competency.scoring``
plugins."""


# -- crosswalk matchers ---------------------------------------------------------------------

_BUILTIN_MATCHERS = {
    "tfidf": "competency.analysis.matchers:TfidfMatcher",
    "embedding": "competency.analysis.matchers:EmbeddingMatcher",
    "hybrid": "competency.analysis.matchers:HybridMatcher",
}


def _builtin_matcher(name: str) -> Matcher:
    from competency.analysis.matchers import builtin_matcher

    return builtin_matcher(name)


def _matcher_from_plugin(name: str, obj: object) -> Matcher:
    from competency.analysis.matchers import matcher_from_plugin

    return matcher_from_plugin(name, obj)


MATCHERS: Kind[Matcher] = Kind(
    noun="matcher",
    group=_plugins.MATCHERS,
    builtins=lambda: _BUILTIN_MATCHERS,
    load_builtin=_builtin_matcher,
    adapt=_matcher_from_plugin,
)
"""Crosswalk matchers (``crosswalk suggest --method``): the built-in ``tfidf``,
``embedding`` and ``hybrid``, and ``competency.matchers`` plugins."""


KINDS: tuple[Kind[object], ...] = (  # type: ignore[assignment]
    FRAMEWORKS, RUBRICS, STRATEGIES, MATCHERS)
"""Every kind, in the order ``competency list`` shows them."""


# -- the functions everyone uses ------------------------------------------------------------


def names(kind: Kind[T]) -> tuple[str, ...]:
    """Every name of `kind`, shipped and from plugins, sorted; imports no plugin.

    Examples
    --------
    >>> "pt-self-assessment" in names(RUBRICS)
    True
    """
    return _plugins.DEFAULT.names(kind)


def get(kind: Kind[T], name: str) -> T:
    """The object `name` of `kind`, shipped or from a plugin (cached).

    Raises
    ------
    UnknownIdError
        If nothing of `kind` has that name; the message lists what there is.
    PluginError
        If the name is claimed twice or its plugin is broken; the message names it.

    Examples
    --------
    >>> get(RUBRICS, "pt-self-assessment").maximum
    100
    """
    return _plugins.DEFAULT.get(kind, name)


def plugin_status(kinds: Iterable[Kind[Any]] = KINDS) -> tuple[PluginInfo, ...]:
    """Every plugin of `kinds` (default: every kind), each checked (imported, adapted,
    clashes); never raises. A plugin that fails has
    :attr:`~competency._plugins.PluginInfo.error` set.

    Examples
    --------
    >>> [p for p in plugin_status() if p.name == "pt-nos"]
    []
    """
    return tuple(info for kind in kinds for info in _plugins.DEFAULT.status(kind))


def shipped() -> tuple[str, ...]:
    """The ids of the frameworks shipped with the library, sorted."""
    return tuple(sorted(_shipped_frameworks()))


def available() -> tuple[str, ...]:
    """The ids of every framework :func:`load` can give: shipped and from plugins, sorted.

    No plugin is imported to list them: a broken plugin is listed too (loading it raises
    :class:`PluginError` saying why); ``competency list`` shows it as broken.
    """
    return names(FRAMEWORKS)


def load(framework_id: str) -> Framework:
    """Return the framework `framework_id` (shipped, or provided by a plugin); cached.

    Raises
    ------
    UnknownIdError
        If no shipped framework, plugin or rubric has that id; the message lists those
        available.
    PluginError
        If the id is claimed twice (a shipped framework and a plugin, or two plugins), or
        the plugin providing it cannot be loaded or gives something that is not a
        framework.

    Notes
    -----
    A rubric id (see :func:`competency.rubric.available_rubrics`) gives the rubric's themes
    and descriptors as a framework (:meth:`competency.rubric.Rubric.as_framework`), so that
    crosswalks and analyses can address them by CURIE.
    """
    kind = FRAMEWORKS
    if framework_id in kind.builtins() or _plugins.DEFAULT.claimants(kind.group, framework_id):
        return get(kind, framework_id)
    if framework_id in names(RUBRICS):
        return get(RUBRICS, framework_id).as_framework()
    raise UnknownIdError(Problem(
        message=f"unknown framework id {framework_id!r}",
        expected="one of " + ", ".join(available())
        + " (or a rubric: " + ", ".join(names(RUBRICS)) + ")",
        fix="Run 'competency list' to see the frameworks available",
    ))

