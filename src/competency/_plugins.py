"""Generic plugin discovery through entry points (private; used by the registries).

Third-party packages extend :mod:`competency` without touching its code by declaring entry
points in one of the groups ``competency.frameworks``, ``competency.rubrics`` and
``competency.scoring``. Applications and tests can also :func:`register` objects in-process.

Discovery is lazy and cached: nothing is scanned until :func:`plugins` or
:func:`load_plugin` is first called for a group. Loading a plugin that fails (an import
error, an exception in the plugin's module, a name claimed twice) is recorded as the
plugin's :attr:`PluginInfo.error`; :func:`plugins` never raises, so one broken plugin never
breaks the library or the other plugins. :func:`load_plugin` raises
:class:`~competency.errors.PluginError` naming the plugin and the reason.

What the loaded object must be (a rubric, a strategy class, ...) is up to the caller: this
module only finds, loads and caches.

Examples
--------
>>> from competency._plugins import load_plugin, plugins, register, unregister
>>> register("competency.example-group", "answer", 42)
>>> load_plugin("competency.example-group", "answer")
42
>>> [(p.name, p.error) for p in plugins("competency.example-group")]
[('answer', None)]
>>> unregister("competency.example-group", "answer")
>>> plugins("competency.example-group")
()
"""

from __future__ import annotations

import threading
from importlib.metadata import EntryPoint, entry_points

import attrs

from competency.errors import PluginError, Problem, UnknownIdError

__all__ = [
    "FRAMEWORKS",
    "RUBRICS",
    "SCORING",
    "PluginInfo",
    "clear_cache",
    "generation",
    "load_plugin",
    "plugins",
    "register",
    "unregister",
]

FRAMEWORKS = "competency.frameworks"
"""Entry-point group for frameworks."""
RUBRICS = "competency.rubrics"
"""Entry-point group for rubrics."""
SCORING = "competency.scoring"
"""Entry-point group for scoring strategies."""


