// The operation behind the analytics panel: key players and the people at risk in one
// request.

import { gql } from '../../shared/graphql.js';

const ANALYTICS_LISTS = `query AnalyticsLists($first: Int!) {
  keyPlayers(first: $first, by: PAGERANK) { rank value person { id fullName highHarm } }
  peopleAtRisk(first: $first) { totalCount edges { node {
    offendingAssociates associates person { id fullName } } } }
}`;

/** Key players by PageRank and the people at risk (safeguarding), `first` of each. */
export async function fetchAnalyticsLists({ first = 10 } = {}) {
  const data = await gql(ANALYTICS_LISTS, { first });
  return {
    keyPlayers: data.keyPlayers,
    atRisk: data.peopleAtRisk.edges.map((e) => e.node),
    atRiskTotal: data.peopleAtRisk.totalCount,
  };
}
