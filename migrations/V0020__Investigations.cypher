// Saved investigations (graph/investigations, docs/investigations.md): saving MERGEs on the
// id (a keyed create retried lands on the same node), and opening one finds it by id.
CREATE CONSTRAINT investigation_id IF NOT EXISTS FOR (n:Investigation) REQUIRE n.id IS UNIQUE;