@attrs.frozen
class PluginInfo:
    """One plugin of one group, and whether it loads.

    Parameters
    ----------
    group : str
        The entry-point group, e.g. ``"competency.rubrics"``.
    name : str
        The name the plugin claims in its group (e.g. a rubric id).
    value : str
        Where it comes from: the entry point's ``module:attribute``, or for an in-process
        registration the registered object's ``module:qualname``.
    distribution : str or None
        The installed distribution that declares it (``None`` when registered in-process
        or unknown).
    error : str or None
        Why the plugin cannot be used, or ``None`` if it loads.
    """

    group: str
    name: str
    value: str
    distribution: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the plugin loads (no :attr:`error`)."""
        return self.error is None

    @property
    def claimant(self) -> str:
        """A human description of who claims :attr:`name`, for error messages."""
        where = self.distribution if self.distribution is not None else "in-process register()"
        return f"{self.value} (from {where})"


@attrs.frozen
class _Loaded:
    info: PluginInfo
    obj: object = None


_LOCK = threading.RLock()
# group -> name -> entry points claiming it (scanned once per group)
_SCANNED: dict[str, dict[str, list[EntryPoint]]] = {}
# (group, name) -> load outcome for entry points
_LOADED: dict[tuple[str, str], _Loaded] = {}
# group -> name -> (info, object) for in-process registrations
_REGISTERED: dict[str, dict[str, tuple[PluginInfo, object]]] = {}
# bumped whenever what plugins() would return may change (callers key their caches on it)
_GENERATION = [0]


def generation() -> int:
    """A number that changes whenever registrations or the discovery cache change, so
    callers can cache what they derive from plugins and know when to drop it."""
    return _GENERATION[0]


def _describe(obj: object) -> str:
    target = obj if hasattr(obj, "__qualname__") else type(obj)
    module = getattr(target, "__module__", None) or "?"
    return f"{module}:{getattr(target, '__qualname__', repr(obj))}"


def _distribution(ep: EntryPoint) -> str | None:
    dist = getattr(ep, "dist", None)
    if dist is None:
        return None
    name = dist.metadata["Name"] if dist.metadata is not None else None
    return str(name) if name else None


def _scan(group: str) -> dict[str, list[EntryPoint]]:
    with _LOCK:
        found = _SCANNED.get(group)
        if found is None:
            found = {}
            seen: set[tuple[str, str, str | None]] = set()
            for ep in entry_points(group=group):
                key = (ep.name, ep.value, _distribution(ep))
                if key in seen:  # the same distribution visible twice on sys.path
                    continue
                seen.add(key)
                found.setdefault(ep.name, []).append(ep)
            _SCANNED[group] = found
        return found


def _claimed_twice(group: str, name: str, claimants: list[str]) -> str:
    return (
        f"the name {name!r} in {group} is claimed more than once: by "
        + " and by ".join(claimants)
        + "; uninstall or rename one of them"
    )


def _load_entry_point(group: str, name: str, eps: list[EntryPoint]) -> _Loaded:
    with _LOCK:
        cached = _LOADED.get((group, name))
        if cached is not None:
            return cached
        first = eps[0]
        info = PluginInfo(group, name, first.value, _distribution(first), None)
        if len(eps) > 1:
            claimants = [PluginInfo(group, name, ep.value, _distribution(ep)).claimant
                         for ep in eps]
            outcome = _Loaded(attrs.evolve(info, error=_claimed_twice(group, name, claimants)))
        else:
            try:
                obj = first.load()
            except Exception as exc:  # a broken plugin must never break the library
                reason = f"{type(exc).__name__}: {exc}"
                outcome = _Loaded(attrs.evolve(info, error=f"cannot be loaded: {reason}"))
            else:
                outcome = _Loaded(info, obj)
        _LOADED[(group, name)] = outcome
        return outcome


def _entry(group: str, name: str) -> _Loaded | None:
    """The outcome for `name` in `group`, in-process registrations and entry points
    combined (a name claimed by both is an error naming both)."""
    eps = _scan(group).get(name, [])
    registered = _REGISTERED.get(group, {}).get(name)
    if registered is not None:
        info, obj = registered
        if eps:
            claimants = [info.claimant] + [
                PluginInfo(group, name, ep.value, _distribution(ep)).claimant for ep in eps
            ]
            return _Loaded(attrs.evolve(info, error=_claimed_twice(group, name, claimants)))
        return _Loaded(info, obj)
    if eps:
        return _load_entry_point(group, name, eps)
    return None


def plugins(group: str) -> tuple[PluginInfo, ...]:
    """Return every plugin of `group`, loading each once to find out whether it works.

    Never raises for a broken plugin: the failure is recorded in :attr:`PluginInfo.error`.

    Parameters
    ----------
    group : str
        The entry-point group, e.g. ``"competency.rubrics"``.

    Returns
    -------
    tuple of PluginInfo
        Sorted by name; in-process registrations included.

    Examples
    --------
    >>> register("competency.example-group", "b", object())
    >>> register("competency.example-group", "a", object())
    >>> [p.name for p in plugins("competency.example-group")]
    ['a', 'b']
    >>> unregister("competency.example-group", "a")
    >>> unregister("competency.example-group", "b")
    """
    with _LOCK:
        names = set(_scan(group)) | set(_REGISTERED.get(group, {}))
        infos = []
        for name in sorted(names):
            loaded = _entry(group, name)
            if loaded is not None:
                infos.append(loaded.info)
        return tuple(infos)


def load_plugin(group: str, name: str) -> object:
    """Return the object plugin `name` of `group` provides (loaded once, then cached).

    Parameters
    ----------
    group : str
        The entry-point group.
    name : str
        The plugin's name in that group.

    Raises
    ------
    UnknownIdError
        If nothing in `group` is called `name`; the message lists what is available.
    PluginError
        If the plugin cannot be loaded or its name is claimed twice; the message names the
        plugin, where it comes from and why.

    Examples
    --------
    >>> load_plugin("competency.example-group", "nothing")
    Traceback (most recent call last):
    ...
    competency.errors.UnknownIdError: no plugin 'nothing' in competency.example-group...
    """
    with _LOCK:
        loaded = _entry(group, name)
        if loaded is None:
            known = ", ".join(sorted(set(_scan(group)) | set(_REGISTERED.get(group, {}))))
            raise UnknownIdError(Problem(
                message=f"no plugin {name!r} in {group}",
                expected=f"one of: {known}" if known else "an installed plugin (none found)",
                fix="Install the package that provides it, or check the spelling",
            ))
        info = loaded.info
        if info.error is not None:
            raise PluginError(Problem(
                message=f"plugin {name!r} in {group} ({info.claimant}): {info.error}",
                fix="Fix or uninstall the plugin",
            ))
        return loaded.obj


def register(group: str, name: str, obj: object) -> None:
    """Make `obj` available as plugin `name` of `group` in this process.

    For tests and applications that do not want to declare entry points.

    Raises
    ------
    PluginError
        If `name` is already claimed in `group` (by an installed entry point or another
        registration); the message names both claimants.

    Examples
    --------
    >>> register("competency.example-group", "x", 1)
    >>> register("competency.example-group", "x", 2)
    Traceback (most recent call last):
    ...
    competency.errors.PluginError: the name 'x' in competency.example-group is
    claimed more than once: by builtins:int (from in-process register()) and by ...
    >>> unregister("competency.example-group", "x")
    """
    info = PluginInfo(group, name, _describe(obj), None, None)
    with _LOCK:
        claimants: list[str] = []
        existing = _REGISTERED.get(group, {}).get(name)
        if existing is not None:
            claimants.append(existing[0].claimant)
        claimants.extend(
            PluginInfo(group, name, ep.value, _distribution(ep)).claimant
            for ep in _scan(group).get(name, [])
        )
        if claimants:
            raise PluginError(Problem(
                message=_claimed_twice(group, name, [*claimants, info.claimant]),
                fix="Unregister the first one, or pick another name",
            ))
        _REGISTERED.setdefault(group, {})[name] = (info, obj)
        _GENERATION[0] += 1


def unregister(group: str, name: str) -> None:
    """Remove an in-process registration made with :func:`register`.

    Raises
    ------
    UnknownIdError
        If `name` was not registered in `group` (installed entry points cannot be
        unregistered).
    """
    with _LOCK:
        registered = _REGISTERED.get(group, {})
        if name not in registered:
            raise UnknownIdError(Problem(
                message=f"{name!r} was not registered in {group} with register()",
                expected="a name passed to register()",
            ))
        del registered[name]
        _GENERATION[0] += 1


def clear_cache() -> None:
    """Forget what was discovered and loaded, so the next call scans again (e.g. after
    installing a plugin in a running process). In-process registrations are kept."""
    with _LOCK:
        _SCANNED.clear()
        _LOADED.clear()
        _GENERATION[0] += 1
