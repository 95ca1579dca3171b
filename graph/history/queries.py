"""The Cypher of a history: three reads (subject, associates, picture edges) and the
version store. Every value is a parameter; the hop count picks one of a few prepared
texts (`associates_query`), and relationship types come from the closed set in
`graph.explorer.network.ASSOCIATION_TYPES`.

As-at rules in Cypher (the same rules `graph.history.asof` applies in Python): a record
counts when it was recorded on or before `$as_of` and, where it has one, its occurrence
date (arrest, conviction, flag set, association `since`) is on or before it too.
"""

from __future__ import annotations

from graph.access import visible
from graph.explorer.network import ASSOCIATION_TYPES
from graph.records.flag_case import flag_case_map

PERSON_TYPES = "|".join(t for t in ASSOCIATION_TYPES.values() if t != "MEMBER_OF")
NETWORK_TYPES = "|".join(ASSOCIATION_TYPES.values())
HOPS = (1, 2, 3)

# Offence categories that make an associate "violent or high-harm" (closed set).
RISK_CATEGORIES = ("violence_against_the_person", "possession_of_weapons", "robbery")

_OFFENCES = "[(x)-[:FOR_OFFENCE]->(o:Offence) | o { .id, .description, .category, .chi_days }]"

# A same-as link joins an identity cluster as at the date when its last decision up to
# the date (events are numbered by `seq`) is a confirmation: a link rejected or undone by
# then joins nothing, a link confirmed after the date joins nothing yet.
_CONFIRMED_AS_AT = """COLLECT { MATCH (l)-[:HAS_EVENT]->(e:SameAsEvent)
                        WHERE e.at <= $as_of AND e.recorded_at <= $as_of
                        RETURN e.action ORDER BY e.seq DESC LIMIT 1 } = ['confirmed']"""

# Round trip 1: the subject and every other record of the same person (the identity
# cluster: connected over links confirmed as at the date, transitive, as in
# `graph.identity.links.CLUSTER_OF`), one row each with every record of that Person
# node, unfiltered (filtered as at the date in Python, where each rule is one readable
# line; `graph.history.cluster` folds the rows into one).
_FLAG = flag_case_map('x')
SUBJECT = f"""
MATCH (s:Person {{id: $id}})
OPTIONAL MATCH ANY (s)((:Person)-[:SAME_AS]->(l:SameAsLink WHERE {_CONFIRMED_AS_AT})
                       <-[:SAME_AS]-(:Person))+(q:Person)
WITH s, collect(DISTINCT q) AS others
UNWIND [s] + [q IN others WHERE q <> s] AS p
RETURN p {{ .* }} AS person,
  [(p)-[r:LIVES_AT]->(l:Location) |
     {{rel: r {{ .* }}, location: l {{ .id, .name, .address_line, .postcode, .borough }} }}
  ] AS addresses,
  [(p)-[:HAS_FLAG]->(x:Flag) | {_FLAG}] AS flags,
  [(p)-[:WAS_CONVICTED]->(x:Conviction) | x {{ .*, offences: {_OFFENCES},
     charge_id: head([(c:Charge)-[:RESULTED_IN]->(x) | c.id]),
     arrest_id: head([(a:Arrest)-[:LED_TO]->(:Charge)-[:RESULTED_IN]->(x) | a.id]) }}
  ] AS convictions,
  [(p)-[:WAS_ARRESTED]->(x:Arrest) | x {{ .*, offences: {_OFFENCES},
     custody_suite: head([(x)-[:AT_LOCATION]->(l:Location) | l.name]),
     incident_id: head([(x)-[:CONCERNS]->(i:Incident) | i.id]) }}] AS arrests,
  [(p)-[:WAS_CHARGED]->(x:Charge) | x {{ .*, offences: {_OFFENCES},
     arrest_id: head([(a:Arrest)-[:LED_TO]->(x) | a.id]),
     convictions: [(x)-[:RESULTED_IN]->(v:Conviction) |
                   v {{ .id, .convicted_on, .recorded_at }}] }}] AS charges,
  [(p)-[r:SUSPECT_IN|VICTIM_IN|WITNESS_IN|OTHER_PARTY_IN]->(i:Incident) |
     {{rel: r {{ .*, role: type(r) }},
      incident: i {{ .*, location: head([(i)-[:AT_LOCATION]->(l:Location) | l.name]) }} }}
  ] AS incidents,
  [(p)-[r:MEMBER_OF]->(o:Organisation) WHERE {visible('r')} |
     {{rel: r {{ .* }}, organisation: o {{ .id, .name, .kind, .area }} }}] AS memberships,
  [(p)-[r:{PERSON_TYPES}]-(o:Person) WHERE {visible('r')} |
     {{rel: r {{ .*, kind: type(r) }}, other: o {{ .id, .full_name, .recorded_at }} }}
  ] AS direct,
  [(x:IntelligenceReport)-[:MENTIONS]->(p) WHERE {visible('x')} | x {{ .* }}] AS intelligence,
  [(p)-[:HAS_CHECK]->(x:Check) | x {{ .*, warrant_id: head([(x)-[:FOUND]->(w:Warrant) | w.id]) }}
  ] AS checks,
  [(p)-[:WANTED_ON]->(x:Warrant) | x {{ .* }}] AS warrants,
  [(p)-[:SAME_AS]->(l:SameAsLink)<-[:SAME_AS]-(o:Person) |
     {{link: l {{ .* }}, other: o {{ .id, .full_name }},
      events: [(l)-[:HAS_EVENT]->(e:SameAsEvent) | e {{ .* }}] }}] AS same_as
"""

