"""A real Neo4j Community server obtained from Maven Central and run locally.

The jars of `org.neo4j.app:neo4j-server` (the same as the official distribution's `lib/`)
plus `org.neo4j:neo4j` (which holds `CommunityEntryPoint`) are fetched once with Maven into
a per-user cache; each server directory (data, logs, conf, run) lives under NEXUS_HOME.
The server is started through `org.neo4j.server.CommunityEntryPoint` with a generated
`neo4j.conf`; authentication is on, with a password generated on first use.
"""

from __future__ import annotations

import fcntl
import os
import re
import secrets
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable

from graph.errors import LocalServerError

_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>nexus.local</groupId>
  <artifactId>neo4j-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j.app</groupId><artifactId>neo4j-server</artifactId>
      <version>{version}</version>
    </dependency>
    <dependency>
      <groupId>org.neo4j</groupId><artifactId>neo4j</artifactId>
      <version>{version}</version>
    </dependency>
  </dependencies>
</project>
"""

_JVM_OPTIONS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
]


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    candidate = Path(java_home, "bin", "java") if java_home else None
    if candidate and candidate.exists():
        return str(candidate)
    found = shutil.which("java")
    if not found:
        raise LocalServerError("Java 17 is needed to run the local Neo4j; `java` is not on PATH")
    return found


def ensure_runtime(runtime_dir: Path, version: str) -> Path:
    """Return the folder of Neo4j jars, downloading them with Maven on first use."""
    lib = runtime_dir / "lib"
    complete = runtime_dir / ".complete"
    if complete.exists():
        return lib
    with _file_lock(runtime_dir.parent / f".{runtime_dir.name}.lock"):
        if complete.exists():
            return lib
        mvn = shutil.which("mvn")
        if not mvn:
            raise LocalServerError("Maven (`mvn`) is needed to fetch Neo4j from Maven Central")
        runtime_dir.mkdir(parents=True, exist_ok=True)
        (runtime_dir / "pom.xml").write_text(_POM.format(version=version))
        partial = runtime_dir / "lib.partial"
        shutil.rmtree(partial, ignore_errors=True)
        result = subprocess.run(
            [mvn, "-q", "-B", "dependency:copy-dependencies",
             f"-DoutputDirectory={partial}", "-f", str(runtime_dir / "pom.xml")],
            capture_output=True, text=True, check=False,
        )
        if result.returncode != 0:
            raise LocalServerError(
                f"Maven could not fetch Neo4j {version}:\n"
                f"{result.stdout[-4000:]}{result.stderr[-2000:]}"
            )
        shutil.rmtree(lib, ignore_errors=True)
        partial.rename(lib)
        complete.write_text(version)
    return lib


def sized_memory(total: int | None = None) -> tuple[str, str]:
    """Heap and page cache for the machine (`total` bytes of RAM, read when None): an
    eighth of it for the heap (1–8 GiB) and a quarter for the page cache (512 MiB–16 GiB),
    leaving the rest to Nexus, the OS's file cache and the other processes. On this
    project's 24 GiB machine: 3g and 6g. A force-sized graph (about 12 GB of store at a
    million people) then keeps its indexes and most of its store in memory."""
    if total is None:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    mib = total // (1024 * 1024)
    heap = min(max(mib // 8, 1024), 8192)
    pagecache = min(max(mib // 4, 512), 16384)
    return f"{heap}m", f"{pagecache}m"


@dataclass
class LocalNeo4j:
    """One local Neo4j server: its folder, its Bolt address and its lifecycle."""

    directory: Path
    runtime_dir: Path
    version: str
    host: str = "127.0.0.1"
    port: int = 7687
    heap: str = field(default_factory=lambda: os.environ.get("NEXUS_NEO4J_HEAP")
                      or sized_memory()[0])
    pagecache: str = field(default_factory=lambda: os.environ.get("NEXUS_NEO4J_PAGECACHE")
                           or sized_memory()[1])

    @property
    def uri(self) -> str:
        return f"bolt://{self.host}:{self.port}"

    @property
    def _pid_file(self) -> Path:
        return self.directory / "run" / "nexus-neo4j.pid"

    @property
    def _password_file(self) -> Path:
        return self.directory / "password"

    @property
    def console_log(self) -> Path:
        return self.directory / "logs" / "console.log"

    @property
    def debug_log(self) -> Path:
        return self.directory / "logs" / "debug.log"

    def password(self) -> str:
        if not self._password_file.exists():
            raise LocalServerError(f"no local Neo4j has been set up in {self.directory}")
        return self._password_file.read_text().strip()

    def pid(self) -> int | None:
        """The server's process id, if a server started from this folder is alive."""
        try:
            pid = int(self._pid_file.read_text())
        except (FileNotFoundError, ValueError):
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except FileNotFoundError:
            return None
        return pid if b"CommunityEntryPoint" in cmdline else None

    def _write_config(self) -> Path:
        conf_dir = self.directory / "conf"
        for sub in ("conf", "data", "logs", "run", "import", "plugins"):
            (self.directory / sub).mkdir(parents=True, exist_ok=True)
        settings = {
            "server.default_listen_address": self.host,
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": f"{self.host}:{self.port}",
            "server.bolt.advertised_address": f"{self.host}:{self.port}",
            "server.http.enabled": "false",
            "server.https.enabled": "false",
            "dbms.security.auth_enabled": "true",
            "dbms.usage_report.enabled": "false",
            "server.directories.data": str(self.directory / "data"),
            "server.directories.logs": str(self.directory / "logs"),
            "server.directories.run": str(self.directory / "run"),
            "server.directories.import": str(self.directory / "import"),
            "server.directories.plugins": str(self.directory / "plugins"),
            "server.memory.heap.initial_size": self.heap,
            "server.memory.heap.max_size": self.heap,
            "server.memory.pagecache.size": self.pagecache,
            "db.transaction.timeout": "120s",
            # How often Neo4j looks for transactions past their timeout (default 2 s): the
            # API's per-request timeout (NEXUS_QUERY_TIMEOUT, 5 s) is kept to within 0.1 s.
            "db.transaction.monitor.check.interval": "100ms",
            "db.memory.transaction.total.max": "1g",
            "dbms.security.procedures.unrestricted": "",
        }
        text = "# Generated by Nexus on each start; edit graph/db/localserver.py instead.\n"
        text += "".join(f"{key}={value}\n" for key, value in settings.items())
        (conf_dir / "neo4j.conf").write_text(text)
        return conf_dir

    def _env(self, conf_dir: Path) -> dict[str, str]:
        return {**os.environ, "NEO4J_HOME": str(self.directory), "NEO4J_CONF": str(conf_dir)}

    def _set_initial_password(self, lib: Path, conf_dir: Path) -> None:
        if self._password_file.exists():
            return
        # A leading "-" would be read by neo4j-admin as an option (1 start in 64 failed).
        password = "n" + secrets.token_urlsafe(18)
        result = self._admin_tool(lib, conf_dir, "dbms", "set-initial-password", password)
        if result.returncode != 0:
            raise LocalServerError(f"could not set the initial password:\n{result.stderr[-2000:]}")
        self._password_file.write_text(password + "\n")
        self._password_file.chmod(0o600)

    def _prepare(self) -> tuple[Path, Path]:
        """The jars and the configuration folder, with the password set on first use."""
        lib = ensure_runtime(self.runtime_dir, self.version)
        conf_dir = self._write_config()
        self._set_initial_password(lib, conf_dir)
        return lib, conf_dir

    def admin(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run `neo4j-admin ARGS` on this server's folder and configuration (the server
        set up first if it never was): for `database dump` and `load`, which Community
        runs only while the server is stopped."""
        lib, conf_dir = self._prepare()
        return self._admin_tool(lib, conf_dir, *args)

    def _admin_tool(self, lib: Path, conf_dir: Path, *args: str
                    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run([_java(), "-cp", f"{lib}/*", "org.neo4j.cli.AdminTool", *args],
                              env=self._env(conf_dir), capture_output=True, text=True,
                              check=False)

    def start(self, timeout: float = 120.0,
              progress: Callable[[str], None] | None = None) -> None:
        """Start the server (fetching Neo4j first if needed) and wait until Bolt answers;
        `progress` is told each recovery line of debug.log meanwhile (after a crash,
        replaying the transaction log can take minutes on a large store)."""
        if self.pid():
            return
        lib, conf_dir = self._prepare()
        debug_start = self.debug_log.stat().st_size if self.debug_log.exists() else 0
        command = [_java(), *_JVM_OPTIONS, "-cp", f"{lib}/*",
                   "org.neo4j.server.CommunityEntryPoint",
                   f"--home-dir={self.directory}", f"--config-dir={conf_dir}"]
        with self.console_log.open("ab") as log:
            process = subprocess.Popen(
                command, env=self._env(conf_dir), stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True, cwd=self.directory,
            )
        self._pid_file.write_text(str(process.pid))
        watch = _RecoveryWatch(self.debug_log, debug_start, progress) if progress else None
        self._wait_for_bolt(process, timeout, watch)

    def _wait_for_bolt(self, process: subprocess.Popen[bytes], timeout: float,
                       watch: _RecoveryWatch | None = None) -> None:
        deadline = time.monotonic() + timeout
        auth = ("neo4j", self.password())
        while time.monotonic() < deadline:
            if watch:
                watch.poll()
            if process.poll() is not None:
                tail = self.console_log.read_text(errors="replace")[-3000:]
                raise LocalServerError(f"Neo4j exited with code {process.returncode}:\n{tail}")
            try:
                with GraphDatabase.driver(self.uri, auth=auth) as driver:
                    driver.verify_connectivity()
                if watch:
                    watch.poll()
                return
            except (ServiceUnavailable, OSError):
                time.sleep(0.5)
            except AuthError as exc:
                raise LocalServerError(f"Neo4j refused the stored password: {exc}") from exc
        raise LocalServerError(f"Neo4j did not answer on {self.uri} within {timeout:.0f}s")

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the server; True if one was running."""
        pid = self.pid()
        if not pid:
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.pid():
            time.sleep(0.2)
        if self.pid():
            os.kill(pid, signal.SIGKILL)
            time.sleep(0.5)
        self._pid_file.unlink(missing_ok=True)
        return True

    def admin_logged(self, *args: str, log: Path, heap: str = "1g") -> int:
        """Run `neo4j-admin` with these arguments against this server's folder and
        configuration (an import needs the server stopped), its output to `log`; returns
        its exit code."""
        lib, conf_dir = self._prepare()
        command = [_java(), f"-Xmx{heap}", *_JVM_OPTIONS, "-cp", f"{lib}/*",
                   "org.neo4j.cli.AdminTool", *args]
        with log.open("ab") as output:
            return subprocess.run(command, env=self._env(conf_dir), stdout=output,
                                  stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                  cwd=self.directory, check=False).returncode


