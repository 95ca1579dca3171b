"""Immigration status: the Home Office Central Immigration Database (HO CID)."""

from __future__ import annotations

from graph.checks.sources import Outcome, SourceClient, Subject, hits_of, split_hits
from graph.checks.wanted import _describe


class HoCid:
    kind = "immigration_status"
    against = "HO_CID"
    path = "/hocid/search"
    label = "HO CID"

    async def check(self, subject: Subject, client: SourceClient) -> Outcome:
        answer, tries = await client.search(self.path, subject.query())
        strong, possible = split_hits(hits_of(answer, tries))
        matched = [{key: hit.get(key) for key in ("record", "given_names", "family_name",
                                                  "dates_of_birth", "nationality", "score",
                                                  "why", "immigration")}
                   for hit in strong or possible]
        statuses = {status for hit in strong
                    if (status := (hit.get("immigration") or {}).get("status")) is not None}
        if len(statuses) == 1:
            record = strong[0]["immigration"]
            status = statuses.pop()
            return Outcome("match", f"Home Office status: {status.replace('_', ' ')} "
                           f"(reference {record.get('ho_reference') or 'none'}, reviewed "
                           f"{record.get('reviewed_on') or 'unknown'})", matched=matched,
                           attempts=tries)
        if strong:
            return Outcome("inconclusive", "Home Office holds conflicting records: " +
                           "; ".join(_describe(hit) for hit in strong), matched=matched,
                           attempts=tries)
        if possible:
            return Outcome("inconclusive", "Possible Home Office record, not confirmed: " +
                           "; ".join(_describe(hit) for hit in possible), matched=matched,
                           attempts=tries)
        return Outcome("no_match", "No Home Office record", attempts=tries)
