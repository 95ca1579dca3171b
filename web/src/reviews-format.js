// Pure functions behind the MOPI review list (#/reviews): routing, the date check, kinds
// and their counts, overdue wording, paging, the status line. No DOM here: `node --test`
// covers it (web/test/reviews.test.js).

export const REVIEWS_HASH = '#/reviews';

export const isReviewsHash = (hash) => /^#\/reviews\/?$/.test(String(hash ?? ''));

// The kinds that carry a review date (graph/reviews.py REVIEWED_KINDS), in display order.
export const REVIEW_KINDS = [
  { kind: 'person', label: 'People' },
  { kind: 'arrest', label: 'Arrests' },
  { kind: 'incident', label: 'Incidents' },
  { kind: 'intelligence_report', label: 'Intelligence' },
  { kind: 'flag', label: 'Flags' },
];

const SINGULAR = { person: 'Person', arrest: 'Arrest', incident: 'Incident',
  intelligence_report: 'Intelligence report', flag: 'Flag' };

/** "Intelligence report" for "intelligence_report"; unknown kinds in words. */
export const kindLabel = (kind) => SINGULAR[kind] ?? String(kind ?? '').replace(/_/g, ' ');

function isRealDate(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The "due on or before" box → {before} (null: today) or {error}. */
export function validateBefore(text) {
  const value = String(text ?? '').trim();
  if (!value) return { before: null };
  if (!isRealDate(value)) return { error: `"${value}" is not a date: use YYYY-MM-DD, e.g. 2025-06-30.` };
  return { before: value };
}

const days = (n) => `${n} day${n === 1 ? '' : 's'}`;

/** How late a review is, in words and a tone (every tone has words, not only a colour). */
export function overdueInfo(daysOverdue) {
  const n = Number(daysOverdue);
  if (!Number.isFinite(n)) return { text: '', tone: 'unknown' };
  if (n > 365) return { text: `${days(n)} overdue`, tone: 'long-overdue' };
  if (n > 0) return { text: `${days(n)} overdue`, tone: 'overdue' };
  if (n === 0) return { text: 'due today', tone: 'today' };
  return { text: `due in ${days(-n)}`, tone: 'upcoming' };
}

/**
 * The kind filter's buttons: every kind in display order with its count (0 when the
 * server sent none) and whether it is selected. No selection means every kind.
 */
export function kindChips(countsByKind, selected = []) {
  const counts = new Map((countsByKind ?? []).map((c) => [c.kind, c.count]));
  return REVIEW_KINDS.map(({ kind, label }) => ({
    kind, label, count: counts.get(kind) ?? 0, selected: selected.includes(kind),
  }));
}

/** Toggle one kind in the selection, keeping display order; all selected means none. */
export function toggleKind(selected, kind) {
  const next = new Set(selected ?? []);
  if (next.has(kind)) next.delete(kind);
  else next.add(kind);
  const ordered = REVIEW_KINDS.map((k) => k.kind).filter((k) => next.has(k));
  return ordered.length === REVIEW_KINDS.length ? [] : ordered;
}

export const rowKey = (row) => `${row.kind}|${row.id}`;

/** Most overdue first (oldest review date), then kind, then id: the server's order too. */
export function orderRows(rows) {
  return [...(rows ?? [])].sort((a, b) => (a.reviewDate < b.reviewDate ? -1 : a.reviewDate > b.reviewDate ? 1 : 0)
    || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
}

/** Append a page to the rows shown, dropping any already shown, in order. */
export function appendRows(shown, page) {
  const seen = new Set((shown ?? []).map(rowKey));
  return orderRows([...(shown ?? []), ...(page ?? []).filter((r) => !seen.has(rowKey(r)))]);
}

/** The status line over the table. */
export function reviewSummary({ shown, total, before, kinds = [] }) {
  const when = before ? `on or before ${before}` : 'today or earlier';
  const what = kinds.length ? kinds.map((k) => kindLabel(k).toLowerCase()).join(', ') : 'records';
  if (!total) return `Nothing due for review ${when} (${what}).`;
  return `${total} ${total === 1 ? 'record' : 'records'} due for review ${when}`
    + `${kinds.length ? ` (${what})` : ''}, most overdue first; showing ${shown}.`;
}
