// Pure functions behind the MOPI review list (#/reviews): the date check, kinds
// and their counts, overdue wording, paging, the status line, the review and withdraw
// forms' checks, and the list of records proposed for disposal. No DOM here: `node --test`
// covers it (tests/web/reviews.test.js).

// The kinds that carry a review date (graph/reviews/due.py REVIEWED_KINDS), in display order.
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

/** Whether `text` is a real YYYY-MM-DD day (not 2025-02-30). */
export function isRealDate(text) {
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
 * `kinds` is the list's own set (PROPOSABLE_KINDS for the proposals).
 */
export function kindChips(countsByKind, selected = [], kinds = REVIEW_KINDS) {
  const counts = new Map((countsByKind ?? []).map((c) => [c.kind, c.count]));
  return kinds.map(({ kind, label }) => ({
    kind, label, count: counts.get(kind) ?? 0, selected: selected.includes(kind),
  }));
}

/** Toggle one kind in the selection, keeping display order; all selected means none. */
export function toggleKind(selected, kind, kinds = REVIEW_KINDS) {
  const next = new Set(selected ?? []);
  if (next.has(kind)) next.delete(kind);
  else next.add(kind);
  const ordered = kinds.map((k) => k.kind).filter((k) => next.has(k));
  return ordered.length === kinds.length ? [] : ordered;
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

// --- recording a review (recordReview) ---------------------------------------------------

/** The outcomes a reviewer may record for a kind: a flag is kept or cleared, never disposed of. */
export function reviewOutcomes(kind) {
  const keep = { outcome: 'retain', label: 'Keep, with a new review date' };
  const dispose = { outcome: 'flag_for_disposal', label: 'Propose for disposal' };
  return kind === 'flag' ? [keep] : [keep, dispose];
}

/** Whether the signed-in role may record a review of this kind (the server checks again). */
export function canReview(permissions, kind) {
  const have = new Set(permissions ?? []);
  return have.has('REVIEW_RECORDS') && (kind !== 'flag' || have.has('REVIEW_FLAG'));
}

/** ISO date `n` days after `iso` (both YYYY-MM-DD, UTC). */
export function addDays(iso, n) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/**
 * The review form → {review: {outcome, reason, nextReviewDate}} or {errors: {field: text}}.
 * `today` is YYYY-MM-DD; a kept record's next review must come after it.
 */
export function validateReview({ outcome, reason, nextReviewDate }, today) {
  const errors = {};
  const why = String(reason ?? '').trim();
  const next = String(nextReviewDate ?? '').trim();
  if (!['retain', 'flag_for_disposal'].includes(outcome)) errors.outcome = 'Choose: keep it, or propose it for disposal.';
  if (!why) errors.reason = 'Say why: a review needs a reason.';
  else if (why.length > 2000) errors.reason = 'At most 2,000 characters.';
  if (outcome === 'retain') {
    if (!next) errors.nextReviewDate = 'Give the next review date.';
    else if (!isRealDate(next)) errors.nextReviewDate = `"${next}" is not a date: use YYYY-MM-DD.`;
    else if (next <= today) errors.nextReviewDate = `The next review must be after today (${today}).`;
  }
  if (Object.keys(errors).length) return { errors };
  return { review: { outcome, reason: why, nextReviewDate: outcome === 'retain' ? next : null } };
}

/** What the status line says once a review is recorded. */
export function reviewDoneText(row, review) {
  const what = `${kindLabel(row.kind)} ${row.id}`;
  return review.outcome === 'retain'
    ? `Review recorded: ${what} kept, next review ${review.nextReviewDate}.`
    : `Review recorded: ${what} proposed for disposal (nothing is deleted).`;
}

/** The list once a row has been reviewed: the row gone, the total and its kind's count down. */
export function dropReviewed({ rows, total, counts }, row) {
  const key = rowKey(row);
  return {
    rows: (rows ?? []).filter((r) => rowKey(r) !== key),
    total: Math.max(0, (total ?? 0) - 1),
    counts: (counts ?? []).map((c) => (c.kind === row.kind ? { ...c, count: Math.max(0, c.count - 1) } : c)),
  };
}

// --- proposed for disposal (disposalProposals, withdrawDisposalProposal) ------------------

/** The two lists the view shows; the first is the default. */
export const REVIEW_VIEWS = [
  { view: 'due', label: 'Due for review' },
  { view: 'proposed', label: 'Proposed for disposal' },
];

/** The kinds a review may propose for disposal: every reviewed kind but flags. */
export const PROPOSABLE_KINDS = REVIEW_KINDS.filter((k) => k.kind !== 'flag');

/** "2024-03-04 09:00 UTC" for an ISO datetime; '' for none. */
export function formatProposedAt(iso) {
  const date = new Date(String(iso ?? ''));
  if (!iso || Number.isNaN(date.getTime())) return '';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Newest proposal first, then kind, then id: the server's order too. */
export function orderProposals(rows) {
  const at = (r) => new Date(r.proposedAt).getTime();
  return [...(rows ?? [])].sort((a, b) => at(b) - at(a)
    || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
}

/** Append a page of proposals, dropping any already shown, in order. */
export function appendProposals(shown, page) {
  const seen = new Set((shown ?? []).map(rowKey));
  return orderProposals([...(shown ?? []), ...(page ?? []).filter((r) => !seen.has(rowKey(r)))]);
}

/** The status line over the proposals table. */
export function proposalSummary({ shown, total, kinds = [] }) {
  const what = kinds.length ? ` (${kinds.map((k) => kindLabel(k).toLowerCase()).join(', ')})` : '';
  if (!total) return `Nothing is proposed for disposal${what}.`;
  return `${total} ${total === 1 ? 'record' : 'records'} proposed for disposal${what}, newest `
    + `proposal first; nothing has been deleted; showing ${shown}.`;
}

/**
 * The withdraw form → {withdrawal: {reason, nextReviewDate}} or {errors: {field: text}}.
 * Checked like keeping a record: a reason, and a next review after `today`.
 */
export function validateWithdraw({ reason, nextReviewDate }, today) {
  const checked = validateReview({ outcome: 'retain', reason, nextReviewDate }, today);
  if (checked.errors) return { errors: checked.errors };
  return { withdrawal: { reason: checked.review.reason, nextReviewDate: checked.review.nextReviewDate } };
}

/** What the status line says once a proposal is withdrawn. */
export function withdrawDoneText(row, review) {
  return `Proposal withdrawn: ${kindLabel(row.kind)} ${row.id} kept, next review ${review.nextReviewDate}.`;
}

/**
 * The variables of a review or withdrawal of a listed row: `expected` is the review date
 * the list showed, so that the server refuses (CONFLICT) if someone else got there first.
 */
export function reviewVariables(row, { outcome, reason, nextReviewDate }) {
  return { kind: row.kind, id: row.id, ...(outcome ? { outcome } : {}), reason,
    next: nextReviewDate ?? null, expected: row.reviewDate ?? null };
}

export const CONFLICT_TEXT = 'Someone else reviewed this record first; the list has been refreshed.';

/** Whether a mutation's errors say someone else changed the record first. */
export const isConflict = (errors) => (errors ?? []).some((e) => e.code === 'CONFLICT');

/** Field errors of a failed mutation, keyed by the form's fields ('form' for the rest). */
export function fieldErrors(errors, fields) {
  const out = {};
  for (const err of errors ?? []) {
    const field = fields.includes(err.field) ? err.field : 'form';
    out[field] = out[field] ? `${out[field]} ${err.message}` : err.message;
  }
  return out;
}
