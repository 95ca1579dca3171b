"""Small helpers every section uses: citations, gradings, offence text, labels."""

from __future__ import annotations

from typing import Any

from graph.history.asof import iso
from graph.history.model import Citation, Item


def grading(record: dict[str, Any]) -> str | None:
    """The 3x5x2 grading as officers write it ("2B C"), None when ungraded."""
    if not record.get("source_evaluation"):
        return None
    return (f"{record['source_evaluation']}{record.get('intelligence_assessment') or '?'} "
            f"{record.get('handling_code') or 'P'}")


def cite(record: dict[str, Any], record_type: str) -> Citation:
    return Citation(record_id=str(record.get("id") or "?"), record_type=record_type,
                    source=record.get("source") or "unknown",
                    recorded_by=record.get("recorded_by") or "unknown",
                    recorded_at=iso(record.get("recorded_at")) or "unknown",
                    grading=grading(record))


def offence_text(offences: list[dict[str, Any]]) -> str:
    return "; ".join(f"{o['id']} {o.get('description') or ''}".strip()
                     for o in sorted(offences, key=lambda o: o["id"])) or "(no offence recorded)"


def label(value: Any) -> str:
    """snake_case codes as words: "released_under_investigation" -> "Released under
    investigation"."""
    if value is None or value == "":
        return "—"
    text = str(value).replace("_", " ")
    return text[:1].upper() + text[1:]


def listed(values: Any) -> str:
    return ", ".join(str(v) for v in values) if values else "—"


def text(value: Any) -> str:
    return "—" if value is None or value == "" else str(value)


def restricted(record: dict[str, Any]) -> tuple[str | None, str | None]:
    """(handling code, conditions) of a graded record, (None, None) otherwise."""
    code = record.get("handling_code")
    return (code, record.get("handling_conditions")) if code else (None, None)


# Labels of fields that say nothing of a record's content: kept when a handling-code C
# item is withheld in a disclosure version.
SAFE_LABELS = frozenset({"Grading", "Handling", "Review date", "Since", "Until",
                         "Kind", "Hops", "Role"})


def withheld_marker(conditions: str | None) -> str:
    return f"[WITHHELD — handling code C: {conditions or 'conditions not recorded'}]"


def withhold(item: Item) -> Item:
    """The item as a disclosure version shows it: text replaced by a visible marker."""
    marker = withheld_marker(item.handling_conditions)
    return Item(id=item.id, title=marker, when=item.when,
                fields=[[name, value if name in SAFE_LABELS else "[withheld]"]
                        for name, value in item.fields],
                citations=item.citations, handling_code=item.handling_code,
                handling_conditions=item.handling_conditions, withheld=True)
