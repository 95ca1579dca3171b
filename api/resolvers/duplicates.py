"""The possible duplicates of one person, for `Person.possibleDuplicates` and for what
`recordPerson` answers with: permission, validation, the graph read and the audit of
every record shown; the caller turns each into a `PossibleDuplicate`."""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool

from api.context import Context
from api.permissions import Permission
from api.types.common import UserInputError
from graph.identity import duplicate_pairs, duplicates_live

log = logging.getLogger(__name__)


async def checked_after_recording(ctx: Context, person_id: str
                                  ) -> list[duplicates_live.PossibleDuplicate]:
    """Check a person just recorded for duplicates (stored as a scan stores them) and list
    the possible ones, best first. The record is already written: a failure here is logged
    and answers an empty list, never an error of the mutation."""
    try:
        result = await run_in_threadpool(duplicates_live.check_persons, ctx.driver,
                                         ctx.database, [person_id], ctx.user_name)
    except Exception:
        log.exception("duplicate check failed for %s (the person is recorded)", person_id)
        return []
    found = result.possible.get(person_id, [])
    if not found or not ctx.may(Permission.READ_PERSONS):
        return []
    return _audited(ctx, person_id, found)


async def stored(ctx: Context, person_id: str, min_score: float
                 ) -> list[duplicates_live.PossibleDuplicate]:
    """`Person.possibleDuplicates`: the stored, undecided pairs of a person, best first
    (read only: the check is run when a person is recorded, not here)."""
    ctx.require(Permission.READ_PERSONS)
    if not 0.0 <= min_score <= 1.0:
        raise UserInputError("`minScore` must be between 0 and 1", "minScore")
    found = await run_in_threadpool(duplicate_pairs.undecided_of, ctx.driver, ctx.database,
                                    person_id, min_score)
    return _audited(ctx, person_id, found)


def _audited(ctx: Context, person_id: str, found: list[duplicates_live.PossibleDuplicate]
             ) -> list[duplicates_live.PossibleDuplicate]:
    """Audit the pairs shown (the person and every other record)."""
    ctx.audit.consult("possible-duplicates", [person_id, *(p.other_id for p in found)],
                      f"possible duplicates of {person_id}: "
                      + (", ".join(f"{p.other_id} ({p.score})" for p in found) or "none"))
    return found
