"""How long the web UI takes to lay out and draw a large network in headless Chromium.

Builds nothing: run `make web` first. Serves web/dist on 127.0.0.1, feeds the bench page
(web/public/bench.html, which draws with the app's own controller) a synthetic
`Network.elements` JSON (2,000 nodes / ~10,000 edges by default, fixed seed) and prints, per
layout, the layout, draw and total milliseconds of every run and their p50 / p95, and what
was drawn: overlapping node pairs (spread.js's countOverlaps over cytoscape's node boxes),
nodes inside the view after the fit, the zoom, and how many labels show at that zoom.

    .venv/bin/python bench/web_draw.py [--nodes 2000] [--edges 10000] [--runs 7]
        [--layouts auto,fcose,concentric,grid]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import statistics
import tempfile
import threading
from collections import deque
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "web" / "dist"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
KINDS = ["FAMILY", "PARTNER", "LIVES_WITH", "FRIEND", "CO_OFFENDER", "PHONE_CONTACT",
         "SOCIAL_MEDIA"]
GRADINGS = ["1A P", "2B P", "2C P", "3D P", "2E C", None]


def synthetic_network(nodes: int, edges: int, seed: int = 20240601) -> dict:
    """A network shaped like a big ego network: communities, a few hubs, some organisations."""
    rng = random.Random(seed)
    orgs = max(1, nodes // 40)
    people = nodes - orgs
    community_size = 50
    node_list = []
    for i in range(people):
        node_list.append({"id": f"P-{i:06d}", "type": "Person", "label": f"Person {i}",
                          "highHarm": rng.random() < 0.03,
                          "warningMarkers": ["violence"] if rng.random() < 0.08 else [],
                          "nationalities": ["GB"], "gangMember": rng.random() < 0.1,
                          "hiddenCount": rng.choice([0] * 50 + [120]), "depth": None})
    for j in range(orgs):
        node_list.append({"id": f"OR-{j:05d}", "type": "Organisation", "label": f"Gang {j}",
                          "highHarm": False, "warningMarkers": [], "nationalities": [],
                          "gangMember": False, "hiddenCount": 0, "depth": None})
    pairs: set[tuple[int, int]] = set()
    edge_list = []

    def add(a: int, b: int, kind: str) -> None:
        key = (min(a, b), max(a, b))
        if a == b or key in pairs:
            return
        pairs.add(key)
        since = f"{rng.randint(2005, 2024)}-{rng.randint(1, 12):02d}-01"
        edge_list.append({"id": f"AS-{len(edge_list):07d}", "source": node_list[a]["id"],
                          "target": node_list[b]["id"], "kind": kind, "since": since,
                          "until": None, "grading": rng.choice(GRADINGS),
                          "derived": kind == "CO_OFFENDER" and rng.random() < 0.5})

    for person in range(people):  # every person a member of one organisation, some of them
        if rng.random() < 0.15:
            add(person, people + person % orgs, "MEMBER_OF")
    while len(edge_list) < edges:
        a = rng.randrange(people)
        if rng.random() < 0.85:  # mostly inside the community, the rest anywhere
            base = (a // community_size) * community_size
            b = min(people - 1, base + rng.randrange(community_size))
        else:
            b = rng.randrange(people)
        add(a, b, rng.choice(KINDS))
    # Depth from the centre (P-000000), as the API computes it.
    adjacency: dict[str, list[str]] = {n["id"]: [] for n in node_list}
    for e in edge_list:
        adjacency[e["source"]].append(e["target"])
        adjacency[e["target"]].append(e["source"])
    depth = {node_list[0]["id"]: 0}
    queue = deque([node_list[0]["id"]])
    while queue:
        current = queue.popleft()
        for other in adjacency[current]:
            if other not in depth:
                depth[other] = depth[current] + 1
                queue.append(other)
    for n in node_list:
        n["depth"] = depth.get(n["id"], 9)
    return {"nodes": node_list, "edges": edge_list}


def _serve(directory: Path) -> ThreadingHTTPServer:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--edges", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--layouts", default="auto,fcose,concentric,grid")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--screenshot", help="save a PNG of the last draw here")
    args = parser.parse_args()
    if not (DIST / "bench.html").exists():
        raise SystemExit("web/dist/bench.html is missing: run `make web` first")

    network = synthetic_network(args.nodes, args.edges)
    with tempfile.TemporaryDirectory(prefix="nexus-bench-") as tmp:
        data = Path(tmp) / "network.json"
        data.write_text(json.dumps(network))
        server = _serve(DIST)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        print(f"network: {len(network['nodes'])} nodes, {len(network['edges'])} edges; "
              f"viewport {args.width}x{args.height}; {args.runs} runs per layout "
              "(the first is a warm-up and is left out of p50/p95); load average "
              f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            page.route("**/bench-data.json", lambda route: route.fulfill(
                path=str(data), content_type="application/json"))
            page.goto(f"{base}/bench.html")
            page.wait_for_function("window.benchReady === true")
            for layout in args.layouts.split(","):
                runs = []
                for _ in range(args.runs):
                    run = page.evaluate("(o) => window.benchRun(o)",
                                        {"url": "/bench-data.json", "layout": layout})
                    run.update(page.evaluate("window.benchController.geometry()"))
                    runs.append(run)
                _report(layout, runs[1:] if len(runs) > 1 else runs)
            if args.screenshot:
                page.screenshot(path=args.screenshot)
            browser.close()
        server.shutdown()


def _report(layout: str, runs: list[dict]) -> None:
    print(f"\nlayout {layout}: {runs[0]['nodes']} nodes, {runs[0]['edges']} edges drawn")
    print(f"  {'run':>3} {'add ms':>8} {'layout ms':>10} {'draw ms':>8} {'total ms':>9} "
          f"{'overlaps':>9} {'in view':>8} {'zoom':>6} {'labels':>7}")
    for i, r in enumerate(runs, 1):
        print(f"  {i:>3} {r['addMs']:>8.0f} {r['layoutMs']:>10.0f} {r['drawMs']:>8.0f} "
              f"{r['totalMs']:>9.0f} {r['overlaps']:>9} {r['inView']:>8} {r['zoom']:>6.2f} "
              f"{r['labelled']:>7}")
    for key, name in (("layoutMs", "layout"), ("drawMs", "draw"), ("totalMs", "total")):
        values = [r[key] for r in runs]
        print(f"  {name:>6}: p50 {_pct(values, 0.5):.0f} ms, p95 {_pct(values, 0.95):.0f} ms, "
              f"mean {statistics.fmean(values):.0f} ms")


if __name__ == "__main__":
    main()
