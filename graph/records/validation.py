"""Validating record rows against the model: fields, references, cross-field rules.

Field rules come from the neomodel properties (`graph.models`) through their property
types (graph/records/property_types.py: each type cleans its own values), so a closed set,
an identifier format or a length limit is declared once; this module finds the type of
each field, calls it, and checks what spans fields and records (references, grading,
the kinds' own rules). A cleaned row (`CleanRow`) holds Python values ready for the driver
(date, aware UTC datetime, lists), every model property (None when absent, so a rewrite
clears what the new row no longer says) and the derived name fields.

CSV-friendly input: an empty string is "absent"; a list field may be a `;`-separated
string; integers, floats and booleans ("true"/"false") may be strings. The input limits
(docs/security-model.md, "Input limits") are the same for the API and the importer
because both validate here; a list of references holds at most REF_LIST_MAX ids. Error
messages name the field and never echo an unbounded value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from neomodel import StringProperty
from neomodel.properties import Property

from graph.errors import ValidationError
from graph.grading import from_5x5x5
from graph.models.base import GRADING_FIELDS, HO_OFFENCE_CODE, graph_properties
from graph.models.relationships import COOPERATING_ROLES
from graph.names import name_keys, year_keys
from graph.records.kinds import KINDS, LinkKind, NodeKind
from graph.records.property_types import (  # noqa: F401  (the limits, for callers)
    JSON_TEXT_MAX,
    LIST_MAX,
    MULTILINE_FIELDS,
    NAME_MAX,
    REASON_MAX,
    TEXT_MAX,
    Invalid,
    PropertyType,
    partial_start,
    property_type,
    shown,
)

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:/\-]{0,99}")
_FLAG_STATE_FIELDS = ("cleared_by", "cleared_at", "cleared_reason")
REF_LIST_MAX = 1_000    # ids in a list of references (offence_ids, mentions_person_ids)
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,49}")


class RowError(ValidationError):
    """A row that cannot be written: names the kind, the record id, the field, the reason.

    `index` is the row's position in the batch (None for a single row).
    """

    def __init__(self, kind: str, record_id: str | None, field: str, reason: str,
                 index: int | None = None) -> None:
        record = f"{kind} {record_id!r}" if record_id else kind
        super().__init__(record, field, reason)
        self.kind = kind
        self.record_id = record_id
        self.index = index
        where = f"row {index}: " if index is not None else ""
        self.args = (f"{where}{record}, field {field!r}: {reason}",)

    def at(self, index: int) -> RowError:
        return RowError(self.kind, self.record_id, self.field, self.reason, index)


class CleanRow(dict[str, Any]):
    """A validated row of one kind; `write_batch` writes it without validating again."""

    def __init__(self, kind: str, values: Mapping[str, Any]) -> None:
        super().__init__(values)
        self.kind = kind


def kind_spec(kind: str) -> NodeKind | LinkKind:
    try:
        return KINDS[kind]
    except KeyError:
        raise RowError(kind, None, "kind", f"unknown record kind; one of: "
                       f"{', '.join(KINDS)}") from None


def model_properties(spec: NodeKind | LinkKind) -> dict[str, Property[Any]]:
    """The kind's model properties by graph name, derived ones included."""
    return graph_properties(spec.model)


def is_review_state(prop: Property[Any]) -> bool:
    """Properties that reviews own (disposal_proposed_at): rows never carry or clear them."""
    return getattr(prop, "review_state", False)


def row_fields(spec: NodeKind | LinkKind) -> frozenset[str]:
    """Every field a row of this kind may carry."""
    return _row_fields(spec.name)


@cache
def _row_fields(kind: str) -> frozenset[str]:
    spec = KINDS[kind]
    fields = {name for name, prop in model_properties(spec).items()
              if not getattr(prop, "derived", False) and not is_review_state(prop)}
    if isinstance(spec, NodeKind):
        fields |= {ref.field for ref in spec.refs}
        if spec.name == "flag":
            fields -= set(_FLAG_STATE_FIELDS)
    else:
        fields |= {spec.start.field, spec.end.field}
        if spec.type_field:
            fields.add(spec.type_field)
    return frozenset(fields)


