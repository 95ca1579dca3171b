"""Batch screening: a CSV of claimed identities -> ranked matches and a risk per row.

The CSV has a header; column names are matched loosely (case, spaces, hyphens, common
synonyms: "Surname", "First name", "DOB"...). Columns: given_names, family_name
(required), date_of_birth (YYYY-MM-DD, YYYY-MM, YYYY or DD/MM/YYYY), nationality
(alpha-2, alpha-3 or a country name: "Albania"), passport (optional). A bad row is
reported with its line number and reason and the rest go on. Rows are matched in chunks,
one UNWIND query per chunk, and the risk summaries of a chunk's candidates in one more query.
"""

from __future__ import annotations

import csv
import io
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from neo4j import Driver

from graph.errors import ValidationError
from graph.identity.compare import POSSIBLE, Identity, country
from graph.identity.countries import country_code
from graph.identity.matching import Match, match_many
from graph.identity.summary import RiskSummary, risk_summaries
from graph.records.property_types import control_character_problem

CHUNK = 200
PARALLEL = 2        # chunks in flight: Neo4j blocks one while Python scores the other
RISK_ORDER = ("none", "low", "medium", "high")

_COLUMNS = {
    "given_names": "given_names", "given_name": "given_names", "forenames": "given_names",
    "forename": "given_names", "first_name": "given_names", "first_names": "given_names",
    "given": "given_names",
    "family_name": "family_name", "surname": "family_name", "last_name": "family_name",
    "family": "family_name",
    "date_of_birth": "date_of_birth", "dob": "date_of_birth", "birth_date": "date_of_birth",
    "nationality": "nationality", "nationalities": "nationality", "country": "nationality",
    "passport": "passport", "passport_number": "passport", "passport_no": "passport",
}
_ISO_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_PASSPORT = re.compile(r"^([A-Za-z]{2,3}:)?[A-Za-z0-9]{5,12}$")
MAX_FIELD = 200


@dataclass(frozen=True)
class ScreenRow:
    line: int                   # line number in the file (the header is line 1)
    claim: Identity
    label: str                  # the claim as one line of text


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


@dataclass
class ScreenResult:
    row: ScreenRow
    matches: list[Match] = field(default_factory=list)
    summaries: dict[str, RiskSummary] = field(default_factory=dict)

    @property
    def risk(self) -> str:
        """The highest risk level among the candidates; "none" when nobody matched."""
        levels = [self.summaries[m.person_id].level() for m in self.matches
                  if m.person_id in self.summaries]
        return max(levels, key=RISK_ORDER.index) if levels else "none"

    def reasons(self) -> list[str]:
        out: list[str] = []
        for m in self.matches:
            summary = self.summaries.get(m.person_id)
            if summary:
                out.extend(f"{m.person_id}: {r}" for r in summary.reasons())
        return out


def _column(name: str) -> str | None:
    key = re.sub(r"[\s\-]+", "_", name.strip().lower()).strip("_")
    return _COLUMNS.get(key)


def parse_date(value: str) -> str:
    """A partial ISO date; DD/MM/YYYY is turned round. ValueError when neither."""
    uk = _UK_DATE.match(value)
    if uk:
        value = f"{uk[3]}-{int(uk[2]):02d}-{int(uk[1]):02d}"
    if not _ISO_DATE.match(value):
        raise ValueError(f"date_of_birth {value!r} is not YYYY-MM-DD, YYYY-MM, YYYY "
                         "or DD/MM/YYYY")
    return value


def _claim(values: dict[str, str]) -> Identity:
    too_long = [k for k, v in values.items() if len(v) > MAX_FIELD]
    if too_long:
        raise ValueError(f"{too_long[0]} is longer than {MAX_FIELD} characters")
    family = values.get("family_name", "")
    if not family:
        raise ValueError("family_name is empty")
    dob = values.get("date_of_birth", "")
    nationality = values.get("nationality", "")
    if nationality and country_code(nationality) is None:
        raise ValueError(f"nationality {nationality!r} is not a country name or ISO code")
    passport = values.get("passport", "")
    if passport and not _PASSPORT.match(passport):
        raise ValueError(f"passport {passport!r} is not a passport number")
    return Identity(values.get("given_names", ""), family,
                    dates_of_birth=(parse_date(dob),) if dob else (),
                    nationalities=(country(nationality),) if nationality else (),
                    passports=(passport.upper(),) if passport else ())


