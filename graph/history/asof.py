"""The "as at" date of a history, and the rule that decides whether a record counts.

A record counts when it was recorded on or before the as-at instant and, where it has
one, its occurrence (arrest, conviction, incident, report, check, flag set...) is on or
before it too. A date given alone means the end of that day (UTC).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from graph.db.temporal import to_native


@dataclass(frozen=True)
class AsOf:
    instant: datetime  # aware, UTC
    day: date
    label: str         # as the caller gave it: "2024-06-01" or an ISO datetime

    @classmethod
    def of(cls, value: date | datetime | str) -> AsOf:
        if isinstance(value, str):
            value = parse_as_of(value)
        if isinstance(value, datetime):
            instant = value if value.tzinfo else value.replace(tzinfo=UTC)
            instant = instant.astimezone(UTC)
            return cls(instant, instant.date(), instant.isoformat())
        return cls(datetime.combine(value, time.max, tzinfo=UTC), value, value.isoformat())

    def params(self) -> dict[str, Any]:
        return {"as_of": self.instant, "as_of_date": self.day}

    def counts(self, record: dict[str, Any], *occurred: str) -> bool:
        """Whether a record (a dict read from the graph) counts as at this date."""
        recorded = to_native(record.get("recorded_at"))
        if recorded is not None and _after(recorded, self):
            return False
        for name in occurred:
            value = to_native(record.get(name))
            if value is not None and _after(value, self):
                return False
        return True


def parse_as_of(text: str) -> date | datetime:
    """`YYYY-MM-DD` or an ISO 8601 datetime; ValueError with a clear message otherwise."""
    text = text.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"as-of date {text!r} is not YYYY-MM-DD or an ISO datetime") from None


def _after(value: date | datetime, as_of: AsOf) -> bool:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware > as_of.instant
    return value > as_of.day


def iso(value: Any) -> str | None:
    """An ISO string for a date or datetime (UTC, seconds), None for None."""
    value = to_native(value)
    if value is None:
        return None
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def day(value: Any) -> date | None:
    value = to_native(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).date() if value.tzinfo else value.date()
    return value if isinstance(value, date) else None
