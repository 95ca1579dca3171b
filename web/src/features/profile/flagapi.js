// The flag case file's operations (docs/flags.md): read one flag's case (flagHistory),
// set a flag on chosen evidence, review or clear it, record a challenge and decide one.
// Written out in full so the cost test (tests/api/test_cost.py) reads every document.

import { gql } from '../../shared/graphql.js';

const GRADING = 'grading { code sourceEvaluation intelligenceAssessment handlingCode handlingConditions }';

const FLAG_CASE = `query FlagCase($flagId: ID!) {
  flagHistory(flagId: $flagId) { personId personName flag {
    id kind status reason owner setBy setAt reviewDate reviewOverdue
    clearedBy clearedAt clearedReason evidenceUnproven unprovenNote
    evidence { id kind proven label ${GRADING} }
    ${GRADING}
    challenges { id raisedBy raisedByDetail grounds raisedAt status decidedBy decidedAt decisionReason }
    trail { id action at by text nextReviewDate }
  } }
}`;

const SET_FLAG = `mutation SetFlag($input: FlagInput!) {
  setFlag(input: $input) { ok id errors { field message } }
}`;
const REVIEW_FLAG = `mutation ReviewFlag($flagId: ID!, $next: Date!, $reason: String) {
  reviewFlag(flagId: $flagId, nextReviewDate: $next, reason: $reason, source: "nexus") {
    ok id errors { field message } }
}`;
const CLEAR_FLAG = `mutation ClearFlag($flagId: ID!, $reason: String!) {
  clearFlag(flagId: $flagId, reason: $reason, source: "nexus") { ok id errors { field message } }
}`;
const CHALLENGE_FLAG = `mutation ChallengeFlag($flagId: ID!, $raisedBy: ChallengeRaiser!,
  $grounds: String!, $detail: String) {
  challengeFlag(flagId: $flagId, raisedBy: $raisedBy, grounds: $grounds, raisedByDetail: $detail) {
    ok id errors { field message } }
}`;
const DECIDE_CHALLENGE = `mutation DecideChallenge($challengeId: ID!, $upheld: Boolean!, $reason: String!) {
  decideChallenge(challengeId: $challengeId, upheld: $upheld, reason: $reason) {
    ok id errors { field message } }
}`;

/** The case file ({personId, personName, flag}), or null when there is no such flag. */
export async function fetchFlagCase(flagId) {
  return (await gql(FLAG_CASE, { flagId })).flagHistory;
}

/** Each write answers {ok, id, errors}; errors are shown as they come. */
export const setFlag = async (input) => (await gql(SET_FLAG, { input })).setFlag;
export const reviewFlag = async (flagId, next, reason) =>
  (await gql(REVIEW_FLAG, { flagId, next, reason })).reviewFlag;
export const clearFlag = async (flagId, reason) =>
  (await gql(CLEAR_FLAG, { flagId, reason })).clearFlag;
export const challengeFlag = async (flagId, raisedBy, grounds, detail) =>
  (await gql(CHALLENGE_FLAG, { flagId, raisedBy, grounds, detail: detail || null })).challengeFlag;
export const decideChallenge = async (challengeId, upheld, reason) =>
  (await gql(DECIDE_CHALLENGE, { challengeId, upheld, reason })).decideChallenge;
