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
