"""A history covers every record of the person: the records of the identity cluster (links
confirmed as at the date, transitive) are folded in, each line from another record says
which, and a rejected, undone or later link folds nothing in. Real Neo4j throughout.

Records (each its own conviction and arrest):
  P-1 Jan Kowalski   CV-1 ABH 2020, AR-1 NFA 2021, IT-1 (P); IT-3 mentions P-1 and P-2
  P-2 Jan Kowalsky   CV-2 robbery 2021, AR-2 bail 2022, IT-2 (C), WA-2 warrant
  P-3 Piotr Nowak    CV-3 knife; FRIEND of P-1 (AS-1) and of P-2 (AS-2)
  P-4 Adam Zielinski CV-4 GBH; FRIEND of P-2 only (AS-3)
  AS-4 LIVES_WITH P-1 P-2 (two records of one man at one address)
  P-5 Jan Kowalskii  CV-5 theft; a link with P-1 that is rejected
  P-6 J. Kowalsky    CV-6 theft; confirmed the same as P-2 (not P-1) in the transitive test
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from neo4j import Driver

from graph.access import FULL, P_ONLY
from graph.db.settings import Neo4jConnection
from graph.history import build_history
from graph.history.model import History, canonical_json
from graph.identity.links import decide, link_id, undo
from graph.records import write_records
from tests.support.factories import Source
from tests.support.history_graph import arrest, conviction, link, offence

TODAY = datetime.now(UTC).date()
CONFIRMED_AT = datetime(2024, 2, 1, 12, tzinfo=UTC)
UNDONE_AT = datetime(2024, 5, 1, 12, tzinfo=UTC)
BEFORE, BETWEEN = date(2024, 1, 15), date(2024, 3, 1)
SECRET = "Informant says the subject stores a shotgun at his cousin's flat"
CONDITIONS = "Not to be disclosed outside the force without DI approval"
UNDER_B = "recorded under P-2 (Jan Kowalsky)"


CLUSTER = Source("test:cluster", "DC Test")


def _person(pid: str, given: str, family: str) -> dict[str, Any]:
    return CLUSTER.person(pid, given, family, on="2019-01-01", dates_of_birth=["1990-04-12"],
                          nationalities=["PL"], gender="male")


def _conviction(cid: str, pid: str, day: str, code: str) -> dict[str, Any]:
    return conviction(cid, pid, day, code, origin=CLUSTER)


def _arrest(aid: str, pid: str, day: str, code: str, outcome: str) -> dict[str, Any]:
    return arrest(aid, pid, day, code, outcome, origin=CLUSTER)


def _friend(aid: str, a: str, b: str, kind: str = "friend") -> dict[str, Any]:
    return link(aid, kind, a, b, "2019-06-01", origin=CLUSTER)


def _report(rid: str, summary: str, mentions: list[str], **grading: Any) -> dict[str, Any]:
    return CLUSTER.on("2022-09-01", id=rid, reported_at="2022-09-01T10:00:00Z",
                      summary=summary, mentions_person_ids=mentions, **grading)


@pytest.fixture
def graph(db: Driver, neo4j_connection: Neo4jConnection) -> tuple[Driver, str]:
    codes = ("008/06", "034/02", "008/01", "105/01", "010/04", "049/01")
    write_records(db, neo4j_connection.database, {
        "offence": [offence(c, origin=CLUSTER) for c in codes],
        "person": [_person("P-1", "Jan", "Kowalski"), _person("P-2", "Jan", "Kowalsky"),
                   _person("P-3", "Piotr", "Nowak"), _person("P-4", "Adam", "Zielinski"),
                   _person("P-5", "Jan", "Kowalskii"), _person("P-6", "J.", "Kowalsky")],
        "conviction": [_conviction("CV-1", "P-1", "2020-03-01", "008/06"),
                       _conviction("CV-2", "P-2", "2021-01-10", "034/02"),
                       _conviction("CV-3", "P-3", "2020-01-01", "010/04"),
                       _conviction("CV-4", "P-4", "2020-01-01", "008/01"),
                       _conviction("CV-5", "P-5", "2020-01-01", "049/01"),
                       _conviction("CV-6", "P-6", "2020-06-01", "049/01")],
        "arrest": [_arrest("AR-1", "P-1", "2021-05-01", "105/01", "nfa"),
                   _arrest("AR-2", "P-2", "2022-02-01", "008/01", "bail")],
        "association": [_friend("AS-1", "P-1", "P-3"), _friend("AS-2", "P-2", "P-3"),
                        _friend("AS-3", "P-2", "P-4"),
                        _friend("AS-4", "P-1", "P-2", "lives_with")],
        "intelligence_report": [
            _report("IT-1", "Seen at a car wash in Tottenham", ["P-1"],
                    source_evaluation="2", intelligence_assessment="B", handling_code="P"),
            _report("IT-2", SECRET, ["P-2"], source_evaluation="1",
                    intelligence_assessment="A", handling_code="C",
                    handling_conditions=CONDITIONS),
            _report("IT-3", "Both names used at one address", ["P-1", "P-2"],
                    source_evaluation="2", intelligence_assessment="B", handling_code="P"),
        ],
        "warrant": [CLUSTER.on("2022-03-01", id="WA-2", person_id="P-2",
                               kind="european_arrest_warrant", issuing_country="PL",
                               reference="EAW/PL/2022/9", offence_description="Robbery",
                               issued_on="2022-03-01", status="active")],
    })
    return db, neo4j_connection.database


def _decide(graph: tuple[Driver, str], a: str, b: str, status: str, at: datetime) -> None:
    driver, database = graph
    with driver.session(database=database) as session:
        session.execute_write(decide, a, b, status, "tenprints identify both records",
                              "DS Reviewer", at)


def _undo(graph: tuple[Driver, str], a: str, b: str, at: datetime) -> None:
    driver, database = graph
    with driver.session(database=database) as session:
        session.execute_write(undo, link_id(a, b), "prints were someone else's",
                              "DS Reviewer", at)


def history(graph: tuple[Driver, str], person: str = "P-1", as_of: date = TODAY,
            **options: Any) -> History:
    driver, database = graph
    options.setdefault("clearance", FULL)
    return build_history(driver, database, person, as_of=as_of, purpose="test: remand",
                         generated_by="tester", **options)


def ids(document: History, key: str) -> list[str]:
    return [item["id"] for item in document.items(key)]


def item(document: History, key: str, item_id: str) -> dict[str, Any]:
    return next(i for i in document.items(key) if i["id"] == item_id)


def under(entry: dict[str, Any]) -> str | None:
    return dict(map(tuple, entry["fields"])).get("Recorded under")


def only_own_records(document: History) -> None:
    """A's history as if B were another person: A's records, B an associate."""
    assert ids(document, "convictions_home") == ["CV-1"]
    assert ids(document, "arrests_charges") == ["AR-1"]
    assert [t["conviction_id"] for t in document.content["harm"]["terms"]] == ["CV-1"]
    assert ids(document, "warrants") == [] and "IT-2" not in ids(document, "intelligence")
    assert "P-2" in ids(document, "associates")  # another person, as far as it knows
    assert "AS-4" in ids(document, "direct_associations")
    assert not [i for i in document.items("identity") if i["title"].startswith("Also")]
    assert "recorded under" not in canonical_json(document.content)


def test_before_confirming_the_history_holds_only_the_subjects_records(
        graph: tuple[Driver, str]) -> None:
    only_own_records(history(graph))


def test_a_confirmed_link_folds_in_every_record_of_the_other(graph: tuple[Driver, str]) -> None:
    _decide(graph, "P-1", "P-2", "confirmed", CONFIRMED_AT)
    _decide(graph, "P-1", "P-5", "rejected", CONFIRMED_AT)
    document = history(graph)
    # proven: both convictions, B's marked and cited as B's record
    assert ids(document, "convictions_home") == ["CV-1", "CV-2"]
    cv1, cv2 = document.items("convictions_home")
    assert under(cv1) is None and "recorded under" not in cv1["title"]
    assert under(cv2) == "P-2 (Jan Kowalsky)" and cv2["title"].endswith(UNDER_B)
    assert cv2["citations"][0]["record_id"] == "CV-2"
    # unproven: both arrests, B's marked; B's warrant; intelligence on both records once
    assert ids(document, "arrests_charges") == ["AR-1", "AR-2"]
    assert under(item(document, "arrests_charges", "AR-2")) == "P-2 (Jan Kowalsky)"
    assert under(item(document, "arrests_charges", "AR-1")) is None
    assert ids(document, "warrants") == ["WA-2"]
    assert sorted(ids(document, "intelligence")) == ["IT-1", "IT-2", "IT-3"]
    assert under(item(document, "intelligence", "IT-3")) is None  # A's own record too
    # harm: each conviction of the cluster once
    harm = document.content["harm"]
    assert sorted(t["conviction_id"] for t in harm["terms"]) == ["CV-1", "CV-2"]
    assert harm["convictions"] == 2 and harm["gravity_total"] == 182.0 + 365.0
    assert under(item(document, "harm", "CV-2")) == "P-2 (Jan Kowalsky)"
    # associates through either record, each person once; B is not its own associate
    associates = ids(document, "associates")
    assert sorted(associates) == ["P-3", "P-4"]
    p4 = item(document, "associates", "P-4")
    path = dict(map(tuple, p4["fields"]))["Path"]
    assert "(P-4), 1 hop:" in p4["title"]  # through B's own link, not via B as a person
    assert path == "Jan Kowalsky (P-2) —FRIEND [AS-3]— Adam Zielinski (P-4)"
    assert sorted(ids(document, "direct_associations")) == ["AS-1", "AS-2", "AS-3"]
    # the picture draws the person once, B's links from the centre
    network = document.content["network"]
    assert "P-2" not in {n["id"] for n in network["nodes"]}
    edges = {e["id"]: (e["start"], e["end"]) for e in network["edges"]}
    assert edges["AS-3"] == ("P-1", "P-4") and "AS-4" not in edges
    # identity: B listed, the rejected P-5 folds nothing in
    identity = [i["title"] for i in document.items("identity")]
    assert "Also recorded as Jan Kowalsky (P-2)" in identity
    text = canonical_json(document.content)
    assert "P-5" not in text and "CV-5" not in text
    # and the other way round: B's history holds A's records, marked as A's
    from_b = history(graph, "P-2")
    assert under(item(from_b, "convictions_home", "CV-1")) == "P-1 (Jan Kowalski)"
    assert under(item(from_b, "convictions_home", "CV-2")) is None


def test_undo_and_the_as_at_date_decide_what_is_folded_in(graph: tuple[Driver, str]) -> None:
    _decide(graph, "P-1", "P-2", "confirmed", CONFIRMED_AT)
    only_own_records(history(graph, as_of=BEFORE))  # not yet confirmed then
    _undo(graph, "P-1", "P-2", UNDONE_AT)
    only_own_records(history(graph))  # undone: A's own records only
    then = history(graph, as_of=BETWEEN)  # the link stood confirmed at that date
    assert ids(then, "convictions_home") == ["CV-1", "CV-2"]
    assert "P-2" not in ids(then, "associates")


def test_the_cluster_is_transitive(graph: tuple[Driver, str]) -> None:
    _decide(graph, "P-1", "P-2", "confirmed", CONFIRMED_AT)
    _decide(graph, "P-6", "P-2", "confirmed", CONFIRMED_AT)
    document = history(graph)
    assert ids(document, "convictions_home") == ["CV-1", "CV-6", "CV-2"]  # by date
    assert under(item(document, "convictions_home", "CV-6")) == "P-6 (J. Kowalsky)"
    also = {i["title"]: dict(map(tuple, i["fields"])) for i in document.items("identity")
            if i["title"].startswith("Also")}
    assert set(also) == {"Also recorded as Jan Kowalsky (P-2)",
                         "Also recorded as J. Kowalsky (P-6)"}
    assert also["Also recorded as J. Kowalsky (P-6)"]["Confirmed as the same as"] == "P-2"
    assert document.content["harm"]["convictions"] == 3


def test_handling_code_c_on_another_record_stays_restricted(graph: tuple[Driver, str]) -> None:
    _decide(graph, "P-1", "P-2", "confirmed", CONFIRMED_AT)
    assert SECRET in canonical_json(history(graph).content)  # it is folded in
    hidden = history(graph, clearance=P_ONLY)
    text = canonical_json(hidden.content)
    assert SECRET not in text and "IT-2" not in text and "WITHHELD" not in text
    assert sorted(ids(hidden, "intelligence")) == ["IT-1", "IT-3"]
    assert ids(hidden, "convictions_home") == ["CV-1", "CV-2"]  # the rest stays
    disclosed = history(graph, disclosure=True, shared_with=["Home Office"])
    assert SECRET not in canonical_json(disclosed.content)
    it2 = item(disclosed, "intelligence", "IT-2")
    assert it2["withheld"] and it2["title"] == f"[WITHHELD — handling code C: {CONDITIONS}]"
    assert under(it2) == "[withheld]"
