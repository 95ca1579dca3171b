"""A bounded schemathesis fuzzing run of every query and mutation: no server errors.

Hypothesis generates documents and variables from the live schema (introspection is on
outside production); every answer must be a 2xx/4xx with no masked internal error.
NEXUS_FUZZ_EXAMPLES raises the bound for a longer run on demand.
"""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.support.server import LiveServer, auth_headers

EXAMPLES = int(os.environ.get("NEXUS_FUZZ_EXAMPLES", "12"))


CALLS: list[int] = []


def _check(case: schemathesis.Case) -> None:
    response = case.call(headers=auth_headers("supervisor"))
    CALLS.append(response.status_code)
    assert response.status_code < 500, response.text
    body = response.json()
    codes = [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]
    assert "INTERNAL" not in codes, (case.body, body)


def test_no_server_errors_for_any_operation(live_server: LiveServer) -> None:
    schema = schemathesis.graphql.from_url(f"{live_server.url}/graphql",
                                           headers=auth_headers("supervisor"))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20
    for operation in operations:
        run = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                       suppress_health_check=list(HealthCheck))(
            given(case=operation.as_strategy())(_check))
        run()
    assert len(CALLS) >= 2 * len(operations), "the fuzzer really sent requests"
    print(f"fuzzed {len(operations)} operations with {len(CALLS)} requests: "
          f"{sum(1 for s in CALLS if s >= 500)} server errors")
