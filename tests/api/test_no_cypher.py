"""The API holds no Cypher: it reaches the graph through `graph`'s functions only.

import-linter (the contracts in pyproject.toml) keeps the layers apart, but it cannot
tell `api` using `neo4j.exceptions` (allowed) from `api` running queries (not allowed),
so this test reads the source: no string literal in `api/` looks like a Cypher clause and
no call in `api/` opens a session or runs a query. Docstrings are not string literals in
this sense and are skipped, so they may still talk about MATCH and MERGE.
"""

import ast
import re
from collections.abc import Iterator
from pathlib import Path

API = Path(__file__).resolve().parents[2] / "api"

CYPHER = re.compile(
    r"\b(?:OPTIONAL\s+)?MATCH\s*\(|\bMERGE\s*\(|\bCREATE\s*\(|\bUNWIND\s+\$"
    r"|\bDETACH\s+DELETE\b|\bCALL\s+(?:db|apoc|gds)\.|\bRETURN\s+\w+\s*(?:,|$)"
)
QUERY_CALLS = {
    "session",
    "execute_query",
    "execute_read",
    "execute_write",
    "begin_transaction",
    "cypher_query",
}


def docstrings(tree: ast.Module) -> set[int]:
    """ids of the string constants that are docstrings (first statement of a body)."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.add(id(value))
    return found


def cypher_literals(source: str) -> Iterator[tuple[int, str]]:
    """(line, text) of every non-docstring string literal that reads like Cypher."""
    tree = ast.parse(source)
    skip = docstrings(tree)
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in skip and CYPHER.search(node.value):
            yield node.lineno, node.value


def query_calls(source: str) -> Iterator[tuple[int, str]]:
    """(line, name) of every call of a driver method that opens a session or runs Cypher."""
    for node in ast.walk(ast.parse(source)):
        is_method_call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        if is_method_call and node.func.attr in QUERY_CALLS:
            yield node.lineno, node.func.attr


def api_sources() -> list[Path]:
    return sorted(API.rglob("*.py"))


def test_the_checks_catch_cypher_and_spare_docstrings() -> None:
    source = (
        '"""MATCH (p:Person) in a docstring is prose."""\n'
        'QUERY = "MATCH (p:Person {id: $id}) RETURN p"\n'
        "driver.execute_query(QUERY)\n"
    )
    assert [line for line, _ in cypher_literals(source)] == [2]
    assert list(query_calls(source)) == [(3, "execute_query")]


def test_api_holds_no_cypher() -> None:
    assert api_sources(), f"no Python files under {API}"
    found = [
        f"{path.relative_to(API.parent)}:{line}: {text[:60]!r}"
        for path in api_sources()
        for line, text in cypher_literals(path.read_text())
    ]
    assert not found, "Cypher belongs in graph/, not api/:\n" + "\n".join(found)


def test_api_opens_no_sessions_and_runs_no_queries() -> None:
    found = [
        f"{path.relative_to(API.parent)}:{line}: .{name}(...)"
        for path in api_sources()
        for line, name in query_calls(path.read_text())
    ]
    assert not found, "queries belong in graph/, not api/:\n" + "\n".join(found)
