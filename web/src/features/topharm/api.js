// The operation of the top-harm list (#/top-harm): one page of `highHarm` with each
// score's working, filtered by borough, community and flag state.

import { gql } from '../../shared/graphql.js';

export const PAGE_SIZE = 10;

const TOP_HARM = `query TopHarm($first: Int!, $after: String, $borough: String, $community: Int,
    $flagState: FlagState) {
  highHarm(first: $first, after: $after, borough: $borough, community: $community,
      flagState: $flagState) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      rank borough flagState computedAt
      person { id fullName }
      harm { score gravity recency frequency convictions recentConvictions unprovenArrests asOf formula }
      working { convictionId convictedOn jurisdiction gravity ageYears recencyWeight weighted
        inFrequencyWindow offences { code chiDays } }
    } }
  }
}`;

/** One page of the list; `filters` is {borough, community, flagState} (nulls for none). */
export async function fetchTopHarm(filters, { first = PAGE_SIZE, after = null } = {}) {
  return (await gql(TOP_HARM, { ...filters, first, after })).highHarm;
}
