// The operations of the audit screen (#/audit): one page of the filtered log and the same
// filters as CSV (an audited export; the chain check is shell/api.js auditIntegrity); and the supervisor's
// "who consulted this person" card on a profile (`auditLog(personId:)`).

import { gql } from '../../shared/graphql.js';

export const PAGE_SIZE = 50;
export const CONSULTED_SIZE = 10;

const FILTER_ARGS = `$user: String, $personId: ID, $action: String, $purpose: String,
    $outcome: String, $since: Date, $until: Date`;
const FILTER_PASS = `user: $user, personId: $personId, action: $action, purpose: $purpose,
    outcome: $outcome, since: $since, until: $until`;

const LOG = `query AuditLog($first: Int!, $after: String, ${FILTER_ARGS}) {
  auditLog(first: $first, after: $after, ${FILTER_PASS}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { seq at user role action subjectIds purpose caseReference detail outcome } }
  }
}`;

const EXPORT = `query AuditExport(${FILTER_ARGS}) {
  auditExport(${FILTER_PASS}) { csv rows total truncated }
}`;

const CONSULTED = `query ConsultedBy($personId: ID!, $first: Int!, $after: String) {
  auditLog(personId: $personId, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { seq at user role action purpose caseReference outcome } }
  }
}`;

/** One page of the log matching `filters` (auditVariables' output). */
export async function fetchAuditPage(filters, { first = PAGE_SIZE, after = null } = {}) {
  return (await gql(LOG, { ...filters, first, after })).auditLog;
}

/** {csv, rows, total, truncated} for the same filters. */
export async function exportAudit(filters) {
  return (await gql(EXPORT, filters)).auditExport;
}

/** Who consulted one person, newest first (supervisors and auditors). */
export async function fetchConsultedBy(personId, { first = CONSULTED_SIZE, after = null } = {}) {
  return (await gql(CONSULTED, { personId, first, after })).auditLog;
}
