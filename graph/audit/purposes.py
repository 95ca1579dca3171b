"""Purpose categories: the reason code a sign-in states beside its free-text purpose.

Police systems ask for a reason code with every enquiry as well as a case reference, so
that an enquiry can be described without quoting what the officer typed. Nexus records
the category of each sign-in on its audit entries; deconfliction (docs/deconfliction.md)
shows other officers the category, and the free text only to someone working on the same
case. Entries and grants from before categories existed have none: they read as
`not_stated`, which is never stored.
"""

from __future__ import annotations

PURPOSE_CATEGORIES: dict[str, str] = {
    "custody": "Custody: a detained person",
    "investigation": "Criminal investigation",
    "intelligence": "Intelligence development",
    "safeguarding": "Safeguarding or vulnerability",
    "immigration": "Immigration enforcement",
    "review": "Review, supervision or audit",
    "other": "Other",
}
NOT_STATED = "not_stated"


def check_category(value: str | None) -> str | None:
    """The category as stored (None when not given); ValueError for an unknown one."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip().lower()
    if text not in PURPOSE_CATEGORIES:
        raise ValueError(f"unknown purpose category {str(value)[:40]!r}; one of: "
                         + ", ".join(PURPOSE_CATEGORIES))
    return text


def case_key(case_reference: str | None) -> str | None:
    """What two case references are compared by: trimmed, any case (None when empty)."""
    text = (case_reference or "").strip().lower()
    return text or None
