// The analytics lease: one refresher at a time recomputes the network measures, however
// many `nexus serve` processes run against the database.
CREATE CONSTRAINT analytics_lease_id IF NOT EXISTS FOR (l:AnalyticsLease) REQUIRE l.id IS UNIQUE;
