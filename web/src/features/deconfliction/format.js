// Pure rules of the deconfliction card: each consultation and watch in words (the purpose
// category always, the free text only when the server sent it: the same case reference),
// the card's summary, and the sensitive operation's reason check. No DOM: `node --test`
// covers it (tests/web/deconfliction.test.js).

import { purposeLabel } from '../../shared/purposes.js';

export const MAX_REASON = 2000;
export const MAY_MARK = 'MARK_SENSITIVE_OPERATION';

/** "2026-12-04 21:40 UTC" from an ISO instant; the text itself when it is not one. */
export function utcMinute(at) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(String(at ?? ''));
  return m ? `${m[1]} ${m[2]} UTC` : String(at ?? '');
}

const who = (row) => `${row.user} (${row.role})`;

/** The case line, only for a row that shares the reader's case reference. */
function sharedText(row, text) {
  if (!row.sharedCase) return null;
  const said = text ? `: “${text}”` : '';
  return `Your case ${row.caseReference ?? ''}${said}`;
}

/** One other user's consultations → {who, when, why, shared}. The latest time, and the
 * first day when it was another day (one page open is several audited requests, so a
 * count of them would say little). */
export function consultationText(row) {
  const last = utcMinute(row.lastAt);
  const first = utcMinute(row.firstAt);
  const since = first && first.slice(0, 10) !== last.slice(0, 10) ? ` (since ${first.slice(0, 10)})` : '';
  return {
    who: who(row),
    when: `${last}${since}`,
    why: purposeLabel(row.purposeCategory),
    shared: sharedText(row, row.purpose),
  };
}

/** One other user's watch → {who, when, why, shared}. */
export function watcherText(w) {
  return {
    who: who(w),
    when: `watching since ${utcMinute(w.since)}`,
    why: purposeLabel(w.purposeCategory),
    shared: sharedText(w, w.reason),
  };
}

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** The line under the card's title. */
export function deconflictionSummary(card) {
  if (card.withheld) return '';
  const people = card.totalCount;
  const watching = card.watcherCount;
  if (!people && !watching) return `No one else has consulted or watches this person in the last ${card.days} days.`;
  const parts = [];
  if (people) parts.push(`Others consulted this person in the last ${card.days} days (${plural(people, 'entry', 'entries')})`);
  if (watching) parts.push(`${plural(watching, 'other user watches', 'other users watch')} this person`);
  return `${parts.join('; ')}. Purposes are shown as categories; the words only to someone on your case reference.`;
}

/** The owner's own line about their operation. */
export function ownerText(op) {
  const since = op.markedAt ? ` since ${utcMinute(op.markedAt)}` : '';
  return `You own a sensitive operation on this person${since}: ${op.reason ?? ''}. Others see only that they should contact you, and you are alerted when they open this person.`;
}

/** The reason box → {reason} or {error}. */
export function checkOperationReason(text) {
  const reason = String(text ?? '').trim();
  if (reason.length < 4) return { error: 'Say what the operation is (at least 4 characters).' };
  if (reason.length > MAX_REASON) return { error: `At most ${MAX_REASON} characters.` };
  return { reason };
}
