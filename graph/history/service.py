"""One call for the CLI, the HTTP routes and GraphQL: build a history and save it."""

from __future__ import annotations

from datetime import date, datetime

from neo4j import Driver

from graph.errors import ValidationError
from graph.history.build import build_history, require_purpose
from graph.history.model import History
from graph.history.versions import save_version

MAX_SHARED_WITH = 20


def generate(driver: Driver, database: str, person_id: str, *, as_of: date | datetime | str,
             purpose: str, generated_by: str, case_reference: str | None = None,
             disclosure: bool = False, shared_with: list[str] | tuple[str, ...] = (),
             save: bool = True, hops: int = 2, show_c: bool = True) -> History:
    """Build the history (refusing a missing purpose first) and, with `save`, store it as
    the person's next immutable version. A saved disclosure version must name who it is
    shared with."""
    require_purpose(purpose)
    shared = [s.strip() for s in shared_with if s and s.strip()]
    if len(shared) > MAX_SHARED_WITH:
        raise ValidationError("history", "shared_with", f"at most {MAX_SHARED_WITH} recipients")
    if disclosure and save and not shared:
        raise ValidationError("history", "shared_with",
                              "a disclosure version must say who it is shared with")
    history = build_history(driver, database, person_id, as_of=as_of, purpose=purpose,
                            generated_by=generated_by, hops=hops, disclosure=disclosure,
                            case_reference=case_reference, shared_with=shared,
                            show_c=show_c)
    return save_version(driver, database, history) if save else history
