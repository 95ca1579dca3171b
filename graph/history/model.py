"""What a history is made of: sections of cited items, a harm working, a network picture,
and the generation metadata kept apart from the content (so the hash covers content only).

Everything here is plain dataclasses of JSON values: `History.to_dict()` is the canonical
JSON dict, `History.from_dict()` reads a saved version back, and `content_hash` is the
sha256 of the canonical JSON of `content` (sorted keys, no spaces, UTF-8).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "nexus.history/1"
MARKING = "OFFICIAL-SENSITIVE"

# The parts of a document; proven and unproven material never share one.
PART_SUBJECT = "subject"
PART_PROVEN = "proven"
PART_UNPROVEN = "unproven"
PART_ASSESSMENT = "assessment"
PARTS: dict[str, str] = {
    PART_SUBJECT: "SUBJECT — identity and flags",
    PART_PROVEN: "PART A — PROVEN: convictions",
    PART_UNPROVEN: "PART B — UNPROVEN: arrests, charges, allegations, intelligence",
    PART_ASSESSMENT: "PART C — ASSESSMENT: harm (computed from Part A only)",
}


@dataclass(frozen=True)
class Citation:
    """The record a line came from."""

    record_id: str
    record_type: str
    source: str
    recorded_by: str
    recorded_at: str
    grading: str | None = None  # "2B C" where the record is graded

    def text(self) -> str:
        grading = f"; graded {self.grading}" if self.grading else "; ungraded"
        return (f"{self.record_type} {self.record_id} — {self.source}, recorded "
                f"{self.recorded_at} by {self.recorded_by}{grading}")


@dataclass
class Item:
    """One line of a section: a statement, its facts (ordered label/value pairs) and
    the records it cites (the first is the record the line is about)."""

    id: str
    title: str
    when: str | None
    fields: list[list[str]]
    citations: list[Citation]
    handling_code: str | None = None
    handling_conditions: str | None = None
    withheld: bool = False

    def field(self, label: str) -> str | None:
        return next((value for name, value in self.fields if name == label), None)


@dataclass
class Section:
    key: str
    part: str
    title: str
    note: str
    items: list[Item]
    total: int | None = None  # the count before a cap, when one was applied


@dataclass
class History:
    content: dict[str, Any]
    meta: dict[str, Any] = field(default_factory=dict)

    # --- reading content -------------------------------------------------------------
    @property
    def subject(self) -> dict[str, Any]:
        subject: dict[str, Any] = self.content["subject"]
        return subject

    @property
    def person_id(self) -> str:
        return str(self.subject["id"])

    @property
    def sections(self) -> list[dict[str, Any]]:
        sections: list[dict[str, Any]] = self.content["sections"]
        return sections

    def section(self, key: str) -> dict[str, Any]:
        return next(s for s in self.sections if s["key"] == key)

    def items(self, key: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = self.section(key)["items"]
        return items

    @property
    def content_hash(self) -> str:
        return content_hash(self.content)

    # --- JSON ------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"meta": {**self.meta, "content_hash": self.content_hash},
                "content": self.content}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> History:
        meta = {k: v for k, v in data.get("meta", {}).items() if k != "content_hash"}
        return cls(content=data["content"], meta=meta)


def section_dict(section: Section) -> dict[str, Any]:
    return asdict(section)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()
