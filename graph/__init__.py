"""Nexus graph layer: settings, driver, local Neo4j, migrations, models and Cypher.

Depends only on the Neo4j driver and neomodel; never imports `api`.
"""
