// The one way the page talks to the server: POST JSON to /graphql with the session cookie
// and the session's CSRF token (api/auth.py); sign-in and sign-out go to /auth.

export class GraphQLError extends Error {
  constructor(message, { errors = [], status = null, code = null } = {}) {
    super(message);
    this.name = 'GraphQLError';
    this.errors = errors;
    this.status = status;
    this.code = code;
  }
}

const ENDPOINT = '/graphql';
const session = { csrf: null, onSignedOut: () => {} };

/** Called with the user when signed in, and by main to learn of an expired session. */
export function setSession({ csrf, onSignedOut } = {}) {
  if (csrf !== undefined) session.csrf = csrf;
  if (onSignedOut) session.onSignedOut = onSignedOut;
}

/** Headers a session request carries (the CSRF token once signed in). */
export function sessionHeaders() {
  return session.csrf ? { 'X-CSRF-Token': session.csrf } : {};
}

function headers() {
  const h = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (session.csrf) h['X-CSRF-Token'] = session.csrf;
  return h;
}

async function readJson(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** Run one operation; resolves to `data` or rejects with a GraphQLError a person can read. */
export async function gql(query, variables = {}, { signal } = {}) {
  let response;
  try {
    response = await fetch(ENDPOINT, {
      method: 'POST', headers: headers(), credentials: 'same-origin',
      body: JSON.stringify({ query, variables }), signal,
    });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new GraphQLError('Cannot reach the Nexus server. Check that it is running.');
  }
  const body = await readJson(response);
  if (response.status === 401) {
    session.csrf = null;
    session.onSignedOut();
    throw new GraphQLError('Your session has ended: sign in again.', { status: 401,
      code: 'UNAUTHENTICATED' });
  }
  if (response.status === 429) {
    throw new GraphQLError('Too many requests: wait a moment and try again.', { status: 429 });
  }
  if (body?.errors?.length) {
    const message = body.errors.map((e) => e.message).join('; ');
    throw new GraphQLError(message, { errors: body.errors, status: response.status,
      code: body.errors[0]?.extensions?.code ?? null });
  }
  if (!response.ok || !body) {
    const retry = response.status === 503 ? ' The database is unavailable; try again shortly.' : '';
    throw new GraphQLError(`The server answered ${response.status}.${retry}`,
      { status: response.status });
  }
  return body.data;
}

async function authCall(path, { method = 'GET', body } = {}) {
  const response = await fetch(path, { method, headers: headers(), credentials: 'same-origin',
    body: body ? JSON.stringify(body) : undefined });
  const data = await readJson(response);
  if (!response.ok) {
    throw new GraphQLError(data?.error ?? `The server answered ${response.status}.`,
      { status: response.status, code: data?.code ?? null });
  }
  return data;
}

/** The signed-in user ({name, role, purpose, caseReference, csrfToken}) or null. */
export async function currentUser() {
  try {
    const user = await authCall('/auth/me');
    if (!user?.signedIn) return null;
    session.csrf = user.csrfToken;
    return user;
  } catch (err) {
    if (err.status === 401) return null;
    throw err;
  }
}

export async function signIn({ name, password, purpose, purposeCategory, caseReference }) {
  const user = await authCall('/auth/login', { method: 'POST',
    body: { name, password, purpose, purposeCategory, caseReference } });
  session.csrf = user.csrfToken;
  capabilities = null;
  return user;
}

export async function signOut() {
  try {
    await authCall('/auth/logout', { method: 'POST' });
  } finally {
    session.csrf = null;
    capabilities = null;
  }
}

const INTROSPECT = 'query Capabilities { __schema { queryType { fields { name } } } }';

let capabilities = null;

/**
 * Whether the server's Query type has `name`. Introspection answers when it is on; with it
 * off (production), a probe that selects the field tells by the validation error.
 */
export async function hasQueryField(name) {
  if (!capabilities) {
    capabilities = gql(INTROSPECT)
      .then((data) => new Set(data.__schema.queryType.fields.map((f) => f.name)))
      .catch(() => null);
  }
  const fields = await capabilities;
  if (fields) return fields.has(name);
  if (!/^[A-Za-z_]\w*$/.test(name)) return false;
  try {
    await gql(`query Probe { ${name} }`);
    return true;
  } catch (err) {
    if (err.status === 401) throw err;
    return !/Cannot query field/i.test(err.message);
  }
}
