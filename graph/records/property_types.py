"""Property types: each kind of field value owns how it is cleaned (FollowTheMoney style).

A `PropertyType` turns an input value into the value the driver stores, or raises
`Invalid` with the reason ("must be a whole number (got 'x')"); the caller names the
record and field. `property_type(prop, field)` derives the type from the neomodel
declaration in graph/models, so a closed set, a format or a length limit is declared once:
record rows (graph/records/validation.py) and the GraphQL inputs (api/types/inputs.py,
which reads `python_type`) use the same objects. `REASON` is the one rule for the reason a
person gives for a decision (reviews, withdrawals, same-as decisions, flag events).

Input limits (docs/security-model.md, "Input limits"): text is at most NAME_MAX characters
on one line, or TEXT_MAX characters where a field is multi-line free text
(MULTILINE_FIELDS); a reason is at most REASON_MAX; a list holds at most LIST_MAX items.
Control characters, lone surrogates and bidirectional overrides are refused everywhere,
except line breaks and tabs in free text (where CR LF and a lone CR become LF). Messages
name the offending code point and never echo an unbounded value.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from neomodel import (
    ArrayProperty,
    BooleanProperty,
    DateTimeNeo4jFormatProperty,
    FloatProperty,
    IntegerProperty,
    StringProperty,
)
from neomodel.properties import Property

from graph.models.base import (
    COUNTRY_CODES,
    CountryProperty,
    FormatProperty,
    NativeDateProperty,
    PartialDateProperty,
)

NAME_MAX = 200          # one-line text: names, aliases, places, officers, references
TEXT_MAX = 10_000       # multi-line free text: descriptions, summaries, details
REASON_MAX = 2_000      # the reason for a decision: reviews, same-as, flag events
LIST_MAX = 100          # items in a list property (aliases, nationalities, passports...)
# Free text, by graph property name: line breaks and tabs allowed, up to TEXT_MAX.
MULTILINE_FIELDS = frozenset({
    "description", "summary", "detail", "reason", "cleared_reason", "outcome_reason", "grounds",
    "decision_reason",
    "handling_conditions", "offence_description"})
# Reasons for a decision, by graph property name: free text up to REASON_MAX.
REASON_FIELDS = frozenset({"reason", "cleared_reason", "grounds", "decision_reason"})
# JSON written by Nexus itself (what a check's sources matched): one line, escaped by
# json.dumps, and as long as the sources' answers; capped only against runaway size.
JSON_TEXT_FIELDS = frozenset({"matched"})
JSON_TEXT_MAX = 1_000_000
_CLOCK_SKEW = dt.timedelta(minutes=5)
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# C0 and C1 controls and DEL (category Cc), lone surrogates (Cs: cannot be stored as
# UTF-8), and the bidirectional embeddings, overrides and isolates (text that displays
# in another order than it reads: "Trojan Source" spoofing).
_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_REFUSED_IN_FREE_TEXT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


class Invalid(ValueError):
    """A value a property type refuses; `reason` says why, without naming the field."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def shown(value: Any, limit: int = 60) -> str:
    """A value for an error message: its repr (control characters escaped), cut short."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


def partial_start(value: str) -> dt.date:
    """The first day a partial date ("1990", "1990-04", "1990-04-12") can mean;
    ValueError when it is none."""
    match = _PARTIAL_DATE.fullmatch(value)
    if not match:
        raise ValueError(value)
    year, month, day = match.groups()
    return dt.date(int(year), int(month or 1), int(day or 1))


def not_future(value: dt.date | dt.datetime) -> None:
    if isinstance(value, dt.datetime):
        future = value > dt.datetime.now(dt.UTC) + _CLOCK_SKEW
    else:
        future = value > dt.datetime.now(dt.UTC).date()
    if future:
        raise Invalid(f"is in the future ({value.isoformat()})")


class PropertyType:
    """How one kind of value is cleaned; `python_type` is its GraphQL input type."""

    python_type: Any = str

    def clean(self, value: Any) -> Any:
        raise NotImplementedError


@dataclass(frozen=True)
class TextType(PropertyType):
    """Text, stripped: one line up to `max_len`, or free text (line breaks and tabs)."""

    max_len: int = NAME_MAX
    multiline: bool = False

    def clean(self, value: Any) -> Any:
        if not isinstance(value, str):
            raise Invalid(f"must be text, got {type(value).__name__} {shown(value)}")
        return self.clean_text(value)

    def clean_text(self, value: str) -> str:
        if self.multiline:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        if len(value) > self.max_len and len(value.strip()) > self.max_len:
            raise Invalid(f"is longer than {self.max_len:,} characters ({len(value):,})")
        refused = (_REFUSED_IN_FREE_TEXT if self.multiline else _REFUSED).search(value)
        if refused:
            allowed = ("line breaks and tabs are the only control characters allowed"
                       if self.multiline else "one line of text without control characters")
            raise Invalid(f"contains the control character U+{ord(refused.group()):04X} "
                          f"at position {refused.start() + 1}; {allowed}")
        return value.strip()


@dataclass(frozen=True)
class ChoiceType(TextType):
    """One value of a closed set (neomodel `choices`)."""

    choices: tuple[str, ...] = ()

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if value not in self.choices:
            raise Invalid(f"{value!r} is not allowed; allowed values: {', '.join(self.choices)}")
        return value


@dataclass(frozen=True)
class CodeType(TextType):
    """An identifier that must match a pattern in full (PNC id, postcode...)."""

    pattern: str = ""
    example: str = ""

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if not re.fullmatch(self.pattern, value):
            raise Invalid(f"must look like {self.example} (got {value!r})")
        return value


@dataclass(frozen=True)
class CountryType(TextType):
    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if value not in COUNTRY_CODES:
            raise Invalid(f"must be an ISO 3166-1 alpha-2 country code in upper case, "
                          f"e.g. GB (got {value!r})")
        return value


@dataclass(frozen=True)
class PartialDateType(TextType):
    """"1990", "1990-04" or "1990-04-12", kept as text."""

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        self.start(value)
        return value

    @staticmethod
    def start(value: str) -> dt.date:
        try:
            return partial_start(value)
        except ValueError:
            raise Invalid(f"is not a real date or partial date YYYY, YYYY-MM or YYYY-MM-DD "
                          f"(got {value!r})") from None


@dataclass(frozen=True)
class DateTimeType(PropertyType):
    """An ISO 8601 instant with a time zone, stored in UTC."""

    python_type = dt.datetime

    def clean(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value.strip())
            except ValueError:
                raise Invalid("must be an ISO 8601 date and time such as "
                              f"2024-03-01T14:30:00Z (got {shown(value)})") from None
        if not isinstance(value, dt.datetime):
            raise Invalid(f"must be a date and time, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise Invalid(f"must carry a time zone: Z or an offset (got {value.isoformat()!r})")
        return value.astimezone(dt.UTC)


@dataclass(frozen=True)
class DateType(PropertyType):
    """A calendar date, YYYY-MM-DD."""

    python_type = dt.date

    def clean(self, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise Invalid(f"must be a date YYYY-MM-DD (got {shown(value)})")
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise Invalid(f"is not a real date (got {shown(value)})") from None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise Invalid(f"must be a date YYYY-MM-DD, got {type(value).__name__}")
        return value


@dataclass(frozen=True)
class BooleanType(PropertyType):
    python_type = bool

    def clean(self, value: Any) -> Any:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        raise Invalid(f"must be true or false (got {shown(value)})")


@dataclass(frozen=True)
class IntegerType(PropertyType):
    python_type = int

    def clean(self, value: Any) -> Any:
        try:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            return int(value)
        except (TypeError, ValueError):
            raise Invalid(f"must be a whole number (got {shown(value)})") from None


@dataclass(frozen=True)
class FloatType(PropertyType):
    python_type = float

    def clean(self, value: Any) -> Any:
        try:
            if isinstance(value, bool):
                raise ValueError
            number = float(value)
            if not math.isfinite(number):
                raise ValueError
            return number
        except (TypeError, ValueError):
            raise Invalid(f"must be a number (got {shown(value)})") from None


@dataclass(frozen=True)
class Bounded(PropertyType):
    """Another type with the model's `minimum` / `maximum` and `past` (not in the future)."""

    inner: PropertyType = field(default_factory=TextType)
    minimum: Any = None
    maximum: Any = None
    past: bool = False

    @property
    def python_type(self) -> Any:
        return self.inner.python_type

    def clean(self, value: Any) -> Any:
        value = self.inner.clean(value)
        if self.past:
            not_future(value)
        if self.minimum is not None and not value >= self.minimum:
            raise Invalid(f"must be at least {self.minimum} (got {value})")
        if self.maximum is not None and not value <= self.maximum:
            raise Invalid(f"must be at most {self.maximum} (got {value})")
        return value


