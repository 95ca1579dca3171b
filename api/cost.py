"""A cost rule: refuse documents whose worst-case size is too large, before running them.

Each field costs 1; a field with a `first` (or `limit`) argument multiplies the cost of
what it selects by that page size (the maximum when it comes from a variable, since
validation runs before variables are known). Fragments are followed, cycles cut.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)
from strawberry.extensions import AddValidationRules, MaxAliasesLimiter, QueryDepthLimiter

MAX_COST = 20_000
_PAGE_ARGUMENTS = {"first": 100, "limit": 100}  # argument -> worst case when a variable


def _multiplier(field: FieldNode) -> int:
    for argument in field.arguments or ():
        worst = _PAGE_ARGUMENTS.get(argument.name.value)
        if worst is None:
            continue
        if isinstance(argument.value, IntValueNode):
            return max(1, min(int(argument.value.value), 10_000) // (
                10 if argument.name.value == "limit" else 1))
        return worst
    return 1


class CostRule(ValidationRule):
    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)

    def _cost(self, selection_set: SelectionSetNode | None, seen: frozenset[str]) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += 1 + _multiplier(selection) * self._cost(selection.selection_set, seen)
            elif isinstance(selection, InlineFragmentNode):
                total += self._cost(selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.context.get_fragment(name)
                if fragment is not None and name not in seen:
                    total += self._cost(fragment.selection_set, seen | {name})
            if total > MAX_COST:
                return total
        return total

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
        cost = self._cost(node.selection_set, frozenset())
        if cost > MAX_COST:
            self.report_error(GraphQLError(
                f"query too costly: estimated cost {cost} exceeds {MAX_COST}; "
                "ask for smaller pages or fewer fields", node))


# Built once: strawberry's limiters make a new rule class per instance, and the
# validation cache is keyed by the rule classes, so fresh ones per request would make
# every request miss the cache (measured: ~6 ms of validation per request).
_LIMIT_RULES = [
    *QueryDepthLimiter(max_depth=12).validation_rules,
    *MaxAliasesLimiter(max_alias_count=30).validation_rules,
    CostRule,
]


class DocumentLimits(AddValidationRules):
    """Depth (12), aliases (30) and cost, with rule classes stable across requests."""

    def __init__(self) -> None:
        super().__init__(list(_LIMIT_RULES))
