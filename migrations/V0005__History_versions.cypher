// Saved intelligence histories (issue 5): immutable :HistoryVersion nodes, numbered per
// person. The composite constraint makes two concurrent saves of the same number fail
// (the writer retries with the next number) instead of producing a duplicate.
CREATE CONSTRAINT history_version_id IF NOT EXISTS FOR (v:HistoryVersion) REQUIRE v.id IS UNIQUE;
CREATE CONSTRAINT history_version_number IF NOT EXISTS FOR (v:HistoryVersion) REQUIRE (v.person_id, v.version) IS UNIQUE;
