"""What changed in a person's history: two saved versions compared section by section, or
a saved version compared with the history as it stands now ("changed since").

Like with like. A version holds the view its generator could see and, when that was more
than P, the view of a reader cleared for P alone (graph/history/versions.py). Both sides
of a comparison are read at the same handling codes: the widest the reader may see that
both sides have. Otherwise an analyst comparing an officer's version with their own would
be told that every handling-code C item had been "added", when it was only out of the
officer's sight. The codes compared are in the answer (`handling_codes`); `withheld` says,
as elsewhere, that a side holds material the reader may not see at all.

The history "now" is built for the comparison and not saved, at the codes chosen, with the
saved version's hops and disclosure mode (a disclosure version is compared with what a
disclosure would say now).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from neo4j import Driver

from graph.access import P_ONLY, Clearance
from graph.errors import NotFound
from graph.history.build import build_history
from graph.history.model import History, canonical_json
from graph.history.versions import as_history, stored_versions, view_for

Level = frozenset[str]


def _levels(record: dict[str, Any] | None, clearance: Clearance
            ) -> dict[Level, tuple[str, str]]:
    """The views of a stored version that a reader with `clearance` may be shown, by the
    handling codes each covers: {codes: (content JSON, its hash)}; empty when none."""
    if record is None:
        return {}
    version = record["version"]
    codes = version.get("codes")
    if codes is None:  # saved before views: shown to a reader cleared for C, as their own
        return {clearance.codes: (record["content"], version["content_hash"])} \
            if clearance.sees_c else {}
    levels: dict[Level, tuple[str, str]] = {}
    if frozenset(codes) <= clearance.codes:
        levels[frozenset(codes)] = (record["content"], version["content_hash"])
    if record.get("content_p") is not None and P_ONLY.codes <= clearance.codes:
        levels.setdefault(P_ONLY.codes, (record["content_p"], version["content_p_hash"]))
    return levels


def _widest(levels: set[Level] | dict[Level, Any]) -> Level:
    return max(levels, key=lambda codes: (len(codes), sorted(codes)))


def _side(record: dict[str, Any], view: tuple[str, str], clearance: Clearance) -> History:
    shown = view_for(record, clearance)
    return as_history(record, view[0], view[1], bool(shown and shown[2]))


def _shown(driver: Driver, database: str, person_id: str, versions: list[int],
           clearance: Clearance) -> dict[int, tuple[dict[str, Any], dict[Level, Any]]]:
    stored = stored_versions(driver, database, person_id, versions)
    found = {}
    for number in versions:
        record = stored.get(number)
        levels = _levels(record, clearance)
        if record is None or not levels:  # one the reader may not see is as if missing
            raise NotFound("HistoryVersion", f"{person_id} v{number}")
        found[number] = (record, levels)
    return found


def compare_versions(driver: Driver, database: str, person_id: str, v1: int,
                     v2: int, *, clearance: Clearance) -> dict[str, Any]:
    """What changed from version v1 to v2, both read at the same handling codes (the
    widest the reader may see that both have)."""
    found = _shown(driver, database, person_id, [v1, v2], clearance)
    (first, first_levels), (second, second_levels) = found[v1], found[v2]
    common = first_levels.keys() & second_levels.keys()
    if common:
        level = _widest(common)
        one, two = first_levels[level], second_levels[level]
    else:  # only a version saved before views has no view in common: as the reader sees each
        wide_one, wide_two = _widest(first_levels), _widest(second_levels)
        level = wide_one & wide_two
        one, two = first_levels[wide_one], second_levels[wide_two]
    return compare(_side(first, one, clearance), _side(second, two, clearance),
                   handling_codes=level)


def compare_with_current(driver: Driver, database: str, person_id: str, version: int, *,
                         as_of: date | datetime | str, purpose: str, generated_by: str,
                         clearance: Clearance) -> dict[str, Any]:
    """What changed from a saved version to the history as it stands as at `as_of`, built
    now (not saved) at the version's handling codes, hops and disclosure mode."""
    record, levels = _shown(driver, database, person_id, [version], clearance)[version]
    level = _widest(levels)
    before = _side(record, levels[level], clearance)
    now = build_history(driver, database, person_id, as_of=as_of, purpose=purpose,
                        generated_by=generated_by, hops=before.content["hops"],
                        disclosure=bool(before.content["disclosure"]),
                        clearance=Clearance(level))
    return compare(before, now, handling_codes=level)


def compare(before: History, after: History, *, handling_codes: Level) -> dict[str, Any]:
    """Added, removed and changed items per section, an item matched by its id; sections
    and items in the later one's order (removed items in the earlier one's, and a section
    only the earlier one has comes last)."""
    old = {s["key"]: s for s in before.sections}
    sections = []
    for section in after.sections:
        earlier = old.pop(section["key"], {"items": []})
        sections.append(_compare_section(section, earlier["items"], section["items"]))
    for section in old.values():  # a section the later version no longer has
        sections.append(_compare_section(section, section["items"], []))

    def describe(history: History) -> dict[str, Any]:
        return {"version": history.meta.get("version"), "content_hash": history.content_hash,
                "generated_at": history.meta.get("generated_at"),
                "generated_by": history.meta.get("generated_by"),
                "as_of": history.content["as_of"], "harm_score": history.content["harm"]["score"]}

    return {"person_id": after.person_id, "from": describe(before), "to": describe(after),
            "identical": before.content_hash == after.content_hash, "sections": sections,
            "handling_codes": sorted(handling_codes),
            "withheld": bool(before.meta.get("withheld") or after.meta.get("withheld"))}


def _compare_section(section: dict[str, Any], before: list[dict[str, Any]],
                     after: list[dict[str, Any]]) -> dict[str, Any]:
    old = {item["id"]: item for item in before}
    new = {item["id"]: item for item in after}
    changed = []
    for item_id in (i for i in new if i in old):
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
            changes.append({"field": "citations", "before": _cited(a), "after": _cited(b)})
        changed.append({"id": item_id, "title": b["title"], "changes": changes})
    return {"key": section["key"], "part": section["part"], "title": section["title"],
            "added": [item for i, item in new.items() if i not in old],
            "removed": [item for i, item in old.items() if i not in new],
            "changed": changed}


def _cited(item: dict[str, Any]) -> list[str]:
    return [f"{c['record_id']} ({c.get('grading') or 'ungraded'})" for c in item["citations"]]
