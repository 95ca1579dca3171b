// Alerts to officers who watch a person (graph/watches.py, docs/watches.md): MERGE on the
// id, so a retried write raises nothing twice; a rewrite of a graded record finds its
// alerts by record id to move them to the record's new handling code.
CREATE CONSTRAINT alert_id IF NOT EXISTS FOR (n:Alert) REQUIRE n.id IS UNIQUE;
CREATE INDEX alert_record_id IF NOT EXISTS FOR (n:Alert) ON (n.record_id);
