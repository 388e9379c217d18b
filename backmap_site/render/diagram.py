"""A plan's backward chain, drawn: five columns of items and the links between them, as inline SVG.

Readers see at a glance what serves what, and where the chain breaks. The chain table on the same page is
its text alternative, so the picture is one image (`role="img"`) to assistive technology. An image holds no
links, so the items' links to their place on the page lie in a layer of their own over it, for a pointer
only (hidden from assistive technology and out of the tab order): the keyboard goes through the table's links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from backmap_site.format.markup import escape_text, plain_text
from backmap_site.format.plan import CHAIN_LINKS, CHAIN_LISTS, IDENTIFIED
from backmap_site.model.site import PublishedPlan
from backmap_site.render.svg import canvas, lines, picture, text

COLUMN_WIDTH = 136
GAP = 26
NODE_HEIGHT = 58
SPACING = 10
TOP = 30
LABEL_LINES = 2


@dataclass
class Node:
    id: str
    heading: str
    label: str
    gaps: list[str] = field(default_factory=list)
    """The validator's warnings about this item."""
    x: float = 0
    y: float = 0


@dataclass(frozen=True)
class Column:
    title: str
    noun: str
    """What it holds, as the picture's name counts it: `3 goals`, `7 evaluation items`."""
    path: tuple[str, ...]
    """Where its items are in the plan, as the validator names fields."""
    nodes: list[Node]


def columns(published: PublishedPlan) -> list[Column]:
    """The chain's items in backmapping order, each with the warnings the validator gave about it."""
    def nodes(model: str) -> list[Any]:
        return CHAIN_LISTS[model].items(published.plan)

    result = [
        Column("Student needs", "student needs", CHAIN_LISTS["StudentNeed"].path,
               [Node(n.id, n.id, plain_text(n.statement)) for n in nodes("StudentNeed")]),
        Column("Goals", "goals", CHAIN_LISTS["Goal"].path,
               [Node(g.id, g.id, plain_text(g.statement)) for g in nodes("Goal")]),
        Column("Educator needs", "educator needs", CHAIN_LISTS["EducatorNeed"].path,
               [Node(n.id, n.id, plain_text(n.statement)) for n in nodes("EducatorNeed")]),
        Column("Activities", "activities", CHAIN_LISTS["Activity"].path,
               [Node(a.id, a.id, a.title) for a in nodes("Activity")]),
        Column("Evaluation", "evaluation items", CHAIN_LISTS["EvaluationItem"].path,
               [Node(e.id, f"{e.id} · level {e.level}", plain_text(e.question)) for e in nodes("EvaluationItem")]),
    ]
    for warning in published.warnings:
        node = _node_of(result, warning.where)
        if node:
            node.gaps.append(warning.message.replace("`", ""))
    return result


def plan_gaps(published: PublishedPlan, cols: list[Column]) -> list[str]:
    """The warnings about the chain as a whole (such as a missing level of evaluation), not about one item."""
    return [w.message.replace("`", "") for w in published.warnings if _node_of(cols, w.where) is None]


def _node_of(cols: list[Column], where: tuple[str | int, ...]) -> Node | None:
    for column in cols:
        index = where[len(column.path)] if where[: len(column.path)] == column.path and len(where) > len(column.path) else None
        if isinstance(index, int) and index < len(column.nodes):
            return column.nodes[index]
    return None


def links(published: PublishedPlan) -> list[tuple[str, str, bool]]:
    """Every line of the chain as (from, to, skips columns): needs to goals, onwards to the evaluation."""
    edges: list[tuple[str, str, bool]] = []
    for model in IDENTIFIED:  # the diagram's columns, left to right
        named_by = [(link.field, IDENTIFIED.index(model) - IDENTIFIED.index(link.target) > 1)
                    for link in CHAIN_LINKS if link.source == model]
        for item in CHAIN_LISTS[model].items(published.plan):
            for key, skips in named_by:
                edges += [(target, item.id, skips) for target in getattr(item, key) or []]
    return list(dict.fromkeys(edges))


