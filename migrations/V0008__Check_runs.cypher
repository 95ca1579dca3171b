// Checks run through connectors (graph/checks) are read back by run: checkRun(id) polls
// every second while the sources answer, so the run id is indexed.
CREATE INDEX check_run_id IF NOT EXISTS FOR (n:Check) ON (n.run_id);
