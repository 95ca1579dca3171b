"""One call for the CLI, the HTTP routes and GraphQL: build a history and save it."""

from __future__ import annotations

from datetime import date, datetime

from neo4j import Driver

from graph.access import P_ONLY, Clearance
from graph.errors import ValidationError
from graph.history.build import build_history, require_purpose
from graph.history.model import History
from graph.history.versions import save_version

MAX_SHARED_WITH = 20


def generate(driver: Driver, database: str, person_id: str, *, as_of: date | datetime | str,
             purpose: str, generated_by: str, case_reference: str | None = None,
             disclosure: bool = False, shared_with: list[str] | tuple[str, ...] = (),
             save: bool = True, hops: int = 2, clearance: Clearance) -> History:
    """Build the history as a reader with `clearance` may see it (refusing a missing
    purpose first) and, with `save`, store it as the person's next immutable version,
    with the view of a reader cleared for P alone beside it when `clearance` sees more
    (graph/history/versions.py). A saved disclosure version must name who it is shared
    with."""
    require_purpose(purpose)
    shared = [s.strip() for s in shared_with if s and s.strip()]
    if len(shared) > MAX_SHARED_WITH:
        raise ValidationError("history", "shared_with", f"at most {MAX_SHARED_WITH} recipients")
    if disclosure and save and not shared:
        raise ValidationError("history", "shared_with",
                              "a disclosure version must say who it is shared with")
    def build(seen: Clearance) -> History:
        return build_history(driver, database, person_id, as_of=as_of, purpose=purpose,
                             generated_by=generated_by, hops=hops, disclosure=disclosure,
                             case_reference=case_reference, shared_with=shared,
                             clearance=seen)

    history = build(clearance)
    if not save:
        return history
    p_view = None if clearance.codes <= P_ONLY.codes else build(P_ONLY)
    return save_version(driver, database, history, clearance=clearance, p_view=p_view)
