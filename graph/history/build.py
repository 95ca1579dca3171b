"""Building a history from the graph in three round trips:

1. `SUBJECT`: the person and every record of theirs, and of every other record of the
   same person (the identity cluster as at the date), folded into one by
   `graph.history.cluster` (filtered as at the date here);
2. the associates query: gang members and violent or high-harm people within N hops of
   any record of the person, each with a shortest linking path (filtered in Cypher);
3. `PICTURE_EDGES`: the links among the people and groups the picture draws.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

from neo4j import Driver

from graph.access import FULL, Clearance
from graph.analytics.harm import HALF_LIFE_YEARS
from graph.errors import NotFound, ValidationError
from graph.history import harm
from graph.history.asof import AsOf, iso
from graph.history.associates import associates_section, picture, significance
from graph.history.cite import cite, withhold
from graph.history.cluster import Cluster, fold, mark
from graph.history.identity import flags_section, identity_section
from graph.history.justice import (
    conviction_sections,
    counted_convictions,
    harm_inputs,
    unproven_section,
)
from graph.history.model import MARKING, PART_ASSESSMENT, PARTS, SCHEMA, History, Item, Section
from graph.history.queries import (
    HOPS,
    PICTURE_EDGES,
    RISK_CATEGORIES,
    SUBJECT,
    associates_query,
)
from graph.history.unproven import (
    checks_section,
    direct_section,
    incidents_section,
    intelligence_section,
    memberships_section,
    warrants_section,
)

# Caps that keep a printed history readable; the document says when one applied.
ASSOCIATE_LIMIT = 50
DIRECT_LIMIT = 60
MAX_PURPOSE = 500


def require_purpose(purpose: str | None) -> str:
    """Every history states why it was generated: refuse a blank purpose."""
    text = (purpose or "").strip()
    if not text:
        raise ValidationError("history", "purpose",
                              "a purpose is required to generate a history (why it is needed, "
                              "e.g. a case or decision); none was given")
    if len(text) > MAX_PURPOSE:
        raise ValidationError("history", "purpose", f"longer than {MAX_PURPOSE} characters")
    return text


def _params(person_id: str, clearance: Clearance, moment: AsOf) -> dict[str, Any]:
    return {"id": person_id, **clearance.params, **moment.params()}


def time_subject_query(driver: Driver, database: str, person_id: str) -> float:
    """Seconds the history's first query takes for one person, exactly as
    `build_history` runs it (text and parameters): milliseconds while Neo4j holds its
    plan, seconds when it must plan it again (graph/history/service.py `plans_held`)."""
    params = _params(person_id, FULL, AsOf.of(date.today()))
    started = time.perf_counter()
    with driver.session(database=database, default_access_mode="READ") as session:
        session.execute_read(lambda tx: tx.run(SUBJECT, **params).consume())
    return time.perf_counter() - started


def build_history(driver: Driver, database: str, person_id: str, *,
                  as_of: date | datetime | str, purpose: str, generated_by: str,
                  hops: int = 2, disclosure: bool = False, case_reference: str | None = None,
                  shared_with: list[str] | tuple[str, ...] = (),
                  clearance: Clearance) -> History:
    """The history of one person as at `as_of` (not saved: see `versions.save_version`),
    as a reader with `clearance` may see it: graded material of a handling code it does
    not see is left out altogether (indistinguishable from records that do not exist).

    `disclosure` replaces handling-code C items by a visible marker."""
    purpose = require_purpose(purpose)
    if hops not in HOPS:
        raise ValidationError("history", "hops", f"must be one of {HOPS}")
    moment = AsOf.of(as_of)
    params = _params(person_id, clearance, moment)
    with driver.session(database=database, default_access_mode="READ") as session:
        rows = session.execute_read(lambda tx: list(tx.run(SUBJECT, **params)))
        if not rows:
            raise NotFound("Person", person_id)
        subject, cluster = fold(rows, person_id)
        if not moment.counts(subject["person"]):
            raise NotFound("Person", person_id)
        found = session.execute_read(lambda tx: tx.run(
            associates_query(hops), **params, ids=cluster.ids,
            risk_categories=list(RISK_CATEGORIES), limit=ASSOCIATE_LIMIT).single())
        content = _content(subject, found, moment, hops, disclosure, cluster)
        ids = [node["id"] for node in content["network"]["nodes"]] + cluster.ids[1:]
        edges = session.execute_read(lambda tx: tx.run(PICTURE_EDGES, ids=ids, **params).data())
    content["network"]["edges"] = _fold_edges(edges, cluster)
    meta = {"person_id": person_id, "generated_by": generated_by,
            "generated_at": iso(datetime.now(UTC)), "purpose": purpose,
            "case_reference": (case_reference or "").strip() or None,
            "disclosure": disclosure, "shared_with": list(shared_with),
            "version": None, "version_id": None}
    return History(content=content, meta=meta)


def _fold_edges(edges: list[dict[str, Any]], cluster: Cluster) -> list[dict[str, Any]]:
    """The picture draws the person once, in the centre: a link of another record of the
    person is drawn from the centre, a link between two of its records not at all."""
    def centre(node_id: str) -> str:
        return cluster.subject_id if node_id in cluster.others else node_id
    folded = [{**edge, "start": centre(edge["start"]), "end": centre(edge["end"])}
              for edge in edges]
    return [edge for edge in folded if edge["start"] != edge["end"]]


def _from_centre(associates: list[dict[str, Any]], cluster: Cluster) -> list[dict[str, Any]]:
    """For the picture: a path from another record of the person starts at the centre."""
    return [{**entry, "nodes": [{**entry["nodes"][0], "id": cluster.subject_id},
                                *entry["nodes"][1:]]}
            if entry["nodes"][0]["id"] in cluster.others else entry for entry in associates]


def _content(subject: dict[str, Any], found: Any, as_of: AsOf, hops: int, disclosure: bool,
             cluster: Cluster) -> dict[str, Any]:
    person = dict(subject["person"])
    # Graded lists come filtered by clearance from the query (graph/access.py).
    visible = {key: subject[key] for key in ("direct", "memberships", "intelligence")}
    convictions = counted_convictions(subject["convictions"], as_of)
    flags = flags_section(subject["flags"], as_of)
    associates = found["associates"] if found else []
    rank = {entry["person"]["id"]: i
            for i, entry in enumerate(sorted(associates, key=significance))}
    direct = direct_section(visible["direct"], person["id"], as_of, DIRECT_LIMIT, rank)
    memberships = memberships_section(visible["memberships"], as_of)
    # By weight: who the person is and the flags; what is proven; then what is unproven,
    # the weightiest first (warrants and checks, graded intelligence, arrests and charges,
    # incidents, memberships); the people around them last.
    sections: list[Section] = [
        identity_section(person, subject["addresses"], as_of, subject["same_as"]), flags,
        *conviction_sections(convictions),
        warrants_section(subject["warrants"], as_of),
        checks_section(subject["checks"], as_of),
        intelligence_section(visible["intelligence"], as_of),
        unproven_section(subject["arrests"], subject["charges"], convictions, as_of),
        incidents_section(subject["incidents"], as_of),
        memberships,
        associates_section(associates, found["total"] if found else 0, hops),
        direct,
    ]
    by_key = {section.key: section for section in sections}
    assessment = harm.assessment(harm_inputs(convictions), as_of.day, {
        "arrests and charges not ending in conviction": len(by_key["arrests_charges"].items),
        "incidents": len(by_key["incidents"].items),
        "intelligence reports": len(by_key["intelligence"].items),
        "associations listed": len(by_key["associates"].items),
    })
    sections.append(_harm_section(assessment, convictions))
    mark(sections, cluster)
    if disclosure:
        for section in sections:
            section.items = [withhold(item) if item.handling_code == "C" else item
                             for item in section.items]
    subject_marks = ["high_harm"] if any(
        item.field("Status at as-at date") == "ACTIVE" for item in flags.items) else []
    network = picture(
        {"id": person["id"], "full_name": person.get("full_name")}, subject_marks,
        _from_centre(associates, cluster),
        sorted({(e["other"]["id"], e["other"].get("full_name") or "")
                for e in visible["direct"]
                if as_of.counts(e["rel"], "since") and as_of.counts(e["other"])}),
        [(entry["organisation"]["id"], entry["organisation"].get("name") or "")
         for entry in visible["memberships"] if as_of.counts(entry["rel"], "since")])
    return {
        "schema": SCHEMA, "marking": MARKING,
        "subject": {"id": person["id"], "full_name": person.get("full_name")},
        "as_of": as_of.label, "hops": hops, "disclosure": disclosure,
        "parts": PARTS,
        "sections": [asdict(section) for section in sections],
        "harm": assessment,
        "network": network,
    }


def _harm_section(assessment: dict[str, Any], convictions: list[dict[str, Any]]) -> Section:
    by_id = {c["id"]: c for c in convictions}
    items = []
    for term in assessment["terms"]:
        weights = " + ".join(f"{o['code']} ({o['chi_days']:g})" for o in term["offences"])
        items.append(Item(
            id=term["conviction_id"],
            title=f"{term['conviction_id']}: {term['gravity']:g} × {term['recency_weight']:.4f} "
                  f"= {term['term']:g} CHI days",
            when=term["convicted_on"],
            fields=[["Gravity (chi_days)", f"{weights} = {term['gravity']:g}"],
                    ["Age (years)", f"{term['age_years']:g}"],
                    ["Recency weight", f"0.5^({term['age_years']:g} / "
                                       f"{HALF_LIFE_YEARS:g}) = {term['recency_weight']:.4f}"],
                    ["Term", f"{term['term']:g}"],
                    ["In frequency window", "yes" if term["in_frequency_window"] else "no"]],
            citations=[cite(by_id[term["conviction_id"]], "Conviction")]))
    return Section("harm", PART_ASSESSMENT, "Harm assessment",
                   assessment["formula"], items)
