"""Fingerprints: IDENT1 identifies a tenprint and returns the PNC ID / CRO number it
belongs to. Prints that identify someone other than the record in hand are the clearest
sign of a false identity, so the check says so."""

from __future__ import annotations

from graph.checks.sources import Outcome, SourceClient, Subject, hits_of, split_hits


class Ident1:
    kind = "fingerprints"
    against = "IDENT1"
    path = "/ident1/search"
    label = "IDENT1"

    async def check(self, subject: Subject, client: SourceClient) -> Outcome:
        answer, tries = await client.search(self.path, subject.query())
        strong, _possible = split_hits(hits_of(answer, tries))
        matched = [{key: hit.get(key) for key in ("record", "given_names", "family_name",
                                                  "dates_of_birth", "score", "why",
                                                  "fingerprint")} for hit in strong]
        if len(strong) == 1:
            prints = strong[0].get("fingerprint") or {}
            text = (f"Prints identified: PNC ID {prints.get('pnc_id') or 'none'}, "
                    f"CRO {prints.get('cro_number') or 'none'}")
            if subject.pnc_id and prints.get("pnc_id") and prints["pnc_id"] != subject.pnc_id:
                text += (f"; differs from this record's PNC ID {subject.pnc_id}: "
                         "possible false identity")
            return Outcome("match", text, matched=matched, attempts=tries)
        if strong:
            return Outcome("inconclusive", f"Prints returned {len(strong)} candidate "
                           "identities; refer to the fingerprint bureau", matched=matched,
                           attempts=tries)
        return Outcome("no_match", "No fingerprint identification on IDENT1", attempts=tries)
