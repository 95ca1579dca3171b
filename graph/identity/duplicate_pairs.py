"""One person's stored, undecided duplicate pairs, read as they stand (nothing is scored).

The profile asks "may this record be a duplicate?" on every open: it reads the
`DuplicateCandidate` nodes the scan and the live check stored (`graph.identity.duplicates`,
`graph.identity.duplicates_live`) through the `a_id` / `b_id` range indexes (V0012), and
leaves out pairs with a standing same-as decision (an undone one is undecided again).
"""

from __future__ import annotations

from neo4j import Driver

from graph.identity.duplicates import stored_pair
from graph.identity.duplicates_live import MAX_SHOWN, PossibleDuplicate

PERSON_PAIRS = """
MATCH (c:DuplicateCandidate)
WHERE (c.a_id = $id OR c.b_id = $id) AND c.score >= $min_score
  AND NOT EXISTS { MATCH (l:SameAsLink {id: c.link_id}) WHERE l.status <> 'undone' }
WITH c ORDER BY c.score DESC, c.id LIMIT $limit
OPTIONAL MATCH (o:Person {id: CASE c.a_id WHEN $id THEN c.b_id ELSE c.a_id END})
RETURN c { .* } AS candidate, null AS decision, o.full_name AS other_name
ORDER BY c.score DESC, c.id
"""


def undecided_of(driver: Driver, database: str, person_id: str, min_score: float,
                 limit: int = MAX_SHOWN) -> list[PossibleDuplicate]:
    """The person's stored pairs without a standing decision scoring at least `min_score`,
    best first, at most `limit`, each seen from the person."""
    records, _, _ = driver.execute_query(PERSON_PAIRS, id=person_id, min_score=min_score,
                                         limit=limit, database_=database,
                                         routing_="r")
    found = []
    for record in records:
        pair = stored_pair(record)
        other = pair.b if pair.a == person_id else pair.a
        found.append(PossibleDuplicate(person_id, other, record["other_name"], pair.score,
                                       pair.band, pair.fields,
                                       tuple(record["candidate"].get("rules") or ())))
    return found
