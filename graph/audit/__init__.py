"""The audit trail: the hash chain of who consulted or changed what (`chain`), and the
journal that keeps entries safe on disk when Neo4j cannot take them (`journal`)."""
