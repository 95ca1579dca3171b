"""Shared GraphQL pieces: provenance, grading, Relay-style pagination, user errors."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import strawberry
from graphql import GraphQLError

from graph.db.temporal import from_date_text, from_epoch_micros, to_native  # noqa: F401 (re-exported)

T = TypeVar("T")
MAX_PAGE = 100



class UserInputError(GraphQLError):
    """An error caused by the caller's input: shown as it is, never masked."""

    def __init__(self, message: str, field: str | None = None) -> None:
        extensions: dict[str, Any] = {"code": "BAD_USER_INPUT"}
        if field:
            extensions["field"] = field
        super().__init__(message, extensions=extensions)


@strawberry.type(description="Where a record came from: the source, who recorded it, when.")
class Provenance:
    source: str
    recorded_by: str
    recorded_at: dt.datetime | None

    @classmethod
    def of(cls, record: dict[str, Any]) -> Provenance:
        return cls(source=record.get("source") or "unknown",
                   recorded_by=record.get("recorded_by") or "unknown",
                   recorded_at=from_epoch_micros(record.get("recorded_at")))


@strawberry.type(description="3x5x2 grading: source evaluation, assessment, handling code.")
class Grading:
    source_evaluation: str
    intelligence_assessment: str
    handling_code: str
    handling_conditions: str | None

    @strawberry.field(description='The grading as officers write it, e.g. "2B P".')
    def code(self) -> str:
        return f"{self.source_evaluation}{self.intelligence_assessment} {self.handling_code}"

    @classmethod
    def of(cls, record: dict[str, Any]) -> Grading | None:
        if not record.get("source_evaluation"):
            return None
        return cls(source_evaluation=record["source_evaluation"],
                   intelligence_assessment=record.get("intelligence_assessment") or "",
                   handling_code=record.get("handling_code") or "P",
                   handling_conditions=record.get("handling_conditions"))


def mopi_group_field() -> Any:
    """`mopiGroup` of a reviewed record (graph/reviews/mopi.py)."""
    return strawberry.field(default=None, description=(
        "MOPI group: 1 public protection, 2 other offending with a conviction, 3 everything "
        "else (docs/reviews.md)."))


def review_basis_field() -> Any:
    """`reviewDateBasis` of a reviewed record."""
    return strawberry.field(default=None, description=(
        '"computed" from the MOPI group, or "review": a review set the date.'))


@strawberry.type(description="A problem with a mutation's input; nothing was written.")
class UserError:
    message: str
    code: str
    field: str | None = None


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A page of a list, Relay style.")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    """The offset after which the next page starts; -1 for the start."""
    if cursor is None:
        return -1
    try:
        kind, _, number = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        offset = int(number)
    except (ValueError, UnicodeDecodeError) as exc:
        raise UserInputError("`after` is not a cursor this API issued", "after") from exc
    if kind != "offset" or offset < 0:
        raise UserInputError("`after` is not a cursor this API issued", "after")
    return offset


def check_first(first: int) -> None:
    if not 0 <= first <= MAX_PAGE:
        raise UserInputError(f"`first` must be between 0 and {MAX_PAGE}", "first")


def page_window(first: int, after: str | None) -> tuple[int, int]:
    """(skip, first) for a page request, validated."""
    check_first(first)
    return decode_cursor(after) + 1, first


def connection(nodes: list[T], total: int, skip: int) -> Connection[T]:
    """A Connection from one page of nodes that started at offset `skip`."""
    edges = [Edge(cursor=encode_cursor(skip + index), node=node)
             for index, node in enumerate(nodes)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=skip + len(nodes) < total,
            has_previous_page=skip > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total,
    )


def paginate(items: list[Any], first: int, after: str | None,
             build: Callable[[Any], T]) -> Connection[T]:
    """One page of `items`, each built into its GraphQL type by `build`: only the page's
    items are built (a hub's 124 associates for a page of 20)."""
    skip, first = page_window(first, after)
    return connection([build(item) for item in items[skip:skip + first]], len(items), skip)
