// The operations of the deconfliction card: who else consulted or watches a person lately
// (`consultations`, itself audited but no consultation), and a supervisor's sensitive
// operation on them (`markSensitiveOperation` / `clearSensitiveOperation`).

import { gql } from '../../shared/graphql.js';

export const PAGE_SIZE = 20;
export const DAYS = 30;

const CONSULTATIONS = `query Consultations($personId: ID!, $days: Int!, $first: Int!, $after: String) {
  consultations(personId: $personId, days: $days, first: $first, after: $after) {
    days withheld totalCount
    pageInfo { hasNextPage endCursor }
    sensitiveOperation { owner notice ownedByYou markedAt reason }
    edges { node { user role purposeCategory lastAt firstAt sharedCase caseReference purpose } }
    watcherCount
    watchers { user role since purposeCategory sharedCase caseReference reason }
  }
}`;

const MARK = `mutation MarkSensitiveOperation($personId: ID!, $reason: String!) {
  markSensitiveOperation(personId: $personId, reason: $reason) {
    ok errors { field code message } operation { owner ownedByYou markedAt reason }
  }
}`;

const CLEAR = `mutation ClearSensitiveOperation($personId: ID!) {
  clearSensitiveOperation(personId: $personId) { ok errors { code message } }
}`;

/** The card's data for one person: a page of others' consultations, and the watchers. */
export async function fetchConsultations(personId, { days = DAYS, first = PAGE_SIZE, after = null } = {}) {
  return (await gql(CONSULTATIONS, { personId, days, first, after })).consultations;
}

export async function markSensitive(personId, reason) {
  return (await gql(MARK, { personId, reason })).markSensitiveOperation;
}

export async function clearSensitive(personId) {
  return (await gql(CLEAR, { personId })).clearSensitiveOperation;
}
