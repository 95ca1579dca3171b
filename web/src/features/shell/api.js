// The frame's GraphQL: who is signed in and what the role may do (`me`), and the audit
// chain check the access page offers a role that reads the audit log.

import { gql } from '../../shared/graphql.js';

const ME = 'query Me { me { name role purpose caseReference permissions } }';
const INTEGRITY = 'query AuditIntegrity { auditIntegrity { ok entries firstBrokenSeq reason } }';

/** {name, role, purpose, caseReference, permissions: ['READ_PERSONS', ...]}. */
export async function fetchMe() {
  return (await gql(ME)).me;
}

export async function auditIntegrity() {
  return (await gql(INTEGRITY)).auditIntegrity;
}
