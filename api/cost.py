"""Query cost: refuse an operation whose work is too large, with the arguments it uses.

Validation rules run before variables are known (and are cached per document), so the
cost is worked out by `QueryCost`, a schema extension, when the operation is about to
execute: the parsed document, the schema and the coerced variables give every field's
real arguments, so `limit: $limit` with 5000 costs what `limit: 5000` costs.

The model, in units of about one resolved field:

* a field costs 1, plus `items` x the cost of what it selects: `items` is the page size
  (`first`), or the declared bound of an unpaged list (`COSTS` below);
* a traversal adds its `work`, the nodes it may reach divided by NODES_PER_UNIT (nodes are
  read in bulk, one query per level): `network` reaches `limit` nodes per level of
  `depth`; a shortest-path search 2 x DEGREE^ceil(maxHops/2) (a search from both ends);
  `connectingNetwork` one search per pair of `personIds`;
* a traversal's lists follow what it returns: `Network.nodes` the network's `limit`,
  `Network.edges` EDGES_PER_NODE per node, `PathSet.paths` the 50 paths kept, each of
  maxHops + 1 nodes;
* plain values in a list, and a JSON value such as `Network.elements`, cost 1 per
  VALUES_PER_UNIT values;
* batch fields (`screenPeople`, whose rows follow the CSV sent) count against their own
  budget, MAX_BATCH_COST; everything else together against MAX_COST.

Every list-returning field either takes `first`/`limit` or has a declared bound here;
tests/test_cost.py walks the schema and fails on a new list field without one. Fields
with a per-request maximum (`runChecks`: each asks every source abroad) are counted too,
so thirty aliases are refused before any runs.

Depth and alias limits stay validation rules (`DocumentLimits`), built once so that the
validation cache keeps hitting.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    get_nullable_type,
)
from graphql.execution.values import get_argument_values, get_variable_values
from graphql.type import GraphQLNamedType
from graphql.utilities import get_operation_ast
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from api.types.checks import MAX_CHECK_RUNS_PER_REQUEST
from api.types.identity import MAX_SCREEN_ROWS
from api.types.investigations import SHAREABLE_ROLES
from graph.checks.runner import RUNNABLE_KINDS
from graph.deconfliction.consultations import MAX_WATCHERS
from graph.explorer.network import ASSOCIATION_TYPES
from graph.investigations.canvas import MAX_NODES as MAX_INVESTIGATION_NODES
from graph.investigations.canvas import MAX_SHARED_USERS
from graph.investigations.opening import MAX_CHANGES

MAX_COST = 20_000
# Costs saturate here (JSON's largest safe integer): nested `first: 2147483647` would
# otherwise pass 2**64, and a huge `maxHops` make DEGREE**hops a number of a billion digits.
COST_CEILING = 2**53 - 1
MAX_BATCH_COST = 4_000_000  # 2,000 CSV rows x 10 candidates with the UI's fragment
NODES_PER_UNIT = 10
VALUES_PER_UNIT = 10
EDGES_PER_NODE = 3      # declared: links drawn per node of an ego network
DEGREE = 6              # declared: associates per person, for path searches
PATHS = 50              # shortestPaths keeps 50 paths (graph.explorer.network)
PATHS_PER_PAIR = 20     # connectingNetwork keeps 20 per pair

Args = Mapping[str, Any]
Bounds = Mapping[str, int]


def _search(hops: int) -> int:
    """Nodes a shortest-path search may reach: from both ends, half the hops each."""
    return min(COST_CEILING, 2 * DEGREE ** math.ceil(min(hops, 42) / 2))


def _lines(text: Any) -> int:
    return min(MAX_SCREEN_ROWS, str(text).count("\n") + 1) if text else 1


def _network(args: Args, _: Bounds) -> Bounds:
    limit = args.get("limit", 500)
    return {"nodes": limit, "edges": EDGES_PER_NODE * limit}


def _paths(args: Args, _: Bounds) -> Bounds:
    hops = args.get("maxHops", 6)
    return {"paths": PATHS, "nodes": hops + 1, "edges": hops}


def _pairs(args: Args) -> int:
    people = len(set(args.get("personIds") or ()))
    return people * (people - 1) // 2


def _connecting(args: Args, _: Bounds) -> Bounds:
    nodes = len(set(args.get("personIds") or ())) + (
        _pairs(args) * PATHS_PER_PAIR * max(0, args.get("maxHops", 3) - 1))
    return {"nodes": nodes, "edges": EDGES_PER_NODE * nodes}


def _quarters(args: Args, _: Bounds) -> Bounds:
    """Quarters a disproportionality period meets (a year by default)."""
    until = args.get("to") or dt.date.today()
    since = args.get("from") or until - dt.timedelta(days=366)
    return {"quarters": max(1, (until - since).days) // 91 + 2}


def _bound(name: str) -> Callable[[Args, Bounds], int]:
    return lambda _args, bounds: bounds.get(name, 1)


@dataclass(frozen=True)
class FieldCost:
    """How one field costs: `items` it returns, extra `work`, bounds for its lists."""

    items: int | Callable[[Args, Bounds], int] = 1
    work: Callable[[Args, Bounds], int] | None = None
    sets: Callable[[Args, Bounds], Bounds] | None = None
    batch: bool = False

    def count(self, args: Args, bounds: Bounds) -> int:
        return self.items if isinstance(self.items, int) else self.items(args, bounds)


COSTS: dict[str, FieldCost] = {
    # Traversals: work by depth and limit, hops and pairs; their lists follow.
    "Query.network": FieldCost(
        work=lambda a, _: a.get("depth", 2) * a.get("limit", 500) // NODES_PER_UNIT,
        sets=_network),
    "Query.shortestPaths": FieldCost(
        work=lambda a, _: _search(a.get("maxHops", 6)) // NODES_PER_UNIT, sets=_paths),
    "Query.connectingNetwork": FieldCost(
        work=lambda a, _: _pairs(a) * _search(a.get("maxHops", 3)) // NODES_PER_UNIT,
        sets=_connecting),
    # A saved investigation opened: its canvas is read again, at most MAX_NODES nodes.
    "Query.investigation": FieldCost(work=lambda *_: MAX_INVESTIGATION_NODES // NODES_PER_UNIT,
                                     sets=lambda *_: {"nodes": MAX_INVESTIGATION_NODES,
                                                      "edges": EDGES_PER_NODE
                                                      * MAX_INVESTIGATION_NODES}),
    "Investigation.positions": FieldCost(items=_bound("nodes")),
    **{f"InvestigationChanges.{name}": FieldCost(items=MAX_CHANGES)
       for name in ("linksAmong", "linksAround", "records")},
    **{f"{kind}.sharedWithUsers": FieldCost(items=MAX_SHARED_USERS)
       for kind in ("Investigation", "InvestigationSummary")},
    **{f"{kind}.sharedWithRoles": FieldCost(items=len(SHAREABLE_ROLES))
       for kind in ("Investigation", "InvestigationSummary")},
    "InvestigationFilters.kinds": FieldCost(items=len(ASSOCIATION_TYPES)),
    "InvestigationPayload.errors": FieldCost(items=10),
    "DeleteInvestigationPayload.errors": FieldCost(items=10),
    "Network.nodes": FieldCost(items=_bound("nodes")),
    "Network.truncatedNodes": FieldCost(items=_bound("nodes")),
    "Network.edges": FieldCost(items=_bound("edges")),
    "Network.elements": FieldCost(  # one JSON value: every node and edge, as values
        work=lambda _, b: (b.get("nodes", 1) + b.get("edges", 1)) // VALUES_PER_UNIT),
    "Network.columns": FieldCost(  # the same values as elements, without the keys
        work=lambda _, b: (b.get("nodes", 1) + b.get("edges", 1)) // VALUES_PER_UNIT),
    "Network.centreIds": FieldCost(items=10),
    "PathSet.paths": FieldCost(items=_bound("paths")),
    # Pages whose size is an argument other than `first`.
    "Query.communities": FieldCost(sets=lambda a, _: {"page": a.get("first", 20),
                                                      "top": a.get("topMembers", 5)}),
    "Community.topMembers": FieldCost(items=_bound("top")),
    "Mutation.screenPeople": FieldCost(
        batch=True, sets=lambda a, _: {"page": a.get("first", 3), "rows": _lines(a.get("csv"))}),
    "ScreeningPayload.rows": FieldCost(items=_bound("rows")),
    "ScreeningPayload.errors": FieldCost(items=_bound("rows")),
    "ScreeningRow.candidates": FieldCost(items=_bound("page")),
    # Unpaged lists: a declared bound (the most a record realistically holds).
    "Person.flags": FieldCost(items=20),
    "Flag.events": FieldCost(items=20),
    "Flag.evidence": FieldCost(items=10),      # setFlag takes at most 10 (EVIDENCE_MAX)
    "Flag.challenges": FieldCost(items=10),
    "Flag.trail": FieldCost(items=30),         # events and challenges raised and decided
    "Person.warrants": FieldCost(items=10),
    "Person.sameAs": FieldCost(items=10),
    "SameAsLink.events": FieldCost(items=20),
    "SameAsLink.personIds": FieldCost(items=2),
    "Person.identityCluster": FieldCost(items=10),
    "Person.possibleDuplicates": FieldCost(items=10),   # the resolver keeps 10
    "RecordPersonPayload.possibleDuplicates": FieldCost(items=10),
    "PossibleDuplicate.fields": FieldCost(items=10),
    "DuplicatePair.fields": FieldCost(items=10),
    "MatchCandidate.fields": FieldCost(items=10),
    "RiskSummary.activeWarrants": FieldCost(items=10),
    "RiskSummary.warningMarkers": FieldCost(items=10),
    "ScreeningRow.riskReasons": FieldCost(items=10),
    "Incident.participants": FieldCost(items=50),
    "Incident.arrestIds": FieldCost(items=20),
    "Arrest.offences": FieldCost(items=10),
    "Arrest.chargeIds": FieldCost(items=10),
    "Charge.offences": FieldCost(items=10),
    "Conviction.offences": FieldCost(items=10),
    "Query.flagDisproportionality": FieldCost(sets=_quarters),
    "ReferralPayload.errors": FieldCost(items=10),
    "WatchPayload.errors": FieldCost(items=10),
    "MarkAlertsReadPayload.errors": FieldCost(items=10),
    "SensitiveOperationPayload.errors": FieldCost(items=10),
    "ConsultationConnection.watchers": FieldCost(items=MAX_WATCHERS),
    "Disproportionality.quarters": FieldCost(items=_bound("quarters")),
    "RateTable.groups": FieldCost(items=50),  # nationalities or boroughs in the graph
    "HarmRanking.working": FieldCost(items=20),      # convictions of one person: declared
    "ConvictionWorking.offences": FieldCost(items=5),
    "Check.warrantIds": FieldCost(items=10),
    "CheckRun.checks": FieldCost(items=len(RUNNABLE_KINDS)),
    "DisposalProposalConnection.countsByKind": FieldCost(items=5),
    "ReviewDueConnection.countsByKind": FieldCost(items=5),
    "History.sections": FieldCost(items=15, work=lambda *_: 100),  # a whole history
    "History.sharedWith": FieldCost(items=10),
    "HistoryVersion.sharedWith": FieldCost(items=10),
    "HistoryComparison.sections": FieldCost(items=15),
    "HistoryComparison.handlingCodes": FieldCost(items=2),
    "Query.users": FieldCost(items=200),
    "Me.permissions": FieldCost(items=30),
    "AuditEntry.subjectIds": FieldCost(items=500),   # a network of the UI's 500 nodes
    "Person.aliases": FieldCost(items=10),
    "Person.datesOfBirth": FieldCost(items=5),
    "Person.nationalities": FieldCost(items=5),
    "Person.passports": FieldCost(items=5),
    "Person.warningMarkers": FieldCost(items=10),
    "Associate.nationalities": FieldCost(items=5),
    "NetworkNode.warningMarkers": FieldCost(items=10),
    "NetworkNode.nationalities": FieldCost(items=5),
    # A link's evidence: graph.explorer.links keeps MAX_EVIDENCE (50) of each.
    "Link.sharedIncidents": FieldCost(items=50),
    "Link.reports": FieldCost(items=50),
    "SharedIncident.sourceRoles": FieldCost(items=2),   # suspect, arrested
    "SharedIncident.targetRoles": FieldCost(items=2),
    **{f"{payload}.errors": FieldCost(items=10) for payload in (
        "CheckRunPayload", "RecordPayload", "RecordPersonPayload", "ReviewPayload",
        "SameAsPayload", "UserPayload")},
}
# Connection `edges` hold the page that their field's `first` asked for.
PAGE_EDGES = FieldCost(items=_bound("page"))
# Fields allowed at most so many times per request.
PER_REQUEST: dict[str, int] = {"Mutation.runChecks": MAX_CHECK_RUNS_PER_REQUEST}


@dataclass
class Tally:
    cost: int = 0
    batch: int = 0
    calls: dict[str, int] = field(default_factory=dict)

    def add(self, other: Tally, times: int = 1) -> None:
        self.cost = min(COST_CEILING, self.cost + other.cost * times)
        self.batch = min(COST_CEILING, self.batch + other.batch * times)
        for name, count in other.calls.items():
            self.calls[name] = self.calls.get(name, 0) + count * times


def declared(type_name: str, field_name: str) -> FieldCost | None:
    """The declared cost of `Type.field`, if any (Connection edges: their page)."""
    rule = COSTS.get(f"{type_name}.{field_name}")
    if rule is None and field_name == "edges" and type_name.endswith("Connection"):
        return PAGE_EDGES
    return rule


class _Walk:
    def __init__(self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode],
                 variables: Any) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.memo: dict[tuple[str, tuple], Tally] = {}

    def selections(self, parent: GraphQLNamedType, selection_set: SelectionSetNode,
                   bounds: Bounds, path: frozenset[str] = frozenset()) -> Tally:
        tally = Tally()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                tally.add(self.field(parent, selection, bounds))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                tally.add(self.selections(inner or parent, selection.selection_set, bounds,
                                          path))
            elif isinstance(selection, FragmentSpreadNode):
                tally.add(self.spread(selection.name.value, bounds, path))
        return tally

    def spread(self, name: str, bounds: Bounds, path: frozenset[str]) -> Tally:
        fragment = self.fragments.get(name)
        if fragment is None or name in path:
            return Tally()
        key = (name, tuple(sorted(bounds.items())))
        if key not in self.memo:
            parent = self.schema.get_type(fragment.type_condition.name.value)
            self.memo[key] = self.selections(parent, fragment.selection_set, bounds,
                                             path | {name}) if parent else Tally()
        return self.memo[key]

    def field(self, parent: GraphQLNamedType, node: FieldNode, bounds: Bounds) -> Tally:
        name = node.name.value
        definition = getattr(parent, "fields", {}).get(name)
        tally = Tally(cost=1)
        if definition is None:  # __typename; introspection counts 1 a field
            return tally
        try:
            args = get_argument_values(definition, node, self.variables)
        except GraphQLError:
            args = {}  # execution reports the bad argument
        key = f"{parent.name}.{name}"
        is_list = isinstance(get_nullable_type(definition.type), GraphQLList)
        rule = declared(parent.name, name)
        page = args.get("first", args.get("limit"))
        items, work, inner = 1, 0, bounds
        if rule is not None:
            items = rule.count(args, bounds)
            work = rule.work(args, bounds) if rule.work else 0
            inner = {**bounds, **rule.sets(args, bounds)} if rule.sets else bounds
        elif isinstance(page, int):
            if is_list:
                items = page
            else:
                inner = {**bounds, "page": page}
        tally.cost = min(COST_CEILING, tally.cost + work)
        if node.selection_set is not None:
            below = self.selections(get_named_type(definition.type), node.selection_set,
                                    inner)
            tally.add(below, max(0, items))
        elif is_list:
            tally.cost = min(COST_CEILING, tally.cost + max(0, items) // VALUES_PER_UNIT)
        if key in PER_REQUEST:
            tally.calls[key] = tally.calls.get(key, 0) + 1
        if rule is not None and rule.batch:
            tally.batch, tally.cost = tally.batch + tally.cost, 0
        return tally


def operation_cost(schema: GraphQLSchema, document: DocumentNode,
                   operation_name: str | None = None,
                   variables: dict[str, Any] | None = None) -> Tally | None:
    """The cost of the operation to run, or None when it cannot be told (the operation
    is missing or its variables do not coerce: execution then reports that)."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return None
    root = schema.get_root_type(operation.operation)
    coerced = get_variable_values(schema, operation.variable_definitions or (),
                                  variables or {})
    if root is None or isinstance(coerced, list):
        return None
    fragments = {definition.name.value: definition for definition in document.definitions
                 if isinstance(definition, FragmentDefinitionNode)}
    return _Walk(schema, fragments, coerced).selections(root, operation.selection_set, {})


