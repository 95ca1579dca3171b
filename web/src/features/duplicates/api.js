// The operations the duplicate review page and the profile's "Also recorded as" and
// "Possible duplicates" use
// (contract: docs/custody.md, "duplicates: what was built").

import { gql } from '../../shared/graphql.js';

const LINK = `fragment Link on SameAsLink {
  id status reason decidedBy decidedAt score otherId personIds
  events { id action by at reason }
}`;

const RECORD = `fragment Record on Person {
  id fullName aliases datesOfBirth gender placeOfBirth nationalities pncId croNumber
  hoReference passports
}`;

const PAIRS = `query DuplicatePairs($first: Int!, $after: String, $minScore: Float!, $undecided: Boolean!) {
  duplicateCandidates(first: $first, after: $after, minScore: $minScore, undecided: $undecided) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      aId bId score band
      fields { field outcome claimed recorded similarity weight explanation }
      a { ...Record } b { ...Record }
      decision { ...Link }
    } }
  }
}
${RECORD}
${LINK}`;

const DECIDE = (name) => `mutation Decide($personId: ID!, $otherId: ID!, $reason: String!) {
  ${name}(personId: $personId, otherId: $otherId, reason: $reason) {
    ok errors { message code field } link { ...Link }
  }
}
${LINK}`;

const UNDO = `mutation Undo($linkId: ID!, $reason: String!) {
  undoSameAs(linkId: $linkId, reason: $reason) { ok errors { message code field } link { ...Link } }
}
${LINK}`;

const IDENTITY = `query Identity($id: ID!) {
  person(id: $id) {
    id
    sameAs { ...Link }
    identityCluster { id fullName datesOfBirth }
  }
}
${LINK}`;

const POSSIBLE = `query PossibleDuplicates($id: ID!) {
  person(id: $id) { id possibleDuplicates { otherId otherName score band candidateId } }
}`;

export const PAGE_SIZE = 20;

/** {pairs, total, hasNextPage, endCursor}. */
export async function fetchDuplicatePairs({ first = PAGE_SIZE, after = null, minScore = 0.5,
  undecided = false } = {}) {
  const { duplicateCandidates: c } = await gql(PAIRS, { first, after, minScore, undecided });
  return { pairs: c.edges.map((e) => e.node), total: c.totalCount,
    hasNextPage: c.pageInfo.hasNextPage, endCursor: c.pageInfo.endCursor };
}

/** {ok, link, errors}; `decision` is "confirm" or "reject". */
export async function decideSameAs(decision, personId, otherId, reason) {
  const name = decision === 'confirm' ? 'confirmSameAs' : 'rejectSameAs';
  return (await gql(DECIDE(name), { personId, otherId, reason }))[name];
}

export async function undoSameAs(linkId, reason) {
  return (await gql(UNDO, { linkId, reason })).undoSameAs;
}

/** The person's same-as decisions and the other records of their identity cluster. */
export async function fetchIdentity(id) {
  return (await gql(IDENTITY, { id })).person;
}

/** The person's stored, undecided duplicate pairs (score >= 0.5), best first; [] if none. */
export async function fetchPossibleDuplicates(id) {
  return (await gql(POSSIBLE, { id })).person?.possibleDuplicates ?? [];
}