# debug.log lines: "2026-12-04 22:08:52.240+0000 INFO  [o.n.k.r.Recovery] [neo4j/34596f9a]
#  10% completed"; recovery announces itself, counts in tenths, and says when it is done.
_LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \S+ +\w+ +\[(?P<logger>[^\]]+)\] "
                       r"\[(?P<database>[^/\]]+)[^\]]*\] +(?P<message>.*)$")
_APPLIED = re.compile(r"(\d+) transactions applied")


def recovery_progress(line: str) -> str | None:
    """The words for one debug.log line about crash recovery, or None for other lines."""
    match = _LOG_LINE.match(line)
    if not match:
        return None
    database, message = match["database"], match["message"].strip()
    if message.startswith("Transaction logs recovery is required"):
        return f"{database}: recovering after an unclean stop (replaying its transaction log)"
    if match["logger"].endswith(".Recovery") and message.endswith("% completed"):
        return f"{database}: recovery {message}"
    if message.startswith("Recovery in ") and "completed" in message:
        applied = _APPLIED.search(message)
        done = f", {applied[1]} transactions replayed" if applied else ""
        return f"{database}: recovery completed{done}"
    return None


class _RecoveryWatch:
    """Reads the lines debug.log gains during a start and passes on those about recovery
    in plain words (`recovery_progress`)."""

    def __init__(self, path: Path, offset: int, tell: Callable[[str], None]) -> None:
        self.path, self.offset, self.tell = path, offset, tell

    def poll(self) -> None:
        try:
            with self.path.open("rb") as handle:
                if handle.seek(0, os.SEEK_END) < self.offset:
                    self.offset = 0  # the log was rotated
                handle.seek(self.offset)
                chunk = handle.read()
        except FileNotFoundError:
            return
        complete = chunk[:chunk.rfind(b"\n") + 1]  # a half-written line waits
        self.offset += len(complete)
        for line in complete.decode(errors="replace").splitlines():
            said = recovery_progress(line)
            if said:
                self.tell(said)
