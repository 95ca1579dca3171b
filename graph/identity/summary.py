"""A short risk summary per candidate, for many candidates in one query.

Counts and lists an officer needs at the custody desk before deciding who the person is:
active flags, convictions (and how many abroad: a conviction's `jurisdiction` other than
"GB"), active warrants, immigration status, warning markers and the last arrest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver

RISK_SUMMARIES = """
UNWIND $ids AS id
MATCH (p:Person {id: id})
CALL (p) {
  OPTIONAL MATCH (p)-[:WAS_ARRESTED]->(a:Arrest)
  RETURN max(a.arrested_at) AS last_arrested_at
}
RETURN p.id AS id,
       COUNT { (p)-[:HAS_FLAG]->(:Flag {status: 'active'}) } AS active_flags,
       COUNT { (p)-[:WAS_CONVICTED]->(:Conviction) } AS convictions,
       COUNT { (p)-[:WAS_CONVICTED]->(c:Conviction)
               WHERE coalesce(c.jurisdiction, 'GB') <> 'GB' } AS foreign_convictions,
       [(p)-[:WANTED_ON]->(w:Warrant {status: 'active'}) | w { .* }] AS active_warrants,
       p.immigration_status AS immigration_status,
       coalesce(p.warning_markers, []) AS warning_markers,
       last_arrested_at
"""

# Immigration statuses that make a person liable to removal.
IRREGULAR_STATUSES = frozenset({"overstayer", "illegal_entrant"})


@dataclass(frozen=True)
class RiskSummary:
    active_flags: int = 0
    convictions: int = 0
    foreign_convictions: int = 0
    active_warrants: list[dict[str, Any]] = field(default_factory=list)
    immigration_status: str | None = None
    warning_markers: list[str] = field(default_factory=list)
    last_arrested_at: Any = None

    def reasons(self) -> list[str]:
        """Plain-language reasons, most serious first."""
        out = [f"active warrant: {w.get('kind')} ({w.get('issuing_country')})"
               for w in self.active_warrants]
        if self.active_flags:
            out.append(f"{self.active_flags} active high-harm flag(s)")
        if self.immigration_status in IRREGULAR_STATUSES:
            out.append(f"immigration status: {self.immigration_status}")
        if self.foreign_convictions:
            out.append(f"{self.foreign_convictions} conviction(s) abroad")
        if self.convictions - self.foreign_convictions > 0:
            out.append(f"{self.convictions - self.foreign_convictions} conviction(s) at home")
        if self.warning_markers:
            out.append("warning markers: " + ", ".join(self.warning_markers))
        return out

    def level(self) -> str:
        """high: wanted or flagged; medium: convicted, irregular status or markers; low."""
        if self.active_warrants or self.active_flags:
            return "high"
        if (self.convictions or self.immigration_status in IRREGULAR_STATUSES
                or self.warning_markers):
            return "medium"
        return "low"


def risk_summaries(driver: Driver, database: str, ids: list[str]) -> dict[str, RiskSummary]:
    if not ids:
        return {}
    records, _, _ = driver.execute_query(RISK_SUMMARIES, ids=sorted(set(ids)),
                                         database_=database, routing_="r")
    return {
        r["id"]: RiskSummary(
            active_flags=r["active_flags"], convictions=r["convictions"],
            foreign_convictions=r["foreign_convictions"],
            active_warrants=list(r["active_warrants"]),
            immigration_status=r["immigration_status"],
            warning_markers=list(r["warning_markers"]),
            last_arrested_at=r["last_arrested_at"])
        for r in records
    }
