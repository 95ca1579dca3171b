"""The shared fixtures live in tests/support/ and are registered here as pytest plugins."""

pytest_plugins = ["tests.support.fixtures", "tests.support.abroad"]
