"""The metadata header of an SSSOM TSV file: ``#``-prefixed YAML, read slot by slot.

Every problem is reported with the line and column of the header where it is; keys that are
not SSSOM slots are kept as extensions, with a note each (see
:mod:`competency.formats.sssom`).
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from competency.crosswalk._slots import check_curie_map_entry
from competency.crosswalk.model import freeze
from competency.crosswalk.slots import SET_SLOTS, Slot, set_slot
from competency.errors import Position, Problem

if TYPE_CHECKING:
    import yaml

__all__ = ["EXTENSION_NAME", "REQUIRED_SET_SLOTS", "did_you_mean", "parse_header"]

REQUIRED_SET_SLOTS = ("mapping_set_id", "license")


def parse_header(
    lines: Sequence[str], file: str, problems: list[Problem], notes: list[Problem]
) -> tuple[dict[str, Any], list[tuple[str, int, int]]]:
    """Parse the ``#`` lines as YAML; return the checked slot values and where each is."""
    import yaml

    from competency._yaml import safe_compose

    offsets = [len(line) - len(line.lstrip("#")) for line in lines]
    source = "\n".join(line[n:] for line, n in zip(lines, offsets, strict=True))
    starts = [0]  # where each header line starts in `source`
    for line, n in zip(lines, offsets, strict=True):
        starts.append(starts[-1] + len(line) - n + 1)

    def line_column(mark: yaml.Mark) -> tuple[int, int]:
        # From the character index, not YAML's line count: YAML also breaks lines at
        # U+0085, U+2028 and U+2029, which a TSV line may hold.
        row = max(bisect.bisect_right(starts, mark.index) - 1, 0)
        if row >= len(lines):
            return max(len(lines), 1), 1
        return row + 1, mark.index - starts[row] + 1 + offsets[row]

    def at(mark: yaml.Mark) -> Position:
        return Position(*line_column(mark))

    def complain(mark: yaml.Mark, message: str, expected: str) -> None:
        problems.append(Problem(file=file, location=at(mark), message=message,
                                expected=expected))

    try:
        root = safe_compose(source)  # aliases and nesting bounded (issue 17)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        problems.append(Problem(
            file=file, location=at(mark) if mark is not None else Position(1, 1),
            message=f"the metadata header is not valid YAML: {what}",
            expected="'#slot: value' lines (YAML), e.g. '#license: https://...'",
        ))
        return {}, []
    except yaml.YAMLError as exc:
        problems.append(Problem(
            file=file, location=Position(1, 1),
            message=f"the metadata header is not valid YAML: {exc}",
            expected="'#slot: value' lines (YAML)",
        ))
        return {}, []
    metadata: dict[str, Any] = {}
    extensions: list[tuple[str, object]] = []
    positions: list[tuple[str, int, int]] = []
    if root is not None and not isinstance(root, yaml.MappingNode):
        complain(root.start_mark, "the metadata header is not a set of 'slot: value' lines",
                 "'#slot: value' lines (YAML), e.g. '#license: https://...'")
        return {}, []
    for key_node, value_node in root.value if root is not None else ():
        if not isinstance(key_node, yaml.ScalarNode):
            complain(key_node.start_mark, "a metadata key is not a plain name",
                     "a slot name such as 'license'")
            continue
        key = key_node.value
        if any(k == key for k, _, _ in positions):
            complain(key_node.start_mark, f"the metadata slot {key!r} is given twice",
                     "each slot once")
            continue
        mark = key_node.start_mark
        positions.append((key, *line_column(mark)))
        slot = set_slot(key)
        if slot is None:
            if not EXTENSION_NAME.match(key):
                complain(mark, f"the metadata key {key!r} is not a slot name",
                         "a name of letters, digits and '_', such as 'license'")
                continue
            notes.append(Problem(
                file=file, location=at(mark),
                message=f"{key!r} is not an SSSOM mapping-set slot; kept as an extension"
                        + did_you_mean(key, (s.name for s in SET_SLOTS)),
                expected="an SSSOM slot, or an extension declared in extension_definitions",
            ))
            extensions.append((key, freeze(_construct(value_node))))
            continue
        value = _yaml_value(slot, value_node, complain)
        if key == "curie_map" and isinstance(value, dict):
            positions.extend(
                (f"curie_map/{k.value}", k.start_mark.line + 1,
                 k.start_mark.column + 1 + offsets[k.start_mark.line])
                for k, _ in value_node.value
            )
        if value is not None:
            metadata[key] = value
    if extensions:
        metadata["extensions"] = tuple(extensions)
    for key in REQUIRED_SET_SLOTS:
        if key not in metadata and not any(k == key for k, _, _ in positions):
            problems.append(Problem(
                file=file, location=Position(1, 1),
                message=f"the metadata header has no {key!r}",
                expected=f"a header line '#{key}: <value>'",
            ))
    return metadata, positions


