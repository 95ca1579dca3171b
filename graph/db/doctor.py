"""The graph side of `nexus doctor`: what could be wrong with Java, Neo4j, the schema,
the disks, the audit journal and the clocks, each told in plain words with what to do.

Each check returns a `Finding`; none raises. The CLI (cli/doctor.py) adds the HTTP check
of the records-abroad service and decides the exit code.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from neo4j import Driver

from graph.audit.journal import read_entries
from graph.db import migrations
from graph.db.health import ServerInfo, server_info
from graph.errors import NexusError

MIN_NEO4J = (5, 26)  # Cypher 5.26: dynamic labels, CALL (x) { } subqueries
MIN_JAVA = 17

_NOW = "RETURN datetime.realtime() AS now"
_CHAINED = "UNWIND $ids AS id MATCH (e:AuditEntry {entry_id: id}) RETURN collect(id) AS ids"


@dataclass(frozen=True)
class Finding:
    check: str
    ok: bool
    said: str  # what was found
    advice: str | None = None  # what to do about it, when something is wrong


def java(found: str | None) -> Finding:
    """Java 17 or later, which the local Neo4j needs (`found`: the java binary's path)."""
    if found is None:
        return Finding("java", False, "Java is not installed (no `java` on PATH, no "
                       "JAVA_HOME)", f"install Java {MIN_JAVA} or 21 (Debian: "
                       "openjdk-17-jre-headless) or set JAVA_HOME")
    try:
        result = subprocess.run([found, "-version"], capture_output=True, text=True,
                                timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Finding("java", False, f"{found} does not run ({exc})",
                       f"reinstall Java {MIN_JAVA} or point JAVA_HOME at a working one")
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr + result.stdout)
    major = int(match.group(1)) if match else 0
    if major == 1 and match and match.group(2):  # "1.8": Java 8
        major = int(match.group(2))
    if major < MIN_JAVA:
        return Finding("java", False, f"Java {major or 'of unknown version'} at {found} is "
                       f"too old for Neo4j 5", f"install Java {MIN_JAVA} or 21")
    return Finding("java", True, f"Java {major} at {found}")


def neo4j(driver: Driver, uri: str, local: bool) -> tuple[Finding, ServerInfo | None]:
    """Whether Neo4j answers, and whether its version is one Nexus runs on."""
    try:
        info = server_info(driver)
    except Exception as exc:
        advice = ("start it (`nexus neo4j start`); if it does not start, its reasons are in "
                  "NEXUS_HOME/neo4j/logs/console.log" if local else
                  "check that the server is up and that NEO4J_URI, NEO4J_USER and "
                  "NEO4J_PASSWORD are right")
        what = "the local Neo4j is not running" if local else "Neo4j does not answer"
        return Finding("neo4j", False, f"{what} at {uri} ({type(exc).__name__})",
                       advice), None
    numbers = tuple(int(part) for part in re.findall(r"\d+", info.version)[:2])
    if numbers < MIN_NEO4J or numbers[:1] != MIN_NEO4J[:1]:
        return Finding("neo4j", False, f"Neo4j {info.version} answers at {uri}, but Nexus "
                       "needs 5.26 or a later 5.x", "upgrade Neo4j to 5.26 LTS"), info
    return Finding("neo4j", True, f"Neo4j {info.version} {info.edition} answers at {uri}"), info


def schema(driver: Driver, database: str) -> Finding:
    """Every migration in migrations/ applied, none changed since."""
    try:
        states = migrations.status(driver, database)
    except NexusError as exc:
        return Finding("migrations", False, str(exc),
                       "restore the migration file as it was applied and add a new one")
    pending = [f"V{s.version}" for s in states if s.state != "applied"]
    if pending:
        return Finding("migrations", False, f"{len(pending)} migration(s) not applied: "
                       f"{', '.join(pending)}", "apply them (`nexus migrate`) before "
                       "serving: the API expects the schema they create")
    return Finding("migrations", True, f"all {len(states)} migrations applied")


def _size(count: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if count < 1024 or unit == "TiB":
            return f"{count:.0f} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024
    return str(count)


def disk(what: str, path: Path, min_free: int) -> Finding:
    """At least `min_free` bytes free on the disk holding `path`."""
    where = path if path.exists() else next((p for p in path.parents if p.exists()), path)
    try:
        free = shutil.disk_usage(where).free
    except OSError as exc:
        return Finding(f"disk ({what})", False, f"cannot read the free space at {where}: "
                       f"{exc}", "check that the folder exists and can be read")
    if free < min_free:
        return Finding(f"disk ({what})", False, f"only {_size(free)} free for the {what} at "
                       f"{where}, below the {_size(min_free)} wanted",
                       "free space or move NEXUS_HOME to a larger disk: when the journal "
                       "cannot be written the API stops answering, and a full store stops "
                       "Neo4j writing")
    return Finding(f"disk ({what})", True, f"{_size(free)} free for the {what} at {where}")


def journal(driver: Driver | None, database: str, directory: Path, max_wait: float
            ) -> Finding:
    """Audit entries journalled on local disk and not yet in the Neo4j chain."""
    entries = [entry for path in sorted(directory.glob("*.jsonl*"))
               for entry in read_entries(path)] if directory.exists() else []
    if not entries:
        return Finding("audit journal", True, "no audit entries wait to be chained")
    if driver is None:
        return Finding("audit journal", False, f"{len(entries)} journalled audit entries "
                       "cannot be checked against the chain: Neo4j does not answer",
                       "bring Neo4j back; the API chains them by itself once it answers")
    ids = [e.entry_id for e in entries if e.entry_id]
    try:
        records, _, _ = driver.execute_query(_CHAINED, ids=ids, database_=database,
                                             routing_="r")
    except Exception as exc:
        return Finding("audit journal", False, f"the chain could not be read ({exc})",
                       "check Neo4j's logs")
    chained = set(records[0]["ids"])
    waiting = [e for e in entries if e.entry_id not in chained]
    if not waiting:
        return Finding("audit journal", True, "every journalled audit entry is chained")
    oldest = min(dt.datetime.fromisoformat(e.at) for e in waiting)
    waited = (dt.datetime.now(dt.UTC) - oldest).total_seconds()
    if waited > max_wait:
        return Finding("audit journal", False, f"{len(waiting)} audit entries have waited "
                       f"up to {waited:.0f} s to reach the chain in Neo4j",
                       "check that Neo4j accepts writes (disk, memory, its logs); a running "
                       "API ships them itself, and the next one to start ships those a "
                       "stopped one left")
    return Finding("audit journal", True, f"{len(waiting)} audit entries on their way to "
                   "the chain (moments old)")


def clock(driver: Driver, max_skew: float) -> Finding:
    """This machine's clock against Neo4j's: audit times come from the API's machines."""
    try:
        before = dt.datetime.now(dt.UTC)
        records, _, _ = driver.execute_query(_NOW, routing_="r")
        after = dt.datetime.now(dt.UTC)
    except Exception as exc:
        return Finding("clock", False, f"Neo4j's clock could not be read ({exc})",
                       "check Neo4j's logs")
    theirs = records[0]["now"].to_native()
    skew = (theirs - (before + (after - before) / 2)).total_seconds()
    if abs(skew) > max_skew:
        ahead = "ahead of" if skew > 0 else "behind"
        return Finding("clock", False, f"Neo4j's clock is {abs(skew):.1f} s {ahead} this "
                       "machine's", "synchronise both clocks (NTP, e.g. chrony or "
                       "systemd-timesyncd): audit times and review dates rely on them")
    return Finding("clock", True, f"clocks agree with Neo4j's (within {abs(skew):.2f} s)")
