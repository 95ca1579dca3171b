"""Browser fixtures: Debian's Chromium driven by Playwright against the live server.

Chromium comes from `scripts/ensure-chromium.sh` (run by `make test`); Playwright's own
browser download is never used. What tests do on a page (sign in, open a person, take a
screenshot) is in tests/browser/pages.py.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from graph.db.settings import Neo4jConnection
from tests.browser import seed
from tests.browser.pages import sign_in
from tests.support.neo4j import wipe_graph

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
CHROMIUM = os.environ.get("NEXUS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _stale(dist: Path) -> bool:
    bundle = dist / "app.js"
    if not bundle.exists():
        return True
    built = bundle.stat().st_mtime
    sources = [*(WEB / "src").rglob("*.js"), *(WEB / "public").iterdir(), WEB / "build.mjs"]
    return any(path.stat().st_mtime > built for path in sources)


@pytest.fixture(scope="session")
def web_dist() -> Path:
    """web/dist, rebuilt when a source is newer than the bundle (needs `make web` once)."""
    dist = WEB / "dist"
    if _stale(dist):
        if not (WEB / "node_modules").exists():
            pytest.fail("web/node_modules is missing: run `make web` first")
        subprocess.run(["node", "build.mjs"], cwd=WEB, check=True, capture_output=True)
    return dist


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-chromium.sh (make test does)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def seeded(driver: Driver, neo4j_connection: Neo4jConnection) -> None:
    """The browser seed graph (tests/browser/seed.py), written once per test module."""
    wipe_graph(driver, neo4j_connection.database)
    seed.seed(driver, neo4j_connection.database)


@pytest.fixture
def app_url(web_dist: Path, live_server, seeded: None) -> str:  # type: ignore[no-untyped-def]
    return live_server.url


@pytest.fixture
def anonymous_page(browser: Browser, app_url: str) -> Iterator[Page]:
    """A fresh 1280x800 page, not signed in; any uncaught page error fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))

    def console(msg: ConsoleMessage) -> None:
        if msg.type == "error":
            errors.append(msg.text)

    tab.on("console", console)
    tab.expected_errors = []  # type: ignore[attr-defined]  (a test may expect some)
    tab.page_errors = errors  # type: ignore[attr-defined]
    yield tab
    context.close()
    unexpected = [e for e in errors
                  if not any(allowed in e for allowed in tab.expected_errors)]  # type: ignore[attr-defined]
    assert not unexpected, f"the page reported errors: {unexpected}"


@pytest.fixture
def page(anonymous_page: Page, app_url: str) -> Page:
    """A fresh page signed in as an analyst (any 401 after this fails the test)."""
    sign_in(anonymous_page, app_url)
    errors = anonymous_page.page_errors  # type: ignore[attr-defined]
    errors[:] = [e for e in errors if "401 (Unauthorized)" not in e]
    anonymous_page.expected_errors = []  # type: ignore[attr-defined]
    return anonymous_page
