// The operations the explorer uses, and the data source handed to the controller.

import { gql } from './graphql.js';

const SEARCH = `query Search($query: String!, $first: Int!) {
  searchPeople(query: $query, first: $first) {
    totalCount
    edges { score node { id fullName aliases datesOfBirth nationalities highHarm warningMarkers } }
  }
}`;

const PERSON = `query Person($id: ID!, $first: Int!) {
  person(id: $id) {
    id fullName givenNames familyName aliases datesOfBirth gender placeOfBirth nationalities
    immigrationStatus pncId croNumber hoReference passports warningMarkers highHarm
    flags { id kind status reason setAt reviewDate }
    counts { arrests charges convictions associates incidents intelligence }
    warrants { id kind issuingCountry reference status }
    arrests(first: $first) { totalCount edges { node {
      id arrestedAt outcome custodySuite offences { id description } } } }
    convictions(first: $first) { totalCount edges { node {
      id convictedOn court disposal disposalMonths jurisdiction foreign offences { id description } } } }
    incidents(first: $first) { totalCount edges { node {
      id incidentId role incidentType occurredAt location } } }
  }
}`;

const NETWORK = `query Network($personId: ID!, $depth: Int!, $limit: Int!) {
  network(personId: $personId, depth: $depth, limit: $limit) {
    centreIds truncated nodeCount edgeCount truncatedNodes { id hiddenCount } elements
  }
}`;

const PATHS = `query Paths($fromId: ID!, $toId: ID!, $maxHops: Int!) {
  shortestPaths(fromId: $fromId, toId: $toId, maxHops: $maxHops) {
    length paths { elements }
  }
}`;

const ANALYTICS_LISTS = `query AnalyticsLists($first: Int!) {
  keyPlayers(first: $first, by: PAGERANK) { rank value person { id fullName highHarm } }
  peopleAtRisk(first: $first) { totalCount edges { node {
    offendingAssociates associates person { id fullName } } } }
}`;

export const TIMELINE_LIMIT = 50;
export const NETWORK_LIMIT = 500;

export async function searchPeople(query, { first = 10, signal } = {}) {
  const data = await gql(SEARCH, { query, first }, { signal });
  return data.searchPeople;
}

export async function fetchPerson(id) {
  const data = await gql(PERSON, { id, first: TIMELINE_LIMIT });
  return data.person;
}

export async function fetchNetwork(personId, { depth = 2, limit = NETWORK_LIMIT } = {}) {
  const data = await gql(NETWORK, { personId, depth, limit });
  return data.network;
}

export async function fetchShortestPaths(fromId, toId, { maxHops = 6 } = {}) {
  const data = await gql(PATHS, { fromId, toId, maxHops });
  return data.shortestPaths;
}

/** Key players by PageRank and the people at risk (safeguarding), `first` of each. */
export async function fetchAnalyticsLists({ first = 10 } = {}) {
  const data = await gql(ANALYTICS_LISTS, { first });
  return {
    keyPlayers: data.keyPlayers,
    atRisk: data.peopleAtRisk.edges.map((e) => e.node),
    atRiskTotal: data.peopleAtRisk.totalCount,
  };
}

/** What the controller fetches through (expand, paths). */
export const networkSource = {
  network: (personId, opts) => fetchNetwork(personId, opts),
  shortestPaths: (fromId, toId, opts) => fetchShortestPaths(fromId, toId, opts),
};