def refusal(tally: Tally, node: OperationDefinitionNode | None = None) -> GraphQLError | None:
    """The error to answer instead of running, if the tally is over a limit."""
    nodes = [node] if node else None
    for name, count in tally.calls.items():
        limit = PER_REQUEST[name]
        if count > limit:
            field_name = name.split(".")[1]
            return GraphQLError(
                f"{field_name} appears {count} times; at most {limit} per request "
                "(send one request per person)", nodes,
                extensions={"code": "TOO_MANY_CHECKS", "field": field_name})
    for cost, limit, what in ((tally.cost, MAX_COST, "cost"),
                              (tally.batch, MAX_BATCH_COST, "batch cost")):
        if cost > limit:
            estimate = f"over {COST_CEILING}" if cost >= COST_CEILING else str(cost)
            return GraphQLError(
                f"query too costly: estimated {what} {estimate} exceeds {limit}; ask for "
                "smaller pages, a smaller depth, limit or maxHops, or fewer fields",
                nodes, extensions={"code": "TOO_COSTLY", "cost": cost,
                                   "maxCost": limit})
    return None


class QueryCost(SchemaExtension):
    """Refuse, before execution, an operation over its cost or per-request limits."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.result is None:
            schema = context.schema._schema
            tally = operation_cost(schema, document, context.operation_name,
                                   context.variables)
            error = refusal(tally) if tally is not None else None
            if error is not None:
                context.result = ExecutionResult(data=None, errors=[error])
        yield


# Built once: strawberry's limiters make a new rule class per instance, and the
# validation cache is keyed by the rule classes, so fresh ones per request would make
# every request miss the cache (measured: ~6 ms of validation per request).
_LIMIT_RULES = [
    *QueryDepthLimiter(max_depth=12).validation_rules,
    *MaxAliasesLimiter(max_alias_count=30).validation_rules,
]


class DocumentLimits(AddValidationRules):
    """Depth (12) and aliases (30), with rule classes stable across requests."""

    def __init__(self) -> None:
        super().__init__(list(_LIMIT_RULES))
