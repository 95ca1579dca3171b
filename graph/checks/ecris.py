"""Convictions abroad: ECRIS, the EU's exchange of criminal records.

A strong hit's convictions become Conviction records (jurisdiction the convicting state,
known_via "ecris", offences by Home Office code), so the person's record and history show
them with the convictions at home; what was matched is kept on the check too.
"""

from __future__ import annotations

from typing import Any

from graph.checks.sources import Outcome, SourceClient, Subject, hits_of, split_hits
from graph.checks.wanted import _describe


class Ecris:
    kind = "foreign_convictions"
    against = "ECRIS"
    path = "/ecris/search"
    label = "ECRIS"

    async def check(self, subject: Subject, client: SourceClient) -> Outcome:
        answer, tries = await client.search(self.path, subject.query())
        strong, possible = split_hits(hits_of(answer, tries))
        found = [(hit, c) for hit in strong for c in hit.get("convictions") or []]
        matched = [{key: hit.get(key) for key in ("record", "given_names", "family_name",
                                                  "dates_of_birth", "nationality", "score",
                                                  "why", "convictions")}
                   for hit in strong or possible]
        if found:
            text = "; ".join(f"{c['convicted_on']} {c['country']} "
                             f"{', '.join(c.get('offence_codes') or [])} ({c['disposal']})"
                             for _, c in found)
            return Outcome("match", f"{len(found)} conviction{'s' if len(found) > 1 else ''}"
                           f" abroad on ECRIS: {text}", matched=matched,
                           convictions=[_conviction(subject, c) for _, c in found],
                           attempts=tries)
        if possible:
            return Outcome("inconclusive", "Possible ECRIS record, not confirmed: " +
                           "; ".join(_describe(hit) for hit in possible),
                           matched=matched, attempts=tries)
        return Outcome("no_match", "No convictions on ECRIS", attempts=tries)


def _conviction(subject: Subject, conviction: dict[str, Any]) -> dict[str, Any]:
    row = {"person_id": subject.person_id, "jurisdiction": conviction["country"],
           "known_via": "ecris", "convicted_on": conviction["convicted_on"],
           "court": conviction.get("court"), "disposal": conviction["disposal"],
           "offence_ids": list(conviction.get("offence_codes") or []),
           "source": "ECRIS response"}
    if conviction.get("disposal_months") is not None:
        row["disposal_months"] = conviction["disposal_months"]
    return row
