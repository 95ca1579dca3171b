// The operations the custody-check and screening pages use (contract: docs/custody.md).

import { gql } from '../../shared/graphql.js';

const CANDIDATE = `fragment Candidate on MatchCandidate {
  score band
  person { id fullName aliases datesOfBirth nationalities pncId croNumber passports highHarm
           warningMarkers }
  fields { field outcome claimed recorded similarity weight explanation }
  summary { activeFlags convictions foreignConvictions immigrationStatus warningMarkers
            lastArrestedAt
            activeWarrants { id kind issuingCountry reference offenceDescription issuedOn status } }
}`;

const MATCH = `query MatchPerson($claim: IdentityClaimInput!, $first: Int) {
  matchPerson(claim: $claim, first: $first) { ...Candidate }
}
${CANDIDATE}`;

const RECORD_PERSON = `mutation NewNominal($input: PersonInput!) {
  recordPerson(input: $input) {
    ok id errors { message code field }
    possibleDuplicates { otherId otherName score band candidateId }
  }
}`;

const RUN = `fragment Run on CheckRun {
  id startedBy startedAt complete
  person { id fullName
           warrants { id kind issuingCountry reference offenceDescription issuedOn status } }
  checks { id kind against checkedBy checkedAt result detail warrantId }
}`;

const RUN_CHECKS = `mutation RunChecks($personId: ID!) {
  runChecks(personId: $personId) { run { ...Run } errors { message code field } }
}
${RUN}`;

const CHECK_RUN = `query CheckRun($id: ID!) { checkRun(id: $id) { ...Run } }
${RUN}`;

const CHECK_RUNS = `query CheckRuns($personId: ID!, $first: Int!, $after: String) {
  checkRuns(personId: $personId, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id startedBy startedAt complete purpose caseReference
                   checks { id kind against result detail } } }
  }
}`;

const SCREEN = `mutation Screen($csv: String!, $first: Int) {
  screenPeople(csv: $csv, first: $first) {
    screenedAt
    errors { message code field }
    rows { line claim risk candidates { ...Candidate } }
  }
}
${CANDIDATE}`;

export async function matchPerson(claim, { first = 10 } = {}) {
  return (await gql(MATCH, { claim, first })).matchPerson;
}

/** {ok, id, errors, possibleDuplicates} of recordPerson. */
export async function recordNominal(input) {
  return (await gql(RECORD_PERSON, { input })).recordPerson;
}

/** {run, errors}: the run as started (checks pending). */
export async function runChecks(personId) {
  return (await gql(RUN_CHECKS, { personId })).runChecks;
}

export async function fetchCheckRun(id) {
  return (await gql(CHECK_RUN, { id })).checkRun;
}

/** One page of a person's earlier runs, newest first: {runs, total, hasNextPage, endCursor}. */
export async function fetchCheckRuns(personId, { first = 5, after = null } = {}) {
  const page = (await gql(CHECK_RUNS, { personId, first, after })).checkRuns;
  return { runs: page.edges.map((e) => e.node), total: page.totalCount,
    hasNextPage: page.pageInfo.hasNextPage, endCursor: page.pageInfo.endCursor };
}

/** {rows, errors, screenedAt}. */
export async function screenPeople(csv, { first = 3 } = {}) {
  return (await gql(SCREEN, { csv, first })).screenPeople;
}
