"""Matching a claimed identity (`matchPerson`) and batch screening (`screenPeople`).

Each candidate's fields are explained with `FieldComparison` (api/types/comparison, which
the duplicates part shares).
Candidates are returned as the ordinary `Person` type, so every existing visibility rule
(handling codes on intelligence and links) applies unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.permissions import Permission
from api.types.common import UserError, UserInputError, to_native
from api.types.comparison import FieldComparison
from api.types.enums import ImmigrationStatus, MatchBand, WarningMarker
from api.types.person import Person
from api.types.records import Warrant
from graph.errors import ValidationError
from graph.identity import compare as scoring
from graph.identity import screening
from graph.identity.countries import country_code
from graph.identity.matching import MAX_FIRST, Match, match_person
from graph.identity.summary import RiskSummary as RiskSummaryData
from graph.identity.summary import risk_summaries
from graph.records.property_types import control_character_problem

MAX_SCREEN_ROWS = 2000
MAX_SCREEN_BYTES = 1_000_000
MAX_SCREEN_FIRST = 10


@strawberry.input(description="What a person says and carries, as told at the custody desk.")
class IdentityClaimInput:
    family_name: str
    given_names: str | None = None
    aliases: list[str] | None = None
    date_of_birth: str | None = strawberry.field(
        default=None, description="YYYY-MM-DD, YYYY-MM or YYYY.")
    nationality: str | None = strawberry.field(
        default=None, description="ISO 3166 alpha-2 as Person.nationalities; alpha-3 "
                                  "and country names (\"Albania\") are accepted.")
    passport: str | None = None
    pnc_id: str | None = None
    cro_number: str | None = None
    ho_reference: str | None = None
    fingerprint_ref: str | None = strawberry.field(
        default=None, description="PNC ID or CRO number returned by IDENT1 for a tenprint.")


@strawberry.type(description="What is known here of a candidate, at a glance.")
class RiskSummary:
    active_flags: int
    convictions: int
    foreign_convictions: int
    active_warrants: list[Warrant]
    immigration_status: ImmigrationStatus | None
    warning_markers: list[WarningMarker]
    last_arrested_at: dt.datetime | None

    @classmethod
    def of(cls, data: RiskSummaryData | None) -> RiskSummary:
        data = data or RiskSummaryData()
        return cls(active_flags=data.active_flags, convictions=data.convictions,
                   foreign_convictions=data.foreign_convictions,
                   active_warrants=[Warrant.of(w) for w in data.active_warrants],
                   immigration_status=data.immigration_status,
                   warning_markers=data.warning_markers,
                   last_arrested_at=to_native(data.last_arrested_at))


@strawberry.type(description="A recorded person who may be the claimed one, explained.")
class MatchCandidate:
    person: Person
    score: float = strawberry.field(description="Match probability 0..1.")
    band: MatchBand = strawberry.field(description="strong (>= 0.9), possible (>= 0.5) or weak.")
    fields: list[FieldComparison]
    summary: RiskSummary


@strawberry.type(description="One screened row with its ranked candidates.")
class ScreeningRow:
    line: int
    claim: str
    candidates: list[MatchCandidate]
    risk: str = strawberry.field(description="none, low, medium or high: the highest "
                                             "among the candidates.")
    risk_reasons: list[str]


@strawberry.type(description="A screening: one row per valid CSV line; bad lines as errors.")
class ScreeningPayload:
    rows: list[ScreeningRow]
    errors: list[UserError]
    screened_at: dt.datetime


def claim_identity(claim: IdentityClaimInput) -> scoring.Identity:
    for name in ("family_name", "given_names", "passport", "pnc_id", "cro_number",
                 "ho_reference", "fingerprint_ref", "nationality", "date_of_birth"):
        value = getattr(claim, name)
        if value is not None and len(value) > 200:
            raise UserInputError(f"`{name}` is longer than 200 characters", name)
        if value is not None and (problem := control_character_problem(value)):
            raise UserInputError(f"`{name}` {problem}", name)
    for alias in claim.aliases or []:
        if problem := control_character_problem(alias):
            raise UserInputError(f"`aliases` {problem}", "aliases")
    if not (claim.family_name or "").strip():
        raise UserInputError("`familyName` is required", "familyName")
    nationality = (claim.nationality or "").strip()
    code = country_code(nationality) if nationality else None
    if nationality and code is None:
        raise UserInputError(f"`nationality` {nationality!r} is not a country name or ISO "
                             "3166 code (e.g. AL, ALB or Albania)", "nationality")
    date_of_birth = None
    if claim.date_of_birth:
        try:  # DD/MM/YYYY is turned round here, as in screening
            date_of_birth = screening.parse_date(claim.date_of_birth.strip())
        except ValueError as exc:
            raise UserInputError(str(exc), "dateOfBirth") from exc
    return scoring.Identity(
        given_names=claim.given_names or "", family_name=claim.family_name,
        aliases=tuple((claim.aliases or [])[:10]),
        dates_of_birth=(date_of_birth,) if date_of_birth else (),
        nationalities=(code,) if code else (),
        passports=(claim.passport,) if claim.passport else (),
        pnc_id=claim.pnc_id, cro_number=claim.cro_number, ho_reference=claim.ho_reference,
        fingerprint_ref=claim.fingerprint_ref)


async def _candidates(ctx: Context, matches: list[Match],
                      summaries: dict[str, RiskSummaryData]) -> list[MatchCandidate]:
    records = await ctx.loaders.persons.load_many([m.person_id for m in matches])
    return [MatchCandidate(person=Person.of(record), score=m.comparison.score,
                           band=m.comparison.band,
                           fields=[FieldComparison.of(f) for f in m.comparison.fields],
                           summary=RiskSummary.of(summaries.get(m.person_id)))
            for m, record in zip(matches, records, strict=True) if record]


@strawberry.type
class IdentityQuery:
    @strawberry.field(description="Ranked recorded persons who may be the claimed one, each "
                                  "with an explained score and a risk summary.")
    async def match_person(self, info: Info[Context, None], claim: IdentityClaimInput,
                           first: int = 10) -> list[MatchCandidate]:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        if not 1 <= first <= MAX_FIRST:
            raise UserInputError(f"`first` must be between 1 and {MAX_FIRST}", "first")
        identity = claim_identity(claim)
        matches = await run_in_threadpool(match_person, ctx.driver, ctx.database, identity,
                                          first)
        ids = [m.person_id for m in matches]
        summaries = await run_in_threadpool(risk_summaries, ctx.driver, ctx.database, ids)
        ctx.audit.consult("match", ids, f"match {screening.describe(identity)!r}")
        return await _candidates(ctx, matches, summaries)


def _screen(ctx: Context, text: str, first: int) -> tuple[list[Any], list[UserError]]:
    try:
        items = list(screening.parse_csv(text))
    except ValidationError as exc:
        return [], [UserError(message=exc.reason, code="INVALID", field="csv")]
    valid = sum(1 for item in items if isinstance(item, screening.ScreenRow))
    if valid > MAX_SCREEN_ROWS:
        return [], [UserError(message=f"{valid} rows: at most {MAX_SCREEN_ROWS} per call; "
                                      "split the file or use `nexus screen`",
                              code="TOO_MANY_ROWS", field="csv")]
    out = list(screening.screen(ctx.driver, ctx.database, items, first))
    errors = [UserError(message=item.message, code="INVALID_ROW", field=f"line {item.line}")
              for item in out if isinstance(item, screening.RowError)]
    return [item for item in out if isinstance(item, screening.ScreenResult)], errors


@strawberry.type
class IdentityMutation:
    @strawberry.mutation(description="Screen a CSV of claimed identities (header: "
                                     "given_names, family_name, date_of_birth, nationality, "
                                     "passport). Bad lines come back as errors; the rest "
                                     "are screened. Writes nothing but the audit entry.")
    async def screen_people(self, info: Info[Context, None], csv: str,
                            first: int = 3) -> ScreeningPayload:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        now = dt.datetime.now(dt.UTC)
        results: list[Any] = []
        if not 1 <= first <= MAX_SCREEN_FIRST:
            errors = [UserError(message=f"`first` must be between 1 and {MAX_SCREEN_FIRST}",
                                code="INVALID", field="first")]
        elif len(csv.encode()) > MAX_SCREEN_BYTES:
            errors = [UserError(message=f"the CSV is larger than {MAX_SCREEN_BYTES} bytes",
                                code="TOO_LARGE", field="csv")]
        else:
            results, errors = await run_in_threadpool(_screen, ctx, csv, first)
        ids = [m.person_id for r in results for m in r.matches]
        # Every screening is audited (with the session's purpose), refused input included.
        ctx.audit.consult("screen", ids, f"screening of {len(results)} rows, "
                                         f"{len(errors)} errors")
        rows = [ScreeningRow(line=r.row.line, claim=r.row.label, risk=r.risk,
                             risk_reasons=r.reasons(),
                             candidates=await _candidates(ctx, r.matches, r.summaries))
                for r in results]
        return ScreeningPayload(rows=rows, errors=errors, screened_at=now)
