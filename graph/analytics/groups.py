"""How a person is put in a group, for the accountability measures: by nationality or by
borough. One definition, used by the top-harm list's borough filter and by
disproportionality (graph/analytics/disproportionality.py), so the two count alike.

* NATIONALITY: each nationality a person holds (a dual national counts in both groups);
  "unknown" when none is recorded.
* BOROUGH: the borough of the person's current address (a LIVES_AT with no `until`, the
  latest `since` first; else the latest address ever); "unknown" when none has a borough.

The Cypher fragments below are expressions over a bound `p:Person`; they are constants
(never built from input) and each caller passes values as parameters.
"""

from __future__ import annotations

from enum import StrEnum

UNKNOWN = "unknown"


class GroupBy(StrEnum):
    NATIONALITY = "NATIONALITY"
    BOROUGH = "BOROUGH"


BOROUGH_OF = """coalesce(COLLECT {
  MATCH (p)-[r:LIVES_AT]->(l:Location) WHERE l.borough IS NOT NULL
  RETURN l.borough ORDER BY r.until IS NULL DESC, r.until DESC, r.since DESC LIMIT 1
}[0], 'unknown')"""

NATIONALITIES_OF = """CASE WHEN size(coalesce(p.nationalities, [])) = 0 THEN ['unknown']
  ELSE p.nationalities END"""

# A list of group names per person (one for BOROUGH), so both groupings UNWIND alike.
GROUPS_OF: dict[GroupBy, str] = {
    GroupBy.NATIONALITY: NATIONALITIES_OF,
    GroupBy.BOROUGH: f"[{BOROUGH_OF}]",
}
