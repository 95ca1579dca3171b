"""A flag read as a case file (docs/flags.md): the flag, what it rests on, who challenged
it and what was decided, and its whole trail in time order.

`FLAG_CASE_MAP` is the one Cypher projection of a flag, used by the person's lists
(graph/explorer/people.py), the history (graph/history/queries.py) and `flag_case`, so
a flag reads the same wherever it is shown. Its evidence is filtered by the reader's
clearance (`$codes`); whether the flag rests on any conviction is read over all of its
evidence (convictions carry no handling code, so that answer reveals nothing hidden).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from neo4j import Driver

from graph.access import Clearance, visible
from graph.db.temporal import to_native
from graph.grading import weakest

_EVIDENCE_KIND = ("CASE WHEN r:Conviction THEN 'conviction' WHEN r:Arrest THEN 'arrest' "
                  "WHEN r:Charge THEN 'charge' ELSE 'intelligence_report' END")


def flag_case_map(var: str) -> str:
    """The map projection of the Flag bound to `var` (a name from query text)."""
    if not var.isidentifier():
        raise ValueError(f"not a Cypher variable: {var!r}")
    return f"""{var} {{ .*,
  events: [({var})-[:HAS_EVENT]->(e:FlagEvent) | e {{ .* }}],
  challenges: [({var})-[:HAS_CHALLENGE]->(c:FlagChallenge) | c {{ .* }}],
  evidence_unproven: NOT EXISTS {{ ({var})-[:RESTS_ON]->(:Conviction) }},
  evidence: [({var})-[:RESTS_ON]->(r)
             WHERE (r:Conviction OR r:Arrest OR r:Charge OR r:IntelligenceReport)
               AND {visible('r')} |
    r {{ .id, .source, .summary, .outcome, .status, .convicted_on, .arrested_at, .charged_at,
        .reported_at, .source_evaluation, .intelligence_assessment, .handling_code,
        .handling_conditions, kind: {_EVIDENCE_KIND},
        offences: [(r)-[:FOR_OFFENCE]->(o:Offence) | o.description] }}] }}"""


FLAG_CASE = f"""
MATCH (p:Person)-[:HAS_FLAG]->(x:Flag {{id: $flag_id}})
RETURN p {{ .id, .full_name }} AS person, {flag_case_map('x')} AS flag
"""

_EVIDENCE_LABELS = {"conviction": "Conviction", "arrest": "Arrest", "charge": "Charge",
                    "intelligence_report": "Intelligence"}


def flag_case(driver: Driver, database: str, flag_id: str, *, clearance: Clearance
              ) -> dict[str, Any] | None:
    """The flag's case file ({person, flag, trail}), or None when there is no such flag."""
    records, _, _ = driver.execute_query(FLAG_CASE, flag_id=flag_id, database_=database,
                                         routing_="r", **clearance.params)
    if not records:
        return None
    flag = dict(records[0]["flag"])
    return {"person": dict(records[0]["person"]), "flag": flag, "trail": trail(flag)}


def evidence_grading(flag: Mapping[str, Any]) -> dict[str, Any] | None:
    """The weakest grading of the (visible) evidence a flag rests on (graph/grading.py)."""
    return weakest(flag.get("evidence") or [])


def evidence_line(item: Mapping[str, Any]) -> str:
    """One line naming an evidence record, e.g. "Arrest AR-1 (2024-02-02, nfa)"."""
    kind = item.get("kind") or ""
    when = next((to_native(item[name]) for name in
                 ("convicted_on", "arrested_at", "charged_at", "reported_at") if item.get(name)),
                None)
    if isinstance(when, datetime):
        when = when.date()
    when_text = when.isoformat() if isinstance(when, date) else None
    detail = {"arrest": item.get("outcome"), "charge": item.get("status"),
              "conviction": ", ".join(item.get("offences") or []) or None,
              "intelligence_report": item.get("summary")}.get(kind)
    grade = (f" {item['source_evaluation']}{item.get('intelligence_assessment') or ''} "
             f"{item.get('handling_code') or 'P'}" if item.get("source_evaluation") else "")
    inner = ", ".join(str(part) for part in (when_text, detail) if part)
    return (f"{_EVIDENCE_LABELS.get(kind, kind)} {item.get('id')}"
            + (f" ({inner})" if inner else "") + grade)


def review_overdue(flag: Mapping[str, Any], today: date) -> bool:
    """An active flag whose review date has passed."""
    review = to_native(flag.get("review_date"))
    return flag.get("status") == "active" and isinstance(review, date) and review < today


def trail(flag: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every step of the flag in time order: its events (set, reviewed, cleared) and each
    challenge raised and decided."""
    steps: list[dict[str, Any]] = []
    for event in flag.get("events") or []:
        steps.append({"id": event.get("id"), "action": event.get("action"),
                      "at": to_native(event.get("at")), "by": event.get("by"),
                      "text": event.get("reason"),
                      "next_review_date": to_native(event.get("next_review_date"))})
    for challenge in flag.get("challenges") or []:
        raised_by = str(challenge.get("raised_by") or "").replace("_", " ")
        detail = challenge.get("raised_by_detail")
        steps.append({"id": challenge.get("id"), "action": "challenged",
                      "at": to_native(challenge.get("raised_at")),
                      "by": f"{raised_by} ({detail})" if detail else raised_by,
                      "text": challenge.get("grounds"), "next_review_date": None})
        if challenge.get("status") in ("upheld", "rejected"):
            steps.append({"id": challenge.get("id"),
                          "action": f"challenge_{challenge['status']}",
                          "at": to_native(challenge.get("decided_at")),
                          "by": challenge.get("decided_by"),
                          "text": challenge.get("decision_reason"), "next_review_date": None})
    order = {"set": 0, "challenged": 1, "challenge_rejected": 2, "challenge_upheld": 2,
             "reviewed": 3, "cleared": 4}
    steps.sort(key=lambda s: (s["at"] is None, s["at"].isoformat() if s["at"] else "",
                              order.get(str(s["action"]), 9)))
    return steps
