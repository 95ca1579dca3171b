// Pure rules of the audit screen (#/audit) and the "who consulted this person" card: the
// filter form's checks and variables, the words for actions and outcomes, a row's cells,
// the status and integrity lines, and the export's file name. No DOM: `node --test`
// covers it (tests/web/audit.test.js).

import { isRealDate } from '../reviews/format.js';

export const OUTCOMES = [
  { value: '', label: 'Any outcome' },
  { value: 'ok', label: 'Answered' },
  { value: 'partial', label: 'Partly refused' },
  { value: 'refused', label: 'Refused' },
  { value: 'unknown', label: 'Outcome unknown' },
];

const OUTCOME_WORDS = { ok: 'answered', partial: 'partly refused', refused: 'refused',
  unknown: 'outcome unknown' };

/** An outcome in words; every outcome has words, not only a colour. */
export const outcomeLabel = (outcome) => OUTCOME_WORDS[outcome] ?? String(outcome ?? '');

/** The text fields of the filter form, in order: [name, label, placeholder]. */
export const TEXT_FILTERS = [
  ['user', 'User', 'e.g. jsmith'],
  ['personId', 'Person id', 'e.g. P-1'],
  ['action', 'Action', 'e.g. person, search, refused'],
  ['purpose', 'Purpose or case reference', 'words in either'],
];

/**
 * The form's values → {variables} for auditLog/auditExport (empty fields are null), or
 * {errors: {field: message}} when a date is not a date or the period is backwards.
 */
export function auditVariables(values) {
  const text = (name) => {
    const v = String(values?.[name] ?? '').trim();
    return v || null;
  };
  const variables = {
    user: text('user'), personId: text('personId'), action: text('action'),
    purpose: text('purpose'), outcome: text('outcome'), since: text('since'), until: text('until'),
  };
  const errors = {};
  for (const field of ['since', 'until']) {
    if (variables[field] && !isRealDate(variables[field])) {
      errors[field] = `"${variables[field]}" is not a date: use YYYY-MM-DD.`;
    }
  }
  if (!errors.since && !errors.until && variables.since && variables.until
    && variables.until < variables.since) {
    errors.until = 'The end of the period is before its start.';
  }
  return Object.keys(errors).length ? { errors } : { variables };
}

/** "2026-12-04 21:40:12 UTC" from an ISO timestamp (the log's times are UTC). */
export function formatAt(iso) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(String(iso ?? ''));
  return m ? `${m[1]} ${m[2]} UTC` : String(iso ?? '');
}

/** Actions as stored ("person,search") → "person, search". */
export const actionWords = (action) => String(action ?? '').split(',').filter(Boolean).join(', ');

/** The cells of one entry's row, as text. */
export function entryCells(entry) {
  return {
    at: formatAt(entry.at),
    who: `${entry.user} (${entry.role})`,
    action: actionWords(entry.action),
    subjects: (entry.subjectIds ?? []).join(', ') || '—',
    purpose: entry.purpose ?? '',
    caseReference: entry.caseReference ?? '—',
    outcome: outcomeLabel(entry.outcome),
    detail: entry.detail ?? '',
  };
}

/** A filter in words, for the status line: "user jsmith, refused". */
export function filterWords(variables) {
  const parts = [];
  if (variables.user) parts.push(`user ${variables.user}`);
  if (variables.personId) parts.push(`person ${variables.personId}`);
  if (variables.action) parts.push(`action ${variables.action}`);
  if (variables.purpose) parts.push(`purpose containing "${variables.purpose}"`);
  if (variables.outcome) parts.push(outcomeLabel(variables.outcome));
  if (variables.since && variables.until) parts.push(`${variables.since} to ${variables.until}`);
  else if (variables.since) parts.push(`from ${variables.since}`);
  else if (variables.until) parts.push(`up to ${variables.until}`);
  return parts.join(', ');
}

/** "Showing 50 of 1,203 entries (user jsmith), newest first." */
export function auditSummary({ shown, total, variables }) {
  if (!total) return `No entries match${filterWords(variables) ? ` (${filterWords(variables)})` : ''}.`;
  const filter = filterWords(variables);
  const n = total.toLocaleString('en-GB');
  return `Showing ${shown.toLocaleString('en-GB')} of ${n} entr${total === 1 ? 'y' : 'ies'}`
    + `${filter ? ` (${filter})` : ''}, newest first.`;
}

/** The chain check's result in words and a tone. */
export function integrityText(report) {
  if (report.ok) {
    return { tone: 'ok', text: `The chain is intact: ${report.entries.toLocaleString('en-GB')} `
      + 'entries, each hash recomputed and checked against the next.' };
  }
  return { tone: 'error', text: `The chain is broken at entry ${report.firstBrokenSeq}: `
    + `${report.reason}. Entries from there on cannot be trusted.` };
}

/** What an export says once saved. */
export function exportText({ rows, total, truncated }) {
  const saved = `Exported ${rows.toLocaleString('en-GB')} entr${rows === 1 ? 'y' : 'ies'} as CSV. `
    + 'The export is itself recorded in the audit log.';
  return truncated ? `${saved} ${total.toLocaleString('en-GB')} matched: only the newest `
    + `${rows.toLocaleString('en-GB')} fit in one export, so narrow the filters for the rest.` : saved;
}

/** "nexus-audit-20261204-2140.csv" for an export made at `now` (a Date). */
export function exportFileName(now) {
  const iso = now.toISOString();
  return `nexus-audit-${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 16).replace(':', '')}.csv`;
}

/** One line of the "who consulted this person" card. */
export function consultedLine(entry) {
  const why = entry.caseReference ? `${entry.purpose} (case ${entry.caseReference})` : entry.purpose;
  const refused = entry.outcome === 'ok' ? '' : ` · ${outcomeLabel(entry.outcome)}`;
  return { when: formatAt(entry.at), who: `${entry.user} (${entry.role})`,
    what: `${actionWords(entry.action)}${refused}`, why };
}
