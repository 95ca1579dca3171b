"""Part B sections besides arrests and associates: incidents by role, gang membership,
direct associations, graded intelligence, checks and warrants."""

from __future__ import annotations

from typing import Any

from graph.history.asof import AsOf, iso
from graph.history.cite import cite, grading, label, restricted, text
from graph.history.model import PART_UNPROVEN, Item, Section

ROLES = {"SUSPECT_IN": "Suspect", "VICTIM_IN": "Victim", "WITNESS_IN": "Witness",
         "OTHER_PARTY_IN": "Other party"}


def _by_when(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda item: (item.when or "", item.id))


def _handling(record: dict[str, Any]) -> str:
    code, conditions = restricted(record)
    if code == "C":
        return f"C — share only under conditions: {text(conditions)}"
    return "P" if code == "P" else "—"


def _cooperation(rel: dict[str, Any]) -> str:
    if rel["role"] not in ("VICTIM_IN", "WITNESS_IN"):
        return "n/a"
    cooperated = rel.get("cooperated")
    if cooperated is False:
        return "REFUSED TO COOPERATE with police"
    return "Cooperated" if cooperated else "Not recorded"


def incidents_section(incidents: list[dict[str, Any]], as_of: AsOf) -> Section:
    items = []
    for entry in incidents:
        rel, incident = entry["rel"], entry["incident"]
        if not (as_of.counts(rel) and as_of.counts(incident, "occurred_at")):
            continue
        role, cooperation = ROLES[rel["role"]], _cooperation(rel)
        note = " — refused to cooperate" if rel.get("cooperated") is False else ""
        items.append(Item(
            id=str(rel.get("id") or incident["id"]),
            title=f"{role} in {label(incident.get('type')).lower()} {incident['id']}{note}",
            when=iso(incident.get("occurred_at")),
            fields=[["Role", role], ["Type", label(incident.get("type"))],
                    ["Description", text(incident.get("description"))],
                    ["Location", text(incident.get("location"))],
                    ["Cooperation", cooperation], ["Incident", incident["id"]]],
            citations=[cite(rel, ROLES[rel["role"]] + " role"), cite(incident, "Incident")]))
    return Section("incidents", PART_UNPROVEN, "Incidents by role",
                   "The subject's role in each incident as recorded; a suspect role is an "
                   "allegation. Victims and witnesses who refused to cooperate are marked.",
                   _by_when(items))


def memberships_section(memberships: list[dict[str, Any]], as_of: AsOf) -> Section:
    items = []
    for entry in memberships:
        rel, group = entry["rel"], entry["organisation"]
        if not as_of.counts(rel, "since"):
            continue
        code, conditions = restricted(rel)
        items.append(Item(
            id=str(rel.get("id")),
            title=f"{label(rel.get('role'))} of {group.get('name')} ({group['id']})",
            when=iso(rel.get("since")),
            fields=[["Organisation", f"{group.get('name')} — {label(group.get('kind'))}, "
                                     f"{text(group.get('area'))}"],
                    ["Role", label(rel.get("role"))], ["Since", text(iso(rel.get("since")))],
                    ["Until", text(iso(rel.get("until")))],
                    ["Grading", text(grading(rel))], ["Handling", _handling(rel)]],
            citations=[cite(rel, "Membership")], handling_code=code,
            handling_conditions=conditions))
    return Section("memberships", PART_UNPROVEN, "Gang and organised crime group membership",
                   "Membership is intelligence-based; see each line's grading.",
                   _by_when(items))


