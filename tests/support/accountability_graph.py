"""A graph for the accountability measures: top-harm, disproportionality, safeguarding.

    group (nationality)  people  flags set (2025)            in top-harm  borough
    GB                     120   12 (6 in Q1, 6 in Q2; 2 cleared)   6     Camden (100), none (20)
    AL                      40    8 (all Q2, all active)            3     Hackney
    none recorded            5    0                                 0     Hackney

So the overall flag rate is 20 / 165 = 121.2 per 1,000; GB 100.0 (ratio 0.83), AL 200.0
(ratio 1.65, marked small: fewer than 10 flags and fewer than 100 people).

Named people for the top-harm list's working:
    P-T1 (GB, Camden): convicted 2024-01-01 of s.20 GBH (008/01) and common assault
         (105/01); an active flag.
    P-T2 (AL, Hackney): convicted 2004-01-01 of s.18 wounding (005/01); flagged, cleared.
    P-T3 (AL, Hackney): convicted 2024-06-01 of shoplifting (046/01); never flagged.
People at risk for safeguarding: P-R1 (no offending, linked to P-T1, P-T2, P-T3).
"""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from graph.analytics.run import run_all
from graph.records import write_records
from tests.support.factories import Source

SOURCE = Source("test-accountability", "tester", "2025-07-01T10:00:00Z")
AS_OF = "2025-07-01"
PEOPLE = {"GB": 120, "AL": 40, None: 5}
FLAGS = {"GB": 12, "AL": 8}


def _person(pid: str, nationality: str | None, **extra: Any) -> dict[str, Any]:
    return SOURCE.person(pid, "Test", f"Person {pid}", gender="male",
                         nationalities=[nationality] if nationality else [], **extra)


def _flag(fid: str, pid: str, set_at: str, reason: str = "Serious violence") -> dict[str, Any]:
    return SOURCE.row(id=fid, kind="high_harm", person_id=pid, reason=reason, set_by="DS 42",
                      set_at=set_at, review_date="2026-01-01")


def _conviction(cid: str, pid: str, on: str, *offences: str) -> dict[str, Any]:
    return SOURCE.row(id=cid, person_id=pid, convicted_on=on, court="Test Crown Court",
                      plea="guilty", disposal="fine", jurisdiction="GB", known_via="pnc",
                      offence_ids=list(offences))


def build(driver: Driver, database: str, *, analytics: bool = True) -> None:
    persons, flags, convictions, lives_at = [], [], [], []
    violence = "violence_against_the_person"
    offences = [SOURCE.row(id=code, description=text, category=category, chi_days=days)
                for code, text, category, days in [
                    ("008/01", "Inflicting GBH without intent", violence, 365.0),
                    ("105/01", "Common assault", violence, 9.0),
                    ("005/01", "Wounding with intent", violence, 1460.0),
                    ("046/01", "Shoplifting", "theft", 2.0)]]
    locations = [SOURCE.row(id=f"L-{b[:3].upper()}", kind="address", name=f"1 {b} Road",
                            borough=b) for b in ("Camden", "Hackney")]
    for nationality, count in PEOPLE.items():
        for n in range(1, count + 1):
            pid = f"P-{nationality or 'XX'}{n:03d}"
            persons.append(_person(pid, nationality))
            borough = "Camden" if nationality == "GB" and n <= 100 else (
                "Hackney" if nationality != "GB" else None)
            if borough:
                lives_at.append(SOURCE.row(id=f"LA-{pid}", person_id=pid,
                                           location_id=f"L-{borough[:3].upper()}",
                                           since="2020-01-01"))
    for n in range(1, FLAGS["GB"] + 1):
        month = "02" if n <= 6 else "05"
        flags.append(_flag(f"FL-GB{n:02d}", f"P-GB{n:03d}", f"2025-{month}-10T10:00:00Z"))
    for n in range(1, FLAGS["AL"] + 1):
        flags.append(_flag(f"FL-AL{n:02d}", f"P-AL{n:03d}", "2025-04-15T10:00:00Z"))
    # Top harm: six GB and three AL people have convictions.
    for n in range(1, 7):
        convictions.append(_conviction(f"CV-GB{n}", f"P-GB{n + 20:03d}", "2023-03-01", "105/01"))
    for n in range(1, 4):
        convictions.append(_conviction(f"CV-AL{n}", f"P-AL{n + 20:03d}", "2023-03-01", "105/01"))
    # The named people of the working.
    persons += [_person("P-T1", "GB"), _person("P-T2", "AL"), _person("P-T3", "AL"),
                _person("P-R1", "GB")]
    lives_at += [SOURCE.row(id="LA-T1", person_id="P-T1", location_id="L-CAM", since="2020-01-01"),
                 SOURCE.row(id="LA-T2", person_id="P-T2", location_id="L-HAC", since="2020-01-01"),
                 SOURCE.row(id="LA-T3", person_id="P-T3", location_id="L-HAC", since="2020-01-01")]
    convictions += [_conviction("CV-T1", "P-T1", "2024-01-01", "008/01", "105/01"),
                    _conviction("CV-T2", "P-T2", "2004-01-01", "005/01"),
                    _conviction("CV-T3", "P-T3", "2024-06-01", "046/01")]
    flags += [_flag("FL-T1", "P-T1", "2024-02-01T10:00:00Z"),
              _flag("FL-T2", "P-T2", "2010-02-01T10:00:00Z")]
    associations = [SOURCE.row(id=f"AS-R{n}", kind="friend", person_id="P-R1",
                               other_person_id=f"P-T{n}") for n in (1, 2, 3)]
    write_records(driver, database, {
        "offence": offences, "location": locations, "person": persons,
        "lives_at": lives_at, "flag": flags, "conviction": convictions,
        "association": associations})
    clear = [SOURCE.row(id=f"FE-GB{n}", flag_id=f"FL-GB{n:02d}", action="cleared",
                        at="2025-06-01T10:00:00Z", by="DI 7", reason="No longer relevant")
             for n in (1, 2)]
    clear.append(SOURCE.row(id="FE-T2", flag_id="FL-T2", action="cleared",
                            at="2015-06-01T10:00:00Z", by="DI 7", reason="Reviewed"))
    write_records(driver, database, {"flag_event": clear})
    if analytics:
        import datetime as dt

        run_all(driver, database, as_of=dt.date.fromisoformat(AS_OF), recorded_by="tester")
