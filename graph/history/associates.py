"""Associates who are gang members or violent or high-harm offenders, within N hops, each
with the path that links them; and the data of the network picture (drawn by
`graph.history.picture`)."""

from __future__ import annotations

from typing import Any

from graph.grading import weakest
from graph.history.asof import iso
from graph.history.cite import cite, label, restricted, text
from graph.history.justice import OUTCOMES
from graph.history.model import PART_UNPROVEN, Item, Section
from graph.history.queries import RISK_CATEGORIES

# The picture stays readable on a page: at most this many people and groups.
PICTURE_LIMIT = 30
# A reason to list someone needs stating, not every record behind it: the most recent few.
REASONS_PER_KIND = 3
REASON_KINDS = ("convicted", "arrested", "flagged", "gangs")


def _node(node: dict[str, Any]) -> str:
    return f"{node['label']} ({node['id']})"


def path_text(nodes: list[dict[str, Any]], links: list[dict[str, Any]]) -> str:
    """"A (P-1) —FAMILY [AS-1]— B (P-2) —FRIEND [AS-2]— C (P-3)"."""
    parts = [_node(nodes[0])]
    for node, link in zip(nodes[1:], links, strict=True):
        parts.append(f"—{link['kind']} [{link.get('id')}]— {_node(node)}")
    return " ".join(parts)


def _day(value: Any) -> str:
    return (iso(value) or "?")[:10]


def _shown(found: dict[str, Any]) -> tuple[dict[str, list[dict[str, Any]]], int]:
    """The most recent REASONS_PER_KIND records of each reason kind, and how many more."""
    shown, hidden = {}, 0
    for key in REASON_KINDS:
        records = sorted(found[key], key=lambda r: (iso(r.get("on")) or "", r["id"]),
                         reverse=True)
        shown[key] = records[:REASONS_PER_KIND]
        hidden += len({r["id"] for r in records[REASONS_PER_KIND:]})
    return shown, hidden


def _reasons(shown: dict[str, list[dict[str, Any]]], hidden: int) -> list[str]:
    reasons = [f"convicted {_day(c['on'])} of {c['offence']} {c['description']} [{c['id']}]"
               for c in shown["convicted"]]
    reasons += [f"arrested {_day(a['on'])} for {a['offence']} {a['description']}, "
                f"{OUTCOMES.get(a.get('outcome') or '', label(a.get('outcome')))} — unproven "
                f"[{a['id']}]" for a in shown["arrested"]]
    reasons += [f"active high-harm flag since {_day(f['on'])}: {f.get('reason')} [{f['id']}]"
                for f in shown["flagged"]]
    reasons += [f"{label(g.get('role'))} of {g['organisation']} since {text(iso(g.get('on')))}"
                + (f" until {iso(g['until'])}" if g.get("until") else "") + f" [{g['id']}]"
                for g in shown["gangs"]]
    reasons = sorted(set(reasons))
    if hidden:
        reasons.append(f"and {hidden} earlier such record{'s' if hidden > 1 else ''}")
    return reasons


