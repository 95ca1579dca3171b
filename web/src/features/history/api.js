// The two requests of "Generate history": the GraphQL preview (`history` with save: false,
// nothing stored) and the PDF download (POST /history/<id>.pdf with the session's CSRF
// token; the server saves it as a version and audits it).

import { GraphQLError, gql, sessionHeaders } from '../../shared/graphql.js';

const PREVIEW = `query HistoryPreview($personId: ID!, $purpose: String!, $asOf: Date,
    $caseReference: String) {
  history(personId: $personId, purpose: $purpose, asOf: $asOf, caseReference: $caseReference,
          save: false) {
    asOf harmScore harmBand contentHash html
    sections { key part title itemCount total }
  }
}`;

/** The preview: {asOf, harmScore, harmBand, contentHash, html, sections}; `html` is the
 * server's rendering of the document (the PDF's template), shown only in a sandboxed frame. */
export async function previewHistory(personId, { purpose, asOf, caseReference }) {
  return (await gql(PREVIEW, { personId, purpose, asOf, caseReference })).history;
}

/** The PDF as a Blob plus the version the server saved it as. */
export async function downloadHistoryPdf(personId, { purpose, asOf, caseReference }) {
  const params = new URLSearchParams({ purpose });
  if (asOf) params.set('asOf', asOf);
  if (caseReference) params.set('caseRef', caseReference);
  const response = await fetch(`/history/${encodeURIComponent(personId)}.pdf?${params}`, {
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
