// The operation of "Who is flagged" (#/accountability): flag disproportionality and the
// top-harm list's, by nationality or borough, with the quarters for the trend.

import { gql } from '../../shared/graphql.js';

const RATE = 'group people events active ratePer1000 ratio small';

const DISPROPORTIONALITY = `query Disproportionality($by: GroupBy!, $from: Date, $to: Date,
    $top: Int) {
  flagDisproportionality(by: $by, from: $from, to: $to, top: $top) {
    by from to top rule
    flags { overall { ${RATE} } groups { ${RATE} } }
    topHarm { overall { ${RATE} } groups { ${RATE} } }
    quarters { quarter start end flags { overall { ${RATE} } groups { ${RATE} } } }
  }
}`;

/** The measure for {by, since, until, top}; the answer's period as {since, until}. */
export async function fetchDisproportionality({ by, since, until, top }) {
  const found = (await gql(DISPROPORTIONALITY, { by, from: since, to: until, top })).flagDisproportionality;
  return { ...found, since: found.from, until: found.to };
}
