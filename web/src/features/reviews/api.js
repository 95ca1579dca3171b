// The operations of the MOPI review page: the two lists ("Due for review", "Proposed for
// disposal", each with the signed-in role's permissions) and the two writes (record a
// review, withdraw a disposal proposal). Both writes send the review date the row showed,
// so a record someone else reviewed first answers CONFLICT.

import { gql } from '../../shared/graphql.js';

export const PAGE_SIZE = 50;

const DUE = `query ReviewsDue($before: Date, $kinds: [String!], $first: Int!, $after: String) {
  reviewsDue(before: $before, kinds: $kinds, first: $first, after: $after) {
    totalCount
    countsByKind { kind count }
    pageInfo { hasNextPage endCursor }
    edges { node { kind id label reviewDate daysOverdue personId } }
  }
  me { permissions }
}`;

const PROPOSED = `query DisposalProposals($kinds: [String!], $first: Int!, $after: String) {
  disposalProposals(kinds: $kinds, first: $first, after: $after) {
    totalCount
    countsByKind { kind count }
    pageInfo { hasNextPage endCursor }
    edges { node { kind id label reviewDate personId proposedAt proposedBy reason } }
  }
  me { permissions }
}`;

const RECORD = `mutation RecordReview($kind: String!, $id: ID!, $outcome: String!, $reason: String!,
    $next: Date, $expected: Date) {
  recordReview(kind: $kind, id: $id, outcome: $outcome, reason: $reason, nextReviewDate: $next,
      expectedReviewDate: $expected) {
    ok
    errors { field code message }
    review { id outcome nextReviewDate }
  }
}`;

const WITHDRAW = `mutation WithdrawProposal($kind: String!, $id: ID!, $reason: String!, $next: Date!,
    $expected: Date) {
  withdrawDisposalProposal(kind: $kind, id: $id, reason: $reason, nextReviewDate: $next,
      expectedReviewDate: $expected) {
    ok
    errors { field code message }
    review { id outcome nextReviewDate }
  }
}`;

/** One page of a list; `list` is 'due' or 'proposed'. The connection and the permissions. */
export async function fetchReviewList(list, { before = null, kinds = null, first = PAGE_SIZE,
  after = null } = {}) {
  const data = list === 'due'
    ? await gql(DUE, { before, kinds, first, after })
    : await gql(PROPOSED, { kinds, first, after });
  return { page: data[list === 'due' ? 'reviewsDue' : 'disposalProposals'],
    permissions: data.me?.permissions ?? [] };
}

/** {ok, errors, review} of recordReview; `variables` as reviewVariables makes them. */
export async function recordReview(variables) {
  return (await gql(RECORD, variables)).recordReview;
}

/** {ok, errors, review} of withdrawDisposalProposal. */
export async function withdrawProposal(variables) {
  return (await gql(WITHDRAW, variables)).withdrawDisposalProposal;
}
