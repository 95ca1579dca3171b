// "Same as" decisions (issue 9): links and their events are records, never merges.
CREATE CONSTRAINT same_as_link_id IF NOT EXISTS FOR (l:SameAsLink) REQUIRE l.id IS UNIQUE;
CREATE CONSTRAINT same_as_event_id IF NOT EXISTS FOR (e:SameAsEvent) REQUIRE e.id IS UNIQUE;
// Scored duplicate candidate pairs stored by `nexus duplicates scan`, paged by score.
CREATE CONSTRAINT duplicate_candidate_id IF NOT EXISTS FOR (c:DuplicateCandidate) REQUIRE c.id IS UNIQUE;
CREATE INDEX duplicate_candidate_score IF NOT EXISTS FOR (c:DuplicateCandidate) ON (c.score);
CREATE INDEX duplicate_candidate_scan IF NOT EXISTS FOR (c:DuplicateCandidate) ON (c.scan_id);
