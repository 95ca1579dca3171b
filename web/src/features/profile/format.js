// Pure wording for the profile: the 3x5x2 grading in words, arrest outcomes and disposals
// as an officer says them ("No further action", never "nfa"), dates in force, review dates
// that have passed, paging text, and the timeline in those words. No DOM: `node --test`
// covers it (tests/web/profile.test.js).

import { timelineEvents } from '../explorer/transform.js';

const SOURCE_EVALUATION = {
  1: 'reliable source',
  2: 'untested source',
  3: 'source not reliable',
};

const ASSESSMENT = {
  A: 'known directly',
  B: 'known indirectly, corroborated',
  C: 'known indirectly',
  D: 'not known',
  E: 'suspected to be false',
};

const HANDLING = {
  P: 'lawful sharing permitted',
  C: 'share only under the stated conditions',
};

/**
 * A grading (`{sourceEvaluation, intelligenceAssessment, handlingCode, handlingConditions}`)
 * in words: {code: "2B P", text: "untested source · known indirectly, corroborated · lawful
 * sharing permitted", conditions, poor}. `poor` marks what the network draws dashed
 * (source 3, assessment D or E). Null grading: "Not graded".
 */
export function gradingWords(grading) {
  if (!grading || !grading.sourceEvaluation) {
    return { code: 'Ungraded', text: 'Not graded', conditions: null, poor: true };
  }
  const source = SOURCE_EVALUATION[grading.sourceEvaluation]
    ?? `source evaluation ${grading.sourceEvaluation}`;
  const assessment = ASSESSMENT[grading.intelligenceAssessment]
    ?? `assessment ${grading.intelligenceAssessment || 'not given'}`;
  const handling = HANDLING[grading.handlingCode] ?? `handling code ${grading.handlingCode}`;
  const code = `${grading.sourceEvaluation}${grading.intelligenceAssessment ?? ''} ${grading.handlingCode ?? ''}`.trim();
  return {
    code,
    text: `${capitalise(source)} · ${assessment} · ${handling}`,
    conditions: grading.handlingConditions || null,
    poor: grading.sourceEvaluation === '3' || ['D', 'E'].includes(grading.intelligenceAssessment),
  };
}

const OUTCOMES = {
  charged: 'Charged',
  nfa: 'No further action',
  released_under_investigation: 'Released under investigation',
  bail: 'Bailed',
  caution: 'Cautioned',
  community_resolution: 'Community resolution',
  unknown: 'Outcome not recorded',
};

/** An arrest outcome as said aloud: "No further action", "Charged", ... */
export function outcomeWords(outcome) {
  if (!outcome) return OUTCOMES.unknown;
  return OUTCOMES[outcome] ?? capitalise(words(outcome));
}

const DISPOSALS = {
  immediate_custody: 'Immediate custody',
  suspended_sentence: 'Suspended sentence',
  community_order: 'Community order',
  fine: 'Fine',
  conditional_discharge: 'Conditional discharge',
  absolute_discharge: 'Absolute discharge',
  other: 'Other disposal',
};

/** A disposal with its length: "Immediate custody, 18 months". */
export function disposalWords(disposal, months) {
  if (!disposal) return 'Disposal not recorded';
  const text = DISPOSALS[disposal] ?? capitalise(words(disposal));
  return months ? `${text}, ${months} month${months === 1 ? '' : 's'}` : text;
}

const KINDS = {
  FAMILY: 'Family', PARTNER: 'Partner', LIVES_WITH: 'Lives with', FRIEND: 'Friend',
  CO_OFFENDER: 'Co-offender', PHONE_CONTACT: 'Phone contact', SOCIAL_MEDIA: 'Social media',
  ASSOCIATE: 'Associate', MEMBER_OF: 'Member of',
};

/** An association kind (FAMILY, CO_OFFENDER...) in words. */
export function kindWords(kind) {
  return KINDS[kind] ?? capitalise(words(kind));
}

const CHARGE_STATUSES = {
  pending: 'Awaiting court', convicted: 'Convicted', acquitted: 'Acquitted',
  discontinued: 'Discontinued', withdrawn: 'Withdrawn',
};

/** Where a charge stands, in words. */
export function chargeWords(status) {
  if (!status) return 'Status not recorded';
  return CHARGE_STATUSES[status] ?? capitalise(words(status));
}

/**
 * A person's part in an incident: "Victim · did not cooperate with police", "Suspect".
 * Cooperation is said only for victims and witnesses, and only when recorded.
 */