@dataclass(frozen=True)
class ListType(PropertyType):
    """A list of one item type; a `;`-separated string is accepted (CSV)."""

    item: PropertyType = field(default_factory=TextType)
    max_items: int = LIST_MAX
    past: bool = False

    @property
    def python_type(self) -> Any:
        # A type built at run time (the input classes use it); mypy wants a static one.
        return list[self.item.python_type]  # type: ignore[name-defined]

    def clean(self, value: Any) -> Any:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(";") if part.strip()]
        if not isinstance(value, list | tuple):
            raise Invalid(f"must be a list, got {type(value).__name__}")
        if len(value) > self.max_items:
            raise Invalid(f"has more than {self.max_items} items ({len(value)})")
        items = [self.item.clean(item) for item in value]
        if self.past:
            for item in items:
                not_future(partial_start(item))
        return items


REASON = TextType(max_len=REASON_MAX, multiline=True)


def text_type(field_name: str) -> TextType:
    """The text rule of a field by its graph name (module doc)."""
    if field_name in JSON_TEXT_FIELDS:
        return TextType(max_len=JSON_TEXT_MAX)
    if field_name in REASON_FIELDS:
        return REASON
    if field_name in MULTILINE_FIELDS:
        return TextType(max_len=TEXT_MAX, multiline=True)
    return TextType()