EXTENSION_NAME = re.compile(r"\A[A-Za-z_][A-Za-z0-9_.\-]*\Z")


def did_you_mean(name: str, names: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(names), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _construct(node: yaml.Node) -> object:
    """The plain value (str, list, dict) of a YAML node, every scalar as its text."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        return {_construct(k): _construct(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_construct(v) for v in node.value]
    return node.value


def _yaml_value(
    slot: Slot, node: yaml.Node, complain: Callable[[yaml.Mark, str, str], None]
) -> object:
    """The checked value of one metadata slot, or ``None`` after reporting a problem."""
    import yaml

    if slot.kind == "map":
        if not isinstance(node, yaml.MappingNode):
            complain(node.start_mark, "curie_map is not a map of prefixes to IRIs",
                     "indented 'prefix: IRI' lines under '#curie_map:'")
            return None
        curie_map: dict[str, str] = {}
        ok = True
        for key_node, value_node in node.value:
            if not (isinstance(key_node, yaml.ScalarNode)
                    and isinstance(value_node, yaml.ScalarNode)):
                complain(key_node.start_mark, "a curie_map entry is not 'prefix: IRI'",
                         "'prefix: IRI'")
                ok = False
                continue
            prefix, iri = key_node.value, value_node.value
            complaint = check_curie_map_entry(prefix, iri, curie_map)
            if complaint is not None:
                complain(key_node.start_mark, f"curie_map: {complaint[0]}", complaint[1])
                ok = False
                continue
            curie_map[prefix] = iri
        return curie_map if ok else None
    if slot.kind == "structured":
        if not isinstance(node, yaml.SequenceNode) or not all(
            isinstance(item, yaml.MappingNode) for item in node.value
        ):
            complain(node.start_mark, f"{slot.name} is not a list of maps",
                     "'#  - slot_name: ...' entries with property and type_hint")
            return None
        return _construct(node)
    if slot.kind == "list":
        if isinstance(node, yaml.ScalarNode) and node.value:
            items = [node]
        elif isinstance(node, yaml.SequenceNode):
            items = node.value
        else:
            complain(node.start_mark, f"{slot.name} is not a list",
                     f"a list of values under '#{slot.name}:' ('#  - value' lines)")
            return None
        values: list[str] = []
        for item in items:
            if not isinstance(item, yaml.ScalarNode):
                complain(item.start_mark, f"an item of {slot.name} is not a single value",
                         "a plain value")
                return None
            values.append(item.value)
        complaint = slot.check(tuple(values))
        if complaint is not None:
            complain(node.start_mark, f"{slot.name}: {complaint[0]}", complaint[1])
            return None
        return tuple(values)
    if not isinstance(node, yaml.ScalarNode):
        complain(node.start_mark, f"{slot.name} is not a single value", "a plain value")
        return None
    value: object = node.value
    if slot.kind == "number":
        try:
            value = float(node.value)
        except ValueError:
            complain(node.start_mark, f"{slot.name} {node.value!r} is not a number",
                     "a number from 0 to 1")
            return None
    complaint = slot.check(value)
    if complaint is not None:
        complain(node.start_mark, f"{slot.name}: {complaint[0]}", complaint[1])
        return None
    return value
