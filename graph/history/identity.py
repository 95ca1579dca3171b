"""The subject part: identity (with addresses) and the high-harm flag history as at
the date (a flag cleared after the date is shown active, as it was then)."""

from __future__ import annotations

from typing import Any

from graph.history.asof import AsOf, iso
from graph.history.cite import cite, label, listed, text
from graph.history.model import PART_SUBJECT, Item, Section
from graph.records.flag_case import evidence_grading, evidence_line, trail


def _same_as_items(same_as: list[dict[str, Any]], as_of: AsOf, subject_id: str) -> list[Item]:
    """Other records confirmed to be this person, as the decisions stood at the date: one
    line per record, by the subject's own link when there is one, else by the link that
    joins it to another record of the cluster (`via`)."""
    items, listed = [], {subject_id}
    for entry in sorted(same_as, key=lambda e: (e.get("via") is not None, e.get("via") or "",
                                                e["other"]["id"])):
        events = sorted((e for e in entry["events"] if as_of.counts(e, "at")),
                        key=lambda e: e.get("seq") or 0)
        if not events or events[-1].get("action") != "confirmed":
            continue
        last, other, via = events[-1], entry["other"], entry.get("via")
        if other["id"] in listed:
            continue
        listed.add(other["id"])
        fields = [["Same person", f"confirmed same person by {text(last.get('by'))} on "
                                  f"{iso(last.get('at'))}: {text(last.get('reason'))}"],
                  ["Record", other["id"]]]
        if via:
            fields.append(["Confirmed as the same as", via])
        fields.append(["Decisions", " | ".join(f"{iso(e.get('at'))} {e.get('action')} by "
                                               f"{text(e.get('by'))}: {text(e.get('reason'))}"
                                               for e in events)])
        items.append(Item(
            id=str(entry["link"]["id"]),
            title=f"Also recorded as {text(other.get('full_name'))} ({other['id']})",
            when=iso(last.get("at")), fields=fields,
            citations=[cite(entry["link"], "SameAsLink")]
                      + [cite(e, "SameAsEvent") for e in events]))
    return sorted(items, key=lambda item: item.field("Record") or "")


def identity_section(person: dict[str, Any], addresses: list[dict[str, Any]],
                     as_of: AsOf, same_as: list[dict[str, Any]] | None = None) -> Section:
    fields = [
        ["Full name", text(person.get("full_name"))],
        ["Aliases and spellings", listed(person.get("aliases"))],
        ["Dates of birth", listed(person.get("dates_of_birth"))],
        ["Gender", label(person.get("gender"))],
        ["Place of birth", text(person.get("place_of_birth"))],
        ["Nationalities", listed(person.get("nationalities"))],
        ["Immigration status", label(person.get("immigration_status"))],
        ["PNC ID", text(person.get("pnc_id"))],
        ["CRO number", text(person.get("cro_number"))],
        ["Home Office reference", text(person.get("ho_reference"))],
        ["Passports", listed(person.get("passports"))],
        ["Warning markers", listed([label(m) for m in person.get("warning_markers") or []])],
    ]
    items = [Item(id=person["id"], title=text(person.get("full_name")), when=None,
                  fields=fields, citations=[cite(person, "Person")])]
    items += _same_as_items(same_as or [], as_of, person["id"])
    for entry in sorted(addresses, key=lambda a: (iso(a["rel"].get("since")) or "",
                                                 a["rel"].get("id") or "")):
        rel, place = entry["rel"], entry["location"]
        if not as_of.counts(rel, "since"):
            continue
        where = ", ".join(str(v) for v in (place.get("address_line") or place.get("name"),
                                           place.get("postcode")) if v)
        items.append(Item(
            id=str(rel.get("id")), title=f"Address: {where or place['id']}",
            when=iso(rel.get("since")),
            fields=[["Since", text(iso(rel.get("since")))], ["Until", text(iso(rel.get("until")))],
                    ["Borough", text(place.get("borough"))], ["Location", place["id"]]],
            citations=[cite(rel, "LIVES_AT")]))
    return Section("identity", PART_SUBJECT, "Identity",
                   "Identity as recorded; identifiers and names are as the source systems "
                   "hold them now (a later correction is not undone by the as-at date).",
                   items)


