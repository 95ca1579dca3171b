"""`FieldComparison`: the one GraphQL type for an explained field comparison. Matching a
claim (api/types/identity) and the duplicates of a person (api/types/person, same_as)
both answer with it, so it sits below them, importing neither."""

from __future__ import annotations

import strawberry

from api.types.enums import FieldOutcome
from graph.identity import compare as scoring


@strawberry.type(description="How one field of a claim compares with a record.")
class FieldComparison:
    field: str
    outcome: FieldOutcome
    claimed: str | None
    recorded: str | None
    similarity: float | None
    weight: float = strawberry.field(description="Match weight (log2 odds) this field adds.")
    explanation: str

    @classmethod
    def of(cls, item: scoring.FieldComparison) -> FieldComparison:
        return cls(field=item.field, outcome=item.outcome, claimed=item.claimed,
                   recorded=item.recorded, similarity=item.similarity, weight=item.weight,
                   explanation=item.explanation)
