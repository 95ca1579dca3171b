"""Honest answers for faults, and an audit that says what happened.

* A commit whose answer is lost (neo4j `IncompleteCommit`) is "outcome unknown", not
  "nothing was written": tested on the mapping itself, and for real over HTTP through a
  Bolt relay that cuts the connection right after forwarding the write's COMMIT. The
  attempt is audited (`unknown`), and the retry with the same idempotency key gives one
  record.
* `auditIntegrity`'s verification gives no false "entries were removed" while another
  writer appends, and still finds a real removal.
* An answer with one refused field and data in the others is audited `partial`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from graphql import GraphQLError
from neo4j import Driver
from neo4j.exceptions import IncompleteCommit, ServiceUnavailable, SessionExpired

from api.errors import _public
from graph.audit import chain as audit
from graph.db.settings import Neo4jConnection
from graph.errors import DatabaseUnavailable, OutcomeUnknown, write_failure
from graph.records import in_write_transaction
from tests.support import api_graph as api_fixture
from tests.support.neo4j import wipe_graph
from tests.support.ports import free_port
from tests.support.server import LiveServer, auth_headers, graphql

# --- the mapping -------------------------------------------------------------------------


def test_an_incomplete_commit_is_an_unknown_outcome_not_nothing_written() -> None:
    told = write_failure(IncompleteCommit("Failed to read from defunct connection"), "AR-7")
    assert isinstance(told, OutcomeUnknown)
    assert "unknown" in str(told) and "retrying with the same id is safe" in str(told)
    assert "'AR-7'" in str(told)
    for before_commit in (ServiceUnavailable("gone"), SessionExpired("gone")):
        assert isinstance(write_failure(before_commit), DatabaseUnavailable)
    assert write_failure(ValueError("not a driver fault")) is None


def test_the_api_boundary_tells_outcome_unknown() -> None:
    for original in (IncompleteCommit("lost"), OutcomeUnknown("IT-1")):
        error = _public(GraphQLError("raw", original_error=original))
        assert error.extensions == {"code": "OUTCOME_UNKNOWN"}
        assert "retrying with the same id is safe" in error.message
    unavailable = _public(GraphQLError("raw", original_error=ServiceUnavailable("gone")))
    assert unavailable.extensions == {"code": "UNAVAILABLE"}


def test_a_transaction_ending_in_incomplete_commit_raises_outcome_unknown(
        db: Driver, neo4j_connection: Neo4jConnection) -> None:
    def work(tx: Any) -> None:
        tx.run("CREATE (:Probe {id: 'probe'})").consume()
        raise IncompleteCommit("the commit's answer was lost")

    with pytest.raises(OutcomeUnknown) as raised:
        in_write_transaction(db, neo4j_connection.database, work)
    assert isinstance(raised.value.__cause__, IncompleteCommit)


# --- a real lost commit over HTTP --------------------------------------------------------

# A Bolt COMMIT message, chunked: size 2, tiny struct of 0 fields with signature 0x12,
# end-of-message marker.
_COMMIT = b"\x00\x02\xb0\x12\x00\x00"


class CommitCutter:
    """A TCP relay to Neo4j's Bolt port. Armed with a marker (a parameter value the write
    sends), it forwards the COMMIT of the transaction that sent the marker, withholds the
    server's answer, waits for the server to commit, and closes the connection: the
    driver sees a real IncompleteCommit for a write that did commit. One cut per arming."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.marker: bytes | None = None
        self.cuts = 0
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def arm(self, marker: bytes) -> None:
        self.marker = marker

    def close(self) -> None:
        self._closed = True
        self.listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            link = {"cut": False}
            threading.Thread(target=self._down, args=(upstream, client, link),
                             daemon=True).start()
            threading.Thread(target=self._up, args=(client, upstream, link),
                             daemon=True).start()

    def _down(self, upstream: socket.socket, client: socket.socket, link: dict) -> None:
        try:
            while data := upstream.recv(65536):
                with self._lock:
                    if link["cut"]:
                        return
                    client.sendall(data)
        except OSError:
            return

    def _up(self, client: socket.socket, upstream: socket.socket, link: dict) -> None:
        seen = False
        try:
            while data := client.recv(65536):
                marker = self.marker
                seen = seen or (marker is not None and marker in data)
                if seen and _COMMIT in data:
                    with self._lock:
                        link["cut"] = True  # nothing of the answer goes back
                        self.marker, self.cuts = None, self.cuts + 1
                    upstream.sendall(data)
                    time.sleep(0.5)  # the server commits
                    break
                upstream.sendall(data)
        except OSError:
            pass
        for sock in (client, upstream):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


