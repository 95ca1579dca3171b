// Pure functions behind the duplicate review page (#/duplicates) and the profile's "Also
// recorded as" and "Possible duplicates" blocks: the reason check, each record's facts side by side, the
// pair's field table, decisions and their events in words, paging. No DOM here: `node
// --test` covers it (tests/web/duplicates.test.js). Scores, bands and field outcomes are
// worded by custody/format.js, so the custody page and this one read alike.

import { MAX_REASON } from '../../shared/limits.js';
import { explainFields, formatScore } from '../custody/format.js';

export { MAX_REASON };


/** The reason typed for a decision → {reason} or {error} (the server requires one too). */
export function validateReason(text, action = 'decision') {
  const reason = String(text ?? '').trim().replace(/\s+/g, ' ');
  if (!reason) {
    return { error: action === 'undo'
      ? 'Give a reason for undoing this decision: it is kept with the record.'
      : 'Give a reason for your decision (e.g. "same passport photo and custody image").' };
  }
  if (reason.length > MAX_REASON) {
    return { error: `The reason is ${reason.length} characters long; ${MAX_REASON} at most.` };
  }
  return { reason };
}

const words = (v) => (v ? String(v).replace(/_/g, ' ') : '');
const list = (v) => (v ?? []).filter(Boolean).join(', ');

/** What the side-by-side panels show of one record: [{key, label, value}], empty values as "—". */
export function recordFacts(person) {
  if (!person) return [];
  const aliases = (person.aliases ?? []).filter((a) => a !== person.fullName);
  return [
    ['aliases', 'Also known as', list(aliases)],
    ['datesOfBirth', 'Date of birth', (person.datesOfBirth ?? []).join(' / ')],
    ['gender', 'Gender', words(person.gender)],
    ['placeOfBirth', 'Born in', person.placeOfBirth],
    ['nationalities', 'Nationality', list(person.nationalities)],
    ['pncId', 'PNC ID', person.pncId],
    ['croNumber', 'CRO number', person.croNumber],
    ['hoReference', 'HO reference', person.hoReference],
    ['passports', 'Passports', list(person.passports)],
  ].map(([key, label, value]) => ({ key, label, value: value || '—' }));
}

/**
 * The pair's field comparisons for the table: custody/format.js's wording and order, with the
 * sides named for what they are here (record A and record B, not "given" and "recorded").
 */
export function pairFieldRows(fields) {
  return explainFields(fields).map(({ claimed, recorded, ...rest }) => ({ ...rest, a: claimed, b: recorded }));
}

/** "2025-06-01 14:03 UTC" from a DateTime as the server sends it; "" when unknown. */
export function formatWhen(value) {
  if (!value) return '';
  const text = String(value);
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::[\d.]+)?(Z|[+-]00:?00)?/.exec(text);
  if (!match) return text.slice(0, 16);
  return `${match[1]} ${match[2]}${match[3] ? ' UTC' : ''}`;
}

/**
 * A pair's score as a percentage. The scan stores scores rounded to 4 places, so 1 means
 * ">= 99.995%", never certainty: it reads ">99.9%" (custody/format.js's wording for that).
 */
export const pairScoreText = (score) => formatScore(score == null ? score : Math.min(Number(score), 0.9999));

// The badge says what stands; the line after it says who did it, when and why.
const STATUSES = {
  confirmed: { label: 'Same person', symbol: '=', tone: 'confirmed', verb: 'Confirmed' },
  rejected: { label: 'Not the same', symbol: '≠', tone: 'rejected', verb: 'Recorded as two people' },
  undone: { label: 'Decision undone', symbol: '↺', tone: 'undone', verb: 'Undone' },
};

/** A decision (SameAsLink) in words: {status, label, symbol, tone, text, standing}. */
export function decisionInfo(link) {
  if (!link) return null;
  const s = STATUSES[link.status]
    ?? { label: words(link.status) || 'Unknown', symbol: '?', tone: 'undone', verb: `Status "${link.status}"` };
  const who = link.decidedBy ? ` by ${link.decidedBy}` : '';
  const when = link.decidedAt ? ` on ${formatWhen(link.decidedAt)}` : '';
  return {
    status: link.status, label: s.label, symbol: s.symbol, tone: s.tone,
    text: `${s.verb}${who}${when}${link.reason ? `: ${link.reason}` : ''}`,
    // A standing decision can be undone; an undone (or unknown) one can be decided again.
    standing: link.status === 'confirmed' || link.status === 'rejected',
  };
}

