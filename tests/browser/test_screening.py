"""The screening page in real Chromium against the live API and the real Neo4j: a small CSV
is uploaded and previewed, screened with `screenPeople`, sorted by risk, and downloaded."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from neo4j import Driver
from playwright.sync_api import Page, expect

from graph.db.settings import Neo4jConnection
from tests.browser import custody_seed, seed
from tests.browser.pages import screenshot

pytestmark = pytest.mark.slow

# Line 2 matches nobody, line 3 is Zofia Nowak (active EAW) with a given-name variant,
# line 4 is Marcus Adeyemi (high-harm flag, markers) misspelt, line 5 has a bad date.
CSV = (
    "family_name,given_names,date_of_birth,nationality\n"
    "Zabrowski,Quentin,1970-01-02,PL\n"
    "Nowak,Sofia,1985-07,PL\n"
    "Adeyemmi,Marcus,14/03/1992,GB\n"
    "Okafor,Nathan,not-a-date,GB\n"
)


@pytest.fixture(scope="module", autouse=True)
def custody_seeded(seeded: None, driver: Driver, neo4j_connection: Neo4jConnection) -> None:
    custody_seed.add(driver, neo4j_connection.database)


def lines_in_order(page: Page) -> list[str]:
    return page.locator("#screening-results tbody tr").evaluate_all(
        "(rows) => rows.map((r) => r.dataset.line)")


def test_upload_preview_screen_sort_and_download(page: Page, app_url: str,
                                                 tmp_path: Path) -> None:
    page.goto(f"{app_url}/#/screening")
    expect(page.locator("#screening-run")).to_be_disabled()
    expect(page.locator("#screening-view")).to_contain_text('Logged with the purpose '
                                                            '"automated browser test"')
    upload = tmp_path / "applicants.csv"
    upload.write_text(CSV)
    page.locator("#screening-file").set_input_files(str(upload))
    preview = page.locator("#screening-preview")
    expect(preview.locator("caption")).to_have_text("Preview: 4 of 4 rows")
    expect(preview).to_contain_text("family_name → family name")
    expect(preview.locator("tbody tr").first).to_contain_text("Zabrowski")
    run = page.locator("#screening-run")
    expect(run).to_have_text("Screen 4 people")
    screenshot(page, "screening-01-preview")

    run.click()
    status = page.locator("#screening-status")
    expect(status).to_contain_text("3 rows screened", timeout=30000)
    expect(status).to_contain_text("1 NOT screened")
    expect(status).to_contain_text("not-a-date")
    # Sorted by the severest single risk: Zofia, wanted on an EAW, before Marcus and his
    # high-harm flag (both "high", Marcus the better match), nobody last.
    assert lines_in_order(page) == ["3", "4", "2"]
    marcus = page.locator("#screening-results tr[data-line='4']")
    expect(marcus.locator(".risk-badge")).to_have_text("HIGH")
    expect(marcus.locator(".screen-candidate").first).to_contain_text("Marcus Adeyemi")
    expect(marcus).to_contain_text("1 active flag (high harm)")
    zofia = page.locator("#screening-results tr[data-line='3']")
    expect(zofia.locator(".screen-candidate").first).to_contain_text(seed.LONER)
    expect(zofia).to_contain_text("WANTED: European arrest warrant, issued by PL")
    nobody = page.locator("#screening-results tr[data-line='2']")
    expect(nobody.locator(".risk-badge")).to_have_text("NONE")
    expect(nobody).to_contain_text("No candidate in the records")
    screenshot(page, "screening-02-results")

    page.locator("#screening-sort").select_option("line")
    assert lines_in_order(page) == ["2", "3", "4"]

    with page.expect_download() as info:
        page.locator("#screening-download").click()
    download = info.value
    assert re.fullmatch(r"screening-[0-9T]+\.csv", download.suggested_filename)
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text())))
    by_line = {}
    for row in rows:
        by_line.setdefault(row["line"], []).append(row)
    assert set(by_line) == {"2", "3", "4"}
    assert by_line["2"] == [{**by_line["2"][0], "person_id": "", "risk": "none",
                             "explanation": "no candidate"}]
    assert by_line["4"][0]["person_id"] == seed.CENTRE
    assert by_line["4"][0]["rank"] == "1"
    assert by_line["4"][0]["risk"] == "high"
    assert by_line["4"][0]["warning_markers"] == "violence; weapons"
    assert by_line["3"][0]["person_id"] == seed.LONER
    assert "EAW/PL/2023/0142" in by_line["3"][0]["active_warrants"]


def test_a_csv_without_family_names_is_refused_before_sending(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/#/screening")
    page.locator("#screening-text").fill("name,dob\nMarcus Adeyemi,1992-03-14\n")
    preview = page.locator("#screening-preview")
    expect(preview.get_by_role("alert")).to_contain_text("family_name (or surname)")
    expect(preview).to_contain_text("Columns not used for matching: name")
    expect(page.locator("#screening-run")).to_be_disabled()
    # Fixed by typing: the button comes back with the row count.
    page.locator("#screening-text").fill("surname,dob\nAdeyemi,1992-03-14\n")
    expect(page.locator("#screening-run")).to_have_text("Screen 1 person")
    expect(page.locator("#screening-run")).to_be_enabled()
    page.locator("#screening-run").click()
    expect(page.locator("#screening-status")).to_contain_text("1 row screened", timeout=30000)
    expect(page.locator("#screening-results tbody tr")).to_have_count(1)


def test_the_preview_names_bad_lines_and_an_empty_family_name(page: Page, app_url: str) -> None:
    """Issue 18: "1 row with a different number of values" named no line, and an empty
    family name went to the server. Country names are nationalities."""
    page.goto(f"{app_url}/#/screening")
    page.locator("#screening-text").fill(
        "family_name,given_names,date_of_birth,nationality\n"
        "Adeyemi,Marcus,1992-03-14,United Kingdom\n"
        "Nowak,Zofia,1985-07\n"
        ",Nobody,1990-01-01,GB\n")
    preview = page.locator("#screening-preview")
    expect(preview).to_contain_text(
        "1 row with a different number of values than the header (4): line 3.")
    expect(preview.get_by_role("alert")).to_have_text(
        "No family name on line 4: fill it in or remove the line, then screen.")
    expect(page.locator("#screening-run")).to_be_disabled()
    screenshot(page, "screening-03-bad-lines")
    page.locator("#screening-text").fill(
        "family_name,given_names,date_of_birth,nationality\n"
        "Adeyemi,Marcus,1992-03-14,United Kingdom\n")
    page.locator("#screening-run").click()
    expect(page.locator("#screening-status")).to_contain_text("1 row screened", timeout=30000)
    row = page.locator("#screening-results tr[data-line='2']")
    expect(row.locator(".screen-candidate").first).to_contain_text("Marcus Adeyemi")
    expect(row.locator(".score").first).not_to_contain_text("100")
