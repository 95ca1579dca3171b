"""GraphQL input types derived from the model, so the API and the graph cannot drift.

Each record kind's input has the fields a record row may carry (graph.records.row_fields),
typed by the field's property type (graph/records/property_types.py), the same objects
that clean the row. Closed sets stay `String` in the
input: the write layer checks them and the mutation answers with a typed error naming the
field and the allowed values. `recorded_by` and `recorded_at` are the server's to set;
`id` is optional (generated when absent; a client that retries with its own id gets
the same record, not a second one).
"""

from __future__ import annotations

from typing import Any

import strawberry

from graph.records import KINDS, row_fields
from graph.records.kinds import LinkKind, NodeKind
from graph.records.validation import field_types, model_properties

SERVER_FIELDS = {"recorded_by", "recorded_at"}


def _field_type(spec: NodeKind | LinkKind, name: str) -> tuple[Any, bool]:
    """(python type, required) of one input field."""
    refs = spec.refs if isinstance(spec, NodeKind) else (spec.start, spec.end)
    for ref in refs:
        if ref.field == name:
            base = list[strawberry.ID] if ref.many else strawberry.ID
            return base, ref.required and not ref.many
    if isinstance(spec, LinkKind) and name == spec.type_field:
        return str, True
    required = bool(model_properties(spec)[name].required) and name != "id"
    return field_types(spec.name)[name].python_type, required


def input_for(kind: str, exclude: frozenset[str] = frozenset()) -> type:
    """A strawberry input class for one record kind."""
    spec = KINDS[kind]
    annotations: dict[str, Any] = {}
    defaults: dict[str, Any] = {}
    fields = sorted(row_fields(spec) - SERVER_FIELDS - exclude,
                    key=lambda name: (name != "id", name))
    for name in fields:
        python_type, required = _field_type(spec, name)
        if required:
            annotations[name] = python_type
        else:
            annotations[name] = python_type | None
            defaults[name] = None
    # Required fields first, as Python classes need.
    ordered = dict(sorted(annotations.items(), key=lambda item: item[0] in defaults))
    name = "".join(part.title() for part in kind.split("_")) + "Input"
    cls = type(name, (), {"__annotations__": ordered, **defaults})
    return strawberry.input(cls, description=f"Fields of a `{kind}` record "
                                              "(rules: docs/model.md).")


def row_from_input(data: Any) -> dict[str, Any]:
    """The record row an input object describes (absent optional fields dropped)."""
    row = {}
    for key, value in vars(data).items():
        if value is None:
            continue
        row[key] = [str(v) if isinstance(v, str) else v for v in value] \
            if isinstance(value, list) else value
    return row


PersonInput = input_for("person")
ArrestInput = input_for("arrest")
ChargeInput = input_for("charge")
ConvictionInput = input_for("conviction")
IncidentInput = input_for("incident")
IncidentRoleInput = input_for("incident_role", exclude=frozenset({"incident_id"}))
AssociationInput = input_for("association")
MembershipInput = input_for("membership")
IntelligenceReportInput = input_for("intelligence_report")
CheckInput = input_for("check")
FlagInput = input_for("flag", exclude=frozenset({"status", "set_by", "set_at"}))
