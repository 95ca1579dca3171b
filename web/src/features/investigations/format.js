// Pure rules of saved investigations: the save form's checks, the canvas turned into the
// API's input, the saved filters turned back into the toolbar's, the "changed since saved"
// note and the list's lines. No DOM: `node --test` covers it (tests/web/investigations.test.js).
// The limits are the server's (graph/investigations/canvas.py); it checks them again.

export const MAX_NODES = 1000;
export const MAX_NAME = 200;
export const MAX_CASE_REFERENCE = 100;
export const MAX_NOTES = 5000;
export const MAX_SHARED_USERS = 25;
export const SHAREABLE_ROLES = ['analyst', 'officer', 'supervisor'];

/** "a, b c" → ['a', 'b', 'c']: user names typed into one box, each once. */
export function parseNames(text) {
  return [...new Set(String(text ?? '').split(/[\s,;]+/).map((n) => n.trim()).filter(Boolean))];
}

/**
 * The save form → {fields} or {error, field}. `form` is {name, caseReference, notes,
 * users (text), roles (list)}; `nodeCount` how many nodes the canvas holds.
 */
export function checkSaveForm(form, nodeCount) {
  const name = String(form.name ?? '').trim();
  const caseReference = String(form.caseReference ?? '').trim();
  const notes = String(form.notes ?? '').trim();
  const users = parseNames(form.users);
  const roles = [...new Set(form.roles ?? [])];
  if (!nodeCount) return { error: 'Draw a network first: there is nothing on the canvas to save.', field: 'name' };
  if (nodeCount > MAX_NODES) {
    return { error: `At most ${MAX_NODES} people and organisations can be saved (the canvas has ${nodeCount}).`, field: 'name' };
  }
  if (!name) return { error: 'Give the investigation a name.', field: 'name' };
  if (name.length > MAX_NAME) return { error: `The name is at most ${MAX_NAME} characters.`, field: 'name' };
  if (caseReference.length > MAX_CASE_REFERENCE) {
    return { error: `The case reference is at most ${MAX_CASE_REFERENCE} characters.`, field: 'caseReference' };
  }
  if (notes.length > MAX_NOTES) return { error: `The notes are at most ${MAX_NOTES} characters (${notes.length} now).`, field: 'notes' };
  if (users.length > MAX_SHARED_USERS) return { error: `Share with at most ${MAX_SHARED_USERS} people.`, field: 'users' };
  const wrong = roles.find((r) => !SHAREABLE_ROLES.includes(r));
  if (wrong) return { error: `${wrong} is not a role that reads people.`, field: 'roles' };
  return { fields: { name, caseReference: caseReference || null, notes, users, roles } };
}

const round = (n) => Math.round(Number(n) * 100) / 100;

/**
 * The API's InvestigationInput from the checked form and the canvas: `canvas` is
 * {positions: {id: {x, y}}, centreIds, depth, filters (the toolbar's read())}; `id` updates.
 */
export function saveInput(fields, canvas, { id = null, key = null } = {}) {
  const ids = Object.keys(canvas.positions ?? {});
  const centres = (canvas.centreIds ?? []).filter((c) => ids.includes(c));
  const filters = canvas.filters ?? {};
  return {
    ...(id ? { id } : {}),
    ...(key && !id ? { idempotencyKey: key } : {}),
    name: fields.name,
    caseReference: fields.caseReference,
    notes: fields.notes,
    nodes: ids.map((nodeId) => ({ id: nodeId, x: round(canvas.positions[nodeId].x), y: round(canvas.positions[nodeId].y) })),
    centreIds: centres.length ? centres : ids.slice(0, 1),
    depth: canvas.depth ?? 2,
    filters: { kinds: filters.kinds ?? null, minSource: filters.minSource ?? null,
      minAssessment: filters.minAssessment ?? null },
    since: filters.since || null,
    until: filters.until || null,
    sharedWithUsers: fields.users,
    sharedWithRoles: fields.roles,
  };
}

