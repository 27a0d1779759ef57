"""Plugins: discovery through entry points, broken plugins, names claimed twice, and the
example plugin package (tests/plugins/competency-example-plugin) through the API and CLI."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path

import numpy as np
import pytest

from competency import _plugins
from competency.cli import main
from competency.errors import PluginError, ScoreError, UnknownIdError
from competency.rubric import (
    CumulativeSequential,
    ScoringStrategy,
    available_rubrics,
    available_strategies,
    get_rubric,
    get_strategy,
    score,
    score_batch,
)

GROUP = "competency.test-group"
INSTALL = "pip install -e tests/plugins/competency-example-plugin"


@pytest.fixture
def example_plugin() -> None:
    names = {ep.name for ep in entry_points(group="competency.rubrics")}
    if "example-mentoring" not in names:
        pytest.fail(f"the example plugin is not installed; run: {INSTALL}")


def _fake_distribution(root: Path, name: str, entry_points_txt: str, module: str = "",
                       source: str = "") -> None:
    info = root / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text(entry_points_txt, encoding="utf-8")
    if module:
        (root / f"{module}.py").write_text(source, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A directory on sys.path where tests install fake distributions."""
    monkeypatch.syspath_prepend(str(tmp_path))
    _plugins.clear_cache()
    yield tmp_path
    for name in [m for m in sys.modules if m.startswith("competency_fake_")]:
        del sys.modules[name]
    monkeypatch.undo()
    _plugins.clear_cache()


# -- the generic API ----------------------------------------------------------------------


def test_register_makes_an_object_loadable_and_unregister_removes_it() -> None:
    _plugins.register(GROUP, "thing", 42)
    try:
        assert _plugins.load_plugin(GROUP, "thing") == 42
        (info,) = _plugins.plugins(GROUP)
        assert (info.group, info.name, info.distribution, info.error) == (
            GROUP, "thing", None, None)
        assert info.value == "builtins:int"
    finally:
        _plugins.unregister(GROUP, "thing")
    assert _plugins.plugins(GROUP) == ()
    with pytest.raises(UnknownIdError):
        _plugins.unregister(GROUP, "thing")


def test_a_name_registered_twice_is_an_error_naming_both_claimants() -> None:
    _plugins.register(GROUP, "dup", CumulativeSequential)
    try:
        with pytest.raises(PluginError) as exc:
            _plugins.register(GROUP, "dup", get_rubric)
        message = str(exc.value)
        assert "competency.rubric.strategies:CumulativeSequential" in message
        assert "competency.rubric.registry:get_rubric" in message
    finally:
        _plugins.unregister(GROUP, "dup")


def test_an_unknown_plugin_lists_what_is_available() -> None:
    _plugins.register(GROUP, "here", 1)
    try:
        with pytest.raises(UnknownIdError, match="one of: here"):
            _plugins.load_plugin(GROUP, "there")
    finally:
        _plugins.unregister(GROUP, "here")


def test_a_broken_plugin_is_reported_by_name_and_never_raised_by_discovery(site: Path) -> None:
    _fake_distribution(
        site, "fake-broken",
        "[competency.test-group]\nbroken = competency_fake_broken:thing\n"
        "fine = competency_fake_fine:thing\n",
        "competency_fake_broken", "raise RuntimeError('boom at import')\n")
    (site / "competency_fake_fine.py").write_text("thing = 'ok'\n", encoding="utf-8")
    infos = {p.name: p for p in _plugins.plugins(GROUP)}
    assert infos["broken"].error is not None
    assert "boom at import" in infos["broken"].error
    assert infos["broken"].distribution == "fake-broken"
    assert infos["fine"].error is None
    assert _plugins.load_plugin(GROUP, "fine") == "ok"
    with pytest.raises(PluginError, match=r"plugin 'broken'.*boom at import"):
        _plugins.load_plugin(GROUP, "broken")


def test_a_name_claimed_by_two_distributions_is_an_error_naming_both(site: Path) -> None:
    for dist in ("fake-one", "fake-two"):
        _fake_distribution(site, dist, f"[competency.test-group]\nsame = mod_{dist[5:]}:x\n")
    (info,) = _plugins.plugins(GROUP)
    assert info.error is not None
    with pytest.raises(PluginError) as exc:
        _plugins.load_plugin(GROUP, "same")
    assert "fake-one" in str(exc.value)
    assert "fake-two" in str(exc.value)


