// The requests of the history dialog: the GraphQL preview (`history` with save: false,
// nothing stored), the PDF download (POST /history/<id>.pdf with the session's CSRF token;
// the server saves it as a version and audits it), and the saved versions: a page of them,
// one opened, "changed since" (compared with another or with the history now), a
// disclosure version generated, and a saved version's own PDF. The server reads every
// version as the caller's role may see it.

import { GraphQLError, gql, sessionHeaders } from '../../shared/graphql.js';

export const VERSIONS_PAGE = 10;

const PREVIEW = `query HistoryPreview($personId: ID!, $purpose: String!, $asOf: Date,
    $caseReference: String) {
  history(personId: $personId, purpose: $purpose, asOf: $asOf, caseReference: $caseReference,
          save: false) {
    asOf harmScore harmBand contentHash html
    sections { key part title itemCount total }
  }
}`;

const VERSION_FIELDS = `version generatedBy generatedAt purpose caseReference asOf contentHash
  disclosure sharedWith withheld`;

const VERSIONS = `query HistoryVersions($personId: ID!, $first: Int!, $after: String) {
  historyVersions(personId: $personId, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { ${VERSION_FIELDS} } }
  }
}`;

const OPEN = `query HistoryVersion($personId: ID!, $version: Int!) {
  historyVersion(personId: $personId, version: $version) { ${VERSION_FIELDS} harmScore harmBand html }
}`;

const COMPARE = `query CompareHistory($personId: ID!, $from: Int!, $to: Int, $asOf: Date) {
  compareHistoryVersions(personId: $personId, from: $from, to: $to, asOf: $asOf) {
    fromVersion toVersion fromAsOf toAsOf fromHash toHash fromHarmScore toHarmScore
    identical withheld handlingCodes
    sections { key part title added removed changed }
  }
}`;

const DISCLOSE = `query DiscloseHistory($personId: ID!, $purpose: String!, $asOf: Date,
    $caseReference: String, $sharedWith: [String!]!) {
  history(personId: $personId, purpose: $purpose, asOf: $asOf, caseReference: $caseReference,
          disclosure: true, sharedWith: $sharedWith, save: true) { ${VERSION_FIELDS} }
}`;

/** The preview: {asOf, harmScore, harmBand, contentHash, html, sections}; `html` is the
 * server's rendering of the document (the PDF's template), shown only in a sandboxed frame. */
export async function previewHistory(personId, { purpose, asOf, caseReference }) {
  return (await gql(PREVIEW, { personId, purpose, asOf, caseReference })).history;
}

/** One page of saved versions, newest first: {total, versions, hasNext, endCursor}. */
export async function fetchVersions(personId, { after = null, first = VERSIONS_PAGE } = {}) {
  const found = (await gql(VERSIONS, { personId, first, after })).historyVersions;
  return { total: found.totalCount, versions: found.edges.map((e) => e.node),
    hasNext: found.pageInfo.hasNextPage, endCursor: found.pageInfo.endCursor };
}

/** A saved version as stored (as the caller's role may see it), with its `html`. */
export async function openVersion(personId, version) {
  return (await gql(OPEN, { personId, version })).historyVersion;
}

/** Version `from` against version `to`, or against the history now (as at `asOf`). */
export async function compareVersions(personId, { from, to = null, asOf = null }) {
  return (await gql(COMPARE, { personId, from, to, asOf })).compareHistoryVersions;
}

/** Generate and save a disclosure version (handling-code C withheld) for the recipients. */
export async function generateDisclosure(personId, { purpose, asOf, caseReference, sharedWith }) {
  return (await gql(DISCLOSE, { personId, purpose, asOf, caseReference, sharedWith })).history;
}

async function postForPdf(url) {
  const response = await fetch(url, {
    method: 'POST', headers: sessionHeaders(), credentials: 'same-origin',
  });
  if (!response.ok) {
    let message = `The server answered ${response.status}.`;
    try {
      const body = await response.json();
      message = body?.error?.message ?? body?.errors?.[0]?.message ?? message;
    } catch { /* not JSON */ }
    throw new GraphQLError(message, { status: response.status });
  }
  return { blob: await response.blob(), version: response.headers.get('X-History-Version'),
    hash: response.headers.get('X-Content-Hash') };
}

/** The PDF as a Blob plus the version the server saved it as. */
export async function downloadHistoryPdf(personId, { purpose, asOf, caseReference }) {
  const params = new URLSearchParams({ purpose });
  if (asOf) params.set('asOf', asOf);
  if (caseReference) params.set('caseRef', caseReference);
  return postForPdf(`/history/${encodeURIComponent(personId)}.pdf?${params}`);
}

/** A saved version's own PDF, rendered from what it stored (nothing new is saved). */
export async function downloadVersionPdf(personId, version) {
  return postForPdf(`/history/${encodeURIComponent(personId)}/versions/${Number(version)}.pdf`);
}
