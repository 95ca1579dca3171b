// The audit journal ships entries in batches and skips ids already chained (issue 4).
CREATE CONSTRAINT audit_entry_id IF NOT EXISTS FOR (e:AuditEntry) REQUIRE e.entry_id IS UNIQUE;
