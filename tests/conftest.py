"""The shared fixtures live in tests/support/ and are registered here as pytest plugins."""

pytest_plugins = ["tests.support.neo4j", "tests.support.server", "tests.support.abroad"]
