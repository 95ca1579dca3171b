// The operations of saved investigations: save (create, or update one the caller owns),
// open one (its canvas read again with the caller's clearance: docs/investigations.md),
// list the caller's own and those shared with them, share and delete.

import { gql } from '../../shared/graphql.js';
import { withElements } from '../explorer/api.js';

export const PAGE_SIZE = 30;

const SUMMARY = `id name caseReference notes owner mine createdAt updatedAt savedAt depth since until
    filters { kinds minSource minAssessment } sharedWithUsers sharedWithRoles`;

const SAVE = `mutation SaveInvestigation($input: InvestigationInput!) {
  saveInvestigation(input: $input) {
    ok errors { code field message }
    investigation { ${SUMMARY} }
  }
}`;

const OPEN = `query Investigation($id: ID!) {
  investigation(id: $id) {
    ${SUMMARY}
    withheld
    network { centreIds nodeCount edgeCount columns }
    positions { id x y }
    changes {
      since linksAmongCount linksAroundCount recordsCount
      linksAmong { id kind fromId toLabel }
      linksAround { id kind fromId toId toLabel toType }
      records { personId label summary }
    }
  }
}`;

const LIST = `query Investigations($first: Int!, $after: String) {
  investigations(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ${SUMMARY} } }
  }
}`;

const SHARE = `mutation ShareInvestigation($id: ID!, $users: [String!]!, $roles: [String!]!) {
  shareInvestigation(id: $id, users: $users, roles: $roles) {
    ok errors { code field message }
    investigation { ${SUMMARY} }
  }
}`;

const DELETE = `mutation DeleteInvestigation($id: ID!) {
  deleteInvestigation(id: $id) { ok errors { code message } }
}`;

/** {ok, errors, investigation} */
export async function saveInvestigation(input) {
  return (await gql(SAVE, { input })).saveInvestigation;
}

/** The investigation opened, its network with `elements`; null when it is not there for you. */
export async function openInvestigation(id) {
  const found = (await gql(OPEN, { id })).investigation;
  return found && { ...found, network: withElements(found.network) };
}

export async function fetchInvestigations({ first = PAGE_SIZE, after = null } = {}) {
  return (await gql(LIST, { first, after })).investigations;
}

export async function shareInvestigation(id, users, roles) {
  return (await gql(SHARE, { id, users, roles })).shareInvestigation;
}

export async function deleteInvestigation(id) {
  return (await gql(DELETE, { id })).deleteInvestigation;
}