# A link counts as at the date, and only when the reader may see its handling code.
_LINK_AS_AT = ("r.recorded_at <= $as_of AND (r.since IS NULL OR r.since <= $as_of_date) "
               "AND b.recorded_at <= $as_of "
               f"AND {visible('r')}")

# The four reasons a person is listed, each a pattern with its as-at predicate. Each is
# used twice: in EXISTS (to select and count cheaply) and in a list (for the kept rows).
_CONVICTED = """(o)-[:WAS_CONVICTED]->(x:Conviction)-[:FOR_OFFENCE]->(f:Offence)
     WHERE f.category IN $risk_categories AND x.recorded_at <= $as_of
       AND x.convicted_on <= $as_of_date"""
_ARRESTED = """(o)-[:WAS_ARRESTED]->(x:Arrest)-[:FOR_OFFENCE]->(f:Offence)
     WHERE f.category IN $risk_categories AND x.recorded_at <= $as_of
       AND x.arrested_at <= $as_of"""
_FLAGGED = """(o)-[:HAS_FLAG]->(x:Flag {kind: 'high_harm'})
     WHERE x.recorded_at <= $as_of AND x.set_at <= $as_of
       AND NOT EXISTS { (x)-[:HAS_EVENT]->(e:FlagEvent {action: 'cleared'})
                        WHERE e.at <= $as_of }"""
_GANG = f"""(o)-[m:MEMBER_OF]->(g:Organisation)
     WHERE m.recorded_at <= $as_of AND (m.since IS NULL OR m.since <= $as_of_date)
       AND {visible('m')}"""

# Round trip 2: every person within <HOPS> hops (associations and shared gangs) who has a
# violence / weapons / robbery conviction or arrest, an active high-harm flag or a gang
# membership as at the date, with one shortest path that links them to the subject. The
# search starts from every record of the subject's identity cluster (`$ids`, the subject
# first); a member is never its own associate, and each person keeps one shortest path
# (from the subject's own record when lengths tie). The reasons are spelled out only for
# the rows kept after the limit.
_ASSOCIATES = f"""
MATCH (c:Person) WHERE c.id IN $ids
MATCH path = ANY SHORTEST
  (c)((a)-[r:{NETWORK_TYPES}]-(b) WHERE {_LINK_AS_AT}){{1,<HOPS>}}(o:Person)
WHERE NOT o.id IN $ids
  AND (EXISTS {{ {_CONVICTED} }} OR EXISTS {{ {_ARRESTED} }}
       OR EXISTS {{ {_FLAGGED} }} OR EXISTS {{ {_GANG} }})
WITH o, path, length(path) AS hops, c.id = $id AS own, c.id AS start
ORDER BY hops, own DESC, start
WITH o, head(collect({{path: path, hops: hops}})) AS best
WITH o, best.path AS path, best.hops AS hops ORDER BY hops, o.id
WITH collect({{o: o, path: path, hops: hops}}) AS listed
WITH size(listed) AS total, listed[..$limit] AS kept
UNWIND kept AS kept_row
WITH total, kept_row.o AS o, kept_row.path AS path, kept_row.hops AS hops
WITH total, o, path, hops,
  [{_CONVICTED} |
     {{type: 'Conviction', id: x.id, on: x.convicted_on, offence: f.id,
      description: f.description, source: x.source, recorded_by: x.recorded_by,
      recorded_at: x.recorded_at}}] AS convicted,
  [{_ARRESTED} |
     {{type: 'Arrest', id: x.id, on: x.arrested_at, offence: f.id, outcome: x.outcome,
      description: f.description, source: x.source, recorded_by: x.recorded_by,
      recorded_at: x.recorded_at}}] AS arrested,
  [{_FLAGGED} |
     {{type: 'Flag', id: x.id, on: x.set_at, reason: x.reason, source: x.source,
      recorded_by: x.recorded_by, recorded_at: x.recorded_at}}] AS flagged,
  [{_GANG} |
     {{type: 'Membership', id: m.id, on: m.since, until: m.until, role: m.role,
      organisation_id: g.id, organisation: g.name, source: m.source,
      recorded_by: m.recorded_by, recorded_at: m.recorded_at,
      source_evaluation: m.source_evaluation,
      intelligence_assessment: m.intelligence_assessment,
      handling_code: m.handling_code, handling_conditions: m.handling_conditions}}] AS gangs
ORDER BY hops, o.id
RETURN total, collect({{
  person: o {{ .id, .full_name }}, hops: hops,
  nodes: [n IN nodes(path) | {{id: n.id, label: coalesce(n.full_name, n.name, n.id),
                              type: CASE WHEN n:Organisation THEN 'Organisation'
                                    ELSE 'Person' END}}],
  links: [r IN relationships(path) | r {{ .*, kind: type(r), start: startNode(r).id,
                                         end: endNode(r).id }}],
  convicted: convicted, arrested: arrested, flagged: flagged, gangs: gangs
}}) AS associates
"""


