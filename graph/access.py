"""Handling codes: which graded material a reader may see, decided in one place.

Intelligence reports, association links and gang memberships carry a 3x5x2 grading whose
handling code says who may receive them (P: lawful sharing permitted; C: only under
stated conditions). Every graph read that can return graded material, or anything
computed from it (a path, a count, a "gang member" mark, a history, a comparison of
history versions), takes a `Clearance` as a required keyword argument and filters with
`visible()` inside its Cypher, so hidden items are gone before lists are cut, counted or
derived from; a hidden item is indistinguishable from one that does not exist.

The rule is written as "the code is one the reader may see", never "the code is not C",
so a code added later is hidden until someone decides who may see it. An ungraded item
counts as P.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

HANDLING_CODES = ("P", "C")
UNGRADED_CODE = "P"


@dataclass(frozen=True)
class Clearance:
    """The handling codes one reader may see."""

    codes: frozenset[str]

    @classmethod
    def of(cls, codes: Iterable[str]) -> Clearance:
        return cls(frozenset(codes))

    @property
    def sees_c(self) -> bool:
        return "C" in self.codes

    @property
    def params(self) -> dict[str, Any]:
        """The Cypher parameter every `visible()` predicate reads."""
        return {"codes": sorted(self.codes)}

    def sees(self, record: Mapping[str, Any] | None) -> bool:
        """Whether a graded record (or relationship map) is visible; None is not."""
        if record is None:
            return False
        return (record.get("handling_code") or UNGRADED_CODE) in self.codes


FULL = Clearance(frozenset(HANDLING_CODES))  # CLI and batch jobs run by the data owner
P_ONLY = Clearance(frozenset({"P"}))


def visible(variable: str) -> str:
    """Cypher predicate: the graded node or relationship bound to `variable` is one the
    reader may see. `variable` is a name from the query text, never a user value."""
    if not variable.isidentifier():
        raise ValueError(f"not a Cypher variable: {variable!r}")
    return f"coalesce({variable}.handling_code, '{UNGRADED_CODE}') IN $codes"
