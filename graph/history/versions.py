"""Saved versions: a history is stored as an immutable `:HistoryVersion` node linked to the
person (numbered per person), and two versions can be compared section by section.

The application only ever CREATEs versions: nothing here updates or deletes one.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from neo4j import Driver
from neo4j.exceptions import ConstraintError

from graph.errors import Conflict, NotFound, ValidationError
from graph.history.asof import iso, native
from graph.history.model import History, canonical_json
from graph.history.queries import GET_VERSIONS, LIST_VERSIONS, SAVE_VERSION

_SAVE_ATTEMPTS = 5


def save_version(driver: Driver, database: str, history: History) -> History:
    """Store the history as the person's next version; returns it with `version` set."""
    meta = history.meta
    shared_with = [s.strip() for s in meta.get("shared_with") or [] if s and s.strip()]
    if meta.get("disclosure") and not shared_with:
        raise ValidationError("history", "shared_with",
                              "a disclosure version must say who it is shared with")
    params = {
        "person_id": history.person_id, "content_hash": history.content_hash,
        "content": canonical_json(history.content), "generated_by": meta["generated_by"],
        "generated_at": native_datetime(meta["generated_at"]), "purpose": meta["purpose"],
        "case_reference": meta.get("case_reference"), "as_of": history.content["as_of"],
        "disclosure": bool(meta.get("disclosure")), "shared_with": shared_with,
    }
    for _attempt in range(_SAVE_ATTEMPTS):
        try:
            with driver.session(database=database) as session:
                record = session.execute_write(
                    lambda tx: tx.run(SAVE_VERSION, **params).single())
        except ConstraintError:
            continue  # another save took this number first: read the next one
        if record is None:
            raise NotFound("Person", history.person_id)
        saved = History(content=history.content, meta={
            **meta, "shared_with": shared_with, "version": record["version"],
            "version_id": record["id"]})
        return saved
    raise Conflict(f"could not number a new history version for {history.person_id!r}")


def native_datetime(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _version_meta(record: dict[str, Any]) -> dict[str, Any]:
    meta = dict(record)
    meta["generated_at"] = iso(native(meta.get("generated_at")))
    meta["shared_with"] = list(meta.get("shared_with") or [])
    return meta


def list_versions(driver: Driver, database: str, person_id: str) -> list[dict[str, Any]]:
    """Every saved version's metadata (no content), oldest first."""
    records, _, _ = driver.execute_query(LIST_VERSIONS, person_id=person_id,
                                         database_=database, routing_="r")
    return [_version_meta(record["version"]) for record in records]


def load_versions(driver: Driver, database: str, person_id: str,
                  versions: list[int]) -> dict[int, History]:
    records, _, _ = driver.execute_query(GET_VERSIONS, person_id=person_id,
                                         versions=versions, database_=database, routing_="r")
    found = {}
    for record in records:
        meta = _version_meta(record["version"])
        found[meta["version"]] = History(content=json.loads(record["content"]), meta={
            **meta, "version_id": meta.pop("id")})
    return found


def load_version(driver: Driver, database: str, person_id: str, version: int) -> History:
    found = load_versions(driver, database, person_id, [version])
    if version not in found:
        raise NotFound("HistoryVersion", f"{person_id} v{version}")
    return found[version]


def compare_versions(driver: Driver, database: str, person_id: str, v1: int,
                     v2: int) -> dict[str, Any]:
    """What changed from version v1 to v2: added, removed and changed items per section."""
    found = load_versions(driver, database, person_id, [v1, v2])
    for number in (v1, v2):
        if number not in found:
            raise NotFound("HistoryVersion", f"{person_id} v{number}")
    return compare(found[v1], found[v2])


def compare(before: History, after: History) -> dict[str, Any]:
    old = {s["key"]: s for s in before.sections}
    sections = []
    for section in after.sections:
        earlier = old.pop(section["key"], {"items": []})
        sections.append(_compare_section(section["key"], section["title"],
                                         earlier["items"], section["items"]))
    for key, section in old.items():  # a section the later version no longer has
        sections.append(_compare_section(key, section["title"], section["items"], []))

    def describe(history: History) -> dict[str, Any]:
        return {"version": history.meta.get("version"), "content_hash": history.content_hash,
                "generated_at": history.meta.get("generated_at"),
                "generated_by": history.meta.get("generated_by"),
                "as_of": history.content["as_of"], "harm_score": history.content["harm"]["score"]}

    return {"person_id": after.person_id, "from": describe(before), "to": describe(after),
            "identical": before.content_hash == after.content_hash, "sections": sections}


def _compare_section(key: str, title: str, before: list[dict[str, Any]],
                     after: list[dict[str, Any]]) -> dict[str, Any]:
    old = {item["id"]: item for item in before}
    new = {item["id"]: item for item in after}
    changed = []
    for item_id in sorted(old.keys() & new.keys()):
        a, b = old[item_id], new[item_id]
        if canonical_json(a) == canonical_json(b):
            continue
        changes = [{"field": name, "before": a[name], "after": b[name]}
                   for name in ("when", "title") if a[name] != b[name]]
        fields_a, fields_b = dict(map(tuple, a["fields"])), dict(map(tuple, b["fields"]))
        for name in dict.fromkeys([*fields_a, *fields_b]):
            if fields_a.get(name) != fields_b.get(name):
                changes.append({"field": name, "before": fields_a.get(name),
                                "after": fields_b.get(name)})
        if a["citations"] != b["citations"]:
            changes.append({"field": "citations",
                            "before": [c["record_id"] for c in a["citations"]],
                            "after": [c["record_id"] for c in b["citations"]]})
        changed.append({"id": item_id, "title": b["title"], "changes": changes})
    return {"key": key, "title": title,
            "added": [new[i] for i in sorted(new.keys() - old.keys())],
            "removed": [old[i] for i in sorted(old.keys() - new.keys())],
            "changed": changed}
