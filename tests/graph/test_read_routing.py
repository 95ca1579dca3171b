"""Every read in the graph layer says it is a read, so a `neo4j://` driver may send it to
a cluster's secondary (issue 17): an `execute_query` call whose Cypher writes nothing
must pass `routing_="r"`. Read from the source: a call without `routing_` must run a
statement that visibly writes, or be one of the few reads kept on the leader on purpose.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRITES = re.compile(r"\b(CREATE|MERGE|SET|DELETE|REMOVE)\b")
# Reads kept on the leader: migrations read what they are about to change, the server's
# components are asked of the `system` database, and a bulk load waits for the indexes
# of the server it loaded.
ON_THE_LEADER = {("graph/db/migrations.py", "_APPLIED"), ("graph/db/health.py", "_COMPONENTS"),
                 ("graph/ingest/bulk_run.py", '"CALL db.awaitIndexes(3600)"')}


def _unrouted_reads(path: Path) -> list[str]:
    source = path.read_text()
    tree = ast.parse(source)
    constants = {node.targets[0].id: ast.get_source_segment(source, node.value) or ""
                 for node in ast.walk(tree)
                 if isinstance(node, ast.Assign) and len(node.targets) == 1
                 and isinstance(node.targets[0], ast.Name)}
    found = []
    relative = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "execute_query" and node.args):
            continue
        if any(keyword.arg == "routing_" for keyword in node.keywords):
            continue
        name = ast.get_source_segment(source, node.args[0]) or ""
        if (relative, name) in ON_THE_LEADER:
            continue
        if not WRITES.search(constants.get(name, name)):
            found.append(f"{relative}:{node.lineno} {name}")
    return found


def test_every_read_in_the_graph_layer_is_routed_as_a_read() -> None:
    files = [p for p in (ROOT / "graph").rglob("*.py") if p.name != "timeouts.py"]
    assert len(files) > 50
    unrouted = [call for path in files for call in _unrouted_reads(path)]
    assert not unrouted, "reads without routing_='r':\n" + "\n".join(unrouted)


def test_the_check_finds_an_unrouted_read(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text('Q = "MATCH (n) RETURN n"\nW = "CREATE (n)"\n'
                     'def f(d):\n    d.execute_query(Q)\n    d.execute_query(W)\n')
    assert _unrouted_reads(probe) == ["probe.py:4 Q"]
