"""Turning one source value into the text a Nexus row holds: templates and dates.

Exports write dates their own way (`7/08/2017`, `08/07/2017 14:05`): a mapping states
whether day or month comes first, and may add `strptime` formats of its own. ISO 8601 is
always understood. The output is the ISO text the write layer's property types read
(graph/records/property_types.py), so the rules of a date stay in one place: this module
only changes how a date is spelt.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

DAY_FIRST = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y", "%d/%m/%y")
MONTH_FIRST = ("%m/%d/%Y", "%m-%d-%Y", "%m.%d.%Y", "%b %d %Y", "%B %d %Y", "%m/%d/%y")
ORDERS = {"day-first": DAY_FIRST, "month-first": MONTH_FIRST}
_TIMES = ("", " %H:%M", " %H:%M:%S", "T%H:%M", "T%H:%M:%S")
_PARTIAL_ISO = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{4})")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class ValueProblem(ValueError):
    """A source value that cannot become a Nexus value; the message says why."""


@dataclass(frozen=True)
class Template:
    """`"POL-{ID}"`: literal text with `{column}` placeholders (`{{` and `}}` for braces).

    A placeholder whose column is empty makes the whole value absent (None), so a row
    without a postcode yields no location id rather than `LOC-`."""

    text: str

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(match.strip() for match in _PLACEHOLDER.findall(self._escaped()))

    def _escaped(self) -> str:
        return self.text.replace("{{", "\x00").replace("}}", "\x01")

    def render(self, row: Mapping[str, Any]) -> str | None:
        values: dict[str, str] = {}
        for column in self.columns:
            value = row.get(column)
            text = "" if value is None else str(value).strip()
            if not text:
                return None
            values[column] = text
        out = _PLACEHOLDER.sub(lambda match: values[match.group(1).strip()], self._escaped())
        return out.replace("\x00", "{").replace("\x01", "}")

    def fill(self, value: str) -> str:
        """The template with its one placeholder set to `value` (a reference to this id)."""
        (column,) = self.columns
        return self.render({column: value}) or ""


@dataclass(frozen=True)
class DateStyle:
    """How a mapping's dates are written: extra formats first, then the stated order's."""

    order: str = "day-first"
    formats: tuple[str, ...] = ()
    timezone: str = "UTC"

    def candidates(self, own: Sequence[str] = ()) -> tuple[str, ...]:
        return (*own, *self.formats, *ORDERS[self.order])

    def zone(self) -> dt.tzinfo:
        return dt.UTC if self.timezone == "UTC" else ZoneInfo(self.timezone)


def _parse(text: str, formats: Sequence[str]) -> dt.datetime | None:
    for base in formats:
        for suffix in ("",) if "%H" in base else _TIMES:
            try:
                return dt.datetime.strptime(text, base + suffix)
            except ValueError:
                continue
    return None


def to_datetime(value: str, style: DateStyle, own: Sequence[str] = ()) -> str:
    """ISO 8601 with an offset; a time without a zone is in the mapping's time zone, a
    date without a time is its midnight."""
    text = value.strip()
    parsed: dt.datetime | None
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        parsed = _parse(text, style.candidates(own))
    if parsed is None:
        raise ValueProblem(f"{text!r} is not a date and time in {_formats(style, own)}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=style.zone())
    return parsed.isoformat()


def to_date(value: str, style: DateStyle, own: Sequence[str] = ()) -> str:
    """YYYY-MM-DD (a time of day, if the export writes one, is dropped)."""
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    parsed = _parse(text, style.candidates(own))
    if parsed is None:
        raise ValueProblem(f"{text!r} is not a date in {_formats(style, own)}")
    return parsed.date().isoformat()


def to_partial_date(value: str, style: DateStyle, own: Sequence[str] = ()) -> str:
    """A date of birth known to the day, the month (`04/1990`) or the year (`1990`)."""
    text = value.strip()
    if _PARTIAL_ISO.fullmatch(text):
        return text
    month_year = _MONTH_YEAR.fullmatch(text)
    if month_year:
        return f"{month_year.group(2)}-{int(month_year.group(1)):02d}"
    return to_date(text, style, own)


def _formats(style: DateStyle, own: Sequence[str]) -> str:
    extra = ", ".join([*own, *style.formats])
    return f"ISO 8601 or {style.order} formats" + (f" ({extra})" if extra else "")