def validate(kind: str, row: Mapping[str, Any]) -> CleanRow:
    """A cleaned copy of `row`, or RowError (a ValidationError) naming record, field, reason."""
    if isinstance(row, CleanRow) and row.kind == kind:
        return row
    spec = kind_spec(kind)
    if not isinstance(row, Mapping):
        raise RowError(kind, None, "row", f"a row is a mapping of fields, got {type(row).__name__}")
    given_id = row.get("id")
    record_id = given_id if isinstance(given_id, str) and _ID.fullmatch(given_id) else None

    def fail(field: str, reason: str) -> RowError:
        return RowError(kind, record_id, field, reason)

    props = model_properties(spec)
    allowed = row_fields(spec)
    for name in row:
        if name not in allowed:
            if not isinstance(name, str) or not _FIELD_NAME.fullmatch(name):
                raise fail(shown(name, 40), f"unknown field; {kind} rows have: "
                                             f"{', '.join(sorted(allowed))}")
            if spec.name == "flag" and name in _FLAG_STATE_FIELDS:
                raise fail(name, "follows the flag's events; clear a flag with a flag_event "
                                 "row (action cleared)")
            if name in props and is_review_state(props[name]):
                raise fail(name, "is set by recording a review (recordReview), not by a row")
            if name in props:
                raise fail(name, "is computed by the write layer; do not supply it")
            raise fail(name, f"unknown field; {kind} rows have: {', '.join(sorted(allowed))}")

    values = {name: value for name, value in row.items() if not _absent(value)}
    clean: dict[str, Any] = {}
    for name, prop in props.items():
        if name in values and name in allowed:
            clean[name] = _convert(spec.name, name, values[name], fail)
        elif (prop.required and name in allowed and not _defaulted(spec, name)
              and not (name in GRADING_FIELDS and values.get("original_grading"))):
            raise fail(name, "is required")
        else:
            clean[name] = None
    if not _ID.fullmatch(str(clean["id"])):
        raise fail("id", "must be 1-100 letters, digits or _.:/- and start with a letter "
                         f"or digit (got {shown(clean['id'])})")
    clean.update(_references(spec, values, fail))
    _check_rules(spec, clean, fail)
    return CleanRow(kind, clean)


