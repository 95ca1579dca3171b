"""The mapping's value rules without a database: dates as exports write them, templates."""

from __future__ import annotations

import pytest

from graph.ingest.mapping.values import (
    DateStyle,
    Template,
    ValueProblem,
    to_date,
    to_datetime,
    to_partial_date,
)

DAY, MONTH = DateStyle("day-first"), DateStyle("month-first")
LONDON = DateStyle("day-first", timezone="Europe/London")


@pytest.mark.parametrize(("value", "style", "expected"), [
    ("7/08/2017", DAY, "2017-08-07"), ("7/8/2017", DAY, "2017-08-07"),
    ("7/8/2017", MONTH, "2017-07-08"), ("2017-08-07", MONTH, "2017-08-07"),
    ("07.08.2017", DAY, "2017-08-07"), ("7 Aug 2017", DAY, "2017-08-07"),
    ("7/8/2017 13:05", DAY, "2017-08-07"), ("7/8/17", DAY, "2017-08-07"),
])
def test_dates(value: str, style: DateStyle, expected: str) -> None:
    assert to_date(value, style) == expected


def test_datetimes_take_the_mapping_time_zone() -> None:
    assert to_datetime("7/08/2017 9:05", LONDON) == "2017-08-07T09:05:00+01:00"  # BST
    assert to_datetime("7/12/2017 9:05", LONDON) == "2017-12-07T09:05:00+00:00"
    assert to_datetime("7/12/2017", DAY) == "2017-12-07T00:00:00+00:00"
    assert to_datetime("2017-12-07T09:05:00Z", DAY) == "2017-12-07T09:05:00+00:00"
    assert to_datetime("12-07-2017 09:05", DateStyle("day-first", ("%m-%d-%Y",))) == \
        "2017-12-07T09:05:00+00:00"      # a format of the mapping's own comes first


def test_partial_dates_of_birth() -> None:
    assert to_partial_date("1990", DAY) == "1990"
    assert to_partial_date("4/1990", DAY) == "1990-04"
    assert to_partial_date("12/4/1990", DAY) == "1990-04-12"


def test_an_unreadable_date_says_what_was_tried() -> None:
    with pytest.raises(ValueProblem, match="'31/31/2017' is not a date in ISO 8601 or "
                                           "day-first formats"):
        to_date("31/31/2017", DAY)


def test_templates() -> None:
    template = Template("POL-{ID}-{ Crime ref }")
    assert template.columns == ("ID", "Crime ref")
    assert template.render({"ID": " 12 ", "Crime ref": "A"}) == "POL-12-A"
    assert template.render({"ID": "12", "Crime ref": ""}) is None
    assert Template("{{x}}-{:ID}").render({":ID": "9"}) == "{x}-9"
    assert Template("P-{ID}").fill("7") == "P-7"
