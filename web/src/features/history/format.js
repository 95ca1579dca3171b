// Pure rules of saved history versions: how a version, its sharing record and a comparison
// read, and the recipients' check. No DOM: `node --test` covers it (tests/web/history.test.js).
// Times are UK local time with the zone, as everywhere in the UI (custody/format.js).

import { ukTime } from '../custody/format.js';

export const MAX_RECIPIENTS = 20; // graph/history/service.py MAX_SHARED_WITH
export const MAX_RECIPIENT_LENGTH = 200;

/** Each kind of line in a comparison: a word and a sign, so colour is never alone. */
export const MARKERS = {
  added: { sign: '+', word: 'Added' },
  removed: { sign: '−', word: 'Removed' },
  changed: { sign: '~', word: 'Changed' },
};

const PARTS = { subject: 'Subject', proven: 'Part A — proven', unproven: 'Part B — unproven',
  assessment: 'Part C — assessment' };

export const partLabel = (part) => PARTS[part] ?? String(part ?? '');

/** The first 12 hex digits of a content hash, for lists (the full hash goes beside it). */
export const shortHash = (hash) => (hash ? `${String(hash).slice(0, 12)}…` : '—');

/** "A", "A and B", "A, B and C". */
export function listWords(items) {
  const words = (items ?? []).map(String);
  if (words.length < 2) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** "07 Dec 2026, 14:03 GMT by test-analyst". */
export const generatedLine = (v) => `${ukTime(v.generatedAt)} by ${v.generatedBy}`;

/**
 * The record of sharing of a disclosure version: who disclosed it, to whom, when; null for
 * a version that was not a disclosure.
 */
export function sharingRecord(v) {
  if (!v?.disclosure) return null;
  const to = v.sharedWith?.length ? listWords(v.sharedWith) : 'no recipient recorded';
  return `Disclosed by ${v.generatedBy} to ${to} on ${ukTime(v.generatedAt)}`;
}

/** The recipients box (one a line) → {recipients} or {error}; blank lines and repeats go. */
export function checkRecipients(text) {
  const recipients = [...new Set(String(text ?? '').split(/\r?\n/)
    .map((line) => line.trim()).filter(Boolean))];
  if (!recipients.length) {
    return { error: 'Name who the disclosure version is shared with (one recipient a line).' };
  }
  if (recipients.length > MAX_RECIPIENTS) return { error: `At most ${MAX_RECIPIENTS} recipients.` };
  const long = recipients.find((r) => r.length > MAX_RECIPIENT_LENGTH);
  if (long) return { error: `A recipient is at most ${MAX_RECIPIENT_LENGTH} characters.` };
  return { recipients };
}

/** "Versions 11–20 of 23, newest first." */
export function versionsSummary(shown, total, skip) {
  if (!total) return 'No saved versions yet. Each downloaded PDF and each disclosure version is saved here.';
  if (!shown) return `No more versions (${total} in all).`;
  if (shown === 1) return `Version ${skip + 1} of ${total}, newest first.`;
  return `Versions ${skip + 1}–${skip + shown} of ${total}, newest first.`;
}

// --- one line of a history, as a comparison shows it ----------------------------------

// An ISO instant as the history's content stores them (UTC); graph/history/localtime.py.
const INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?(?![\d:])/g;

/** Every instant inside a text in UK local time, as the document prints it; dates alone stay. */
export const ukText = (value) => String(value).replace(INSTANT, (instant) => ukTime(instant));

const shown = (value) => ukText(Array.isArray(value) ? value.join(', ') : value);

/** An item's headline: "AR-1: Arrest for ... — 20 Apr 2024, 00:10 BST" (a date alone as given). */
export const itemLine = (item) => (item.when ? `${item.title} — ${ukText(item.when)}` : item.title);

/** An item's facts and citations: "Outcome: NFA · Officer: PC 77 · cites AR-1 (ungraded)". */
export function itemDetail(item) {
  const facts = (item.fields ?? []).filter(([, value]) => value !== '—')
    .map(([name, value]) => `${name}: ${ukText(value)}`);
  const cited = (item.citations ?? []).map((c) => `${c.record_id} (${c.grading ?? 'ungraded'})`);
  if (cited.length) facts.push(`cites ${cited.join(', ')}`);
  return facts.join(' · ');
}

/** One changed field: "Outcome: was “NFA”, now “Charged”" (or added / removed alone). */
export function changeLine({ field, before, after }) {
  const name = field === 'when' ? 'Date' : field === 'title' ? 'Line' : field === 'citations'
    ? 'Records cited' : field;
  if (before == null) return `${name}: added “${shown(after)}”`;
  if (after == null) return `${name}: removed (was “${shown(before)}”)`;
  return `${name}: was “${shown(before)}”, now “${shown(after)}”`;
}

/**
 * A comparison as rows per section: {sections: [{key, part, title, counts, rows}],
 * unchanged: [titles], totals}; each row {kind, sign, word, text, detail, changes}.
 * Sections without a change are listed by title only.
 */
export function diffSections(comparison) {
  const totals = { added: 0, removed: 0, changed: 0 };
  const sections = [];
  const unchanged = [];
  for (const s of comparison?.sections ?? []) {
    const rows = [
      ...(s.added ?? []).map((item) => ({ kind: 'added', text: itemLine(item), detail: itemDetail(item), changes: [] })),
      ...(s.removed ?? []).map((item) => ({ kind: 'removed', text: itemLine(item), detail: itemDetail(item), changes: [] })),
      ...(s.changed ?? []).map((item) => ({ kind: 'changed', text: item.title, detail: `Record ${item.id}`,
        changes: (item.changes ?? []).map(changeLine) })),
    ].map((row) => ({ ...row, ...MARKERS[row.kind] }));
    if (!rows.length) {
      unchanged.push(s.title);
      continue;
    }
    const counts = { added: s.added?.length ?? 0, removed: s.removed?.length ?? 0,
      changed: s.changed?.length ?? 0 };
    for (const kind of Object.keys(totals)) totals[kind] += counts[kind];
    sections.push({ key: s.key, part: s.part, title: s.title, counts, rows });
  }
  return { sections, unchanged, totals };
}

const plural = (n, word) => `${n} line${n === 1 ? '' : 's'} ${word}`;

/** "+1 −0 ~2": the counts of a section, each with its sign. */
export const countsText = (c) => `${MARKERS.added.sign}${c.added} ${MARKERS.removed.sign}${c.removed} ${MARKERS.changed.sign}${c.changed}`;

/** "2 lines added, 1 line removed, 1 line changed in 2 sections." */
export function diffSummary({ sections, totals }, identical) {
  if (identical || !sections.length) return 'No change: the two have the same content.';
  return `${plural(totals.added, 'added')}, ${plural(totals.removed, 'removed')}, `
    + `${plural(totals.changed, 'changed')} in ${sections.length} section${sections.length === 1 ? '' : 's'}.`;
}

/** "Version 2 (as at 2026-12-01) compared with the history now (as at 2026-12-07)". */
export function comparisonTitle(c) {
  const to = c.toVersion == null ? 'the history now' : `version ${c.toVersion}`;
  return `Version ${c.fromVersion} (as at ${c.fromAsOf}) compared with ${to} (as at ${c.toAsOf})`;
}

const score = (n) => Number(n).toLocaleString('en-GB', { maximumFractionDigits: 2 });

export function harmChange(c) {
  if (c.fromHarmScore === c.toHarmScore) return `Harm score unchanged: ${score(c.toHarmScore)} CHI days.`;
  return `Harm score ${score(c.fromHarmScore)} → ${score(c.toHarmScore)} CHI days.`;
}

/**
 * What the comparison left out, in words, or null: material the reader may not see
 * (`withheld`), or, for a reader who may see handling code C, C material compared away
 * because one side was generated by a role that could not see it.
 */
export function coverageNotes(c, { seesC = false } = {}) {
  const notes = [];
  if (c.withheld) notes.push('Shown as your role may see them: some material in these versions is not included.');
  if (seesC && !(c.handlingCodes ?? []).includes('C')) {
    notes.push('Compared without handling-code C material: one side was generated by a role '
      + 'that could not see it, so its absence there is not a change.');
  }
  return notes;
}
