"""SSSOM free-text cells a spreadsheet would run as formulas: neutralised by
`crosswalk suggest` (and on request by dumps_sssom), read back losslessly."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from competency.cli import main
from competency.crosswalk import dumps_sssom, load_crosswalk, loads_sssom, read_sssom

_TEXT = st.text(alphabet=st.sampled_from("=+-@'ab c"), min_size=1, max_size=8).map(
    str.strip).filter(bool)


@given(label=_TEXT, comment=_TEXT)
def test_neutralised_labels_and_comments_read_back_exactly(label: str, comment: str) -> None:
    cw = load_crosswalk("pt-nos", "ls-nos")
    first = attrs.evolve(cw.mappings[0], subject_label=label, comment=comment)
    cw = attrs.evolve(cw, mappings=(first, *cw.mappings[1:]))
    text = dumps_sssom(cw, neutralise_formulas=True)
    rows = [line for line in text.splitlines() if not line.startswith("#")]
    assert rows[1].startswith(first.subject_id + "\t")  # the row of the changed mapping
    assert not any(cell[:1] in "=+-@" for cell in rows[1].split("\t") if cell)
    assert loads_sssom(text).mappings[0] == first


def test_by_default_dumps_sssom_writes_cells_as_they_are() -> None:
    cw = load_crosswalk("pt-nos", "ls-nos")
    first = attrs.evolve(cw.mappings[0], comment="=1+1")
    text = dumps_sssom(attrs.evolve(cw, mappings=(first, *cw.mappings[1:])))
    assert "\t=1+1" in text


def test_crosswalk_suggest_neutralises_labels_from_an_imported_framework(
    tmp_path: Path,
) -> None:
    document = json.loads(Path("frameworks/ls-nos.json").read_text(encoding="utf-8"))
    for element in document["elements"]:  # every text of the imported file is hostile
        element["text"] = "=HYPERLINK(1) " + element["text"]
    framework = tmp_path / "ls.json"
    framework.write_text(json.dumps(document), encoding="utf-8")
    out = tmp_path / "s.sssom.tsv"
    assert main(["crosswalk", "suggest", "pt-nos", str(framework), "--top", "3",
                 "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "\t'=HYPERLINK(" in text
    assert "\t=HYPERLINK(" not in text
    labels = {m.object_label for m in read_sssom(out).mappings}
    assert labels
    assert all((label or "").startswith("=HYPERLINK(") for label in labels)


@pytest.mark.parametrize("flag", [["--no-neutralise"]])
def test_no_neutralise_writes_the_labels_as_they_are(tmp_path: Path, flag: list[str]) -> None:
    document = json.loads(Path("frameworks/ls-nos.json").read_text(encoding="utf-8"))
    for element in document["elements"]:
        element["text"] = "=1+1 " + element["text"]
    framework = tmp_path / "ls.json"
    framework.write_text(json.dumps(document), encoding="utf-8")
    out = tmp_path / "s.sssom.tsv"
    assert main(["crosswalk", "suggest", "pt-nos", str(framework), "--top", "3", *flag,
                 "-o", str(out)]) == 0
    assert "\t=1+1 " in out.read_text(encoding="utf-8")