@pytest.fixture
def cut_api(db: Driver, neo4j_connection: Neo4jConnection) -> Iterator[
        tuple[LiveServer, CommitCutter]]:
    """An API whose driver reaches Neo4j through a CommitCutter, over the fixture graph."""
    from api.app import create_app
    from api.security import Limits

    api_fixture.build(db, neo4j_connection.database)
    host, port = neo4j_connection.uri.split("://", 1)[1].rsplit(":", 1)
    cutter = CommitCutter(host, int(port))
    relayed = dataclasses.replace(neo4j_connection, uri=f"bolt://127.0.0.1:{cutter.port}")
    app = create_app(relayed, limits=Limits(requests_per_second=1000, burst=1000))
    with LiveServer(app, free_port()) as server:
        yield server, cutter
    cutter.close()


ARREST = """mutation ($input: ArrestInput!, $key: String) {
  recordArrest(input: $input, idempotencyKey: $key) { ok id errors { code field message } }
}"""


def test_a_lost_commit_is_told_unknown_audited_and_safe_to_retry(
        cut_api: tuple[LiveServer, CommitCutter], db: Driver) -> None:
    server, cutter = cut_api
    marker = "custody-record-cut-7f3a"
    arrest = {"personId": "P-4", "offenceIds": ["105/01"], "arrestedAt": "2024-07-01T01:00:00Z",
              "outcome": "bail", "source": marker}
    cutter.arm(marker.encode())
    first = graphql(server, ARREST, "officer", input=arrest, key="custody-99/arrest-1")
    answer = first["data"]["recordArrest"]
    assert cutter.cuts == 1
    assert answer["ok"] is False and answer["id"], first
    assert [e["code"] for e in answer["errors"]] == ["OUTCOME_UNKNOWN"]
    assert "retrying with the same id is safe" in answer["errors"][0]["message"]
    arrest_id = answer["id"]

    # The attempt is in the audit log, as unknown (auditLog flushes the journal first).
    log = graphql(server, """{ auditLog(action: "change:arrest", first: 10) {
        edges { node { user outcome subjectIds } } } }""", "auditor")
    entries = [e["node"] for e in log["data"]["auditLog"]["edges"]]
    assert entries == [{"user": "test-officer", "outcome": "unknown",
                        "subjectIds": sorted([arrest_id, "P-4"])}]

    # The retry with the same key lands on the same record: one arrest, not two.
    again = graphql(server, ARREST, "officer", input=arrest, key="custody-99/arrest-1")
    assert again["data"]["recordArrest"] == {"ok": True, "id": arrest_id, "errors": []}
    records, _, _ = db.execute_query(
        "MATCH (a:Arrest {source: $source}) RETURN collect(a.id) AS ids", source=marker)
    assert records[0]["ids"] == [arrest_id]


# --- verification while another writer appends -------------------------------------------


def _entry(n: int) -> audit.AuditEntry:
    return audit.AuditEntry(user="other-process", role="officer", action="person",
                            purpose="concurrency test", subject_ids=[f"P-{n}"])


