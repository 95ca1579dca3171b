"""Intelligence histories over GraphQL: generate (and save) one, list the saved versions a
page at a time, open one, compare two or one with the history as it stands now. The
document itself is `content` (JSON, the same canonical dict the PDF is rendered from);
`markdown` and `html` render it on request. Every version is read as its reader may see
it (graph/history/versions.py, compare.py)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.scalars import JSON
from strawberry.types import Info

from api.context import Context
from api.permissions import Permission
from api.types.common import Connection, connection, page_window
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
                             "are the sections' items as JSON (id, title, when, fields, "
                             "citations), in the document's order; `changed` lists per item "
                             "the fields that differ (field, before, after).")
class HistorySectionChanges:
    key: str
    part: str = strawberry.field(description="subject, proven, unproven or assessment.")
    title: str
    added: JSON
    removed: JSON
    changed: JSON


@strawberry.type(description="Version `from` of a history compared with version `to`, or "
                             "with the history as it stands now when `to` was not given.")
class HistoryComparison:
    person_id: strawberry.ID
    from_version: int
    to_version: int | None = strawberry.field(description=(
        "Null: the history now (as at `toAsOf`), built for the comparison and not saved."))
    from_hash: str
    to_hash: str
    from_as_of: str
    to_as_of: str
    from_harm_score: float
    to_harm_score: float
    identical: bool
    handling_codes: list[str] = strawberry.field(description=(
        "The handling codes compared: both sides are read at the same codes (the widest "
        "your role may see that both have), so material one side's author could not see "
        "is not reported as added or removed."))
    withheld: bool = strawberry.field(description=(
        "True when either version holds material your role may not see: both are "
        "compared as a reader of your clearance would have been shown them."))
    sections: list[HistorySectionChanges]

    @classmethod
    def of(cls, person_id: str, result: dict[str, Any]) -> HistoryComparison:
        before, after = result["from"], result["to"]
        return cls(
            person_id=strawberry.ID(person_id), from_version=before["version"],
            to_version=after["version"], from_hash=before["content_hash"],
            to_hash=after["content_hash"], from_as_of=before["as_of"],
            to_as_of=after["as_of"], from_harm_score=before["harm_score"],
            to_harm_score=after["harm_score"], identical=result["identical"],
            handling_codes=result["handling_codes"], withheld=result["withheld"],
            sections=[HistorySectionChanges(key=s["key"], part=s["part"], title=s["title"],
                                            added=s["added"], removed=s["removed"],
                                            changed=s["changed"])
                      for s in result["sections"]])


def compared_person_ids(person_id: str, result: dict[str, Any]) -> list[str]:
    """The person and every associate a comparison names (for the audit entry)."""
    ids = {person_id}
    for section in result["sections"]:
        if section["key"] == "associates":
            ids.update(item["id"] for key in ("added", "removed", "changed")
                       for item in section[key])
    return sorted(ids)


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


async def resolve_history_versions(
    info: Info[Context, None], person_id: strawberry.ID, first: int = 20,
    after: str | None = None,
) -> Connection[HistoryVersion]:
    ctx = info.context
    ctx.require(Permission.GENERATE_HISTORY)
    skip, first = page_window(first, after)
    total, page = await run_in_threadpool(lambda: graph_history.version_page(
        ctx.driver, ctx.database, str(person_id), clearance=ctx.clearance, first=first,
        skip=skip))
    ctx.audit.consult("history-versions", [str(person_id)])
    return connection([HistoryVersion.of(meta) for meta in page], total, skip)


async def resolve_history_version(info: Info[Context, None], person_id: strawberry.ID,
                                  version: int) -> History:
    ctx = info.context
    ctx.require(Permission.GENERATE_HISTORY)
    document = await run_in_threadpool(lambda: graph_history.load_version(
        ctx.driver, ctx.database, str(person_id), version, clearance=ctx.clearance))
    await note_look(ctx, str(person_id))
    ctx.audit.consult("history-version", person_ids(document), f"opened v{version}")
    return History.of(document)


async def resolve_compare_history_versions(
    info: Info[Context, None], person_id: strawberry.ID,
    from_: Annotated[int, strawberry.argument(name="from")],
    to: Annotated[int | None, strawberry.argument(description=(
        "The later version; leave it out to compare with the history as it stands now."))
    ] = None,
    as_of: Annotated[dt.date | None, strawberry.argument(description=(
        "With no `to`: the date the history now is taken as at (default today)."))
    ] = None,
) -> HistoryComparison:
    ctx = info.context
    ctx.require(Permission.GENERATE_HISTORY)
    if to is None:
        day = as_of or dt.datetime.now(dt.UTC).date()
        result = await run_in_threadpool(lambda: graph_history.compare_with_current(
            ctx.driver, ctx.database, str(person_id), from_, as_of=day,
            purpose=ctx.principal.purpose, generated_by=ctx.user_name,
            clearance=ctx.clearance))
        detail = f"v{from_} -> now (as at {day.isoformat()})"
    else:
        later = to
        result = await run_in_threadpool(lambda: graph_history.compare_versions(
            ctx.driver, ctx.database, str(person_id), from_, later, clearance=ctx.clearance))
        detail = f"v{from_} -> v{to}"
    await note_look(ctx, str(person_id))
    ctx.audit.consult("history-compare", compared_person_ids(str(person_id), result), detail)
    return HistoryComparison.of(str(person_id), result)


history_field = strawberry.field(
    resolver=resolve_history,
    description="Generate a person's intelligence history as at a date (default today) "
                "for a stated purpose; saved as an immutable version unless save is false. "
                "A disclosure version withholds handling-code C material and must name "
                "who it is shared with.")
history_versions_field = strawberry.field(
    resolver=resolve_history_versions,
    description="The saved versions of a person's history that you may open, newest "
                "first, a page at a time.")
history_version_field = strawberry.field(
    resolver=resolve_history_version,
    description="One saved version of a person's history, as your role may see it: its "
                "stored content, rendered on request (`html`, `markdown`).")
compare_history_versions_field = strawberry.field(
    resolver=resolve_compare_history_versions,
    description="What changed from a saved version to another, or to the history as it "
                "stands now: added, removed and changed items per section.")


@strawberry.type
class HistoryQuery:
    history = history_field
    history_versions = history_versions_field
    history_version = history_version_field
    compare_history_versions = compare_history_versions_field
