"""The database underneath: connection settings, the driver, the local Neo4j, schema
migrations, statement timeouts, health and record counts. Nothing here knows the domain."""