def direct_section(direct: list[dict[str, Any]], subject_id: str, as_of: AsOf,
                   limit: int, rank: dict[str, int] | None = None) -> Section:
    """Every direct link as at the date; people also listed among the associates (by
    their significance there, `rank`: person id -> position) first, then the rest by
    grading (better graded first, ungraded last) and name."""
    rank = rank or {}
    keys: dict[int, tuple[Any, ...]] = {}
    items = []
    for entry in direct:
        rel, other = entry["rel"], entry["other"]
        if not (as_of.counts(rel, "since") and as_of.counts(other)):
            continue
        code, conditions = restricted(rel)
        derived = " (derived from a shared incident)" if rel.get("derived") else ""
        items.append(Item(
            id=str(rel.get("id")),
            title=f"{label(rel['kind'].lower())}{derived}: {other.get('full_name')} "
                  f"({other['id']})",
            when=iso(rel.get("since")),
            fields=[["Since", text(iso(rel.get("since")))],
                    ["Until", text(iso(rel.get("until")))],
                    ["Detail", text(rel.get("detail"))],
                    ["Grading", text(grading(rel))], ["Handling", _handling(rel)]],
            citations=[cite(rel, rel["kind"])], handling_code=code,
            handling_conditions=conditions))
        source = str(rel.get("source_evaluation") or "")
        keys[id(items[-1])] = (rank.get(other["id"], len(rank)),
                              int(source) if source.isdigit() else 9,
                              str(rel.get("intelligence_assessment") or "Z"))
    items.sort(key=lambda item: (*keys[id(item)], item.title, item.id))
    return Section("direct_associations", PART_UNPROVEN, "Direct associations",
                   f"Every person linked directly to {subject_id} as at the date: people "
                   "also listed among the associates first, then better-graded links.",
                   items[:limit], total=len(items) if len(items) > limit else None)


def intelligence_section(reports: list[dict[str, Any]], as_of: AsOf) -> Section:
    items = []
    for report in reports:
        if not as_of.counts(report, "reported_at"):
            continue
        code, conditions = restricted(report)
        items.append(Item(
            # The summary and the grading are fields: a title repeating them said it twice.
            id=report["id"], title=f"Intelligence report {report['id']}",
            when=iso(report.get("reported_at")),
            fields=[["Summary", text(report.get("summary"))],
                    ["Grading", text(grading(report))], ["Handling", _handling(report)],
                    ["Review date", text(iso(report.get("review_date")))]],
            citations=[cite(report, "IntelligenceReport")], handling_code=code,
            handling_conditions=conditions))
    return Section("intelligence", PART_UNPROVEN, "Graded intelligence",
                   "Graded on the 3x5x2 system: source evaluation (1 reliable, 2 untested, "
                   "3 not reliable), intelligence assessment (A-E), handling code (P "
                   "permitted; C only under the stated conditions).", _by_when(items))


def checks_section(checks: list[dict[str, Any]], as_of: AsOf) -> Section:
    items = [Item(
        id=check["id"],
        title=f"{label(check.get('kind'))} check against {check.get('against')}: "
              f"{label(check.get('result')).upper()}",
        when=iso(check.get("checked_at")),
        fields=[["Kind", label(check.get("kind"))], ["Against", text(check.get("against"))],
                ["Checked by", text(check.get("checked_by"))],
                ["Result", label(check.get("result"))], ["Detail", text(check.get("detail"))],
                ["Warrant found", text(check.get("warrant_id"))]],
        citations=[cite(check, "Check")])
        for check in checks if as_of.counts(check, "checked_at")]
    return Section("checks", PART_UNPROVEN, "Checks",
                   "Identity and record checks run in custody, with who ran them and "
                   "against which source.", _by_when(items))


def warrants_section(warrants: list[dict[str, Any]], as_of: AsOf) -> Section:
    items = [Item(
        id=warrant["id"],
        title=f"{label(warrant.get('kind'))} ({warrant.get('issuing_country')}): "
              f"{text(warrant.get('offence_description'))} — {label(warrant.get('status'))}",
        when=iso(warrant.get("issued_on")),
        fields=[["Kind", label(warrant.get("kind"))],
                ["Issuing country", text(warrant.get("issuing_country"))],
                ["Reference", text(warrant.get("reference"))],
                ["Offence", text(warrant.get("offence_description"))],
                ["Status (as recorded now)", label(warrant.get("status"))]],
        citations=[cite(warrant, "Warrant")])
        for warrant in warrants if as_of.counts(warrant, "issued_on")]
    return Section("warrants", PART_UNPROVEN, "Warrants",
                   "A warrant is an allegation by the issuing authority, not a finding.",
                   _by_when(items))
