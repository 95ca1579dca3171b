// The operation behind the profile panel and the timeline: one `person` query with the
// person's identity, flags, counts, warrants and the newest TIMELINE_LIMIT arrests,
// convictions and incidents.

import { gql } from '../../shared/graphql.js';

const PERSON = `query Person($id: ID!, $first: Int!) {
  person(id: $id) {
    id fullName givenNames familyName aliases datesOfBirth gender placeOfBirth nationalities
    immigrationStatus pncId croNumber hoReference passports warningMarkers highHarm
    flags { id kind status reason setAt reviewDate }
    counts { arrests charges convictions associates incidents intelligence }
    warrants { id kind issuingCountry reference status }
    arrests(first: $first) { totalCount edges { node {
      id arrestedAt outcome custodySuite offences { id description } } } }
    convictions(first: $first) { totalCount edges { node {
      id convictedOn court disposal disposalMonths jurisdiction foreign offences { id description } } } }
    incidents(first: $first) { totalCount edges { node {
      id incidentId role incidentType occurredAt location } } }
  }
}`;

export const TIMELINE_LIMIT = 50;

/** The person, or null when there is nobody with that id. */
export async function fetchPerson(id) {
  const data = await gql(PERSON, { id, first: TIMELINE_LIMIT });
  return data.person;
}

// The profile of records (#/person/<id>/records): the person's identity and flags, and one
// page of each list. Each list pages on its own with RECORD_LISTS[kind] (the same fields).
const GRADING = 'grading { code sourceEvaluation intelligenceAssessment handlingCode handlingConditions }';
const PROVENANCE = 'provenance { source recordedBy recordedAt }';
export const RECORD_LISTS = {
  intelligence: `id reportedAt summary reviewDate ${GRADING} ${PROVENANCE}`,
  associates: `id kind personId fullName nationalities since until detail derived ${GRADING} ${PROVENANCE}`,
  memberships: `id organisationId organisationName organisationKind role since until ${GRADING} ${PROVENANCE}`,
  arrests: `id arrestedAt outcome outcomeReason custodySuite reviewDate offences { id description } ${PROVENANCE}`,
  convictions: 'id convictedOn court plea disposal disposalMonths jurisdiction foreign knownVia offences { id description }',
};
export const RECORDS_PAGE = 10;

const page = (kind, first, after) => `${kind}(first: ${first}, after: ${after}) {
      totalCount pageInfo { hasNextPage } edges { node { ${RECORD_LISTS[kind]} } } }`;

const RECORDS = `query PersonRecords($id: ID!, $first: Int!) {
  person(id: $id) {
    id fullName aliases datesOfBirth gender placeOfBirth nationalities immigrationStatus
    pncId croNumber hoReference passports warningMarkers highHarm reviewDate
    flags { id kind status reason setBy setAt reviewDate clearedBy clearedAt clearedReason }
    warrants { id kind issuingCountry reference status }
    ${Object.keys(RECORD_LISTS).map((kind) => page(kind, '$first', 'null')).join('\n    ')}
  }
}`;

/** The person with the first page of every list, or null when there is nobody. */
export async function fetchRecords(id, { first = RECORDS_PAGE } = {}) {
  const data = await gql(RECORDS, { id, first });
  return data.person;
}

/** One page of one list (`kind` of RECORD_LISTS) after `after` (a cursor, or null). */
export async function fetchRecordsPage(id, kind, { first = RECORDS_PAGE, after = null } = {}) {
  if (!RECORD_LISTS[kind]) throw new Error(`unknown list ${kind}`);
  const query = `query PersonRecordsPage($id: ID!, $first: Int!, $after: String) {
  person(id: $id) { id ${page(kind, '$first', '$after')} } }`;
  const data = await gql(query, { id, first, after });
  return data.person?.[kind] ?? null;
}
