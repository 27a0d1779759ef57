"""Shared helpers for the interoperability tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

SHIPPED = ("pt-nos", "ls-nos", "fe-pt-role", "he-pt-policy")
"""The four shipped frameworks every format must carry losslessly."""

SPECS = Path(__file__).resolve().parents[1] / "data" / "specs"
CASE_SCHEMA = SPECS / "case-v1p1-cfpackage-schema.json"


def case_validator() -> Any:
    """A Draft 2020-12 validator of the CASE 1.1 CFPackage schema with format checks on.

    Fails (never skips) when the schema file or a format checker is missing."""
    from jsonschema import Draft202012Validator

    if not CASE_SCHEMA.is_file():
        pytest.fail(f"the CASE 1.1 schema is missing: expected it at {CASE_SCHEMA} "
                    "(tests/data/specs/case-v1p1-cfpackage-schema.json; restore it from a clean checkout)")
    checker = Draft202012Validator.FORMAT_CHECKER
    missing = {"uri", "date-time", "date", "uuid"} - set(checker.checkers)
    if missing:
        pytest.fail(f"jsonschema cannot check the formats {sorted(missing)}: "
                    "install jsonschema[format] (rfc3987, rfc3339-validator)")
    schema = json.loads(CASE_SCHEMA.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=checker)
