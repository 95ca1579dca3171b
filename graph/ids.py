"""New record ids, minted in one format: `<prefix>-<20 upper-case hex digits>`.

Every random id the graph and the API write comes from `new_id(kind)`, so every kind of
record has one recognisable prefix (`PREFIXES`; the demo uses the same ones) and one
shape, e.g. `P-3F9A0C21B7DE5A10C4E2`.
The twenty digits are the first 80 bits of a uuid4: writes MERGE on ids, so a collision
would silently join two records, and 48 bits (the old twelve digits) make one likely
(about one in six) by ten million records; 80 bits keep it below one in 10^10. Ids already
stored keep whatever shape they were minted in: nothing parses an id, it is only compared.

Not minted here: ids that follow from something else, so that a retry or a rescan lands
on the same node (a duplicate pair `DC-<a>-<b>`, a same-as link `SA-<a>-<b>`, an id
derived from an idempotency key, an analytics run named after its time), and the audit
journal's `entry_id`, an idempotency key that keeps all 128 bits of its uuid4 because a
collision there would drop an audit entry.
"""

from __future__ import annotations

import uuid

PREFIXES: dict[str, str] = {
    "person": "P", "arrest": "AR", "charge": "CH", "conviction": "CV", "incident": "IN",
    "incident_role": "IR", "association": "AS", "membership": "ME",
    "intelligence_report": "IT", "check": "CK", "flag": "FL", "flag_event": "FE",
    "flag_challenge": "FC",
    "review_event": "RV", "check_run": "RUN", "duplicate_scan": "DS",
    "duplicate_check": "DCK", "safeguarding_referral": "SG", "investigation": "INV",
}
DIGITS = 20


def new_id(kind: str) -> str:
    """A new random id for a record of `kind` (a key of `PREFIXES`)."""
    return f"{PREFIXES[kind]}-{uuid.uuid4().hex[:DIGITS].upper()}"
