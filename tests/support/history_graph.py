"""A hand-built graph with known content for the history tests, written through the real
write layer. Everything is recorded on the day it happened unless said otherwise.

Subject P-1 Karim Haddad:
  convictions  CV-1 GB 2019-05-01 ABH 008/06 (from arrest AR-2 -> charge CH-2)
               CV-2 PL 2021-02-01 robbery 034/02 (known via ECRIS)
  not proven   AR-1 2022-06-01 GBH 008/01, NFA (concerns IN-1)
               CH-3 2020-03-01 common assault 105/01, acquitted (no arrest)
               AR-3 2024-05-01 common assault 105/01, bailed (LATER: after AS_OF)
  incidents    IR-1 suspect in IN-1 (wounding); IR-3 witness in IN-2, refused to cooperate
  flag         FL-1 set 2023-01-10, cleared 2024-03-10 (active as at FLAG_ACTIVE_ON)
  intelligence IT-1 2B P "Seen carrying a knife..."; IT-2 1A C (conditions CONDITIONS)
  checks       CK-1 SIS II wanted-abroad match -> WA-1 EAW (PL), active
  links        AS-1 FAMILY P-2; AS-3 FRIEND P-4; AS-6 FRIEND P-7; AS-8 SOCIAL_MEDIA P-10 (2C C)
               AS-7 FRIEND P-9 since 2024-06-01 (LATER)

Others: P-2 (brother; own NFA theft arrest AR-20, IT-3 mentions only P-3), P-3 (knife conviction
CV-3; P-2 FRIEND P-3 = AS-2), P-4 (active high-harm flag FL-4), P-5 (gang OR-1 member ME-2;
P-4 PHONE_CONTACT P-5 = AS-4), P-6 (violent conviction CV-6, three hops: P-5 FRIEND P-6 =
AS-5), P-7 (theft only, CV-7), P-9 (GBH conviction CV-9), P-10 (robbery arrest AR-10).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from neo4j import Driver

from graph.offences import BY_CODE
from graph.records import write_records
from tests.support.factories import Source, recorded_on

AS_OF = date(2024, 4, 1)  # after FL-1 was cleared; before AR-3 and AS-7
FLAG_ACTIVE_ON = date(2023, 12, 1)  # FL-1 set, not yet cleared
CONDITIONS = "Not to be disclosed outside the Metropolitan Police without DI approval"
SECRET_TEXT = "Source reports the subject keeps two handguns in a lock-up garage"
KNIFE_TEXT = "Seen carrying a knife near Brixton station"

# Records of other people: none may appear in the subject's own sections.
OTHER_PEOPLES_RECORDS = {"AR-20", "IT-3", "CV-3", "FL-4", "ME-2", "CV-6", "CV-7", "CV-9",
                         "AR-10", "IR-2"}


SOURCE = Source("test:history", "DC Test")
_at = recorded_on


def _person(pid: str, given: str, family: str, **extra: Any) -> dict[str, Any]:
    return SOURCE.person(pid, given, family, on="2015-01-01", nationalities=["GB"],
                         gender="male", immigration_status="british_citizen", **extra)


def offence(code: str, *, origin: Source = SOURCE) -> dict[str, Any]:
    """The offence of the Home Office code, as graph/offences.py lists it."""
    o = BY_CODE[code]
    return origin.on("2010-01-01", id=o.code, description=o.description, category=o.category,
                     chi_days=o.chi_days)


def conviction(cid: str, pid: str, day: str, code: str, *, origin: Source = SOURCE,
               **extra: Any) -> dict[str, Any]:
    """A guilty plea at Wood Green Crown Court on `day`, a fine, known via the PNC."""
    fields = {"court": "Wood Green Crown Court", "plea": "guilty", "disposal": "fine",
              "jurisdiction": "GB", "known_via": "pnc", **extra}
    return origin.on(day, id=cid, person_id=pid, offence_ids=[code], convicted_on=day,
                     **fields)


def arrest(aid: str, pid: str, day: str, code: str, outcome: str, *, origin: Source = SOURCE,
           **extra: Any) -> dict[str, Any]:
    """An arrest by PC 100 at 01:00 on `day`."""
    return origin.on(day, id=aid, person_id=pid, offence_ids=[code],
                     arrested_at=_at(day, "01:00:00"), arresting_officer="PC 100",
                     outcome=outcome, **extra)


def link(aid: str, kind: str, a: str, b: str, since: str, *, origin: Source = SOURCE,
         **extra: Any) -> dict[str, Any]:
    """An association of `a` and `b`, recorded on the day it began."""
    return origin.on(since, id=aid, kind=kind, person_id=a, other_person_id=b, since=since,
                     **extra)


def build(driver: Driver, database: str) -> None:
    write_records(driver, database, {
        "offence": [offence(c) for c in ("008/06", "034/02", "008/01", "105/01", "010/04",
                                          "049/01")],
        "location": [SOURCE.on("2010-01-01", id="L-1", kind="custody_suite",
                               name="Brixton custody suite")],
        "organisation": [SOURCE.on("2015-01-01", id="OR-1", name="Northside Crew",
                                   kind="street_gang", area="Haringey")],
        "person": [
            _person("P-1", "Karim", "Haddad", aliases=["Kareem Hadad"],
                    dates_of_birth=["1991-07-14"], pnc_id="2015/0000001A",
                    warning_markers=["violence"]),
            _person("P-2", "Omar", "Haddad"), _person("P-3", "Liam", "Walsh"),
            _person("P-4", "Dean", "Price"), _person("P-5", "Tyrone", "Baker"),
            _person("P-6", "Craig", "Mills"), _person("P-7", "Ben", "Lowe"),
            _person("P-9", "Ryan", "Cole"), _person("P-10", "Marek", "Nowak"),
        ],
        "incident": [
            SOURCE.on("2022-06-01", id="IN-1", occurred_at=_at("2022-05-31", "23:00:00"),
                      type="wounding", description="Stabbing outside a takeaway",
                      location_id="L-1"),
            SOURCE.on("2023-02-01", id="IN-2", occurred_at=_at("2023-02-01", "20:00:00"),
                      type="assault", description="Fight at a bus stop"),
        ],
        "warrant": [SOURCE.on("2021-06-01", id="WA-1", person_id="P-1",
                              kind="european_arrest_warrant", issuing_country="PL",
                              reference="EAW/PL/2021/77", offence_description="Robbery",
                              issued_on="2021-06-01", status="active")],
        "flag": [
            SOURCE.on("2023-01-10", id="FL-1", person_id="P-1", kind="high_harm",
                      reason="Serious violence", set_by="DS Clarke", set_at=_at("2023-01-10"),
                      review_date_basis="review", review_date="2023-07-10"),
            SOURCE.on("2022-01-01", id="FL-4", person_id="P-4", kind="high_harm",
                      reason="Firearms access", set_by="DS Clarke", set_at=_at("2022-01-01"),
                      review_date_basis="review", review_date="2022-07-01"),
        ],
        "flag_event": [SOURCE.on("2024-03-10", id="FE-1-cleared", flag_id="FL-1", action="cleared",
                                 at=_at("2024-03-10"), by="DI Shaw",
                                 reason="No intelligence for 12 months")],
        "arrest": [
            arrest("AR-1", "P-1", "2022-06-01", "008/01", "nfa",
                   outcome_reason="Victim did not support a prosecution",
                   custody_suite_id="L-1", incident_id="IN-1"),
            arrest("AR-2", "P-1", "2019-01-10", "008/06", "charged", custody_suite_id="L-1"),
            arrest("AR-3", "P-1", "2024-05-01", "105/01", "bail"),
            arrest("AR-20", "P-2", "2021-01-01", "049/01", "nfa"),
            arrest("AR-10", "P-10", "2020-01-01", "034/02", "released_under_investigation"),
        ],
        "charge": [
            SOURCE.on("2019-01-11", id="CH-2", person_id="P-1", arrest_id="AR-2",
                      offence_ids=["008/06"], charged_at=_at("2019-01-11"), status="convicted"),
            SOURCE.on("2020-03-01", id="CH-3", person_id="P-1", offence_ids=["105/01"],
                      charged_at=_at("2020-03-01"), status="acquitted"),
        ],
        "conviction": [
            conviction("CV-1", "P-1", "2019-05-01", "008/06", charge_id="CH-2",
                       disposal="suspended_sentence", disposal_months=12),
            conviction("CV-2", "P-1", "2021-02-01", "034/02", jurisdiction="PL",
                       known_via="ecris", court="Sąd Rejonowy Kraków"),
            conviction("CV-3", "P-3", "2020-01-01", "010/04"),
            conviction("CV-6", "P-6", "2020-01-01", "008/01"),
            conviction("CV-7", "P-7", "2020-01-01", "049/01"),
            conviction("CV-9", "P-9", "2020-01-01", "008/01"),
        ],
        "incident_role": [
            SOURCE.on("2022-06-01", id="IR-1", person_id="P-1", incident_id="IN-1", role="suspect"),
            SOURCE.on("2022-06-01", id="IR-2", person_id="P-2", incident_id="IN-1", role="victim",
                      cooperated=False),
            SOURCE.on("2023-02-01", id="IR-3", person_id="P-1", incident_id="IN-2", role="witness",
                      cooperated=False),
        ],
        "association": [
            link("AS-1", "family", "P-1", "P-2", "2015-01-01", detail="brother",
                 source_evaluation="1", intelligence_assessment="A", handling_code="P"),
            link("AS-2", "friend", "P-2", "P-3", "2018-01-01"),
            link("AS-3", "friend", "P-1", "P-4", "2019-01-01"),
            link("AS-4", "phone_contact", "P-4", "P-5", "2020-01-01"),
            link("AS-5", "friend", "P-5", "P-6", "2020-01-01"),
            link("AS-6", "friend", "P-1", "P-7", "2019-01-01"),
            link("AS-7", "friend", "P-1", "P-9", "2024-06-01"),
            link("AS-8", "social_media", "P-1", "P-10", "2021-01-01",
                 source_evaluation="2", intelligence_assessment="C", handling_code="C",
                 handling_conditions="Handle via the financial intelligence unit only"),
        ],
        "membership": [SOURCE.on("2019-01-01", id="ME-2", person_id="P-5", organisation_id="OR-1",
                                 role="member", since="2019-01-01")],
        "intelligence_report": [
            SOURCE.on("2023-03-01", id="IT-1", reported_at=_at("2023-03-01"), summary=KNIFE_TEXT,
                      source_evaluation="2", intelligence_assessment="B", handling_code="P",
                      mentions_person_ids=["P-1"]),
            SOURCE.on("2023-09-01", id="IT-2", reported_at=_at("2023-09-01"), summary=SECRET_TEXT,
                      source_evaluation="1", intelligence_assessment="A", handling_code="C",
                      handling_conditions=CONDITIONS, mentions_person_ids=["P-1"]),
            SOURCE.on("2023-03-01", id="IT-3", reported_at=_at("2023-03-01"),
                      summary="P-3 selling cannabis", source_evaluation="3",
                      intelligence_assessment="D", handling_code="P", mentions_person_ids=["P-3"]),
        ],
        "check": [SOURCE.on("2022-06-01", id="CK-1", person_id="P-1", kind="wanted_abroad",
                            against="SIS_II", checked_by="DC 9",
                            checked_at=_at("2022-06-01", "03:00:00"), result="match",
                            detail="EAW hit", warrant_id="WA-1")],
    })
