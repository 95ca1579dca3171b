"""Recording every consultation and change, before the answer leaves the server.

Resolvers note what they consulted or changed (`ctx.audit.consult(...)`); when the
operation has run, `AuditOperation` appends one entry for the request: the user, role,
purpose, actions, every subject id the request consulted or changed, and its outcome. If
the entry cannot be written, the answer is withheld (fail closed).

The outcome says what the caller actually got:
  ok       everything asked for was answered;
  partial  some of it was refused (FORBIDDEN) and the rest answered, or a change was
           made before the refusal: the subjects are those of the parts that ran;
  refused  nothing was answered and nothing changed;
  unknown  a write's commit was sent but its answer lost: it may have committed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from api.errors import is_outcome_unknown
from graph.audit import chain as audit

UNKNOWN = "unknown"


@dataclass
class AuditCollector:
    actions: list[str] = field(default_factory=list)
    subjects: set[str] = field(default_factory=set)
    details: list[str] = field(default_factory=list)
    unknown: bool = False  # a write whose outcome is unknown was attempted

    def consult(self, action: str, ids: Iterable[str] = (), detail: str | None = None,
                *, outcome: str | None = None) -> None:
        """Note an action on records; `outcome="unknown"` for a write that may or may not
        have committed."""
        self.actions.append(action)
        self.subjects.update(str(i) for i in ids if i)
        if detail:
            self.details.append(detail[:300])
        if outcome == UNKNOWN:
            self.unknown = True

    def subject(self, ids: Iterable[str]) -> None:
        """More ids that an answer shows (associates, members, participants...)."""
        self.subjects.update(str(i) for i in ids if i)


def _refused(errors: list[GraphQLError] | None) -> bool:
    return any((error.extensions or {}).get("code") == "FORBIDDEN" for error in errors or [])


def refused_fields(errors: list[GraphQLError] | None) -> list[str]:
    """What was refused, by path ("auditLog", "person.intelligence"), so an auditor reading a
    refused entry sees what was attempted."""
    return [".".join(str(part) for part in error.path or ()) or "?"
            for error in errors or [] if (error.extensions or {}).get("code") == "FORBIDDEN"]


def _answered(data: Any) -> bool:
    """Whether any top-level field of the answer carries data (a refused non-null field
    nulls the whole answer; a refused nullable one only itself)."""
    return isinstance(data, dict) and any(value is not None for value in data.values())


def outcome(collector: AuditCollector, data: Any, errors: list[GraphQLError] | None) -> str:
    """What the caller got, in one word (see the module's docstring)."""
    if collector.unknown or any(is_outcome_unknown(error) for error in errors or []):
        return UNKNOWN
    if not _refused(errors):
        return "ok"
    changed = any(action.startswith("change:") for action in collector.actions)
    return "partial" if _answered(data) or changed else "refused"


class AuditOperation(SchemaExtension):
    async def on_operation(self) -> AsyncIterator[None]:
        yield
        ctx = self.execution_context.context
        result = self.execution_context.result
        collector: AuditCollector | None = getattr(ctx, "audit", None)
        if collector is None or result is None:
            return
        pending = getattr(ctx, "pending_check", None)
        if pending is not None and not await pending.confirmed():
            return  # refused after all: the answer is thrown away, so nothing was consulted
        said = outcome(collector, result.data, result.errors)
        if not collector.actions and said == "ok":
            return
        principal = ctx.principal
        operation = self.execution_context.operation_name or ""
        fallback = "change" if said == UNKNOWN else "refused"
        entry = audit.AuditEntry(
            user=principal.name, role=principal.role,
            action=",".join(sorted(set(collector.actions))) or fallback,
            purpose=principal.purpose, case_reference=principal.case_reference,
            purpose_category=principal.purpose_category,
            subject_ids=sorted(collector.subjects),
            detail="; ".join([operation, *collector.details,
                              *(f"refused {path}" for path in refused_fields(result.errors))]
                             ).strip("; ")[:1000] or None,
            outcome=said)
        try:
            # Durable in the local journal (an fsync, ~0.15 ms) before the answer leaves;
            # chained in Neo4j by the journal's thread moments later.
            ctx.request.app.state.audit_journal.record(entry)
            ctx.request.state.audit_entry_id = entry.entry_id  # for the request's log line
        except Exception:
            result.data = None
            result.errors = [GraphQLError(
                "The audit log could not be written, so nothing was returned.",
                extensions={"code": "AUDIT_UNAVAILABLE"})]
