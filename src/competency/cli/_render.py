"""Rich rendering of frameworks and elements for the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from competency.model import Element, ElementKind, Framework

__all__ = ["render_element", "render_framework"]

_STYLE = {
    ElementKind.UNIT: "bold", ElementKind.SECTION: "bold", ElementKind.CRITERION: "cyan",
    ElementKind.KNOWLEDGE: "green", ElementKind.ATTRIBUTE: "magenta",
    ElementKind.SCOPE: "yellow",
}

_INCOMING = {"underpins": "underpinned by"}


def _line(element: Element) -> str:
    style = _STYLE.get(element.kind, "")
    code = escape(element.notation or element.local_id)
    body = escape(element.title if element.title is not None else element.text)
    head = f"[{style}]{code}[/{style}]" if style else code
    return f"{head} {body}"


def render_framework(framework: Framework, console: Console | None = None) -> None:
    """Print the framework's metadata and its whole hierarchy, every text in full."""
    console = console or Console(soft_wrap=True)
    console.print(f"[bold]{escape(framework.title)}[/bold] ({framework.id})", highlight=False)
    for label, value in (("publisher", framework.publisher), ("date", framework.date),
                         ("version", framework.version), ("rights", framework.rights)):
        if value:
            console.print(f"{label}: {escape(value)}", highlight=False)
    counts: dict[str, int] = {}
    for element in framework.elements:
        counts[element.kind.value] = counts.get(element.kind.value, 0) + 1
    console.print(", ".join(f"{n} {kind}" for kind, n in counts.items()), highlight=False)
    tree = Tree(escape(framework.id))
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
    console = console or Console(soft_wrap=True)
    element = framework.element(element_id)
    console.print(f"[bold]{element.id}[/bold] ({element.kind.value})", highlight=False)
    if element.notation:
        console.print(f"notation: {escape(element.notation)}", highlight=False)
    if element.title:
        console.print(f"title: {escape(element.title)}", highlight=False)
    for alt in element.alt_titles:
        console.print(f"also titled: {escape(alt)}", highlight=False)
    console.print(escape(element.text), highlight=False)
    if element.note:
        console.print(f"[italic]note: {escape(element.note)}[/italic]", highlight=False)
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
