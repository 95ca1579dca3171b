"""The test users: one per role (test-officer, test-analyst, ...), all with TEST_PASSWORD.

The session's `driver` fixture creates them once; `wipe_graph` keeps them.
"""

from __future__ import annotations

from neo4j import Driver

TEST_PASSWORD = "correct horse battery staple"
ROLES = ("officer", "analyst", "supervisor", "auditor", "admin")


def user_name(role: str) -> str:
    return f"test-{role}"


def ensure_test_users(driver: Driver, database: str) -> None:
    """One user per role (test-officer, test-analyst, ...), password TEST_PASSWORD."""
    from graph.accounts import users

    for role in ROLES:
        if users.get_user(driver, database, user_name(role)) is None:
            users.add_user(driver, database, user_name(role), role, TEST_PASSWORD)