def describe(claim: Identity) -> str:
    parts = [f"{claim.given_names} {claim.family_name}".strip()]
    parts += [f"born {d}" for d in claim.dates_of_birth[:1]]
    parts += list(claim.nationalities[:1]) + [f"passport {p}" for p in claim.passports[:1]]
    return ", ".join(parts)


def parse_csv(text: str | Iterable[str]) -> Iterator[ScreenRow | RowError]:
    """Rows and per-row errors in file order. Raises ValidationError for a bad header."""
    lines = io.StringIO(text) if isinstance(text, str) else text
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None or not any(cell.strip() for cell in header):
        raise ValidationError("screening", "csv", "the file is empty: a header line is needed")
    columns = [_column(cell) for cell in header]
    if "family_name" not in columns:
        raise ValidationError("screening", "csv", "no family_name (or surname) column in the "
                              f"header {', '.join(header)}")
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(columns):
            yield RowError(number, f"line {number}: {len(cells)} fields, the header has "
                                   f"{len(columns)}")
            continue
        values = {col: cell.strip() for col, cell in zip(columns, cells, strict=False) if col}
        problem = next((f"{col} {why}" for col, value in values.items()
                        if (why := control_character_problem(value))), None)
        if problem:
            yield RowError(number, f"line {number}: {problem}")
            continue
        try:
            claim = _claim(values)
        except ValueError as exc:
            yield RowError(number, f"line {number}: {exc}")
            continue
        yield ScreenRow(number, claim, describe(claim))


def screen_rows(driver: Driver, database: str, rows: list[ScreenRow], first: int = 3
                ) -> list[ScreenResult]:
    """Match one chunk of rows (one query) and summarise its candidates (one query)."""
    ranked = match_many(driver, database, {str(r.line): r.claim for r in rows}, first,
                        min_score=POSSIBLE)
    ids = [m.person_id for matches in ranked.values() for m in matches]
    summaries = risk_summaries(driver, database, ids)
    return [ScreenResult(r, ranked[str(r.line)],
                         {m.person_id: summaries[m.person_id] for m in ranked[str(r.line)]
                          if m.person_id in summaries}) for r in rows]


def screen(driver: Driver, database: str, items: Iterable[ScreenRow | RowError],
           first: int = 3, chunk: int = CHUNK,
           progress: Callable[[int], None] | None = None, parallel: int = PARALLEL
           ) -> Iterator[ScreenResult | RowError]:
    """Screen rows in chunks; errors pass through in order. `progress(n)` after each chunk.

    Up to `parallel` chunks are in flight at once, so one chunk's blocking query runs in
    Neo4j while another's candidates are scored in Python; results keep the file's order.
    """
    in_flight: deque[tuple[Future[list[ScreenResult]], list[RowError]]] = deque()

    def finish() -> Iterator[ScreenResult | RowError]:
        future, held = in_flight.popleft()
        merged: list[ScreenResult | RowError] = [*future.result(), *held]
        merged.sort(key=lambda item: item.row.line if isinstance(item, ScreenResult)
                    else item.line)
        if progress:
            progress(len(merged))
        yield from merged

    with ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="screen") as pool:
        def submit(rows: list[ScreenRow], held: list[RowError]) -> None:
            in_flight.append((pool.submit(screen_rows, driver, database, rows, first)
                              if rows else _done([]), held))

        pending: list[ScreenRow] = []
        held: list[RowError] = []
        for item in items:
            if isinstance(item, RowError):
                held.append(item)
            else:
                pending.append(item)
            if len(pending) >= chunk:
                submit(pending, held)
                pending, held = [], []
                while len(in_flight) >= parallel:
                    yield from finish()
        if pending or held:
            submit(pending, held)
        while in_flight:
            yield from finish()


def _done(results: list[ScreenResult]) -> Future[list[ScreenResult]]:
    future: Future[list[ScreenResult]] = Future()
    future.set_result(results)
    return future