def chain_diagram(published: PublishedPlan) -> Markup:
    """The figure: the picture in a scroll box (it keeps its size on narrow screens) and its legend; nothing for
    a plan that has no item of the chain yet."""
    cols = columns(published)
    if not any(column.nodes for column in cols):
        return Markup("")
    nodes: dict[str, Node] = {}
    for number, column in enumerate(cols):
        for row, node in enumerate(column.nodes):
            node.x = number * (COLUMN_WIDTH + GAP)
            node.y = TOP + row * (NODE_HEIGHT + SPACING)
            nodes[node.id] = node
    width = len(cols) * COLUMN_WIDTH + (len(cols) - 1) * GAP
    height = TOP + max(1, *(len(c.nodes) for c in cols)) * (NODE_HEIGHT + SPACING)
    body = [text(i * (COLUMN_WIDTH + GAP) + COLUMN_WIDTH / 2, 16, c.title, "bm-chain__heading", "middle")
            for i, c in enumerate(cols)]
    body += [_line(nodes[a], nodes[b], skips) for a, b, skips in links(published) if a in nodes and b in nodes]
    body += [_node(node) for node in nodes.values()]
    targets = [_target(node) for node in nodes.values()]
    counts = ", ".join(f"{len(c.nodes)} {c.noun}" for c in cols)
    gaps = sum(len(node.gaps) > 0 for node in nodes.values())
    whole = plan_gaps(published, cols)
    title = f"The backward chain of {published.plan.title}, drawn: {counts}"
    if gaps:
        title += f"; {gaps} item{'s' if gaps > 1 else ''} with a gap"
    title += "".join(f"; {gap}" for gap in whole)
    svg = picture(width, height, "bm-chain-title", title,
                  "Lines lead from each item to the items that serve or evaluate it. Each item's section on this page "
                  "lists the same links as text, and the table below follows each goal.", body, "bm-chain")
    legend = ("Each line leads from an item to what serves it, and on to the evaluation; a dashed line is an evaluation "
              "item that measures a goal directly.")
    if gaps:
        section = "Still to plan" if published.plan.status == "draft" else "Alignment"
        legend += f" Items marked ! have a gap the validator warns about (see {section} above)."
    if whole:
        legend += " The chain as a whole: " + "; ".join(whole) + "."
    layer = canvas(width, height, 'class="bm-chain-links" aria-hidden="true"', targets)
    return Markup(
        '<figure class="bm-chain-figure" data-pagefind-ignore>\n'
        '<div class="bm-scroll" role="region" aria-label="The backward chain, drawn" tabindex="0">\n'
        f'<div class="bm-chain-box">\n{svg}\n{layer}\n</div>\n</div>\n'
        f'<figcaption>{escape_text(legend)}</figcaption>\n</figure>'
    )


def _line(start: Node, end: Node, skips: bool) -> Markup:
    x1, y1 = start.x + COLUMN_WIDTH, start.y + NODE_HEIGHT / 2
    x2, y2 = end.x, end.y + NODE_HEIGHT / 2
    bend = GAP if not skips else GAP * 2
    css = "bm-chain__line bm-chain__line--direct" if skips else "bm-chain__line"
    return Markup(f'<path class="{css}" d="M{x1:g} {y1:g} C{x1 + bend:g} {y1:g} {x2 - bend:g} {y2:g} {x2:g} {y2:g}"/>')


def _node(node: Node) -> Markup:
    css = "bm-chain__node bm-chain__node--gap" if node.gaps else "bm-chain__node"
    parts = [
        Markup(f'<g class="{css}">'),
        _box(node),
        text(node.x + 8, node.y + 16, node.heading, "bm-chain__id"),
        *(text(node.x + 8, node.y + 32 + 14 * i, line)
          for i, line in enumerate(lines(node.label, COLUMN_WIDTH - 16, LABEL_LINES))),
    ]
    if node.gaps:
        parts.append(text(node.x + COLUMN_WIDTH - 8, node.y + 16, "!", "bm-chain__mark", "end"))
    parts.append(Markup("</g>"))
    return Markup("").join(parts)


def _box(node: Node) -> Markup:
    return Markup(f'<rect x="{node.x:g}" y="{node.y:g}" width="{COLUMN_WIDTH}" height="{NODE_HEIGHT}" rx="4"/>')


def _target(node: Node) -> Markup:
    """The item's link, over its box; its tooltip gives the whole label and any gap."""
    tooltip = " ".join([f"{node.id}: {node.label}", *(f"Gap: {gap}." for gap in node.gaps)])
    return Markup(f'<a href="#{escape(node.id.lower())}" tabindex="-1" class="bm-plain">'
                  f'<title>{escape_text(tooltip)}</title>{_box(node)}</a>')
