"""Intelligence histories over GraphQL: generate (and save) one, list the saved versions,
compare two. The document itself is `content` (JSON, the same canonical dict the PDF is
rendered from); `markdown` renders it on request."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.scalars import JSON
from strawberry.types import Info

from api.context import Context
from api.permissions import Permission
from api.types.deconfliction import note_look
from graph import history as graph_history
from graph.history.model import History as HistoryDocument
from graph.history.render import render_html, render_markdown

# The history's stylesheet as the API serves it (api/history_routes.py): the app's CSP
# (style-src 'self') forbids the inline <style> of the self-contained rendering.
STYLESHEET = "/history/assets/history.css"


def person_ids(document: HistoryDocument) -> list[str]:
    """Every person or group id the document shows (for the audit entry)."""
    ids = {document.person_id}
    ids.update(node["id"] for node in document.content["network"]["nodes"])
    for item in document.items("associates"):
        ids.add(item["id"])
    return sorted(ids)


@strawberry.type(description="One section of a history: its part (subject, proven, "
                             "unproven, assessment) and how many items it holds.")
class HistorySection:
    key: str
    part: str
    title: str
    item_count: int
    total: int | None = strawberry.field(description="The count before a cap, if one applied.")


@strawberry.type(description="An intelligence history as at a date. `content` is the "
                             "whole document as canonical JSON; `contentHash` is the "
                             "sha256 of it (generation metadata excluded).")
class History:
    person_id: strawberry.ID
    version: int | None = strawberry.field(description="Null when not saved.")
    version_id: strawberry.ID | None
    content_hash: str
    generated_by: str
    generated_at: dt.datetime
    purpose: str
    case_reference: str | None
    as_of: str
    disclosure: bool
    shared_with: list[str]
    harm_score: float
    harm_band: str
    sections: list[HistorySection]
    content: JSON
    withheld: bool = strawberry.field(description=(
        "True when this saved version holds material your role may not see by its "
        "handling code: you are shown the version as a reader of your clearance would "
        "have been shown it, and what was left out is not said."))
    document: strawberry.Private[HistoryDocument]

    @strawberry.field(description="The document rendered as Markdown.")
    def markdown(self) -> str:
        return render_markdown(self.document)

    @strawberry.field(description=(
        "The document rendered as HTML, the same template as the PDF, linking the "
        "stylesheet at /history/assets/history.css (no inline style or script). Show it "
        "in a sandboxed frame (e.g. <iframe sandbox srcdoc>), never in the page itself."))
    def html(self) -> str:
        return render_html(self.document, STYLESHEET)

    @classmethod
    def of(cls, document: HistoryDocument) -> History:
        meta, content = document.meta, document.content
        return cls(
            person_id=strawberry.ID(document.person_id), version=meta.get("version"),
            version_id=meta.get("version_id"), content_hash=document.content_hash,
            generated_by=meta["generated_by"],
            generated_at=dt.datetime.fromisoformat(meta["generated_at"].replace("Z", "+00:00")),
            purpose=meta["purpose"], case_reference=meta.get("case_reference"),
            as_of=content["as_of"], disclosure=bool(content["disclosure"]),
            shared_with=list(meta.get("shared_with") or []),
            harm_score=content["harm"]["score"], harm_band=content["harm"]["band"],
            sections=[HistorySection(key=s["key"], part=s["part"], title=s["title"],
                                     item_count=len(s["items"]), total=s.get("total"))
                      for s in content["sections"]],
            content=JSON(content), withheld=bool(meta.get("withheld")), document=document)


@strawberry.type(description="A saved, immutable history version (without its content).")
class HistoryVersion:
    id: strawberry.ID
    person_id: strawberry.ID
    version: int
    content_hash: str
    generated_by: str
    generated_at: dt.datetime | None
    purpose: str
    case_reference: str | None
    as_of: str
    disclosure: bool
    shared_with: list[str]
    withheld: bool = strawberry.field(description=(
        "True when this version holds material your role may not see; opening or "
        "comparing it shows it without that material. `contentHash` is the hash of what "
        "you are shown."))

    @classmethod
    def of(cls, meta: dict[str, Any]) -> HistoryVersion:
        at = meta.get("generated_at")
        return cls(id=strawberry.ID(meta["id"]), person_id=strawberry.ID(meta["person_id"]),
                   version=meta["version"], content_hash=meta["content_hash"],
                   generated_by=meta["generated_by"],
                   generated_at=dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
                   if at else None,
                   purpose=meta["purpose"], case_reference=meta.get("case_reference"),
                   as_of=meta["as_of"], disclosure=bool(meta.get("disclosure")),
                   shared_with=list(meta.get("shared_with") or []),
                   withheld=bool(meta.get("withheld")))


@strawberry.type(description="What changed in one section between two versions. Items "
                             "are the sections' items as JSON; `changed` lists the fields "
                             "that differ (before and after).")
class HistorySectionChanges:
    key: str
    title: str
    added: JSON
    removed: JSON
    changed: JSON


@strawberry.type(description="Version `from` compared with version `to` of a history.")
class HistoryComparison:
    person_id: strawberry.ID
    from_version: int
    to_version: int
    from_hash: str
    to_hash: str
    identical: bool
    withheld: bool = strawberry.field(description=(
        "True when either version holds material your role may not see: both are "
        "compared as a reader of your clearance would have been shown them."))
    sections: list[HistorySectionChanges]


async def resolve_history(
    info: Info[Context, None], person_id: strawberry.ID, purpose: str,
    as_of: dt.date | None = None, case_reference: str | None = None,
    disclosure: bool = False, save: bool = True,
    shared_with: list[str] | None = None,
) -> History:
    ctx = info.context
    ctx.require(Permission.GENERATE_HISTORY)
    day = as_of or dt.datetime.now(dt.UTC).date()
    document = await run_in_threadpool(lambda: graph_history.generate(
        ctx.driver, ctx.database, str(person_id), as_of=day, purpose=purpose,
        generated_by=ctx.user_name, case_reference=case_reference, disclosure=disclosure,
        shared_with=shared_with or [], save=save, clearance=ctx.clearance))
    await note_look(ctx, str(person_id))  # a sensitive operation's owner hears of it
    ctx.audit.consult("history", person_ids(document),
                      f"history v{document.meta.get('version') or '-'} purpose={purpose!r}"
                      + (f" disclosed to {', '.join(shared_with or [])}" if disclosure else ""))
    return History.of(document)


async def resolve_history_versions(info: Info[Context, None],
                                   person_id: strawberry.ID) -> list[HistoryVersion]:
    ctx = info.context
    ctx.require(Permission.GENERATE_HISTORY)
    found = await run_in_threadpool(lambda: graph_history.list_versions(
        ctx.driver, ctx.database, str(person_id), clearance=ctx.clearance))
    ctx.audit.consult("history-versions", [str(person_id)])
    return [HistoryVersion.of(meta) for meta in found]


async def resolve_compare_history_versions(
    info: Info[Context, None], person_id: strawberry.ID,
    from_: Annotated[int, strawberry.argument(name="from")],
    to: int,
) -> HistoryComparison:
    ctx = info.context
    ctx.require(Permission.GENERATE_HISTORY)
    result = await run_in_threadpool(lambda: graph_history.compare_versions(
        ctx.driver, ctx.database, str(person_id), from_, to, clearance=ctx.clearance))
    ctx.audit.consult("history-compare", [str(person_id)], f"v{from_} -> v{to}")
    return HistoryComparison(
        person_id=person_id, from_version=from_, to_version=to,
        from_hash=result["from"]["content_hash"], to_hash=result["to"]["content_hash"],
        identical=result["identical"], withheld=result["withheld"],
        sections=[HistorySectionChanges(key=s["key"], title=s["title"], added=s["added"],
                                        removed=s["removed"], changed=s["changed"])
                  for s in result["sections"]])


history_field = strawberry.field(
    resolver=resolve_history,
    description="Generate a person's intelligence history as at a date (default today) "
                "for a stated purpose; saved as an immutable version unless save is false. "
                "A disclosure version withholds handling-code C material and must name "
                "who it is shared with.")
history_versions_field = strawberry.field(
    resolver=resolve_history_versions,
    description="The saved versions of a person's history, oldest first.")
compare_history_versions_field = strawberry.field(
    resolver=resolve_compare_history_versions,
    description="What changed between two saved versions: added, removed and changed "
                "items per section.")


@strawberry.type
class HistoryQuery:
    history = history_field
    history_versions = history_versions_field
    compare_history_versions = compare_history_versions_field
