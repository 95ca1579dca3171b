"""Wanted abroad: SIS II alerts (European Arrest Warrants) and Interpol notices.

A strong hit (identifier, or name and date of birth) on an active alert is a match and
becomes a Warrant (FOUND by the check, WANTED_ON by the person); weaker hits (name only,
or a date of birth that is only close) make the check inconclusive, listing them so the
officer can confirm by fingerprints. No hit is "no_match".
"""

from __future__ import annotations

from typing import Any

from graph.checks.sources import Outcome, SourceClient, Subject, hits_of, split_hits


class _WantedAbroad:
    kind = "wanted_abroad"
    against = ""
    path = ""
    label = ""

    async def check(self, subject: Subject, client: SourceClient) -> Outcome:
        answer, tries = await client.search(self.path, subject.query())
        strong, possible = split_hits(hits_of(answer, tries))
        notices = [(hit, notice) for hit in strong for notice in hit.get("notices") or []
                   if notice.get("status") == "active"]
        if notices:
            warrants = [self._warrant(subject, notice) for _, notice in notices]
            refs = ", ".join(f"{n['reference']} ({n['issuing_country']}: "
                             f"{n.get('offence_description') or 'offence not given'})"
                             for _, n in notices)
            return Outcome("match", f"WANTED: {len(notices)} active alert"
                           f"{'s' if len(notices) > 1 else ''} on {self.label}: {refs}",
                           matched=[_matched(hit) for hit in strong], warrants=warrants,
                           attempts=tries)
        if possible:
            names = "; ".join(_describe(hit) for hit in possible)
            return Outcome("inconclusive", f"Possible alert on {self.label}, not confirmed "
                           f"(confirm by fingerprints): {names}",
                           matched=[_matched(hit) for hit in possible], attempts=tries)
        return Outcome("no_match", f"No trace on {self.label}", attempts=tries)

    def _warrant(self, subject: Subject, notice: dict[str, Any]) -> dict[str, Any]:
        return {"person_id": subject.person_id, "kind": notice["kind"],
                "issuing_country": notice["issuing_country"],
                "reference": notice["reference"],
                "offence_description": notice.get("offence_description"),
                "issued_on": notice.get("issued_on"), "status": "active",
                "source": self.label}


def _describe(hit: dict[str, Any]) -> str:
    return (f"{hit.get('given_names', '')} {hit.get('family_name', '')} "
            f"({', '.join(hit.get('dates_of_birth') or []) or 'no DOB'}, "
            f"{hit.get('nationality') or '?'}; {', '.join(hit.get('why') or [])})")


def _matched(hit: dict[str, Any]) -> dict[str, Any]:
    return {key: hit.get(key) for key in ("record", "given_names", "family_name",
                                          "dates_of_birth", "nationality", "score", "why",
                                          "notices")}


class SisII(_WantedAbroad):
    against = "SIS_II"
    path = "/sis/search"
    label = "SIS II"


class Interpol(_WantedAbroad):
    against = "INTERPOL_I24_7"
    path = "/interpol/search"
    label = "Interpol I-24/7"
