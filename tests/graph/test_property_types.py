"""Property types (graph/records/property_types.py): the one reason rule and control
characters in free text that is not stored (matchPerson, screening)."""

from __future__ import annotations

import pytest

from graph.errors import ValidationError
from graph.identity import screening
from graph.identity.links import clean_reason
from graph.records.property_types import REASON_MAX, Invalid, reason_text
from graph.reviews.events import check_reason


def test_one_reason_rule_for_reviews_and_same_as() -> None:
    assert check_reason("  kept\r\nstill relevant ") == "kept\nstill relevant"
    assert clean_reason("x" * REASON_MAX) == "x" * REASON_MAX
    for check in (check_reason, clean_reason):
        with pytest.raises(ValidationError, match="longer than 2,000 characters"):
            check("x" * (REASON_MAX + 1))
        with pytest.raises(ValidationError, match="control character U\\+0007 at position 4"):
            check("why\x07")
    with pytest.raises(Invalid, match="say why"):
        reason_text("  ", "say why")


def test_screening_refuses_control_characters_per_row() -> None:
    rows = list(screening.parse_csv("family_name,given_names\nNowak\x1b,Jan\nKowal,Ewa\n"))
    assert isinstance(rows[0], screening.RowError)
    assert "family_name contains the control character U+001B" in rows[0].message
    assert isinstance(rows[1], screening.ScreenRow)
