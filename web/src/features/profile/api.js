// The operation behind the profile panel and the timeline: one `person` query with the
// person's identity, flags, counts, warrants and the newest TIMELINE_LIMIT arrests,
// charges, convictions, incidents, intelligence reports and checks.

import { gql } from '../../shared/graphql.js';

const PERSON = `query Person($id: ID!, $first: Int!) {
  person(id: $id) {
    id fullName givenNames familyName aliases datesOfBirth gender placeOfBirth nationalities
    immigrationStatus pncId croNumber hoReference passports warningMarkers highHarm
    flags { id kind status reason owner setBy setAt reviewDate clearedAt evidenceUnproven reviewOverdue }
    counts { arrests charges convictions associates incidents intelligence }
    warrants { id kind issuingCountry reference status }
    arrests(first: $first) { totalCount edges { node {
      id arrestedAt outcome custodySuite offences { id description } } } }
    convictions(first: $first) { totalCount edges { node {
      id convictedOn court disposal disposalMonths jurisdiction foreign offences { id description } } } }
    incidents(first: $first) { totalCount edges { node {
      id incidentId role cooperated incidentType occurredAt location } } }
    charges(first: $first) { totalCount edges { node { id chargedAt status arrestId } } }
    intelligence(first: $first) { totalCount edges { node { id reportedAt summary grading { code } } } }
    checks(first: $first) { totalCount edges { node { id kind against checkedAt result } } }
  }
}`;

export const TIMELINE_LIMIT = 50;

/** The person, or null when there is nobody with that id. */
export async function fetchPerson(id) {
  const data = await gql(PERSON, { id, first: TIMELINE_LIMIT });
  return data.person;
}

// The profile of records (#/person/<id>/records): the person's identity and flags, and the
// first page of each list in one request; then each list pages on its own (one document per
// list, so a page fetches that list alone). Written out in full, not assembled, so the cost
// test (tests/api/test_cost.py) reads every document the page can send.
const INTELLIGENCE_FIELDS = `id reportedAt summary reviewDate mopiGroup reviewDateBasis originalGrading
  grading { code sourceEvaluation intelligenceAssessment handlingCode handlingConditions }
  provenance { source recordedBy recordedAt }`;
const ASSOCIATE_FIELDS = `id kind personId fullName nationalities since until detail derived
  grading { code sourceEvaluation intelligenceAssessment handlingCode handlingConditions }
  provenance { source recordedBy recordedAt }`;
const MEMBERSHIP_FIELDS = `id organisationId organisationName organisationKind role since until
  grading { code sourceEvaluation intelligenceAssessment handlingCode handlingConditions }
  provenance { source recordedBy recordedAt }`;
const ARREST_FIELDS = `id arrestedAt outcome outcomeReason custodySuite reviewDate
  offences { id description } provenance { source recordedBy recordedAt }`;
const CONVICTION_FIELDS = `id convictedOn court plea disposal disposalMonths jurisdiction foreign
  knownVia offences { id description }`;
const CHARGE_FIELDS = `id chargedAt status arrestId convictionId offences { id description }
  provenance { source recordedBy recordedAt }`;
const INCIDENT_FIELDS = `id role cooperated incidentId incidentType occurredAt location description
  provenance { source recordedBy recordedAt }`;

const RECORDS = `query PersonRecords($id: ID!, $first: Int!) {
  person(id: $id) {
    id fullName aliases datesOfBirth gender placeOfBirth nationalities immigrationStatus
    pncId croNumber hoReference passports warningMarkers highHarm reviewDate
    flags { id kind status reason owner setBy setAt reviewDate clearedBy clearedAt clearedReason
      evidenceUnproven }
    warrants { id kind issuingCountry reference status }
    intelligence(first: $first) { totalCount edges { node { ${INTELLIGENCE_FIELDS} } } }
    associates(first: $first) { totalCount edges { node { ${ASSOCIATE_FIELDS} } } }
    memberships(first: $first) { totalCount edges { node { ${MEMBERSHIP_FIELDS} } } }
    arrests(first: $first) { totalCount edges { node { ${ARREST_FIELDS} } } }
    convictions(first: $first) { totalCount edges { node { ${CONVICTION_FIELDS} } } }
    charges(first: $first) { totalCount edges { node { ${CHARGE_FIELDS} } } }
    incidents(first: $first) { totalCount edges { node { ${INCIDENT_FIELDS} } } }
  }
}`;

const INTELLIGENCE_PAGE = `query IntelligencePage($id: ID!, $first: Int!, $after: String) {
  person(id: $id) { id intelligence(first: $first, after: $after) {
    totalCount edges { node { ${INTELLIGENCE_FIELDS} } } } } }`;
const ASSOCIATES_PAGE = `query AssociatesPage($id: ID!, $first: Int!, $after: String) {
  person(id: $id) { id associates(first: $first, after: $after) {
    totalCount edges { node { ${ASSOCIATE_FIELDS} } } } } }`;
const MEMBERSHIPS_PAGE = `query MembershipsPage($id: ID!, $first: Int!, $after: String) {
  person(id: $id) { id memberships(first: $first, after: $after) {
    totalCount edges { node { ${MEMBERSHIP_FIELDS} } } } } }`;
const ARRESTS_PAGE = `query ArrestsPage($id: ID!, $first: Int!, $after: String) {
  person(id: $id) { id arrests(first: $first, after: $after) {
    totalCount edges { node { ${ARREST_FIELDS} } } } } }`;
const CONVICTIONS_PAGE = `query ConvictionsPage($id: ID!, $first: Int!, $after: String) {
  person(id: $id) { id convictions(first: $first, after: $after) {
    totalCount edges { node { ${CONVICTION_FIELDS} } } } } }`;

const CHARGES_PAGE = `query ChargesPage($id: ID!, $first: Int!, $after: String) {
  person(id: $id) { id charges(first: $first, after: $after) {
    totalCount edges { node { ${CHARGE_FIELDS} } } } } }`;
const INCIDENTS_PAGE = `query IncidentsPage($id: ID!, $first: Int!, $after: String) {
  person(id: $id) { id incidents(first: $first, after: $after) {
    totalCount edges { node { ${INCIDENT_FIELDS} } } } } }`;

/** The lists of the records view and the document that pages each. */
export const RECORD_PAGES = {
  intelligence: INTELLIGENCE_PAGE, associates: ASSOCIATES_PAGE, memberships: MEMBERSHIPS_PAGE,
  arrests: ARRESTS_PAGE, charges: CHARGES_PAGE, convictions: CONVICTIONS_PAGE,
  incidents: INCIDENTS_PAGE,
};
export const RECORDS_PAGE = 10;

/** The person with the first page of every list, or null when there is nobody. */
export async function fetchRecords(id, { first = RECORDS_PAGE } = {}) {
  const data = await gql(RECORDS, { id, first });
  return data.person;
}

/** One page of one list (a key of RECORD_PAGES) after `after` (a cursor, or null). */
export async function fetchRecordsPage(id, kind, { first = RECORDS_PAGE, after = null } = {}) {
  const document = RECORD_PAGES[kind];
  if (!document) throw new Error(`unknown list ${kind}`);
  const data = await gql(document, { id, first, after });
  return data.person?.[kind] ?? null;
}
