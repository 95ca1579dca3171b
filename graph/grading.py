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

import re
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


# --- 5x5x5 (the National Intelligence Model's older grading) to 3x5x2 ----------------
# 5x5x5: source A always reliable, B mostly reliable, C sometimes reliable, D unreliable,
# E untested; intelligence 1 known to be true without reservation, 2 known personally to
# the source but not to the officer, 3 not known personally to the source but
# corroborated, 4 cannot be judged, 5 suspected to be false; handling 1 may be shared
# with other law enforcement and prosecuting agencies, 2-5 only under conditions (UK
# non-prosecuting parties, non-EU agencies, the originating agency only, or as the
# evaluator directs). Each maps to the 3x5x2 value that says no more than it did
# (docs/flags.md, "Grading carried through").
SOURCE_5X5X5 = {"A": "1", "B": "1", "C": "2", "D": "3", "E": "2"}
INTELLIGENCE_5X5X5 = {"1": "A", "2": "A", "3": "B", "4": "D", "5": "E"}
HANDLING_5X5X5 = {"1": "P", "2": "C", "3": "C", "4": "C", "5": "C"}
_FIVE = re.compile(r"\s*([A-Ea-e])\s*[/ ,-]?\s*([1-5])\s*[/ ,-]?\s*([1-5])\s*")


def from_5x5x5(code: str) -> dict[str, str] | None:
    """The 3x5x2 grading of a 5x5x5 code such as "B2 4" or "B24" (None if it is not one):
    source evaluation, intelligence assessment and handling code."""
    match = _FIVE.fullmatch(code or "")
    if not match:
        return None
    source, intelligence, handling = match.groups()
    return {"source_evaluation": SOURCE_5X5X5[source.upper()],
            "intelligence_assessment": INTELLIGENCE_5X5X5[intelligence],
            "handling_code": HANDLING_5X5X5[handling]}
