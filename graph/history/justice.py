"""Convictions (Part A, proven) and the arrests and charges that did not end in a
conviction (Part B, unproven), as at the date.

An arrest belongs to Part B unless every charge it led to ended in a conviction that
counts as at the date; an NFA arrest therefore always stays in Part B, marked NFA. A
charge whose conviction came after the as-at date is shown pending, as it was then.
"""

from __future__ import annotations

from typing import Any

from graph.history.asof import AsOf, day, iso
from graph.history.cite import cite, label, offence_text, text
from graph.history.model import PART_PROVEN, PART_UNPROVEN, Item, Section

HOME = "GB"
KNOWN_VIA = {"pnc": "PNC", "ecris": "ECRIS exchange", "interpol": "Interpol",
             "bilateral": "Bilateral exchange", "other": "Other"}
OUTCOMES = {
    "nfa": "NO FURTHER ACTION (NFA)",
    "charged": "Charged",
    "released_under_investigation": "Released under investigation",
    "bail": "Bailed",
    "caution": "Cautioned (not a conviction)",
    "community_resolution": "Community resolution (not a conviction)",
}


def counted_convictions(convictions: list[dict[str, Any]], as_of: AsOf) -> list[dict[str, Any]]:
    found = [c for c in convictions if as_of.counts(c, "convicted_on")]
    found.sort(key=lambda c: (iso(c.get("convicted_on")) or "", c["id"]))
    return found


def _disposal(conviction: dict[str, Any]) -> str:
    disposal = label(conviction.get("disposal"))
    months = conviction.get("disposal_months")
    return f"{disposal}, {months} months" if months else disposal


def _conviction_item(conviction: dict[str, Any]) -> Item:
    offences = conviction.get("offences") or []
    jurisdiction = conviction.get("jurisdiction") or HOME
    fields = [["Court", text(conviction.get("court"))],
              ["Jurisdiction", jurisdiction],
              ["Known via", KNOWN_VIA.get(conviction.get("known_via") or "",
                                          label(conviction.get("known_via")))],
              ["Offences", offence_text(offences)],
              ["Plea", label(conviction.get("plea"))],
              ["Disposal", _disposal(conviction)]]
    if conviction.get("charge_id") or conviction.get("arrest_id"):
        fields.append(["Arising from", ", ".join(
            f"{kind} {rid}" for kind, rid in (("arrest", conviction.get("arrest_id")),
                                              ("charge", conviction.get("charge_id"))) if rid)])
    where = "" if jurisdiction == HOME else f" ({jurisdiction})"
    return Item(id=conviction["id"],
                title=f"Convicted{where}: {offence_text(offences)}",
                when=iso(conviction.get("convicted_on")), fields=fields,
                citations=[cite(conviction, "Conviction")])


def conviction_sections(convictions: list[dict[str, Any]]) -> list[Section]:
    home = [c for c in convictions if (c.get("jurisdiction") or HOME) == HOME]
    abroad = [c for c in convictions if (c.get("jurisdiction") or HOME) != HOME]
    return [
        Section("convictions_home", PART_PROVEN, "Convictions in the United Kingdom",
                "Findings of guilt by a court, as recorded on the PNC.",
                [_conviction_item(c) for c in home]),
        Section("convictions_abroad", PART_PROVEN, "Convictions abroad",
                "Foreign convictions, with the jurisdiction and the exchange they became "
                "known through (ECRIS, Interpol, bilateral).",
                [_conviction_item(c) for c in abroad]),
    ]


def _charge_status(charge: dict[str, Any], counted_ids: set[str]) -> tuple[str, bool]:
    """(status as at the date, whether it ended in a conviction that counts)."""
    convicted = any(v["id"] in counted_ids for v in charge.get("convictions") or [])
    status = charge.get("status") or "pending"
    if status == "convicted" and not convicted:
        return "pending at the as-at date", False
    return label(status), convicted


def unproven_section(arrests: list[dict[str, Any]], charges: list[dict[str, Any]],
                     convictions: list[dict[str, Any]], as_of: AsOf) -> Section:
    counted_ids = {c["id"] for c in convictions}
    charges = [c for c in charges if as_of.counts(c, "charged_at")]
    by_arrest: dict[str, list[dict[str, Any]]] = {}
    for charge in charges:
        if charge.get("arrest_id"):
            by_arrest.setdefault(charge["arrest_id"], []).append(charge)
    items: list[Item] = []
    for arrest in arrests:
        if not as_of.counts(arrest, "arrested_at"):
            continue
        led_to = sorted(by_arrest.get(arrest["id"], []), key=lambda c: c["id"])
        statuses = [(c, *_charge_status(c, counted_ids)) for c in led_to]
        if statuses and all(convicted for _, _, convicted in statuses):
            continue  # shown in Part A as the conviction it led to
        items.append(_arrest_item(arrest, statuses))
    arrest_ids = {a["id"] for a in arrests}
    for charge in charges:
        if charge.get("arrest_id") in arrest_ids:
            continue
        status, convicted = _charge_status(charge, counted_ids)
        if not convicted:
            items.append(_charge_item(charge, status))
    items.sort(key=lambda item: (item.when or "", item.id))
    return Section("arrests_charges", PART_UNPROVEN,
                   "Arrests and charges that did not end in a conviction",
                   "An arrest or a charge is not evidence of guilt. Each line shows its "
                   "outcome; no further action (NFA) means the matter ended there.", items)


def _arrest_item(arrest: dict[str, Any],
                 statuses: list[tuple[dict[str, Any], str, bool]]) -> Item:
    outcome = OUTCOMES.get(arrest.get("outcome") or "", label(arrest.get("outcome")))
    offences = offence_text(arrest.get("offences") or [])
    fields = [["Offences", offences], ["Outcome", outcome],
              ["Outcome reason", text(arrest.get("outcome_reason"))],
              ["Custody suite", text(arrest.get("custody_suite"))],
              ["Arresting officer", text(arrest.get("arresting_officer"))],
              ["Incident", text(arrest.get("incident_id"))]]
    if statuses:
        fields.append(["Charges", "; ".join(f"{c['id']}: {status}"
                                            for c, status, _ in statuses)])
    return Item(id=arrest["id"], title=f"Arrested for {offences} — {outcome}",
                when=iso(arrest.get("arrested_at")), fields=fields,
                citations=[cite(arrest, "Arrest")] + [cite(c, "Charge") for c, _, _ in statuses])


def _charge_item(charge: dict[str, Any], status: str) -> Item:
    offences = offence_text(charge.get("offences") or [])
    return Item(id=charge["id"], title=f"Charged with {offences} — {status}",
                when=iso(charge.get("charged_at")),
                fields=[["Offences", offences], ["Status", status]],
                citations=[cite(charge, "Charge")])


def harm_inputs(convictions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Convictions in the shape `graph.history.harm` takes (dates as `date`)."""
    return [{"id": c["id"], "convicted_on": day(c.get("convicted_on")),
             "offences": c.get("offences") or []} for c in convictions]
