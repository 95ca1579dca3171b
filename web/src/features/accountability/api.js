// The operation of "Who is flagged" (#/accountability): flag disproportionality and the
// top-harm list's, by nationality or borough, with the quarters for the trend.

import { gql } from '../../shared/graphql.js';

const RATE = 'group people events active ratePer1000 ratio small';

const DISPROPORTIONALITY = `query Disproportionality($by: GroupBy!, $since: Date, $until: Date,
    $top: Int) {
  flagDisproportionality(by: $by, since: $since, until: $until, top: $top) {
    by since until top rule
    flags { overall { ${RATE} } groups { ${RATE} } }
    topHarm { overall { ${RATE} } groups { ${RATE} } }
    quarters { quarter start end flags { overall { ${RATE} } groups { ${RATE} } } }
  }
}`;

/** The measure for {by, since, until, top}. */
export async function fetchDisproportionality(variables) {
  return (await gql(DISPROPORTIONALITY, variables)).flagDisproportionality;
}
