"""Intelligence, checks, warrants and high-harm flags (a flag is a history of events)."""

from __future__ import annotations

from neomodel import IntegerProperty, RelationshipFrom, RelationshipTo, StringProperty

from graph.models.base import (
    CHALLENGE_RAISERS,
    CHALLENGE_STATUSES,
    CHECK_KINDS,
    CHECK_RESULTS,
    CHECK_SOURCES,
    FLAG_ACTIONS,
    FLAG_KINDS,
    FLAG_STATUSES,
    HANDLING_CODES,
    INTELLIGENCE_ASSESSMENTS,
    SOURCE_EVALUATIONS,
    WARRANT_KINDS,
    WARRANT_STATUSES,
    Choice,
    CountryProperty,
    DateTimeProperty,
    Graded,
    NativeDateProperty,
    Reviewed,
)
from graph.models.record import Record
from graph.models.relationships import ProvenanceRel

_M = "graph.models"


class IntelligenceReport(Record, Reviewed, Graded):
    reported_at = DateTimeProperty(required=True, past=True)
    summary = StringProperty(required=True)
    # Grading is what makes a report usable: required here (optional elsewhere).
    source_evaluation = Choice(SOURCE_EVALUATIONS, required=True)
    intelligence_assessment = Choice(INTELLIGENCE_ASSESSMENTS, required=True)
    handling_code = Choice(HANDLING_CODES, required=True)
    # A report imported with a 5x5x5 grading keeps it here, as given ("B2 4"); the 3x5x2
    # grading above is then mapped from it (graph/grading.py, docs/flags.md).
    original_grading = StringProperty()

    mentions_people = RelationshipTo(f"{_M}.people.Person", "MENTIONS", model=ProvenanceRel)
    mentions_organisations = RelationshipTo(f"{_M}.organisations.Organisation", "MENTIONS",
                                            model=ProvenanceRel)
    mentions_locations = RelationshipTo(f"{_M}.people.Location", "MENTIONS", model=ProvenanceRel)
    mentions_incidents = RelationshipTo(f"{_M}.incidents.Incident", "MENTIONS",
                                        model=ProvenanceRel)
    mentions_vehicles = RelationshipTo(f"{_M}.people.Vehicle", "MENTIONS", model=ProvenanceRel)
    mentions_phones = RelationshipTo(f"{_M}.people.Phone", "MENTIONS", model=ProvenanceRel)


class Check(Record):
    kind = Choice(CHECK_KINDS, required=True)
    against = Choice(CHECK_SOURCES, required=True)
    checked_by = StringProperty(required=True)
    checked_at = DateTimeProperty(required=True, past=True)
    result = Choice(CHECK_RESULTS, required=True)
    detail = StringProperty()
    # Checks run through connectors (graph/checks): the run they belong to, how many
    # requests the source took, when the answer came, and what it matched (JSON text).
    run_id = StringProperty()
    attempts = IntegerProperty(minimum=0)
    completed_at = DateTimeProperty(past=True)
    matched = StringProperty()
    # Why the run was made: the session's purpose and case reference (api/auth.py), as
    # the audit log has them. Optional: imported checks and older runs have neither.
    purpose = StringProperty()
    case_reference = StringProperty()

    person = RelationshipFrom(f"{_M}.people.Person", "HAS_CHECK", model=ProvenanceRel)
    found = RelationshipTo(f"{_M}.intelligence.Warrant", "FOUND", model=ProvenanceRel)


class Warrant(Record):
    kind = Choice(WARRANT_KINDS, required=True)
    issuing_country = CountryProperty(required=True)
    reference = StringProperty()
    offence_description = StringProperty()
    issued_on = NativeDateProperty(past=True)
    status = Choice(WARRANT_STATUSES, required=True)

    person = RelationshipFrom(f"{_M}.people.Person", "WANTED_ON", model=ProvenanceRel)
    found_by = RelationshipFrom(f"{_M}.intelligence.Check", "FOUND", model=ProvenanceRel)


class Flag(Record, Reviewed):
    """A high-harm flag. Its status and clearing fields follow its FlagEvents."""

    kind = Choice(FLAG_KINDS, required=True)
    status = Choice(FLAG_STATUSES, required=True)
    reason = StringProperty(required=True)
    set_by = StringProperty(required=True)
    set_at = DateTimeProperty(required=True, past=True)
    cleared_by = StringProperty()
    cleared_at = DateTimeProperty(past=True)
    cleared_reason = StringProperty()
    # Who answers for the flag (keeps it under review); the setter when not given.
    owner = StringProperty()

    person = RelationshipFrom(f"{_M}.people.Person", "HAS_FLAG", model=ProvenanceRel)
    events = RelationshipTo(f"{_M}.intelligence.FlagEvent", "HAS_EVENT", model=ProvenanceRel)
    # The records the flag rests on (docs/flags.md): proven (convictions) or not.
    rests_on_convictions = RelationshipTo(f"{_M}.justice.Conviction", "RESTS_ON",
                                          model=ProvenanceRel)
    rests_on_arrests = RelationshipTo(f"{_M}.justice.Arrest", "RESTS_ON", model=ProvenanceRel)
    rests_on_charges = RelationshipTo(f"{_M}.justice.Charge", "RESTS_ON", model=ProvenanceRel)
    rests_on_intelligence = RelationshipTo(f"{_M}.intelligence.IntelligenceReport", "RESTS_ON",
                                           model=ProvenanceRel)
    challenges = RelationshipTo(f"{_M}.intelligence.FlagChallenge", "HAS_CHALLENGE",
                                model=ProvenanceRel)


class FlagEvent(Record):
    action = Choice(FLAG_ACTIONS, required=True)
    at = DateTimeProperty(required=True, past=True)
    by = StringProperty(required=True)
    reason = StringProperty()
    next_review_date = NativeDateProperty()

    flag = RelationshipFrom(f"{_M}.intelligence.Flag", "HAS_EVENT", model=ProvenanceRel)


class FlagChallenge(Record):
    """A challenge to a flag by the person, their representative or another agency, and
    the decision on it with reasons. An upheld challenge clears the flag."""

    raised_by = Choice(CHALLENGE_RAISERS, required=True)
    raised_by_detail = StringProperty()  # e.g. the solicitors' firm, the agency's name
    grounds = StringProperty(required=True)
    raised_at = DateTimeProperty(required=True, past=True)
    status = Choice(CHALLENGE_STATUSES, required=True)
    decided_by = StringProperty()
    decided_at = DateTimeProperty(past=True)
    decision_reason = StringProperty()

    flag = RelationshipFrom(f"{_M}.intelligence.Flag", "HAS_CHALLENGE", model=ProvenanceRel)
