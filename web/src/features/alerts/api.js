// The operations of watches and alerts: the caller's alerts and unread count, marking them
// read, and following a person (watch / unwatch). Each is the caller's own; alerts about
// material the caller's role may not see are never sent (docs/watches.md).

import { gql } from '../../shared/graphql.js';

export const PAGE_SIZE = 30;

const ALERTS = `query Alerts($first: Int!, $after: String, $unreadOnly: Boolean!) {
  unreadAlertCount
  alerts(first: $first, after: $after, unreadOnly: $unreadOnly) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id kind summary recordId at read recordedBy person { id fullName } } }
  }
}`;

const UNREAD = 'query UnreadAlerts { unreadAlertCount }';

const MARK = `mutation MarkAlertsRead($ids: [ID!]) {
  markAlertsRead(ids: $ids) { ok marked unread errors { message } }
}`;

const WATCHES = `query Watches($first: Int!) {
  watches(first: $first) { totalCount edges { node { reason since person { id fullName } } } }
}`;

const WATCH = `mutation Watch($personId: ID!, $reason: String!) {
  watch(personId: $personId, reason: $reason) {
    ok errors { field code message } watch { reason since person { id fullName } }
  }
}`;

const UNWATCH = `mutation Unwatch($personId: ID!) {
  unwatch(personId: $personId) { ok wasWatching }
}`;

/** {unreadAlertCount, alerts: Connection}. */
export async function fetchAlerts({ first = PAGE_SIZE, after = null, unreadOnly = false } = {}) {
  return gql(ALERTS, { first, after, unreadOnly });
}

export async function fetchUnreadCount() {
  return (await gql(UNREAD)).unreadAlertCount;
}

/** `ids` null marks every alert the caller can see. */
export async function markRead(ids = null) {
  return (await gql(MARK, { ids })).markAlertsRead;
}

/** The people the caller watches, newest first: the first 100 (and how many in all). */
export async function fetchWatches() {
  const found = (await gql(WATCHES, { first: 100 })).watches;
  return { total: found.totalCount, watches: found.edges.map((e) => e.node) };
}

export async function watch(personId, reason) {
  return (await gql(WATCH, { personId, reason })).watch;
}

export async function unwatch(personId) {
  return (await gql(UNWATCH, { personId })).unwatch;
}
