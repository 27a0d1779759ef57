"""Rendering for the terminal: problems (bounded, control characters made visible) and,
with rich, frameworks and elements."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from competency.errors import Problem

if TYPE_CHECKING:
    from rich.console import Console

    from competency.model import Element, Framework

__all__ = ["MAX_LINE", "MAX_SHOWN", "clean", "print_diff_heading", "print_problems",
           "print_warnings", "render_element", "render_framework"]

MAX_SHOWN = 20
"""How many problems a command prints; the rest are counted (``--format json`` lists all)."""

MAX_LINE = 2_000
"""The longest problem line printed; longer ones are cut, saying how much was left out."""

_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))}
_CONTROL.update({ord("\t"): "\\t", ord("\n"): "\\n", ord("\r"): "\\r"})
_CONTROL.update({c: f"\\u{c:04x}" for c in (0x2028, 0x2029, 0x202E, 0x2066, 0x2067, 0x2068,
                                              0x2069, 0x202A, 0x202B, 0x202C, 0x202D)})
_MULTILINE = {c: v for c, v in _CONTROL.items() if c not in (ord("\t"), ord("\n"))}


def clean(text: str, limit: int = MAX_LINE, *, lines: bool = False) -> str:
    r"""`text` made safe for one terminal line: control characters (an escape sequence, a
    carriage return, a bidirectional override) shown as escapes, and cut at `limit`.
    With `lines`, line breaks and tabs are kept (text shown in full, not one line).

    Examples
    --------
    >>> clean("bad\x1b[2Jvalue\n")
    'bad\\x1b[2Jvalue\\n'
    >>> clean("x" * 30, limit=10)
    'xxxxxxxxxx… (20 more characters)'
    """
    text = text.translate(_MULTILINE if lines else _CONTROL)
    if len(text) > limit:
        text = f"{text[:limit]}… ({len(text) - limit:,} more characters)"
    return text


def print_problems(
    problems: Sequence[Problem], *, limit: int = MAX_SHOWN, prefix: str = "",
    more_hint: str = "", stream: TextIO | None = None,
) -> None:
    """Print the first `limit` problems, one line each, and how many more there are.

    Examples
    --------
    >>> problems = [Problem(file="f.json", location=f"/elements/{i}", message="bad")
    ...             for i in range(4)]
    >>> print_problems(problems, limit=2, stream=sys.stdout)
    f.json:/elements/0: bad
    f.json:/elements/1: bad
    … and 2 more problems
    """
    out = stream if stream is not None else sys.stderr
    for problem in problems[:limit]:
        print(prefix + clean(str(problem)), file=out)
    rest = len(problems) - limit
    if rest > 0:
        print(f"… and {rest:,} more problem{'s' if rest > 1 else ''}{more_hint}", file=out)


def print_warnings(messages: Sequence[str], *, limit: int = MAX_SHOWN,
                   stream: TextIO | None = None) -> None:
    """Print the first `limit` warnings as ``warning: ...`` lines (bounded like
    :func:`print_problems`) and how many more there are.

    Examples
    --------
    >>> print_warnings(["a quirk", "another\x1b[2J"], limit=1, stream=sys.stdout)
    warning: a quirk
    … and 1 more warning
    """
    out = stream if stream is not None else sys.stderr
    for message in messages[:limit]:
        print("warning: " + clean(message), file=out)
    rest = len(messages) - limit
    if rest > 0:
        print(f"… and {rest:,} more warning{'s' if rest > 1 else ''}", file=out)


_STYLE = {
    "unit": "bold", "section": "bold", "criterion": "cyan", "knowledge": "green",
    "attribute": "magenta", "scope": "yellow",
}

_INCOMING = {"underpins": "underpinned by"}


def _text(value: str) -> str:
    """Rich markup for text from a framework: markup escaped, control characters shown."""
    from rich.markup import escape

    return escape(clean(value, limit=1_000_000, lines=True))


def _line(element: Element) -> str:
    style = _STYLE.get(element.kind.value, "")
    code = _text(element.notation or element.local_id)
    body = _text(element.title if element.title is not None else element.text)
    head = f"[{style}]{code}[/{style}]" if style else code
    return f"{head} {body}"


def render_framework(framework: Framework, console: Console | None = None) -> None:
    """Print the framework's metadata and its whole hierarchy, every text in full."""
    from rich.console import Console
    from rich.tree import Tree

    console = console or Console(soft_wrap=True)
    console.print(f"[bold]{_text(framework.title)}[/bold] ({framework.id})", highlight=False)
    for label, value in (("publisher", framework.publisher), ("date", framework.date),
                         ("version", framework.version), ("rights", framework.rights)):
        if value:
            console.print(f"{label}: {_text(value)}", highlight=False)
    counts: dict[str, int] = {}
    for element in framework.elements:
        counts[element.kind.value] = counts.get(element.kind.value, 0) + 1
    console.print(", ".join(f"{n} {kind}" for kind, n in counts.items()), highlight=False)
    tree = Tree(_text(framework.id))
    nodes = {}
    for root in framework.roots():
        nodes[root.id] = tree.add(_line(root))
    pending = list(framework.roots())
    while pending:
        element = pending.pop(0)
        for child in framework.children(element.id):
            nodes[child.id] = nodes[element.id].add(_line(child))
            pending.append(child)
    console.print(tree, highlight=False)


def render_element(framework: Framework, element_id: str, console: Console | None = None) -> None:
    """Print one element in full: text, notation, parent, children, related elements."""
    from rich.console import Console

    console = console or Console(soft_wrap=True)
    element = framework.element(element_id)
    console.print(f"[bold]{element.id}[/bold] ({element.kind.value})", highlight=False)
    if element.notation:
        console.print(f"notation: {_text(element.notation)}", highlight=False)
    if element.title:
        console.print(f"title: {_text(element.title)}", highlight=False)
    for alt in element.alt_titles:
        console.print(f"also titled: {_text(alt)}", highlight=False)
    console.print(_text(element.text), highlight=False)
    if element.note:
        console.print(f"[italic]note: {_text(element.note)}[/italic]", highlight=False)
    parent = framework.parent(element.id)
    if parent is not None:
        console.print(f"in: {_line(parent)}", highlight=False)
    children = framework.children(element.id)
    if children:
        console.print("contains:", highlight=False)
        for child in children:
            console.print(f"  {_line(child)}", highlight=False)
    for relation in framework.relations:
        if relation.type.value == "contains":
            continue
        if relation.target == element.id:
            other = framework.element(relation.source)
            verb = _INCOMING.get(relation.type.value, f"{relation.type.value} (from)")
            console.print(f"{verb}: {_line(other)}", highlight=False)
        elif relation.source == element.id:
            other = framework.element(relation.target)
            console.print(f"{relation.type.value}: {_line(other)}", highlight=False)


def print_diff_heading(console: Console, result: Any, old: str, new: str) -> None:
    """The one-line summary of a diff (framework or crosswalk): ``OLD → NEW: n added, …``."""
    from rich.markup import escape

    console.print(f"[bold]{escape(old)} → {escape(new)}[/bold]: {len(result.added)} added, "
                  f"{len(result.removed)} removed, {len(result.changed)} changed, "
                  f"{result.unchanged} unchanged", highlight=False)