_SCALARS: tuple[tuple[type, Callable[[Property[Any]], PropertyType]], ...] = (
    (DateTimeNeo4jFormatProperty, lambda prop: DateTimeType()),
    (NativeDateProperty, lambda prop: DateType()),
    (BooleanProperty, lambda prop: BooleanType()),
    (IntegerProperty, lambda prop: IntegerType()),
    (FloatProperty, lambda prop: FloatType()),
)


def property_type(prop: Property[Any], field_name: str) -> PropertyType:
    """The property type a neomodel declaration (graph/models) stands for."""
    if isinstance(prop, ArrayProperty):
        return ListType(property_type(prop.base_property or StringProperty(), field_name),
                        past=getattr(prop, "past", False))
    base = _scalar_type(prop, field_name)
    minimum, maximum = getattr(prop, "minimum", None), getattr(prop, "maximum", None)
    past = getattr(prop, "past", False)
    if minimum is None and maximum is None and not past:
        return base
    return Bounded(base, minimum, maximum, past)


def _scalar_type(prop: Property[Any], field_name: str) -> PropertyType:
    for declared, make in _SCALARS:
        if isinstance(prop, declared):
            return make(prop)
    text = text_type(field_name)
    if isinstance(prop, FormatProperty):
        return CodeType(text.max_len, text.multiline, prop.expression, prop.example)
    if isinstance(prop, CountryProperty):
        return CountryType(text.max_len, text.multiline)
    if isinstance(prop, PartialDateProperty):
        return PartialDateType(text.max_len, text.multiline)
    choices = getattr(prop, "choices", None)
    if choices is not None:
        return ChoiceType(text.max_len, text.multiline, tuple(choices))
    return text


def reason_text(value: str | None, missing: str) -> str:
    """The reason for a decision, trimmed; Invalid(`missing`) when blank, Invalid when
    longer than REASON_MAX or holding control characters other than line breaks and tabs."""
    text = REASON.clean_text(value or "")
    if not text:
        raise Invalid(missing)
    return text


_ONE_LINE_ANY_LENGTH = TextType(max_len=2**63)


def control_character_problem(value: str) -> str | None:
    """Why `value` is not one line of text without control characters, or None: the rule
    of one-line fields, for free text that is not stored (matchPerson, screening)."""
    try:
        _ONE_LINE_ANY_LENGTH.clean_text(value)
    except Invalid as invalid:
        return invalid.reason
    return None