def test_verify_gives_no_false_alarm_while_other_writers_append(
        db: Driver, neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    for n in range(20):
        audit.append(db, database, _entry(n))
    stop = threading.Event()
    appended = [0, 0]

    def appender(writer: int) -> None:  # one API process shipping its journal
        deadline = time.monotonic() + 60
        while not stop.is_set() and time.monotonic() < deadline and appended[writer] < 3000:
            audit.append(db, database, _entry(appended[writer]))
            appended[writer] += 1

    threads = [threading.Thread(target=appender, args=(writer,), daemon=True)
               for writer in range(2)]
    for thread in threads:
        thread.start()
    try:
        reports: list[audit.ChainReport] = []
        deadline = time.monotonic() + 60
        while (len(reports) < 60 or sum(appended) < 60) and time.monotonic() < deadline:
            reports.append(audit.verify(db, database))
        growing = sum(appended)
        # A real removal in the middle is still found while the appends go on.
        db.execute_query("MATCH (e:AuditEntry {seq: 7}) DELETE e", database_=database)
        removed_middle = audit.verify(db, database)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert growing > 60, "the other writers did not append during the verifications"
    false_alarms = [r for r in reports if not r.ok]
    assert false_alarms == []
    assert (removed_middle.ok, removed_middle.first_broken_seq) == (False, 7)
    assert removed_middle.reason == "entry 7 is missing"


def test_verify_still_finds_entries_removed_from_the_end(
        db: Driver, neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    for n in range(10):
        audit.append(db, database, _entry(n))
    assert audit.verify(db, database) == audit.ChainReport(True, 10)
    db.execute_query("MATCH (e:AuditEntry) WHERE e.seq > 8 DELETE e", database_=database)
    report = audit.verify(db, database)
    assert (report.ok, report.entries, report.first_broken_seq) == (False, 8, 9)
    assert report.reason == "entries after the last one were removed"


# --- what a mixed answer is audited as ---------------------------------------------------


@pytest.fixture
def api(live_server: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> LiveServer:
    wipe_graph(db, neo4j_connection.database)
    api_fixture.build(db, neo4j_connection.database)
    return live_server


def _post(server: LiveServer, query: str, role: str, name: str) -> dict[str, Any]:
    response = httpx.post(f"{server.url}/graphql", json={"query": query, "operationName": name},
                          headers=auth_headers(role), timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def _audited(server: LiveServer, name: str) -> list[dict[str, Any]]:
    log = graphql(server, """{ auditLog(first: 50) { edges { node {
        user action outcome subjectIds detail } } } }""", "auditor")
    return [e["node"] for e in log["data"]["auditLog"]["edges"]
            if (e["node"]["detail"] or "").startswith(name)]


def test_a_mixed_answer_is_audited_as_partial_with_what_was_returned(api: LiveServer) -> None:
    # An auditor may read who consulted P-1, but not P-1's record.
    body = _post(api, """query Mixed { auditLog(personId: "P-1", first: 1) { totalCount }
        person(id: "P-1") { id fullName } }""", "auditor", "Mixed")
    assert body["data"]["auditLog"] is not None and body["data"]["person"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    assert _audited(api, "Mixed") == [{"user": "test-auditor", "action": "audit-read",
                                       "outcome": "partial", "subjectIds": ["P-1"],
                                       "detail": "Mixed; audit subject_id=P-1; "
                                                 "refused person"}]


def test_an_answer_with_nothing_returned_is_audited_as_refused(api: LiveServer) -> None:
    body = _post(api, 'query Nothing { person(id: "P-1") { id } }', "auditor", "Nothing")
    assert body["data"] == {"person": None}
    entries = _audited(api, "Nothing")
    assert [(e["outcome"], e["action"]) for e in entries] == [("refused", "refused")]
    # A refused non-null field nulls the whole answer: nothing returned, so refused too.
    body = _post(api, 'query Nulled { person(id: "P-1") { id } auditIntegrity { ok } }',
                 "supervisor", "Nulled")
    assert body["data"] is None
    assert [e["outcome"] for e in _audited(api, "Nulled")] == ["refused"]
