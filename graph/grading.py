"""A derived fact is as weak as its weakest source (docs/flags.md, "Grading carried through").

A co-offender link, a path, an associate line in a history or a flag's evidence rests on
records that each carry a 3x5x2 grading. What is derived from them carries the weakest
source evaluation (3 is weakest), the weakest intelligence assessment (E is weakest) and
the most restrictive handling code (C over P) of what it rests on, so a derived line
never reads as firmer, or as more freely shareable, than its sources.

Ungraded records (a conviction, an arrest) add nothing: they are records of fact, not
intelligence. A code not in the order below counts as the most restrictive, so a code
added later is never taken as freer than C.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# Weakest last.
SOURCE_ORDER = ("1", "2", "3")
ASSESSMENT_ORDER = ("A", "B", "C", "D", "E")
HANDLING_ORDER = ("P", "C")


def _rank(order: tuple[str, ...], value: str) -> int:
    return order.index(value) if value in order else len(order)


def weakest(records: Iterable[Mapping[str, Any] | None]) -> dict[str, Any] | None:
    """The weakest grading of the graded records among `records` (None when none is
    graded): `source_evaluation`, `intelligence_assessment`, `handling_code`, and the
    `handling_conditions` of every C record, joined."""
    graded = [r for r in records if r and r.get("source_evaluation")]
    if not graded:
        return None
    source = max((str(r["source_evaluation"]) for r in graded),
                 key=lambda v: _rank(SOURCE_ORDER, v))
    assessment = max((str(r.get("intelligence_assessment") or "E") for r in graded),
                     key=lambda v: _rank(ASSESSMENT_ORDER, v))
    code = max((str(r.get("handling_code") or "P") for r in graded),
               key=lambda v: _rank(HANDLING_ORDER, v))
    conditions = list(dict.fromkeys(
        str(r["handling_conditions"]) for r in graded
        if r.get("handling_conditions") and (r.get("handling_code") or "P") != "P"))
    return {"source_evaluation": source, "intelligence_assessment": assessment,
            "handling_code": code, "handling_conditions": "; ".join(conditions) or None}