def _challenges_as_at(flag: dict[str, Any], as_of: AsOf) -> list[dict[str, Any]]:
    """The flag's challenges raised by the date; a decision after the date reads open."""
    shown = []
    for challenge in flag.get("challenges") or []:
        if not as_of.counts(challenge, "raised_at"):
            continue
        if challenge.get("status") != "open" and not as_of.counts(
                {"at": challenge.get("decided_at")}, "at"):
            challenge = {**challenge, "status": "open", "decided_by": None,
                         "decided_at": None, "decision_reason": None}
        shown.append(challenge)
    return shown


def _flag_item(flag: dict[str, Any], as_of: AsOf) -> Item:
    events = sorted((e for e in flag.get("events") or [] if as_of.counts(e, "at")),
                    key=lambda e: (iso(e.get("at")) or "", e.get("id") or ""))
    challenges = _challenges_as_at(flag, as_of)
    cleared = next((e for e in reversed(events) if e.get("action") == "cleared"), None)
    reviews = [e for e in events if e.get("action") in ("set", "reviewed")
               and e.get("next_review_date")]
    review_date = iso(reviews[-1]["next_review_date"]) if reviews else iso(flag.get("review_date"))
    status = "CLEARED" if cleared else "ACTIVE"
    steps = trail({**flag, "events": events, "challenges": challenges})
    history = [
        f"{iso(step['at'])} {str(step['action']).replace('_', ' ')} by {text(step['by'])}"
        + (f": {step['text']}" if step.get("text") else "")
        + (f" (next review {iso(step['next_review_date'])})" if step.get("next_review_date")
           else "")
        for step in steps]
    overdue = status == "ACTIVE" and review_date is not None and review_date < as_of.day.isoformat()
    unproven = flag.get("evidence_unproven", True)
    fields = [["Status at as-at date", status], ["Reason", text(flag.get("reason"))],
              ["Set", f"{iso(flag.get('set_at'))} by {text(flag.get('set_by'))}"],
              ["Owner", text(flag.get("owner") or flag.get("set_by"))],
              ["Review date", text(review_date) + (" — REVIEW OVERDUE" if overdue else "")],
              ["Rests on", " | ".join(evidence_line(e) for e in flag.get("evidence") or [])
               or "no recorded evidence"]]
    if unproven:
        fields.append(["Evidence", "UNPROVEN: no conviction among the records it rests on"])
    grading = evidence_grading(flag)
    if grading:
        fields.append(["Evidence grading (weakest)",
                       f"{grading['source_evaluation']}{grading['intelligence_assessment']} "
                       f"{grading['handling_code']}"])
    if cleared:
        fields.append(["Cleared", f"{iso(cleared.get('at'))} by {text(cleared.get('by'))}: "
                                  f"{text(cleared.get('reason'))}"])
    open_challenges = sum(1 for c in challenges if c.get("status") == "open")
    if challenges:
        fields.append(["Challenges", f"{len(challenges)} ({open_challenges} open)"])
    fields.append(["History", " | ".join(history) or "—"])
    title = f"{label(flag.get('kind'))} flag — {status}" + (" — UNPROVEN" if unproven else "")
    return Item(id=flag["id"], title=title,
                when=iso(flag.get("set_at")), fields=fields,
                citations=[cite(flag, "Flag")] + [cite(e, "FlagEvent") for e in events]
                + [cite(c, "FlagChallenge") for c in challenges])


def flags_section(flags: list[dict[str, Any]], as_of: AsOf) -> Section:
    counted = [f for f in flags if as_of.counts(f, "set_at")]
    counted.sort(key=lambda f: (iso(f.get("set_at")) or "", f["id"]))
    return Section("flags", PART_SUBJECT, "High-harm flags (history as at the date)",
                   "A flag is an officer's risk assessment, not a finding of fact. Each "
                   "flag's status is recomputed from its events up to the as-at date; "
                   "a flag resting on no conviction is marked UNPROVEN, and its "
                   "challenges and the decisions on them are part of its history.",
                   [_flag_item(flag, as_of) for flag in counted])