export function incidentRoleWords(role, cooperated) {
  const text = capitalise(words(role)) || 'Role not recorded';
  if (!['victim', 'witness'].includes(role) || cooperated == null) return text;
  return `${text} · ${cooperated ? 'cooperated with police' : 'did not cooperate with police'}`;
}

/** Dates in force: "since 2017-07-06", "2022-02-01 to 2023-08-31", "dates not recorded". */
export function inForce(since, until) {
  if (since && until) return `${since} to ${until}`;
  if (since) return `since ${since}`;
  if (until) return `until ${until}`;
  return 'dates not recorded';
}

const DAY = 24 * 60 * 60 * 1000;

/** Today as YYYY-MM-DD (UTC), or the date part of a given Date. */
export function isoDay(date = new Date()) {
  return date.toISOString().slice(0, 10);
}

/**
 * Whether a review date has passed: null when it has not (or there is none), else
 * {days, text: "Review overdue since 2022-12-07 (3 years)"}. Dates are YYYY-MM-DD.
 */
export function reviewOverdue(reviewDate, today = isoDay()) {
  if (!reviewDate || reviewDate >= today) return null;
  const days = Math.round((Date.parse(today) - Date.parse(reviewDate)) / DAY);
  return { days, text: `Review overdue since ${reviewDate} (${howLong(reviewDate, today)})` };
}

/**
 * How long from one YYYY-MM-DD to a later one, in calendar units rounded down: "1 day",
 * "40 days" (under 60 days), "5 months" (under 2 years), "3 years".
 */
export function howLong(from, to) {
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY);
  if (days < 60) return `${days} day${days === 1 ? '' : 's'}`;
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  const months = (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
  if (months < 24) return `${months} months`;
  return `${Math.floor(months / 12)} years`;
}

/** "11–20 of 31" for a page that starts at `offset` (0-based) and holds `count`. */
export function pageText(offset, count, total) {
  if (!total) return 'None recorded';
  if (!count) return `None here of ${total}`;
  return `${offset + 1}–${offset + count} of ${total}`;
}

/**
 * The Relay cursor for the page starting at `offset` (the API's cursors are
 * base64("offset:N") of the last item of the page before). Null for the first page.
 */
export function cursorBefore(offset) {
  if (offset <= 0) return null;
  return btoa(`offset:${offset - 1}`).replace(/\+/g, '-').replace(/\//g, '_');
}

/** Offences as one line of text. */
export function offenceText(offences) {
  return (offences ?? []).map((o) => o.description ?? o.id).join('; ');
}

const edgesOf = (conn) => (conn?.edges ?? []).map((e) => e.node);

/**
 * The person's timeline, newest first, in plain words: arrests with their outcome
 * ("No further action"), convictions with their disposal, incidents with the role.
 */
export function profileTimeline(person) {
  if (!person) return [];
  return timelineEvents({
    arrest: edgesOf(person.arrests).map((a) => ({
      id: a.id,
      date: a.arrestedAt ? a.arrestedAt.slice(0, 10) : null,
      detail: [offenceText(a.offences), outcomeWords(a.outcome), a.custodySuite]
        .filter(Boolean).join(' · '),
    })),
    conviction: edgesOf(person.convictions).map((c) => ({
      id: c.id,
      date: c.convictedOn ?? null,
      detail: [offenceText(c.offences), disposalWords(c.disposal, c.disposalMonths), c.court,
        c.foreign ? `abroad: ${c.jurisdiction}` : null].filter(Boolean).join(' · '),
    })),
    incident: edgesOf(person.incidents).map((i) => ({
      id: i.incidentId ?? i.id,
      date: i.occurredAt ? i.occurredAt.slice(0, 10) : null,
      detail: [capitalise(words(i.incidentType)), i.role && `as ${words(i.role)}`, i.location]
        .filter(Boolean).join(' · '),
    })),
  });
}

/**
 * The note shown to a reader whose role does not receive handling-code C material. It
 * depends on the role alone, never on the person: it must not say whether anything was
 * withheld from this record, nor how much (docs/security-model.md).
 */
export const WITHHELD_NOTE = 'Your role does not receive intelligence, associations or '
  + 'memberships with handling code C (share only under stated conditions). Such material, '
  + 'where it exists on any record, is not shown to you and is not counted here. Ask an '
  + 'analyst or supervisor if your enquiry needs it.';

/** Whether the signed-in role receives handling-code C material (from `me.permissions`). */
export const seesHandlingC = (permissions) => (permissions ?? []).includes('READ_INTELLIGENCE_C');

function words(value) {
  return value ? String(value).replace(/_/g, ' ').toLowerCase() : '';
}

function capitalise(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}
