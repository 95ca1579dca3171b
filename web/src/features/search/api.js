// The people search behind the top bar's box: the query, the filters (date of birth,
// nationality by name or ISO code, flagged only) and one page of ranked hits after a cursor.

import { gql } from '../../shared/graphql.js';

const SEARCH = `query SearchPeople($query: String!, $first: Int!, $after: String,
    $dateOfBirth: String, $nationality: String, $flaggedOnly: Boolean!) {
  searchPeople(query: $query, first: $first, after: $after, dateOfBirth: $dateOfBirth,
               nationality: $nationality, flaggedOnly: $flaggedOnly) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { score matched node {
      id fullName aliases datesOfBirth nationalities highHarm warningMarkers pncId croNumber } }
  }
}`;

export const SEARCH_PAGE = 10;

/** One page of hits: {totalCount, pageInfo, edges}. `filters` as format.js `searchVariables`. */
export async function searchPage(query, filters, { first = SEARCH_PAGE, after = null, signal } = {}) {
  const data = await gql(SEARCH, { query, first, after, ...filters }, { signal });
  return data.searchPeople;
}
