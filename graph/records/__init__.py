"""The write layer: validate record rows (docs/model.md, "Record rows") and write them.

    validate(kind, row) -> CleanRow           # or raises ValidationError (RowError)
    validate_many(kind, rows) -> (clean_rows, errors)
    write_batch(tx, kind, rows) -> int        # UNWIND + MERGE on id, in the caller's tx
    write_records(driver, database, {kind: rows}, clearance=...) -> {kind: written}
    in_write_transaction(driver, database, work)  # driver faults told as graph errors
    derive_co_offenders(tx, incident_ids=None) -> pairs
    set_flag / review_flag / clear_flag       # flag history helpers
    challenge_flag / decide_challenge         # challenges to a flag (docs/flags.md)
"""

from graph.records.challenges import challenge_flag, decide_challenge
from graph.records.flags import clear_flag, review_flag, set_flag
from graph.records.kinds import KINDS, WRITE_ORDER
from graph.records.validation import CleanRow, RowError, row_fields, validate, validate_many
from graph.records.writing import (
    derive_co_offenders,
    in_write_transaction,
    set_event_id,
    write_batch,
    write_records,
)

__all__ = [
    "KINDS", "WRITE_ORDER", "CleanRow", "RowError", "challenge_flag", "clear_flag",
    "decide_challenge", "derive_co_offenders",
    "in_write_transaction",
    "review_flag", "row_fields", "set_event_id", "set_flag", "validate", "validate_many",
    "write_batch", "write_records",
]