const ACTIONS = { confirmed: 'confirmed same person', rejected: 'not the same', undone: 'undone' };

/** One event of a link's history: "2025-06-01 14:03 · confirmed same person by X: reason". */
export function eventText(event) {
  const action = ACTIONS[event.action] ?? words(event.action);
  return [formatWhen(event.at), `${action}${event.by ? ` by ${event.by}` : ''}`]
    .filter(Boolean).join(' · ') + (event.reason ? `: ${event.reason}` : '');
}

export const pairKey = (pair) => `${pair.aId}|${pair.bId}`;

/** Append a page of pairs to those shown, keeping the order and dropping any already shown. */
export function appendPairs(shown, page) {
  const seen = new Set(shown.map(pairKey));
  return [...shown, ...(page ?? []).filter((p) => !seen.has(pairKey(p)))];
}

/** The status line over the list. */
export function listSummary({ shown, total, undecided, minScore = 0.5 }) {
  const scope = `${undecided ? 'undecided pairs' : 'pairs'} scoring ${Math.round(minScore * 100)}% or more`;
  if (!total) {
    return undecided
      ? `No ${scope}: every candidate pair has a decision (or no scan has found any).`
      : `No ${scope}. Candidate pairs come from the last duplicates scan of every record; a record is also checked the moment it is recorded.`;
  }
  return `${total} ${total === 1 ? scope.replace('pairs', 'pair') : scope}, best first; showing ${shown}.`;
}

/**
 * The profile's "Also recorded as": every other record of the person's identity cluster,
 * with who confirmed it and why when the link is direct (a record joined through another
 * one has no link of its own to this person). Direct links first, then by name.
 */
export function alsoRecordedAs(person) {
  const cluster = person?.identityCluster ?? [];
  const confirmed = new Map((person?.sameAs ?? [])
    .filter((l) => l.status === 'confirmed')
    .map((l) => [l.otherId ?? l.other?.id, l]));
  return cluster.map((p) => {
    const link = confirmed.get(p.id);
    return {
      id: p.id,
      fullName: p.fullName ?? p.id,
      datesOfBirth: p.datesOfBirth ?? [],
      direct: Boolean(link),
      linkId: link?.id ?? null,
      text: link
        ? `Confirmed the same person by ${link.decidedBy || 'unknown'}${
          link.decidedAt ? ` on ${formatWhen(link.decidedAt)}` : ''}: ${link.reason}`
        : 'Linked through another record confirmed as the same person.',
    };
  }).sort((x, y) => (Number(y.direct) - Number(x.direct)) || x.fullName.localeCompare(y.fullName));
}

/**
 * What a just-recorded nominal's duplicate check found (recordPerson's
 * `possibleDuplicates`), best first: one line each for the custody page (scores as the
 * Duplicates page words them: a stored 1 reads ">99.9%"), and the
 * heading that says the pairs wait on the Duplicates page. Null when nothing was found.
 */
export function possibleDuplicatesNotice(duplicates) {
  const list = [...(duplicates ?? [])].sort((a, b) => b.score - a.score);
  if (!list.length) return null;
  const one = list.length === 1;
  return {
    heading: one
      ? 'This person may already be recorded: the pair waits for review on the Duplicates page.'
      : `This person may already be recorded, as one of these ${list.length} records: `
        + 'the pairs wait for review on the Duplicates page.',
    items: list.map((d) => ({
      id: d.otherId,
      name: d.otherName || d.otherId,
      text: `${pairScoreText(d.score)} · ${d.band === 'strong' ? 'Strong' : 'Possible'} duplicate`,
      strong: d.band === 'strong',
    })),
  };
}

/**
 * The profile's "Possible duplicates" (Person.possibleDuplicates: the record's stored pairs
 * nobody has decided yet), best first, each line worded as the custody notice words it.
 * Null when there are none.
 */
export function profilePossibleDuplicates(duplicates) {
  const notice = possibleDuplicatesNotice(duplicates);
  if (!notice) return null;
  const n = notice.items.length;
  return {
    heading: 'Possible duplicates',
    text: (n === 1 ? 'Another record may be this same person. The pair is'
      : `${n} other records may be this same person. The pairs are`)
      + ' not decided yet: nothing is merged until someone decides on the Duplicates page.',
    items: notice.items,
  };
}
