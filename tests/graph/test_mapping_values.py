"""The mapping's value rules without a database: dates as exports write them, templates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.ingest.files import read_batches
from graph.ingest.mapping import mapping_from_text, plan_folder
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


# --- converting rows, without a database -------------------------------------------------

_JSONL_MAPPING = """\
version: 1
dates: {order: month-first, timezone: America/New_York}
constants: {source: Case system, recorded_by: Export}
files:
  cases.jsonl:
    - kind: location
      name: place
      id: "L-{zip}"
      optional: true                 # a case without a zip has no place
      constants: {kind: place, recorded_at: "2024-01-01T00:00:00Z"}
      fields: {name: {template: "Zip {zip}"}}
    - kind: person
      id: "P-{ref}"
      fields:
        family_name: last
        aliases: {column: aka}
        recorded_at: opened
        gender: {column: sex, map: {m: male}, default: unknown, empty: unknown}
"""


def test_a_jsonl_source_several_outputs_and_repeated_places(tmp_path: Path) -> None:
    rows = [{"ref": 1, "last": "Doe", "aka": ["J D", "Jo Doe"], "opened": "12/7/2017 9:05",
             "sex": "M", "zip": "10001"},
            {"ref": 2, "last": "Roe", "aka": [], "opened": "1/2/2018", "sex": "x",
             "zip": "10001"},
            {"ref": 3, "last": "Poe", "opened": "2018-03-01T10:00:00Z", "sex": ""}]
    (tmp_path / "cases.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    (tmp_path / "README.txt").write_text("notes\n", "utf-8")
    mapping = mapping_from_text(_JSONL_MAPPING)
    plan = plan_folder(mapping, tmp_path)
    assert [(unit.kind, unit.name) for unit in plan.units] == [
        ("location", "cases.jsonl[place]"), ("person", "cases.jsonl[person]")]
    assert plan.ignored == ["README.txt"]
    made = {unit.kind: [unit.convert(line) for batch in read_batches(unit.path, 10)
                        for line in batch.lines] for unit in plan.units if unit.convert}
    places = [line.row for line in made["location"] if line is not None]
    assert places == [{"id": "L-10001", "source": "Case system", "recorded_by": "Export",
                       "kind": "place", "recorded_at": "2024-01-01T00:00:00Z",
                       "name": "Zip 10001"}]            # written once, not once per case
    people = [line.row for line in made["person"] if line is not None]
    assert [(p["id"], p.get("aliases"), p["recorded_at"], p["gender"]) for p in people] == [
        ("P-1", ["J D", "Jo Doe"], "2017-12-07T09:05:00-05:00", "male"),
        ("P-2", None, "2018-01-02T00:00:00-05:00", "unknown"),
        ("P-3", None, "2018-03-01T10:00:00+00:00", "unknown")]
    assert mapping.tally.values == {("cases.jsonl[person]", "gender"): {"x": 1}}