def test_registering_a_name_an_installed_plugin_claims_is_an_error(
    example_plugin: None,
) -> None:
    with pytest.raises(PluginError, match="competency-example-plugin"):
        _plugins.register("competency.rubrics", "example-mentoring", object())


# -- rubrics and strategies from plugins --------------------------------------------------


def test_the_example_rubric_is_discovered_and_scored(example_plugin: None) -> None:
    assert "example-mentoring" in available_rubrics()
    rubric = get_rubric("example-mentoring")
    assert [lv.points for lv in rubric.levels] == [1, 3, 5]
    assert rubric.maximum == 20
    result = score(rubric, ["leading", "established", "emerging", "none"])
    assert (result.total, result.band().label) == (9, "Developing")


def test_the_example_strategy_is_discovered_and_used(example_plugin: None) -> None:
    assert "best-fit" in available_strategies()
    strategy = get_strategy("best-fit")
    assert isinstance(strategy, ScoringStrategy)
    rubric = get_rubric("example-mentoring")
    gappy = {t: [True, False, True] for t in rubric.local_ids}
    assert score(rubric, gappy, strategy="best-fit").total == 20
    with pytest.raises(ScoreError, match="marks Leading achieved but not Established"):
        score(rubric, gappy)
    flags = np.array([[[True, False, True]] * 4, [[False] * 3] * 4])
    batch = score_batch(rubric, flags, strategy="best-fit")
    assert batch.total.tolist() == [20, 0]
    assert batch.strategy == "best-fit"


def test_the_example_plugin_works_from_the_cli(
    example_plugin: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["score", "example-mentoring", "--levels", "leading,leading,leading,emerging",
                 "--strategy", "best-fit", "--format", "json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["total"], data["bands"], data["strategy"]) == (
        16, {"overall": "Exemplary"}, "best-fit")
    assert main(["rubrics"]) == 0
    out = capsys.readouterr().out
    assert "example-mentoring" in out
    assert "best-fit" in out


def test_broken_rubric_and_strategy_plugins_are_listed_with_the_reason(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fake_distribution(
        site, "fake-bad-rubrics",
        "[competency.rubrics]\nbad-rubric = competency_fake_bad:rubric\n"
        "[competency.scoring]\nbad-strategy = competency_fake_bad:Missing\n",
        "competency_fake_bad", "rubric = 'not a rubric'\n")
    assert "bad-strategy" not in available_strategies()
    with pytest.raises(PluginError, match="bad-strategy"):
        get_strategy("bad-strategy")
    with pytest.raises(PluginError, match="bad-rubric"):
        get_rubric("bad-rubric")
    assert main(["rubrics"]) == 0
    out = capsys.readouterr().out
    assert "broken strategy plugin bad-strategy" in out
    assert "broken rubric plugin bad-rubric" in out
    assert "pt-self-assessment" in out  # the others still work


def test_a_plugin_claiming_a_shipped_rubric_id_is_an_error_naming_both(site: Path) -> None:
    _fake_distribution(site, "fake-shadow",
                       "[competency.rubrics]\npt-self-assessment = competency_fake_x:r\n")
    with pytest.raises(PluginError, match=r"pt-self-assessment\.json.*fake-shadow"):
        get_rubric("pt-self-assessment")


def test_a_plugin_claiming_the_built_in_strategy_name_is_an_error(site: Path) -> None:
    _fake_distribution(site, "fake-strategy",
                       "[competency.scoring]\ncumulative-sequential = competency_fake_y:S\n")
    with pytest.raises(PluginError, match=r"CumulativeSequential.*fake-strategy"):
        get_strategy("cumulative-sequential")


def test_a_registered_strategy_must_satisfy_the_protocol_and_its_name() -> None:
    _plugins.register("competency.scoring", "nameless", object())
    try:
        with pytest.raises(PluginError, match="lacks name"):
            get_strategy("nameless")
    finally:
        _plugins.unregister("competency.scoring", "nameless")
    _plugins.register("competency.scoring", "alias", CumulativeSequential)
    try:
        with pytest.raises(PluginError, match="calls itself 'cumulative-sequential'"):
            get_strategy("alias")
    finally:
        _plugins.unregister("competency.scoring", "alias")


def test_import_competency_does_not_discover_plugins() -> None:
    import subprocess

    code = ("import sys, competency, competency.rubric; "
            "print('numpy' in sys.modules, 'importlib.metadata' in sys.modules and "
            "bool(__import__('competency._plugins')._plugins._SCANNED))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]
