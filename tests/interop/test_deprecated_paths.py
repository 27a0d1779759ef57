"""The module paths the formats had before ``competency.formats`` (``competency.importers.*``
and ``competency.export.*``) still import, re-export the same objects, and say where they
moved with a DeprecationWarning; nothing in the package itself uses them."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

SHIMS = {
    "competency.importers.case": "competency.formats.case",
    "competency.importers.skos": "competency.formats.skos",
    "competency.importers.moodle": "competency.formats.moodle",
    "competency.importers.tabular": "competency.formats.tabular",
    "competency.export.case": "competency.formats.case",
    "competency.export.skos": "competency.formats.skos",
    "competency.export.moodle": "competency.formats.moodle",
    "competency.export.tabular": "competency.formats.tabular",
    "competency.export.graphml": "competency.formats.graphml",
}


def _fresh_import(name: str, monkeypatch: pytest.MonkeyPatch) -> object:
    """Import `name` as if for the first time (its package too); the modules imported
    before are put back afterwards."""
    package = name.rpartition(".")[0]
    for module in (package, name):
        if module in sys.modules:
            monkeypatch.delitem(sys.modules, module)
    return importlib.import_module(name)


@pytest.mark.parametrize(("old", "new"), sorted(SHIMS.items()))
def test_old_module_path_warns_and_re_exports_the_same_objects(
    old: str, new: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.warns(DeprecationWarning, match="is deprecated: import from") as caught:
        module = _fresh_import(old, monkeypatch)
    messages = [str(w.message) for w in caught]
    assert f"{old} is deprecated: import from {new} instead" in messages
    target = importlib.import_module(new)
    names = module.__all__  # type: ignore[attr-defined]
    assert names
    for name in names:
        assert getattr(module, name) is getattr(target, name), name


def test_old_export_package_re_exports_its_writers(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.warns(DeprecationWarning, match="competency.export is deprecated"):
        module = _fresh_import("competency.export", monkeypatch)
    from competency.formats import case, graphml, moodle, skos, tabular

    assert module.to_csv is tabular.to_csv  # type: ignore[attr-defined]
    assert module.to_case is case.to_case  # type: ignore[attr-defined]
    assert module.dumps_skos is skos.dumps_skos  # type: ignore[attr-defined]
    assert module.to_moodle_csv is moodle.to_moodle_csv  # type: ignore[attr-defined]
    assert module.to_graphml is graphml.to_graphml  # type: ignore[attr-defined]


def test_the_package_never_imports_the_old_paths() -> None:
    code = """
import importlib, pathlib, sys, warnings
warnings.simplefilter("error", DeprecationWarning)
import competency
root = pathlib.Path(competency.__file__).parent
for path in sorted(root.rglob("*.py")):
    parts = path.relative_to(root).with_suffix("").parts
    # the deprecated shims warn on import
    if parts[0] in ("importers", "export") or parts[-1] == "__main__" or parts == (
            "crosswalk", "sssom_tsv"):
        continue
    name = ".".join(("competency", *parts)).removesuffix(".__init__")
    importlib.import_module(name)
print(sorted(m for m in sys.modules if m.startswith(("competency.importers",
                                                      "competency.export",
                                                      "competency.crosswalk.sssom_tsv"))))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_validate_sssom_from_its_old_module_warns_and_is_the_same_function() -> None:
    from competency.crosswalk import validation
    from competency.formats import sssom

    with pytest.deprecated_call(match="competency.formats.sssom.validate_sssom"):
        old = validation.validate_sssom
    assert old is sssom.validate_sssom
    with pytest.raises(AttributeError):
        validation.no_such_name  # noqa: B018
