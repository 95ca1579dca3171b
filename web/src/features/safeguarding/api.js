// The operations of the safeguarding page (#/safeguarding): the people at risk, the
// referral queue, and a referral (which never sets a flag).

import { gql } from '../../shared/graphql.js';

export const PAGE_SIZE = 20;

const AT_RISK = `query AtRiskPage($first: Int!, $after: String) {
  peopleAtRisk(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { offendingAssociates associates person { id fullName } } }
  }
}`;

const QUEUE = `query ReferralQueue($first: Int!, $after: String) {
  safeguardingReferrals(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id reason status referredBy referredAt offendingAssociates associates
      person { id fullName } } }
  }
}`;

const REFER = `mutation Refer($personId: ID!, $reason: String!, $key: String) {
  referForSafeguarding(personId: $personId, reason: $reason, idempotencyKey: $key) {
    ok
    errors { field code message }
    referral { id referredAt }
  }
}`;

export async function fetchAtRisk({ first = PAGE_SIZE, after = null } = {}) {
  return (await gql(AT_RISK, { first, after })).peopleAtRisk;
}

export async function fetchReferrals({ first = PAGE_SIZE, after = null } = {}) {
  return (await gql(QUEUE, { first, after })).safeguardingReferrals;
}

/** {ok, errors, referral}; `key` makes a retried click safe. */
export async function refer({ personId, reason, key }) {
  return (await gql(REFER, { personId, reason, key })).referForSafeguarding;
}