def associates_query(hops: int) -> str:
    if hops not in HOPS:
        raise ValueError(f"hops must be one of {HOPS}")
    return _ASSOCIATES.replace("<HOPS>", str(hops))


# Round trip 3: the links among the people and groups drawn in the network picture.
PICTURE_EDGES = f"""
UNWIND $ids AS node_id
CALL (node_id) {{
  MATCH (a:Person {{id: node_id}}) RETURN a
  UNION
  MATCH (a:Organisation {{id: node_id}}) RETURN a
}}
MATCH (a)-[r:{NETWORK_TYPES}]->(b)
WHERE b.id IN $ids AND {_LINK_AS_AT}
RETURN r.id AS id, a.id AS start, b.id AS end, type(r) AS kind
ORDER BY id
"""

# --- saved versions -------------------------------------------------------------------

# The next version number is read and written in one transaction; the uniqueness
# constraint on (person_id, version) turns a concurrent double save into a retry.
SAVE_VERSION = """
MATCH (p:Person {id: $person_id})
OPTIONAL MATCH (p)-[:HAS_HISTORY_VERSION]->(old:HistoryVersion)
WITH p, coalesce(max(old.version), 0) + 1 AS number
CREATE (v:HistoryVersion {
  id: 'HV-' + $person_id + '-' + toString(number), person_id: $person_id, version: number,
  content_hash: $content_hash, content: $content, generated_by: $generated_by,
  generated_at: $generated_at, purpose: $purpose, case_reference: $case_reference,
  as_of: $as_of, disclosure: $disclosure, shared_with: $shared_with,
  codes: $codes, content_p: $content_p, content_p_hash: $content_p_hash,
  source: 'nexus:history', recorded_by: $generated_by, recorded_at: $generated_at })
CREATE (p)-[:HAS_HISTORY_VERSION {source: 'nexus:history', recorded_by: $generated_by,
                                  recorded_at: $generated_at}]->(v)
RETURN v.id AS id, v.version AS version
"""

_VERSION_FIELDS = """v { .id, .person_id, .version, .content_hash, .generated_by,
  .generated_at, .purpose, .case_reference, .as_of, .disclosure, .shared_with, .codes,
  .content_p_hash }"""

# Which versions a reader may be shown at all: the Cypher twin of `versions.view_for` (a
# version whose generator saw no more than the reader; one with a P view, for a reader
# cleared for P; one saved before views were stored, for a reader cleared for C alone).
_VERSION_SHOWN = """CASE WHEN v.codes IS NULL THEN $legacy_shown
  ELSE all(code IN v.codes WHERE code IN $codes)
       OR (v.content_p IS NOT NULL AND all(code IN $p_codes WHERE code IN $codes)) END"""

# One page of the versions a reader may be shown, newest first, and how many there are.
VERSION_PAGE = f"""
MATCH (p:Person {{id: $person_id}})
RETURN COUNT {{ (p)-[:HAS_HISTORY_VERSION]->(v:HistoryVersion) WHERE {_VERSION_SHOWN} }}
         AS total,
       COLLECT {{ MATCH (p)-[:HAS_HISTORY_VERSION]->(v:HistoryVersion)
                 WHERE {_VERSION_SHOWN}
                 WITH v ORDER BY v.version DESC SKIP $skip LIMIT $first
                 RETURN {{version: {_VERSION_FIELDS},
                         has_p_view: v.content_p IS NOT NULL}} }} AS page
"""

LIST_VERSIONS = f"""
MATCH (:Person {{id: $person_id}})-[:HAS_HISTORY_VERSION]->(v:HistoryVersion)
RETURN {_VERSION_FIELDS} AS version, v.content_p IS NOT NULL AS has_p_view
ORDER BY v.version
"""

GET_VERSIONS = f"""
MATCH (:Person {{id: $person_id}})-[:HAS_HISTORY_VERSION]->(v:HistoryVersion)
WHERE v.version IN $versions
RETURN {_VERSION_FIELDS} AS version, v.content AS content, v.content_p AS content_p
"""