def _most_restricted(records: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    restricted_ones = [restricted(r) for r in records if r.get("handling_code") == "C"]
    if restricted_ones:
        return "C", "; ".join(sorted({c or "conditions not recorded"
                                      for _, c in restricted_ones}))
    codes = [r.get("handling_code") for r in records if r.get("handling_code")]
    return (codes[0] if codes else None), None


def _weakest_text(records: list[dict[str, Any]]) -> str:
    """The line is as weak as its weakest link (graph/grading.py): "3D C", or ungraded."""
    found = weakest(records)
    if found is None:
        return "ungraded"
    return (f"{found['source_evaluation']}{found['intelligence_assessment']} "
            f"{found['handling_code']}")


# The order of significance of a reason to list an associate (the severest reason of a
# person decides): an active high-harm flag, a violent conviction, gang membership, an
# arrest for violence only.
SIGNIFICANCE = ("flagged", "convicted", "gangs", "arrested")


def _grading_key(record: dict[str, Any]) -> tuple[int, str]:
    """Better graded first: source 1 before 3, assessment A before E, ungraded last."""
    source = str(record.get("source_evaluation") or "")
    return (int(source) if source.isdigit() else 9,
            str(record.get("intelligence_assessment") or "Z"))


def significance(entry: dict[str, Any]) -> tuple[Any, ...]:
    """Sort key of a found associate, most significant first: the severest reason
    (SIGNIFICANCE), then more such records, then fewer hops, then the best-graded link
    of the path, then the id."""
    severest = next((rank for rank, key in enumerate(SIGNIFICANCE) if entry[key]),
                    len(SIGNIFICANCE))
    records = sum(len(entry[key]) for key in SIGNIFICANCE)
    best_link = min((_grading_key(link) for link in entry["links"]), default=(9, "Z"))
    return (severest, -records, entry["hops"], best_link, entry["person"]["id"])


def associates_section(found: list[dict[str, Any]], total: int, hops: int) -> Section:
    items = []
    for entry in sorted(found, key=significance):
        person, links = entry["person"], entry["links"]
        records = [*links, *entry["gangs"]]
        code, conditions = _most_restricted(records)
        kinds = sorted({"gang member" if entry["gangs"] else "",
                        "violent offender (convicted)" if entry["convicted"] else "",
                        "violence arrest (unproven)" if entry["arrested"] else "",
                        "high-harm flag" if entry["flagged"] else ""} - {""})
        shown, hidden = _shown(entry)
        citations = [cite(link, link["kind"]) for link in links]
        citations += [cite(r, r["type"]) for key in REASON_KINDS
                      for r in sorted(shown[key], key=lambda r: r["id"])]
        items.append(Item(
            id=person["id"],
            title=f"{person.get('full_name')} ({person['id']}), {entry['hops']} hop"
                  f"{'s' if entry['hops'] > 1 else ''}: {', '.join(kinds)}",
            when=None,
            fields=[["Path", path_text(entry["nodes"], links)],
                    ["Why listed", "; ".join(_reasons(shown, hidden))],
                    ["Grading (weakest along the path)", _weakest_text(records)]],
            citations=list(dict.fromkeys(citations)), handling_code=code,
            handling_conditions=conditions))
    categories = ", ".join(label(c).lower() for c in RISK_CATEGORIES)
    return Section(
        "associates", PART_UNPROVEN,
        f"Associations to gang members and violent or high-harm offenders (within {hops} hops)",
        f"People linked to the subject within {hops} hops (associations and shared gangs) "
        f"who, as at the date, have a conviction or an arrest for {categories}, an active "
        "high-harm flag, or a gang membership; one shortest linking path each. Most "
        "significant first: an active high-harm flag, then violent convictions, gang "
        "membership, arrests only; then more such records, nearer, better-graded links. "
        "Being linked to such a person says nothing proven about the subject.",
        items, total=total if total > len(items) else None)


def picture(subject: dict[str, Any], subject_marks: list[str], found: list[dict[str, Any]],
            direct: list[tuple[str, str]], groups: list[tuple[str, str]]) -> dict[str, Any]:
    """Nodes of the picture: the subject, its groups and direct associations, every listed
    associate and the people and groups on their paths (capped), each with its marks.
    `direct` and `groups` are (id, label) pairs."""
    nodes: dict[str, dict[str, Any]] = {
        subject["id"]: {"id": subject["id"], "label": subject.get("full_name") or subject["id"],
                        "type": "Person", "depth": 0, "marks": ["subject", *subject_marks]}}
    wanted: set[str] = {subject["id"]}

    def add(node_id: str, node_label: str, node_type: str, depth: int) -> None:
        wanted.add(node_id)
        if node_id not in nodes and len(nodes) < PICTURE_LIMIT:
            nodes[node_id] = {"id": node_id, "label": node_label, "type": node_type,
                              "depth": depth, "marks": []}

    for group_id, name in groups:
        add(group_id, name, "Organisation", 1)
    for entry in found:
        for depth, node in enumerate(entry["nodes"]):
            add(node["id"], node["label"], node["type"], depth)
    for person_id, name in direct:
        add(person_id, name, "Person", 1)
    for entry in found:  # the gangs of listed gang members, one ring further out
        for gang in entry["gangs"]:
            add(gang["organisation_id"], gang["organisation"] or "", "Organisation",
                entry["hops"] + 1)
    for entry in found:
        node = nodes.get(entry["person"]["id"])
        if node is not None:
            node["marks"] = sorted(
                ({"gang"} if entry["gangs"] else set())
                | ({"violent_convicted"} if entry["convicted"] else set())
                | ({"violent_arrested"} if entry["arrested"] else set())
                | ({"high_harm"} if entry["flagged"] else set()))
    return {"nodes": sorted(nodes.values(), key=lambda n: (n["depth"], n["id"])),
            "shown": len(nodes), "total": len(wanted)}
