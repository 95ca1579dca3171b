"""Times as the reader of a history reads them: UK local time, with the zone said.

The content of a history (what is hashed and saved) keeps ISO 8601 instants in UTC, so the
hash does not depend on where or when it is rendered. The renderings a person reads (HTML,
PDF, Markdown) show every instant in Europe/London time with "GMT" or "BST":
"2024-06-01T09:30:00Z" -> "01 Jun 2024 10:30 BST". A date alone ("2024-06-01") is a
calendar day and stays as it is.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")

# An ISO 8601 instant as graph.history.asof.iso writes it (and offsets other than Z).
_INSTANT = re.compile(
    r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?(?![\d:])")


def _parse(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def uk_time(value: str | datetime | None) -> str:
    """"01 Jun 2024 10:30 BST"; a date alone, or anything that is not an instant, as given."""
    if value is None:
        return ""
    moment = value if isinstance(value, datetime) else _parse(str(value))
    if moment is None or (not isinstance(value, datetime) and "T" not in str(value)):
        return str(value)
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UK)
    return f"{local:%d %b %Y %H:%M} {local.tzname()}"


def uk_day(value: str | None) -> str:
    """The UK calendar day of an instant ("2024-06-01", as the citations print days);
    a date alone as given."""
    if not value:
        return ""
    moment = _parse(value) if "T" in value else None
    if moment is None:
        return value[:10]
    return moment.astimezone(UK).date().isoformat()


def uk_text(value: object) -> str:
    """Every ISO instant inside a text put in UK local time (fields such as "Since")."""
    return _INSTANT.sub(lambda m: uk_time(m.group(0)), str(value))

