"""The GraphQL schema: the queries and mutations that are the API's contract.

It only composes: `Query` and `Mutation` inherit one query (mutation) class per feature,
each declared with its types in api/types (the records' mutations in api/mutations);
the field order of the contract follows the order of the bases."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from api.audit_trail import AuditOperation
from api.cost import DocumentLimits, QueryCost
from api.errors import MaskInternalErrors, is_user_error
from api.mutations import RecordsMutation
from api.request_log import OperationObserver
from api.sign_in_check import SignInGate
from api.types.accountability import AccountabilityQuery
from api.types.admin import AdminMutation, AdminQuery
from api.types.analytics import AnalyticsQuery
from api.types.checks import ChecksMutation, ChecksQuery
from api.types.common import PageInfo
from api.types.deconfliction import DeconflictionMutation, DeconflictionQuery
from api.types.explorer import ExplorerQuery
from api.types.flags import FlagsQuery
from api.types.history import HistoryQuery
from api.types.identity import IdentityMutation, IdentityQuery
from api.types.investigations import InvestigationsMutation, InvestigationsQuery
from api.types.links import LinksQuery
from api.types.reviews import ReviewsMutation, ReviewsQuery
from api.types.safeguarding import SafeguardingMutation, SafeguardingQuery
from api.types.same_as import SameAsMutation, SameAsQuery
from api.types.watches import WatchesMutation, WatchesQuery


@strawberry.type
class Query(AdminQuery, IdentityQuery, ChecksQuery, SameAsQuery, ReviewsQuery, ExplorerQuery,
            LinksQuery, FlagsQuery, HistoryQuery, AnalyticsQuery, SafeguardingQuery,
            AccountabilityQuery, WatchesQuery, DeconflictionQuery,
            InvestigationsQuery):
    """The root query: only the feature query classes, composed."""


@strawberry.type
class Mutation(AdminMutation, IdentityMutation, ChecksMutation, SameAsMutation,
               ReviewsMutation, RecordsMutation, SafeguardingMutation, WatchesMutation,
               DeconflictionMutation,
               InvestigationsMutation):
    """The root mutation: only the feature mutation classes, composed."""


class NexusSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError],
                       execution_context: ExecutionContext | None = None) -> None:
        """Log only errors the caller did not cause (user errors are answers, not faults)."""
        unexpected = [error for error in errors if not is_user_error(error)]
        if unexpected:
            super().process_errors(unexpected, execution_context)


def build_schema(*, production: bool = False) -> NexusSchema:
    """The schema; in production, introspection is off too."""
    extensions: list = [
        # Factories: a fresh extension per request. The caches live at module level.
        OperationObserver,  # first: it reads the errors as masked, for logs and metrics
        MaskInternalErrors,
        AuditOperation,
        SignInGate,
        lambda: MaxTokensLimiter(max_token_count=4000),
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
        DocumentLimits,
        QueryCost,  # with variables known, just before execution
    ]
    if production:
        extensions.append(DisableIntrospection)
    return NexusSchema(
        query=Query,
        mutation=Mutation,
        types=[PageInfo],
        config=StrawberryConfig(disable_field_suggestions=True),
        extensions=extensions,
    )


schema = build_schema()
