"""Shared pieces of the model: closed sets (enums), property types, provenance and grading.

This is the one place where the closed sets live. Validation (`graph.records`), the GraphQL
schema and the web style map read them from here, so they cannot drift apart.

Two neomodel constraints shape the Python names: `id` is reserved on nodes and
relationships, and `source` on relationships. The graph properties are still called `id`
and `source` (`db_property`); in Python they are `uid` and `source_system`. Code that
works in graph names (validation, writers, the API) uses `graph_properties(model)`.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

import neo4j.time
from neomodel import (
    ArrayProperty,
    DateProperty,
    DateTimeNeo4jFormatProperty,
    IntegerProperty,
    RegexProperty,
    StringProperty,
)
from neomodel.properties import Property
from neomodel.sync_.property_manager import PropertyManager


def choices(values: tuple[str, ...]) -> dict[str, str]:
    """neomodel `choices` (value -> label) for a closed set of snake_case values."""
    return {value: value.replace("_", " ") for value in values}


# --- closed sets -----------------------------------------------------------------------

GENDERS = ("male", "female", "other", "unknown")
IMMIGRATION_STATUSES = ("british_citizen", "settled", "limited_leave", "asylum_seeker",
                        "refugee", "overstayer", "illegal_entrant", "unknown")
WARNING_MARKERS = ("violence", "weapons", "firearms", "drugs", "escape_risk", "self_harm",
                   "mental_health")
LOCATION_KINDS = ("address", "custody_suite", "court", "place")
OFFENCE_CATEGORIES = ("violence_against_the_person", "sexual_offences", "robbery", "theft",
                      "burglary", "vehicle_offences", "criminal_damage_and_arson",
                      "drug_offences", "possession_of_weapons", "public_order",
                      "miscellaneous_against_society", "fraud")
ARREST_OUTCOMES = ("charged", "nfa", "released_under_investigation", "bail", "caution",
                   "community_resolution")
CHARGE_STATUSES = ("pending", "convicted", "acquitted", "discontinued", "withdrawn")
PLEAS = ("guilty", "not_guilty", "no_plea")
DISPOSALS = ("immediate_custody", "suspended_sentence", "community_order", "fine",
             "conditional_discharge", "absolute_discharge", "other")
KNOWN_VIA = ("pnc", "ecris", "interpol", "bilateral", "other")
INCIDENT_TYPES = ("assault", "wounding", "robbery", "stabbing", "shooting", "domestic_abuse",
                  "burglary", "drugs_supply", "public_order", "sexual_offence",
                  "criminal_damage", "other")
ORGANISATION_KINDS = ("street_gang", "organised_crime_group")
MEMBERSHIP_ROLES = ("leader", "member", "associate", "prospect")
CHECK_KINDS = ("wanted_abroad", "foreign_convictions", "immigration_status", "fingerprints",
               "pnc")
CHECK_SOURCES = ("SIS_II", "INTERPOL_I24_7", "ECRIS", "HO_CID", "IDENT1", "PNC")
# pending: asked, no answer yet; failed: the source did not answer (never "no_match").
CHECK_RESULTS = ("match", "no_match", "inconclusive", "pending", "failed")
WARRANT_KINDS = ("european_arrest_warrant", "interpol_red_notice", "interpol_diffusion",
                 "domestic")
WARRANT_STATUSES = ("active", "executed", "withdrawn")
FLAG_KINDS = ("high_harm",)
FLAG_STATUSES = ("active", "cleared")
FLAG_ACTIONS = ("set", "reviewed", "cleared")
# Who raised a challenge to a flag, and where it stands (docs/flags.md).
CHALLENGE_RAISERS = ("subject", "representative", "other_agency")
CHALLENGE_STATUSES = ("open", "upheld", "rejected")

# How a record's review date was set (docs/reviews.md).
REVIEW_DATE_BASES = ("review", "computed")

# 3x5x2 grading.
SOURCE_EVALUATIONS = ("1", "2", "3")
INTELLIGENCE_ASSESSMENTS = ("A", "B", "C", "D", "E")
HANDLING_CODES = ("P", "C")
GRADING_FIELDS = ("source_evaluation", "intelligence_assessment", "handling_code")

# ISO 3166-1 alpha-2, plus XK (Kosovo), which UK systems use.
_COUNTRY_LIST = """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
VN VU WF WS YE YT ZA ZM ZW XK
"""
COUNTRY_CODES = frozenset(_COUNTRY_LIST.split())

# Identifier formats: (anchored pattern, an example for error messages).
PNC_ID = (r"\d{4}/\d{7}[A-Z]", "2019/0123456X")
CRO_NUMBER = (r"\d{1,6}/\d{2}[A-Z]", "123456/19K")
HO_REFERENCE = (r"[A-Z]\d{7}", "B1234567")
PASSPORT = (r"[A-Z]{2}:[A-Z0-9]{6,9}", "GB:123456789")
PHONE_NUMBER = (r"\+[1-9]\d{6,14}", "+447700900123")
HO_OFFENCE_CODE = (r"\d{3}/\d{2}", "008/01")
POSTCODE = (r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}", "SW1A 1AA")


# --- property types ----------------------------------------------------------------------

class FormatProperty(RegexProperty):
    """A string that must match a pattern in full; carries an example for error messages."""

    def __init__(self, pattern: tuple[str, str], **kwargs: Any) -> None:
        super().__init__(expression=pattern[0], **kwargs)
        self.example = pattern[1]


class CountryProperty(StringProperty):
    """An ISO 3166-1 alpha-2 code, upper case."""


class PartialDateProperty(StringProperty):
    """A date that may be known only to the year or month: "1990", "1990-04", "1990-04-12"."""


class NativeDateProperty(DateProperty):
    """A Neo4j `date` (neomodel's DateProperty stores an ISO string)."""

    def deflate(self, value: Any, rethrow: bool = False) -> Any:
        if value is None:
            return None
        if not isinstance(value, date):
            raise ValueError(f"datetime.date expected, got {value!r}")
        return value

    def inflate(self, value: Any, rethrow: bool = False) -> Any:
        if isinstance(value, neo4j.time.Date):
            return value.to_native()
        return super().inflate(value)


def DateTimeProperty(**kwargs: Any) -> DateTimeNeo4jFormatProperty:
    """A Neo4j `datetime` (UTC). `past=True` marks instants that cannot be in the future."""
    return DateTimeNeo4jFormatProperty(**kwargs)


def Choice(values: tuple[str, ...], **kwargs: Any) -> StringProperty:
    return StringProperty(choices=choices(values), **kwargs)


def ChoiceList(values: tuple[str, ...], **kwargs: Any) -> ArrayProperty:
    return ArrayProperty(StringProperty(choices=choices(values)), **kwargs)


# --- mixins ----------------------------------------------------------------------------

class Provenance:
    """Where a record came from: every node and relationship carries it."""

    source_system = StringProperty(db_property="source", required=True)
    recorded_by = StringProperty(required=True)
    recorded_at = DateTimeProperty(required=True, past=True)


class Identified(Provenance):
    """A record with its own stable id (nodes, and relationships that are records)."""

    uid = StringProperty(db_property="id", required=True, unique_index=True)


class Reviewed:
    """Records that MOPI review applies to."""

    review_date = NativeDateProperty()
    # "review": the source says a review set the date (kept as given); "computed": Nexus
    # computed it from the record's MOPI group (graph/reviews/mopi.py, docs/reviews.md).
    review_date_basis = Choice(REVIEW_DATE_BASES)
    mopi_group = IntegerProperty(derived=True)  # 1, 2 or 3: computed, never supplied
    # Set when a review proposes the record for disposal (graph/reviews/events.py) and
    # cleared when the proposal is withdrawn: review state, never written by a record row.
    disposal_proposed_at = DateTimeProperty(review_state=True)


class Graded:
    """3x5x2 grading, optional (IntelligenceReport redeclares it as required)."""

    source_evaluation = Choice(SOURCE_EVALUATIONS)
    intelligence_assessment = Choice(INTELLIGENCE_ASSESSMENTS)
    handling_code = Choice(HANDLING_CODES)
    handling_conditions = StringProperty()


class Period:
    since = NativeDateProperty()
    until = NativeDateProperty()


def graph_properties(model: type[PropertyManager]) -> dict[str, Property[Any]]:
    """The model's properties keyed by their graph name (`id`, `source`, ...). Cached:
    treat the result as read-only."""
    # The one place a class goes into the cache: mypy matches no class object against
    # Hashable (it reads the instances' __hash__), though classes hash by identity.
    return _graph_properties(model)  # type: ignore[arg-type]


@cache
def _graph_properties(model: type[PropertyManager]) -> dict[str, Property[Any]]:
    props = model.defined_properties(aliases=False, rels=False)
    return {prop.get_db_property_name(name): prop for name, prop in props.items()}
