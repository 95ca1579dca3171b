"""The network picture as a self-contained SVG, drawn on the server.

A radial layout suits an ego network on paper: the subject in the centre, direct links on
the first ring, people two hops away on the second ring inside their parent's sector. It
is deterministic (no random seed to keep), fast for the few dozen nodes a page can show,
and it reads the same way every time: distance from the centre is distance in the graph.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

WIDTH = 1000
CX = 500
LEGEND = 100  # the legend's height under the drawing
MAX_RADIUS = 340  # leaves ~160 units each side for labels

EDGE_STYLES: dict[str, tuple[str, str]] = {  # kind -> (colour, dash pattern)
    "FAMILY": ("#2e7d32", ""), "PARTNER": ("#c2185b", ""), "LIVES_WITH": ("#00838f", ""),
    "FRIEND": ("#1565c0", ""), "CO_OFFENDER": ("#b71c1c", "8,4"),
    "PHONE_CONTACT": ("#616161", "2,4"), "SOCIAL_MEDIA": ("#4fc3f7", "6,3"),
    "ASSOCIATE": ("#8d6e63", "1,3"),
    "MEMBER_OF": ("#6a1b9a", "10,3,2,3"),
}
SUBJECT_FILL, PERSON_FILL, GROUP_FILL = "#1f3a93", "#a7b0ba", "#6a1b9a"
CONVICTED_FILL, ARRESTED_FILL, HIGH_HARM = "#a61b1b", "#ef8a1e", "#d50000"


def _parents(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[str, str]:
    """For each node beyond the centre, one neighbour a ring further in (lowest id)."""
    depth = {n["id"]: n["depth"] for n in nodes}
    parents: dict[str, str] = {}
    for edge in sorted(edges, key=lambda e: (e["start"], e["end"])):
        for child, parent in ((edge["start"], edge["end"]), (edge["end"], edge["start"])):
            inward = child in depth and parent in depth and depth[parent] == depth[child] - 1
            if inward and (child not in parents or parent < parents[child]):
                parents[child] = parent
    return parents


def ring_radii(depths: list[int]) -> list[float]:
    """Radius per depth: rings share MAX_RADIUS, and a crowded ring is pushed outwards
    so that neighbours on it stay about 48 units apart."""
    deepest = max(depths, default=0)
    if deepest == 0:
        return [0.0]
    radii = [0.0]
    for depth in range(1, deepest + 1):
        count = sum(1 for d in depths if d == depth)
        even = MAX_RADIUS * depth / deepest
        wanted = count * 48 / (2 * math.pi)
        floor = radii[-1] + 90
        ceiling = MAX_RADIUS - 90 * (deepest - depth)
        radii.append(max(floor, min(max(even, wanted), ceiling)))
    return radii


def centre_y(radii: list[float]) -> float:
    return radii[-1] + 60


def layout(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]
           ) -> dict[str, tuple[float, float, float]]:
    """{id: (x, y, angle)}: rings by depth; each node's children share its angular sector
    in proportion to the size of their subtrees, so a busy branch gets room."""
    if not nodes:
        return {}
    parents = _parents(nodes, edges)
    by_id = {n["id"]: n for n in nodes}
    root = next((n["id"] for n in nodes if n["depth"] == 0), nodes[0]["id"])
    children: dict[str, list[str]] = {n["id"]: [] for n in nodes}
    for n in sorted(nodes, key=lambda n: (n["type"], n["id"])):
        if n["id"] != root:
            children[parents.get(n["id"], root)].append(n["id"])

    sizes: dict[str, int] = {}

    def size(node_id: str) -> int:
        if node_id not in sizes:
            sizes[node_id] = 1 + sum(size(kid) for kid in children[node_id])
        return sizes[node_id]

    radii = ring_radii([n["depth"] for n in nodes])
    cy = centre_y(radii)
    placed: dict[str, tuple[float, float, float]] = {root: (CX, cy, 0.0)}

    def place(node_id: str, start: float, width: float) -> None:
        kids = children[node_id]
        total = sum(size(kid) for kid in kids) or 1
        for kid in kids:
            share = width * size(kid) / total
            angle = start + share / 2
            radius = radii[min(by_id[kid]["depth"], len(radii) - 1)]
            placed[kid] = (CX + radius * math.cos(angle), cy + radius * math.sin(angle), angle)
            place(kid, start, share)
            start += share

    place(root, -math.pi / 2, 2 * math.pi)
    return placed


def _label(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _node_svg(node: dict[str, Any], x: float, y: float, angle: float) -> str:
    marks = set(node.get("marks") or [])
    parts = []
    if node["type"] == "Organisation":
        size = 11
        parts.append(f'<rect x="{x - size:.1f}" y="{y - size:.1f}" width="{2 * size}" '
                     f'height="{2 * size}" rx="3" fill="{GROUP_FILL}" stroke="#fff"/>')
        radius = size
    else:
        radius = 15 if "subject" in marks else 9
        fill = (SUBJECT_FILL if "subject" in marks else CONVICTED_FILL
                if "violent_convicted" in marks else ARRESTED_FILL
                if "violent_arrested" in marks else PERSON_FILL)
        stroke = f' stroke="{GROUP_FILL}" stroke-width="3"' if "gang" in marks else \
            ' stroke="#ffffff" stroke-width="1.5"'
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{fill}"{stroke}/>')
    if "high_harm" in marks:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius + 5}" fill="none" '
                     f'stroke="{HIGH_HARM}" stroke-width="2.5"/>')
        parts.append(f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="11" font-weight="bold" '
                     f'text-anchor="middle" fill="#fff">!</text>')
    if "subject" in marks:
        lx, ly, anchor = x, y + radius + 20, "middle"
    else:
        cos, sin = math.cos(angle), math.sin(angle)
        lx, ly = x + (radius + 6) * cos, y + (radius + 6) * sin + 4
        anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
        if anchor == "middle":
            ly += 12 if sin > 0 else -10
    weight = ' font-weight="bold"' if "subject" in marks else ""
    parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="13" text-anchor="{anchor}"'
                 f'{weight} fill="#111">'
                 f'{escape(_label(node["label"]))}'
                 f'<tspan x="{lx:.1f}" dy="13" font-size="10" fill="#555">'
                 f'{escape(node["id"])}</tspan></text>')
    return "".join(parts)


def _legend(kinds: list[str], top: float) -> str:
    """Three rows under the drawing: node kinds, marks, link kinds."""
    rows = [f'<rect x="10" y="{top:.1f}" width="{WIDTH - 20}" height="{LEGEND - 10}" '
            f'fill="#fafafa" stroke="#ccc"/>']
    keys = [[("circle", SUBJECT_FILL, "Subject"), ("circle", PERSON_FILL, "Person"),
             ("rect", GROUP_FILL, "Gang / organised crime group")],
            [("circle", CONVICTED_FILL, "Violence / weapons / robbery conviction"),
             ("circle", ARRESTED_FILL, "Such an arrest only (unproven)"),
             ("ring", GROUP_FILL, "Gang member"), ("ring", HIGH_HARM, "Active high-harm flag")]]
    for row, entries in enumerate(keys):
        y, x = top + 20 + 26 * row, 28
        for shape, colour, text in entries:
            if shape == "circle":
                rows.append(f'<circle cx="{x}" cy="{y:.1f}" r="7" fill="{colour}"/>')
            elif shape == "rect":
                rows.append(f'<rect x="{x - 7}" y="{y - 7:.1f}" width="14" height="14" '
                            f'fill="{colour}"/>')
            else:
                rows.append(f'<circle cx="{x}" cy="{y:.1f}" r="7" fill="#fff" '
                            f'stroke="{colour}" stroke-width="3"/>')
            rows.append(f'<text x="{x + 13}" y="{y + 4:.1f}" font-size="12">'
                        f'{escape(text)}</text>')
            x += 36 + int(len(text) * 6.8)
    y, x = top + 72, 28
    for kind in kinds:
        colour, dash = EDGE_STYLES.get(kind, ("#999", ""))
        label = kind.replace("_", " ").lower()
        rows.append(f'<line x1="{x - 10}" y1="{y:.1f}" x2="{x + 16}" y2="{y:.1f}" '
                    f'stroke="{colour}" stroke-width="3" stroke-dasharray="{dash}"/>')
        rows.append(f'<text x="{x + 22}" y="{y + 4:.1f}" font-size="12">{escape(label)}</text>')
        x += 48 + int(len(label) * 6.8)
    return "".join(rows)


def network_svg(network: dict[str, Any]) -> str:
    """The picture of `content["network"]` (nodes with depth and marks, edges), cropped
    to what is drawn, with the legend underneath."""
    nodes, edges = network["nodes"], network.get("edges") or []
    placed = layout(nodes, edges)
    ys = [y for _, y, _ in placed.values()] or [0.0]
    top, bottom = min(ys) - 40, max(ys) + 50
    lines = []
    for edge in sorted(edges, key=lambda e: e["id"] or ""):
        if edge["start"] not in placed or edge["end"] not in placed:
            continue
        (x1, y1, _), (x2, y2, _) = placed[edge["start"]], placed[edge["end"]]
        colour, dash = EDGE_STYLES.get(edge["kind"], ("#999", ""))
        lines.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                     f'stroke="{colour}" stroke-width="2" stroke-opacity="0.85" '
                     f'stroke-dasharray="{dash}"><title>{escape(edge["kind"])} '
                     f'{escape(str(edge["id"]))}</title></line>')
    drawn = [_node_svg(n, *placed[n["id"]]) for n in nodes if n["id"] in placed]
    kinds = sorted({e["kind"] for e in edges})
    title = (f"Network of {network['nodes'][0]['label']}" if nodes else "Network")
    height = bottom - top + LEGEND
    return (f'<svg xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 {top:.1f} {WIDTH} {height:.1f}" width="100%" '
            f'font-family="DejaVu Sans, Arial, sans-serif" role="img" '
            f'aria-label="{escape(title)}"><rect x="0" y="{top:.1f}" width="{WIDTH}" '
            f'height="{height:.1f}" fill="#fff"/>{"".join(lines)}{"".join(drawn)}'
            f'{_legend(kinds, bottom)}</svg>')
