// The operations the explorer uses (the search box, the network, shortest paths), and the
// data source handed to the controller.

import { gql } from '../../shared/graphql.js';

const SEARCH = `query Search($query: String!, $first: Int!) {
  searchPeople(query: $query, first: $first) {
    totalCount
    edges { score node { id fullName aliases datesOfBirth nationalities highHarm warningMarkers } }
  }
}`;

const NETWORK = `query Network($personId: ID!, $depth: Int!, $limit: Int!) {
  network(personId: $personId, depth: $depth, limit: $limit) {
    centreIds truncated nodeCount edgeCount truncatedNodes { id hiddenCount } columns
  }
}`;

const PATHS = `query Paths($fromId: ID!, $toId: ID!, $maxHops: Int!, $kinds: [AssociationKind!]) {
  shortestPaths(fromId: $fromId, toId: $toId, maxHops: $maxHops, kinds: $kinds) {
    length paths { columns }
  }
}`;

const CONNECTING = `query Connecting($personIds: [ID!]!, $maxHops: Int!, $kinds: [AssociationKind!]) {
  connectingNetwork(personIds: $personIds, maxHops: $maxHops, kinds: $kinds) {
    centreIds truncated nodeCount edgeCount columns
  }
}`;

const LINK = `query Link($id: ID!) {
  link(id: $id) {
    id kind derived detail role since until
    source { id label type } target { id label type }
    grading { code sourceEvaluation intelligenceAssessment handlingCode handlingConditions }
    provenance { source recordedBy recordedAt }
    sharedIncidents { id type occurredAt location description sourceRoles targetRoles }
    reports { id reportedAt summary grading { code sourceEvaluation intelligenceAssessment handlingCode } }
  }
}`;

export const NETWORK_LIMIT = 500;

// Networks are fetched as `columns` (one list per field: a third of the bytes of
// `elements` for a hub's network, which repeats every key per node and edge) and turned
// into the {nodes, edges} maps the explorer draws from.
function rowsOf(side) {
  const fields = Object.keys(side ?? {});
  const count = fields.length ? side[fields[0]].length : 0;
  const rows = new Array(count);
  for (let i = 0; i < count; i += 1) {
    const row = {};
    for (const field of fields) row[field] = side[field][i];
    rows[i] = row;
  }
  return rows;
}

/** A network answer with `columns` given `elements` ({nodes, edges}) as well. */
export function withElements(network) {
  if (!network?.columns) return network;
  const { columns, ...rest } = network;
  return { ...rest, elements: { nodes: rowsOf(columns.nodes), edges: rowsOf(columns.edges) } };
}

export async function searchPeople(query, { first = 10, signal } = {}) {
  const data = await gql(SEARCH, { query, first }, { signal });
  return data.searchPeople;
}

export async function fetchNetwork(personId, { depth = 2, limit = NETWORK_LIMIT } = {}) {
  const data = await gql(NETWORK, { personId, depth, limit });
  return withElements(data.network);
}

export async function fetchShortestPaths(fromId, toId, { maxHops = 6, kinds = null } = {}) {
  const data = await gql(PATHS, { fromId, toId, maxHops, kinds });
  const found = data.shortestPaths;
  return found && { ...found, paths: found.paths.map(withElements) };
}

/** The network connecting 2-5 people (the union of each pair's shortest paths). */
export async function fetchConnectingNetwork(personIds, { maxHops = 3, kinds = null } = {}) {
  const data = await gql(CONNECTING, { personIds, maxHops, kinds });
  return withElements(data.connectingNetwork);
}

/** One link in full for the edge card; null when the caller may not see it. */
export async function fetchLink(id) {
  const data = await gql(LINK, { id });
  return data.link;
}

/** What the controller fetches through (expand, paths). */
export const networkSource = {
  network: (personId, opts) => fetchNetwork(personId, opts),
  shortestPaths: (fromId, toId, opts) => fetchShortestPaths(fromId, toId, opts),
};