def validate_many(kind: str, rows: Iterable[Mapping[str, Any]]
                  ) -> tuple[list[CleanRow], list[RowError]]:
    """Validate a batch: the clean rows, and one error per bad row (with its index).

    A second row with an id already seen in the batch is an error too.
    """
    clean_rows: list[CleanRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        try:
            clean = validate(kind, row)
        except RowError as error:
            errors.append(error.at(index))
            continue
        if clean["id"] in seen:
            errors.append(RowError(kind, clean["id"], "id",
                                   f"duplicate id: row {seen[clean['id']]} has it too", index))
            continue
        seen[clean["id"]] = index
        clean_rows.append(clean)
    return clean_rows, errors


def _absent(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _defaulted(spec: NodeKind | LinkKind, name: str) -> bool:
    return spec.name in ("flag", "flag_challenge") and name == "status"


# --- field conversion ------------------------------------------------------------------

@cache
def field_types(kind: str) -> dict[str, PropertyType]:
    """The property type of each model field of a kind, by graph name."""
    return {name: property_type(prop, name)
            for name, prop in model_properties(KINDS[kind]).items()}


def _convert(kind: str, name: str, value: Any, fail: Any) -> Any:
    try:
        return field_types(kind)[name].clean(value)
    except Invalid as invalid:
        raise fail(name, invalid.reason) from None


# --- references and cross-field rules --------------------------------------------------

def _references(spec: NodeKind | LinkKind, values: Mapping[str, Any], fail: Any
                ) -> dict[str, Any]:
    refs = list(spec.refs) if isinstance(spec, NodeKind) else [spec.start, spec.end]
    out: dict[str, Any] = {}
    for ref in refs:
        value = given = values.get(ref.field)
        if ref.many:
            if isinstance(value, str):
                value = [part.strip() for part in value.split(";") if part.strip()]
            if not isinstance(value, list | tuple | type(None)):
                raise fail(ref.field, f"must be a list of {ref.label} ids (got "
                                      f"{shown(value)})")
            value = list(value or [])
            if len(value) > REF_LIST_MAX:
                raise fail(ref.field, f"has more than {REF_LIST_MAX:,} ids ({len(value):,})")
            if not all(isinstance(item, str) and _ID.fullmatch(item) for item in value):
                raise fail(ref.field, f"must be a list of {ref.label} ids (got "
                                      f"{shown(value)})")
            if ref.required and not value:
                raise fail(ref.field, f"needs at least one {ref.label} id")
            # Omitted (None): a rewrite keeps the record's current links of this kind; a
            # list, even an empty one, replaces them.
            out[ref.field] = None if given is None else list(dict.fromkeys(value))
        else:
            if value is None and ref.required:
                raise fail(ref.field, "is required")
            if value is not None and not (isinstance(value, str) and _ID.fullmatch(value)):
                raise fail(ref.field, f"must be a {ref.label} id (got {shown(value)})")
            out[ref.field] = value
    if isinstance(spec, LinkKind) and spec.type_field:
        value = values.get(spec.type_field)
        if value is None:
            raise fail(spec.type_field, "is required")
        if value not in spec.types:
            raise fail(spec.type_field, f"{shown(value)} is not allowed; allowed values: "
                                        f"{', '.join(spec.types)}")
        out[spec.type_field] = value
    return out


def _check_rules(spec: NodeKind | LinkKind, row: dict[str, Any], fail: Any) -> None:
    if row.get("original_grading"):
        _map_5x5x5(row, fail)
    if "handling_code" in row:
        given = [name for name in GRADING_FIELDS if row.get(name) is not None]
        if given and len(given) < len(GRADING_FIELDS):
            missing = next(name for name in GRADING_FIELDS if row.get(name) is None)
            raise fail(missing, "grading is all three of source_evaluation, "
                                "intelligence_assessment and handling_code, or none")
        if row.get("handling_code") == "C" and not row.get("handling_conditions"):
            raise fail("handling_conditions", "handling code C requires handling_conditions")
    if row.get("since") and row.get("until") and row["until"] < row["since"]:
        raise fail("until", f"is before since ({row['until']} < {row['since']})")
    rule = _RULES.get(spec.name)
    if rule:
        rule(row, fail)


def _map_5x5x5(row: dict[str, Any], fail: Any) -> None:
    """A 5x5x5 grading given as `original_grading` fills the 3x5x2 fields it maps to (a
    row giving both must agree with the mapping). C needs its conditions as ever."""
    mapped = from_5x5x5(row["original_grading"])
    if mapped is None:
        raise fail("original_grading", "a 5x5x5 grading is a source evaluation A-E, an "
                                       "intelligence evaluation 1-5 and a handling code "
                                       f"1-5, like B2 4 (got {shown(row['original_grading'])})")
    for name, value in mapped.items():
        if row.get(name) not in (None, value):
            raise fail(name, f"{row[name]} does not match the 5x5x5 grading "
                             f"{row['original_grading']} ({value})")
        row[name] = value
    row["original_grading"] = row["original_grading"].strip().upper()
    if row["handling_code"] == "C" and not row.get("handling_conditions"):
        row["handling_conditions"] = (f"5x5x5 handling code {row['original_grading'][-1]}: "
                                      "shared only as its originator allows")


def _person_rules(row: dict[str, Any], fail: Any) -> None:
    for dob in row["dates_of_birth"] or []:
        if partial_start(dob).year < 1900:
            raise fail("dates_of_birth", f"{dob!r} is before 1900")
    nationalities = row["nationalities"]
    if nationalities and "GB" in nationalities:  # the house convention: GB first
        row["nationalities"] = ["GB", *[code for code in nationalities if code != "GB"]]
    given, family = row["given_names"], row["family_name"]
    row["full_name"] = " ".join(part for part in (given, family) if part)
    aliases = row["aliases"] or []
    row["alias_text"] = " | ".join(aliases) or None
    row["name_keys"] = name_keys(row["full_name"], *aliases) or None
    dobs = row["dates_of_birth"]
    row["birth_year"] = int(dobs[0][:4]) if dobs else None
    row["year_keys"] = year_keys(row["birth_year"], row["name_keys"])


def _offence_rules(row: dict[str, Any], fail: Any) -> None:
    if not re.fullmatch(HO_OFFENCE_CODE[0], row["id"]):
        raise fail("id", f"an offence id is its Home Office code, like {HO_OFFENCE_CODE[1]} "
                         f"(got {row['id']!r})")


def _flag_rules(row: dict[str, Any], fail: Any) -> None:
    if row["status"] not in (None, "active"):
        raise fail("status", "a flag row sets a flag (status active); clear it with a "
                             "flag_event row (action cleared)")
    row["status"] = "active"


def _flag_event_rules(row: dict[str, Any], fail: Any) -> None:
    if row["action"] == "set":
        raise fail("action", "the flag row writes its own 'set' event; flag_event rows are "
                             "'reviewed' or 'cleared'")
    if row["action"] == "cleared" and not row["reason"]:
        raise fail("reason", "clearing a flag needs a reason")
    if row["action"] == "reviewed" and not row["next_review_date"]:
        raise fail("next_review_date", "a review sets the next review date")


_DECISION_FIELDS = ("decided_by", "decided_at", "decision_reason")


def _flag_challenge_rules(row: dict[str, Any], fail: Any) -> None:
    """An open challenge has no decision; a decided one has all of it (who, when, why)."""
    row["status"] = row["status"] or "open"
    given = [name for name in _DECISION_FIELDS if row.get(name)]
    if row["status"] == "open" and given:
        raise fail(given[0], "an open challenge has no decision yet (status upheld or "
                             "rejected records one)")
    if row["status"] != "open" and len(given) < len(_DECISION_FIELDS):
        missing = next(name for name in _DECISION_FIELDS if not row.get(name))
        raise fail(missing, f"a {row['status']} challenge records who decided it, when, "
                            "and why")


def _incident_role_rules(row: dict[str, Any], fail: Any) -> None:
    if row["cooperated"] is not None and row["role"] not in COOPERATING_ROLES:
        raise fail("cooperated", f"applies to victims and witnesses only, not {row['role']}")


def _association_rules(row: dict[str, Any], fail: Any) -> None:
    if row["person_id"] == row["other_person_id"]:
        raise fail("other_person_id", "a person cannot be associated with themselves")
    if row["derived"] is None:
        row["derived"] = False


_RULES = {
    "person": _person_rules,
    "offence": _offence_rules,
    "flag": _flag_rules,
    "flag_event": _flag_event_rules,
    "flag_challenge": _flag_challenge_rules,
    "incident_role": _incident_role_rules,
    "association": _association_rules,
}


def _check_multiline_fields() -> None:
    """Fail at import when MULTILINE_FIELDS names no free-text property of any kind, so a
    renamed model field cannot silently fall back to the one-line rule."""
    text_fields = {name for spec in KINDS.values()
                   for name, prop in model_properties(spec).items()
                   if type(prop) is StringProperty and not getattr(prop, "choices", None)}
    stray = MULTILINE_FIELDS - text_fields
    if stray:
        raise RuntimeError(f"MULTILINE_FIELDS names no free-text property: {sorted(stray)}")


_check_multiline_fields()
