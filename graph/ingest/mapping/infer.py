"""A draft mapping from the files themselves: `nexus mapping infer PATH -o FILE`.

Reads each file's header and its first SAMPLE records, and guesses: the kind (from the
file name, then the columns), the id column (one whose sampled values are all distinct),
the field each column fills (by name, against a table of the usual spellings), reference
columns (start and end ids of a relationship file, a person or crime id in a role file),
how dates are written (a first number above 12 means day-first), and for every column
feeding a closed set, each distinct sampled value with its nearest allowed value. It is a
draft: every guess is written out for the user to read, and what it could not guess is
left as a comment saying so. The draft is checked by the same loader as any mapping.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.identity.countries import country_code
from graph.ingest.files import FileRefused, read_batches
from graph.ingest.mapping.compile import field_choices, item_type, references, required_fields
from graph.records import KINDS, row_fields
from graph.records.kinds import LinkKind, NodeKind
from graph.records.property_types import (
    BooleanType,
    CountryType,
    DateTimeType,
    DateType,
    ListType,
    PartialDateType,
)
from graph.records.validation import field_types

SAMPLE = 500             # records read per file
MAP_MAX = 30             # distinct values above which a column is not offered as a map

# File-name words -> kind, most specific first.
_KIND_WORDS = [
    (("involv", "role", "party", "parties"), "incident_role"),
    (("member",), "membership"),
    (("link", "assoc", "knows", "relationship", "edge", "contact"), "association"),
    (("person", "people", "nominal", "subject", "individual"), "person"),
    (("crime", "incident", "occurrence", "event"), "incident"),
    (("location", "address", "place"), "location"),
    (("vehicle", "car"), "vehicle"),
    (("phone", "mobile"), "phone"),
    (("organisation", "organization", "gang", "group", "ocg"), "organisation"),
]
# Normalised column names -> field (any kind that has the field).
_FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "family_name": ("surname", "lastname", "familyname"),
    "given_names": ("forename", "forenames", "firstname", "givenname", "givennames"),
    "dates_of_birth": ("dob", "dateofbirth", "birthdate", "born"),
    "gender": ("sex", "gender"),
    "nationalities": ("nationality", "nationalities", "citizenship"),
    "aliases": ("aka", "alias", "aliases", "alsoknownas"),
    "place_of_birth": ("placeofbirth", "pob", "birthplace"),
    "pnc_id": ("pnc", "pncid", "pncnumber"),
    "type": ("type", "crimetype", "category", "incidenttype", ":type"),
    "kind": ("type", "kind", ":type", "relationship", "linktype"),
    "role": ("role", "involvement", "partytype"),
    "occurred_at": ("date", "occurred", "reported", "datetime", "when", "occurredat"),
    "recorded_at": ("created", "recorded", "entered", "createdat", "recordedat"),
    "description": ("description", "summary", "outcome", "lastoutcomecategory", "details"),
    "address_line": ("street", "address", "addressline"),
    "postcode": ("postcode", "postalcode", "zip"),
    "borough": ("borough", "district", "lsoa"),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lng", "lon", "long"),
    "since": ("since", "from", "start", "startdate"),
    "until": ("until", "to", "end", "enddate"),
    "cooperated": ("cooperated", "coop", "cooperative", "cooperating"),
    "name": ("name",),
    "vrm": ("vrm", "registration", "reg", "numberplate"),
    "number": ("number", "phonenumber", "msisdn"),
    "detail": ("detail", "details", "notes"),
}
_START = ("startid", ":startid", "start", "from", "source", "persona", "person1", "fromid")
_END = ("endid", ":endid", "end", "to", "target", "personb", "person2", "toid")


# Codes seen in exports -> the Nexus value they usually mean.
_SYNONYMS = {"y": "true", "yes": "true", "n": "false", "no": "false",
             "knows": "associate", "associateof": "associate", "knownassociate": "associate",
             "associatedwith": "associate", "sibling": "family", "parent": "family",
             "spouse": "partner", "girlfriend": "partner", "boyfriend": "partner",
             "offender": "suspect", "accused": "suspect", "injuredparty": "victim"}


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9:]", "", name.lower())


@dataclass
class _File:
    name: str
    columns: list[str]
    rows: list[dict[str, Any]]
    kind: str = ""
    id_column: str | None = None
    id_template: str | None = None
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def values(self, column: str) -> list[str]:
        return [str(row.get(column) or "").strip() for row in self.rows]


def infer_mapping(folder: Path) -> str:
    """The YAML text of a draft mapping for the files of `folder`."""
    read = [_read(path) for path in sorted(folder.iterdir())
            if path.is_file() and not path.is_symlink() and not path.name.startswith(".")
            and path.suffix.lower() in (".csv", ".jsonl")]
    files = [file for file in read if file is not None]
    for file in files:
        file.kind = _guess_kind(file)
        file.id_column = _guess_id(file)
    orders: Counter[str] = Counter()
    for file in files:
        _guess_fields(file, files, orders)
        if file.id_column is None and isinstance(KINDS[file.kind], LinkKind):
            ends = [spec["column"] for name, spec in file.fields.items()
                    if name in references(file.kind)]
            if ends:            # a link is named by its ends: "AS-{:START_ID}-{:END_ID}"
                file.id_template = "-".join(f"{{{column}}}" for column in ends)
    return _render(files, "month-first" if orders["month-first"] > orders["day-first"]
                   else "day-first", orders)


def _read(path: Path) -> _File | None:
    try:
        batch = next(read_batches(path, SAMPLE), None)
    except FileRefused:
        return None
    rows = [line.row for line in batch.lines if line.row is not None] if batch else []
    columns = list(dict.fromkeys(key for row in rows for key in row))
    return _File(path.name, columns, rows)


def _guess_kind(file: _File) -> str:
    stem = file.name.lower()
    for words, kind in _KIND_WORDS:
        if any(word in stem for word in words):
            return kind
    normalised = {_norm(column) for column in file.columns}
    if normalised & set(_START) and normalised & set(_END):
        return "association"
    if normalised & set(_FIELD_WORDS["family_name"]):
        return "person"
    return "incident"


def _guess_id(file: _File) -> str | None:
    """The first id-like column whose sampled values are all present and distinct."""
    candidates = [c for c in file.columns if re.search(r"(^|[^a-z])(id|ref|urn|number)$",
                                                      c.lower()) or _norm(c) in (":id", "id")]
    for column in candidates:
        values = file.values(column)
        if all(values) and len(set(values)) == len(values):
            return column
    return None


def _guess_fields(file: _File, files: list[_File], orders: Counter[str]) -> None:
    kind = file.kind
    allowed = row_fields(KINDS[kind])
    refs = references(kind)
    used: set[str] = {file.id_column} if file.id_column else set()
    if isinstance(KINDS[kind], LinkKind):
        start, end = KINDS[kind].start, KINDS[kind].end    # type: ignore[union-attr]
        for ref, words in ((start, _START), (end, _END)):
            column = _column_for(file, words, used) or _column_for(
                file, (ref.label.lower(), ref.field.replace("_", "")), used, contains=True)
            if column:
                used.add(column)
                file.fields[ref.field] = {"column": column, **_ref_to(ref.label, files)}
    for column in file.columns:
        if column in used:
            continue
        target = _field_for(column, allowed, file.fields)
        if target is None:
            continue
        spec: dict[str, Any] = {"column": column}
        if target in refs:
            spec.update(_ref_to(refs[target].label, files))
        _closed_set(file, kind, target, column, spec)
        _dates(file, kind, target, column, orders)
        file.fields[target] = spec
        used.add(column)
    unused = [c for c in file.columns if c not in used]
    if unused:
        file.notes.append(f"columns not mapped: {', '.join(unused)}")
    missing = [name for name in required_fields(kind) if name not in file.fields
               and name not in ("source", "recorded_by", "recorded_at")]
    if missing:
        file.notes.append(f"a {kind} row needs {', '.join(missing)}: map a column or give "
                          "a constant")
    if "recorded_at" not in file.fields:
        file.notes.append("no column says when each record was made: recorded_at is the "
                          "constant at the top")


def _column_for(file: _File, words: tuple[str, ...], used: set[str],
                contains: bool = False) -> str | None:
    for column in file.columns:
        name = _norm(column)
        if column not in used and (name in words or (contains and any(w in name for w in words))):
            return column
    return None


def _field_for(column: str, allowed: frozenset[str], taken: dict[str, Any]) -> str | None:
    name = _norm(column)
    if name in allowed and name not in taken:
        return name
    for target, words in _FIELD_WORDS.items():
        if target in allowed and target not in taken and name in words:
            return target
    for ref_field in sorted(allowed):
        if ref_field.endswith("_id") and ref_field not in taken:
            stem = ref_field.removesuffix("_id").replace("_", "")
            if stem in name or ({"incident": "crime"}.get(stem, "@") in name):
                return ref_field
    return None


def _ref_to(label: str, files: list[_File]) -> dict[str, str]:
    for other in files:
        spec = KINDS[other.kind]
        if isinstance(spec, NodeKind) and spec.label == label:
            return {"ref": other.name}
    return {}


def _closed_set(file: _File, kind: str, target: str, column: str, spec: dict[str, Any]) -> None:
    item, many = item_type(field_types(kind).get(target))
    values = file.values(column)
    dates = isinstance(item, DateType | DateTimeType | PartialDateType)
    if many and not dates and isinstance(field_types(kind).get(target), ListType):
        separator = next((sep for sep in ("|", "/", ",") if any(sep in v for v in values)), None)
        if separator:
            spec["split"] = separator
            values = [part.strip() for v in values for part in v.split(separator)]
    if isinstance(item, CountryType):
        distinct = sorted({value for value in values if value})
        if distinct and len(distinct) <= MAP_MAX * 3 and any(
                country_code(value) != value for value in distinct):
            spec["map"] = {value: country_code(value) or "" for value in distinct}
        return
    choices = field_choices(kind, target)
    if choices is None:
        if isinstance(item, BooleanType):
            choices = ("true", "false")
        else:
            return
    counts = Counter(value for value in values if value)
    if not counts or len(counts) > MAP_MAX:
        return
    if all(value in choices for value in counts):
        return
    spec["map"] = {value: _nearest(value, choices) for value in sorted(counts)}
    for fallback in ("unknown", "other"):
        if fallback in choices:
            spec["default"] = fallback
            break


def _nearest(value: str, choices: tuple[str, ...]) -> str:
    """The allowed value a source code most likely means ('' when nothing fits)."""
    text = _norm(value).replace(":", "")
    if _SYNONYMS.get(text) in choices:
        return _SYNONYMS[text]
    for choice in choices:
        plain = choice.replace("_", "")
        if text == plain or (len(text) > 2 and (text.startswith(plain) or plain.startswith(text))):
            return choice
    for choice in choices:
        if any(len(word) > 3 and word in choice for word in re.findall(r"[a-z]+", value.lower())):
            return choice
    initials = {choice[0]: choice for choice in choices}
    if len(text) == 1 and text in initials:
        return initials[text]
    return ""


def _dates(file: _File, kind: str, target: str, column: str, orders: Counter[str]) -> None:
    item, _ = item_type(field_types(kind).get(target))
    if not isinstance(item, DateType | DateTimeType | PartialDateType):
        return
    for value in file.values(column):
        parts = re.match(r"(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}", value)
        if parts:
            first, second = int(parts.group(1)), int(parts.group(2))
            if first > 12:
                orders["day-first"] += 1
            elif second > 12:
                orders["month-first"] += 1


# --- writing the draft ------------------------------------------------------------------

def _q(value: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _render(files: list[_File], order: str, orders: Counter[str]) -> str:
    seen = "" if orders[order] else "  # no date in the sample told: check"
    out = ["# A draft mapping written by `nexus mapping infer`: read every guess, fix what is",
           "# wrong, fill what is missing, then import with --dry-run to see what it makes.",
           "version: 1", "dates:", f"  order: {order}{seen}", "  timezone: Europe/London",
           "constants:", f"  source: {_q('CHANGE ME: the system these files came from')}",
           f"  recorded_by: {_q('CHANGE ME: who exported them')}",
           "  recorded_at: \"2000-01-01T00:00:00Z\"  # CHANGE ME: when the export was made",
           "", "files:"]
    for file in files:
        out.append(f"  {_q(file.name)}:")
        out += [f"    # {note}" for note in file.notes]
        out.append(f"    kind: {file.kind}")
        words = file.kind.split("_")
        prefix = "".join(word[0] for word in words).upper() if len(words) > 1 else \
            {"association": "AS"}.get(file.kind, file.kind[:3].upper())
        template = file.id_template or f"{{{file.id_column or 'CHANGE ME'}}}"
        if file.id_column is None and file.id_template is None:
            out.append("    # no column holds distinct ids in the sample: name one")
        out.append(f"    id: {_q(f'{prefix}-{template}')}")
        out.append("    fields:")
        for target, spec in file.fields.items():
            out.append(f"      {target}:")
            for key in ("column", "ref", "split", "default"):
                if key in spec:
                    out.append(f"        {key}: {_q(spec[key])}")
            if "map" in spec:
                out.append("        map:")
                for source, nexus in spec["map"].items():
                    note = "" if nexus else "  # CHANGE ME: no guess"
                    out.append(f"          {_q(source)}: {_q(nexus)}{note}")
        if not file.fields:
            out.append("      {}")
        out.append("")
    return "\n".join(out)
