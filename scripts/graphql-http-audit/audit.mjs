// Usage: node audit.mjs http://127.0.0.1:8000/graphql
// Prints one JSON array: every audit with its status (ok / warn / error) and reason.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}
// Nexus requires a bearer token: NEXUS_AUDIT_TOKEN is sent with every audit request.
const token = process.env.NEXUS_AUDIT_TOKEN;
const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers || {});
  if (token) headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};
const results = await auditServer({ url, fetchFn });
const summary = results.map((r) => ({
  id: r.id, name: r.name, status: r.status, reason: r.status === 'ok' ? null : r.reason,
}));
console.log(JSON.stringify(summary));