/** The toolbar's filter values from a saved investigation (setFilters' argument). */
export function toolbarFilters(investigation) {
  const f = investigation.filters ?? {};
  return { kinds: f.kinds ?? null, since: investigation.since ?? '', until: investigation.until ?? '',
    minSource: f.minSource ?? '', minAssessment: f.minAssessment ?? '' };
}

/** {id: {x, y}} from the API's `positions` list. */
export function positionsById(positions) {
  return Object.fromEntries((positions ?? []).map((p) => [p.id, { x: p.x, y: p.y }]));
}

/** "2026-12-04 21:40 UTC" from an ISO instant; the text itself when it is not one. */
export function savedTime(at) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(String(at ?? ''));
  return m ? `${m[1]} ${m[2]} UTC` : String(at ?? '');
}

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

export const WITHHELD_TEXT = 'Some of what was saved on this investigation is not shown to you: '
  + 'withheld from your role, or no longer recorded.';

/**
 * The "changed since saved" note: {summary, withheld, items}. `items` are lines for the
 * list under it: {kind: 'among'|'around'|'record', text, personId}.
 */
export function changesNote(investigation) {
  const c = investigation.changes ?? {};
  const among = c.linksAmongCount ?? 0;
  const around = c.linksAroundCount ?? 0;
  const records = c.recordsCount ?? 0;
  const when = savedTime(c.since ?? investigation.savedAt);
  const parts = [];
  if (among) parts.push(plural(among, 'new link among its people', 'new links among its people'));
  if (around) parts.push(plural(around, 'new link to people not on it', 'new links to people not on it'));
  if (records) parts.push(plural(records, 'new record of its people', 'new records of its people'));
  const summary = parts.length ? `Since it was saved (${when}): ${parts.join(', ')}.`
    : `Nothing you may see has changed since it was saved (${when}).`;
  const label = (id) => (investigation.network?.elements?.nodes ?? []).find((n) => n.id === id)?.label ?? id;
  const items = [
    ...(c.linksAmong ?? []).map((l) => ({ kind: 'among', personId: l.fromId,
      text: `New ${kindWords(l.kind)} link: ${label(l.fromId)} — ${l.toLabel} (${l.id})` })),
    ...(c.linksAround ?? []).map((l) => ({ kind: 'around', personId: l.toType === 'Person' ? l.toId : null,
      text: `New ${kindWords(l.kind)} link: ${label(l.fromId)} — ${l.toLabel}, not on the canvas (${l.id})` })),
    ...(c.records ?? []).map((r) => ({ kind: 'record', personId: r.personId, text: `${r.label}: ${r.summary}` })),
  ];
  const shown = items.length;
  const total = among + around + records;
  return { summary, withheld: investigation.withheld ? WITHHELD_TEXT : null, items,
    more: total > shown ? `The newest ${shown} of ${total} are listed.` : null };
}

function kindWords(kind) {
  return String(kind ?? '').toLowerCase().replace(/_/g, ' ');
}

/** Who an investigation is shared with, in words. */
export function sharedWords(inv) {
  const users = inv.sharedWithUsers ?? [];
  const roles = (inv.sharedWithRoles ?? []).map((r) => `every ${r}`);
  const all = [...users, ...roles];
  return all.length ? `Shared with ${all.join(', ')}` : 'Not shared';
}

/** The list's second line for one investigation. */
export function listLine(inv) {
  return [inv.caseReference ? `Case ${inv.caseReference}` : null,
    inv.mine ? 'yours' : `by ${inv.owner}`,
    `saved ${savedTime(inv.savedAt)}`,
    sharedWords(inv)].filter(Boolean).join(' · ');
}

export function listSummary(shown, total) {
  if (!total) {
    return 'No saved investigations yet. Draw a network in the explorer and choose "Save investigation".';
  }
  return `Showing ${shown} of ${total.toLocaleString('en-GB')} investigation${total === 1 ? '' : 's'}, `
    + 'yours and those shared with you, most recently changed first.';
}
