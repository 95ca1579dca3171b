"""`nexus backup` and `nexus restore` round trip on a local Neo4j of their own: the graph
comes back equal (counts and digests per label and type), the audit chain verifies end
to end with the journalled entries chained, and the tokens issued before are accepted."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import orjson
import pytest

from graph.audit.chain import AuditEntry
from graph.audit.journal import journal_directory
from graph.db import backup as store
from graph.db.driver import open_driver
from tests.ops.conftest import OwnNexus, own_env
from tests.support.ports import free_port
from tests.support.server import LiveServer

ME = "{ me { name } }"
PASSWORD = "backup test password 1"


def _me(url: str, token: str) -> httpx.Response:
    return httpx.post(f"{url}/graphql", json={"query": ME},
                      headers={"Authorization": f"Bearer {token}"}, timeout=30)


def _unshipped_entry(journal: Path) -> None:
    """An entry an API process journalled and died before chaining (pid beyond pid_max)."""
    entry = AuditEntry(user="backup-tester", role="supervisor", action="consult:person",
                       purpose="backup test", subject_ids=["P-1"], entry_id="f" * 32,
                       at="2026-01-02T03:04:05.000000+00:00")
    journal.mkdir(parents=True, exist_ok=True)
    (journal / "2147483646-deadbeef.jsonl").write_bytes(
        orjson.dumps(entry, option=orjson.OPT_APPEND_NEWLINE))


@pytest.mark.slow
@pytest.mark.timeout(900)  # two starts and a stop of its own Neo4j, two java tools
def test_backup_then_restore_round_trips(own_nexus: OwnNexus, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    nexus = own_nexus
    nexus.ok("demo", "--persons", "40", "--seed", "7")
    nexus.ok("user", "add", "backup-tester", "--role", "supervisor",
             stdin=f"{PASSWORD}\n{PASSWORD}\n")
    before_token = nexus.ok("token", "backup-tester", "--purpose", "before the backup"
                            ).strip().splitlines()[-1]
    connection = nexus.connection(monkeypatch)
    _unshipped_entry(journal_directory(nexus.home, connection.uri, connection.database))
    with open_driver(connection) as driver:
        backed_up = store.summary(driver, connection.database)
        entries_then = backed_up.nodes["AuditEntry"].count
    assert backed_up.nodes["Person"].count >= 40 and backed_up.relationships

    target = tmp_path / "backup"
    made = nexus.ok("backup", str(target))
    assert "pausing Neo4j for the dump" in made and "signing key is in the backup" in made
    manifest = store.Manifest.read(target)
    assert (manifest.nodes, manifest.relationships) == (backed_up.nodes,
                                                        backed_up.relationships)
    assert manifest.journal_entries == 1 and (target / "secret_key").exists()

    # Written after the backup: a person, an audit entry, and the key lost and replaced.
    with open_driver(connection) as driver:
        driver.execute_query("CREATE (:Person {id: 'after-the-backup'})")
    nexus.ok("token", "backup-tester", "--purpose", "after the backup")
    (nexus.home / "secret_key").write_text("a key made after the backup, then lost")
    after_token = nexus.ok("token", "backup-tester", "--purpose", "with the later key"
                           ).strip().splitlines()[-1]

    restored = nexus.run("restore", str(target), "--yes")
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "1 journalled audit entries chained" in restored.stdout
    assert f"audit chain intact: {entries_then + 1} entries" in restored.stdout
    assert "differs" not in restored.stderr
    verified = nexus.run("audit", "verify")
    assert verified.returncode == 0 and "intact" in verified.stdout

    with open_driver(connection) as driver:
        now = store.summary(driver, connection.database)
    # Equal to the backup but for the one journalled entry the restore chained.
    assert now.nodes["AuditEntry"].count == entries_then + 1
    assert {k: v for k, v in now.nodes.items() if not k.startswith("Audit")} == \
        {k: v for k, v in backed_up.nodes.items() if not k.startswith("Audit")}
    assert now.relationships == backed_up.relationships

    with LiveServer(_app(connection), free_port()) as server:
        accepted = _me(server.url, before_token)
        assert accepted.status_code == 200, accepted.text
        assert accepted.json()["data"]["me"]["name"] == "backup-tester"
        assert _me(server.url, after_token).status_code == 401

    # On a new machine: an empty NEXUS_HOME, a Neo4j set up there by the restore itself.
    fresh = OwnNexus(tmp_path / "new-machine", own_env(tmp_path / "new-machine"))
    try:
        moved = fresh.run("restore", str(target), "--yes")
        assert moved.returncode == 0, moved.stdout + moved.stderr
        assert f"audit chain intact: {entries_then + 1} entries" in moved.stdout
        assert (fresh.home / "secret_key").read_text() == \
            (target / "secret_key").read_text()
    finally:
        fresh.run("neo4j", "stop")

    # A damaged copy is refused before anything is stopped or replaced.
    damaged = tmp_path / "damaged"
    shutil.copytree(target, damaged)
    with (damaged / "neo4j.dump").open("ab") as dump:
        dump.write(b"\0")
    refused = nexus.run("restore", str(damaged), "--yes")
    assert refused.returncode == 2 and "damaged: neo4j.dump" in refused.stderr


def _app(connection):  # type: ignore[no-untyped-def]
    from api.app import create_app
    from api.security import Limits

    return create_app(connection, limits=Limits(requests_per_second=1000, burst=1000))


def test_with_neo4j_uri_set_the_cli_refuses_and_says_what_to_do(tmp_path: Path) -> None:
    env = own_env(tmp_path) | {"NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_PASSWORD": "x"}
    nexus = OwnNexus(tmp_path, env)
    for command in (("backup", str(tmp_path / "b")), ("restore", str(tmp_path), "--yes")):
        result = nexus.run(*command)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "Enterprise's online backup" in result.stderr
        assert not (tmp_path / "neo4j").exists()
