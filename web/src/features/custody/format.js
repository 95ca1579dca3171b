// Pure functions behind the custody-check and screening pages: validating what a new
// arrival says, wording a candidate's score and field explanations, the risk summary, the
// state of each check (the screening CSV lives in screening/csv.js). No DOM here: `node --test` covers
// all of it (tests/web/custody.test.js).

import { hashForRun } from '../../router.js';
import { countryCode } from './countries.js';

const PNC_ID = /^\d{4}\/\d{7}[A-Z]$/;
const CRO_NUMBER = /^\d{1,6}\/\d{2}[A-Z]$/;
const PASSPORT = /^[A-Z]{2}:[A-Z0-9]{6,9}$/;
const PASSPORT_NUMBER = /^[A-Z0-9]{6,9}$/;

// ---------------------------------------------------------------------------------------
// The new-arrival form.

function isRealDate(y, m, d) {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * A date of birth as typed ("1992-03-14", "14/03/1992", "1992-03", "1992") → partial ISO,
 * or {error}. `today` (YYYY-MM-DD) bounds it: nobody in custody was born tomorrow.
 */
export function normaliseDateOfBirth(text, today = new Date().toISOString().slice(0, 10)) {
  const value = String(text ?? '').trim();
  if (!value) return { value: null };
  let y; let m = null; let d = null;
  let match;
  if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value))) [, y, m, d] = match;
  else if ((match = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(value))) [, d, m, y] = match;
  else if ((match = /^(\d{4})-(\d{2})$/.exec(value))) [, y, m] = match;
  else if ((match = /^(\d{1,2})[/.](\d{4})$/.exec(value))) [, m, y] = match;
  else if ((match = /^(\d{4})$/.exec(value))) [, y] = match;
  else {
    return { error: 'Date of birth as YYYY-MM-DD or DD/MM/YYYY (or just the year, YYYY, or YYYY-MM).' };
  }
  y = Number(y);
  if (y < 1900) return { error: `The year ${y} is too early: check the date of birth.` };
  if (m != null && (Number(m) < 1 || Number(m) > 12)) {
    return { error: `There is no month ${Number(m)}: check the date of birth.` };
  }
  if (d != null && !isRealDate(y, Number(m), Number(d))) {
    return { error: `${value} is not a real date: check the day and month.` };
  }
  const iso = [String(y), m && String(m).padStart(2, '0'), d && String(d).padStart(2, '0')]
    .filter(Boolean).join('-');
  if (iso > today.slice(0, iso.length)) return { error: 'The date of birth is in the future.' };
  return { value: iso };
}

const squeeze = (v) => String(v ?? '').trim().replace(/\s+/g, ' ');
const compact = (v) => String(v ?? '').replace(/\s+/g, '').toUpperCase();

/**
 * Validate the new-arrival form. `values` holds the raw inputs: givenNames, familyName,
 * dateOfBirth, nationality, passport, reference (PNC ID or CRO number), fingerprintRef.
 * Returns {claim, errors: [{field, message}]}; `claim` is an IdentityClaimInput.
 */
export function validateArrival(values, { today } = {}) {
  const errors = [];
  const claim = {};
  const given = squeeze(values.givenNames);
  const family = squeeze(values.familyName);
  if (!family) {
    errors.push({ field: 'familyName', message: 'Enter the family name (surname) the person gives.' });
  } else if (!/\p{L}/u.test(family)) {
    errors.push({ field: 'familyName', message: 'The family name must contain letters.' });
  }
  claim.familyName = family;
  if (given) claim.givenNames = given;

  const dob = normaliseDateOfBirth(values.dateOfBirth, today);
  if (dob.error) errors.push({ field: 'dateOfBirth', message: dob.error });
  else if (dob.value) claim.dateOfBirth = dob.value;

  // A country name or an ISO 3166 code ("Albania", "AL", "ALB"), sent as alpha-2.
  const typedNationality = squeeze(values.nationality);
  const nationality = typedNationality ? countryCode(typedNationality) : null;
  if (typedNationality && !nationality) {
    errors.push({ field: 'nationality',
      message: `"${typedNationality}" is not a country we know: type the country's name or `
        + 'its code, e.g. Albania, AL or ALB.' });
  } else if (nationality) claim.nationality = nationality;

  let passport = compact(values.passport);
  if (passport && PASSPORT_NUMBER.test(passport) && nationality) {
    passport = `${nationality}:${passport}`; // a bare number: issued by the stated nationality
  }
  if (passport && !PASSPORT.test(passport)) {
    errors.push({ field: 'passport', message: 'Passport as country and number, e.g. GB:123456789 '
      + '(or the number alone with a two-letter nationality).' });
  } else if (passport) claim.passport = passport;

  const reference = compact(values.reference);
  if (reference && PNC_ID.test(reference)) claim.pncId = reference;
  else if (reference && CRO_NUMBER.test(reference)) claim.croNumber = reference;
  else if (reference) {
    errors.push({ field: 'reference',
      message: 'PNC ID as 2019/0123456X or CRO number as 123456/19K.' });
  }

  const fingerprint = compact(values.fingerprintRef);
  if (fingerprint && !PNC_ID.test(fingerprint) && !CRO_NUMBER.test(fingerprint)) {
    errors.push({ field: 'fingerprintRef', message: 'Fingerprint reference as IDENT1 returns it: '
      + 'a PNC ID (2019/0123456X) or CRO number (123456/19K).' });
  } else if (fingerprint) claim.fingerprintRef = fingerprint;
  return { claim, errors };
}

/** The PersonInput a "create new nominal" records, prefilled from the claim. */
export function personInputFromClaim(claim, source = 'custody:new-arrival') {
  const input = { familyName: claim.familyName, source };
  if (claim.givenNames) input.givenNames = claim.givenNames;
  if (claim.dateOfBirth) input.datesOfBirth = [claim.dateOfBirth];
  if (claim.nationality && claim.nationality.length === 2) input.nationalities = [claim.nationality];
  if (claim.passport) input.passports = [claim.passport];
  if (claim.pncId) input.pncId = claim.pncId;
  if (claim.croNumber) input.croNumber = claim.croNumber;
  return input;
}

// ---------------------------------------------------------------------------------------
// Scores and explanations.

const FIELD_LABELS = {
  given_names: 'Given names', family_name: 'Family name', name: 'Name', aliases: 'Aliases',
  date_of_birth: 'Date of birth', nationality: 'Nationality', passport: 'Passport',
  pnc_id: 'PNC ID', cro_number: 'CRO number', ho_reference: 'HO reference',
  fingerprint: 'Fingerprint',
};

export function fieldLabel(field) {
  const key = String(field ?? '').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  if (FIELD_LABELS[key]) return FIELD_LABELS[key];
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// Every outcome has a word and a symbol, so nothing rests on colour alone.
const OUTCOMES = {
  exact: { label: 'Agrees', symbol: '✓', tone: 'agree' },
  variant: { label: 'Variant', symbol: '≈', tone: 'near' },
  close: { label: 'Close', symbol: '~', tone: 'near' },
  differs: { label: 'Differs', symbol: '✗', tone: 'differs' },
  missing: { label: 'Not compared', symbol: '–', tone: 'missing' },
};

/** A percentage a person reads at a glance; never "100%" for anything short of certain. */
export function formatScore(score) {
  if (score == null || Number.isNaN(Number(score))) return '—';
  const pct = Number(score) * 100;
  if (pct >= 99.95 && pct < 100) return '>99.9%';
  if (pct > 0 && pct < 0.05) return '<0.1%';
  if (pct >= 99 || pct < 1) return `${pct.toFixed(1)}%`;
  return `${Math.round(pct)}%`;
}

// Fields that identify a person on their own: an exact agreement makes a match certain.
const IDENTIFIERS = new Set(['passport', 'pnc_id', 'cro_number', 'ho_reference', 'fingerprint']);

/** Whether a candidate's match is certain: an identifier (passport, PNC ID, CRO number,
 * Home Office reference, fingerprint) agrees exactly. */
export const isCertain = (fields) => (fields ?? []).some((f) => f.outcome === 'exact'
  && IDENTIFIERS.has(String(f.field ?? '').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase()));

/**
 * A candidate's score as the custody and screening pages show it: "100%" only when the
 * match is certain (an identifier agrees); anything else is capped at "99%", because a
 * name and a date of birth never prove who someone is.
 */
export function displayScore(score, fields) {
  if (score == null || Number.isNaN(Number(score))) return '—';
  const pct = Number(score) * 100;
  if (isCertain(fields)) return pct >= 99.5 ? '100% (identifier agrees)' : formatScore(score);
  return pct >= 99 ? '99%' : formatScore(score);
}

const BANDS = {
  strong: { label: 'Strong match', tone: 'strong' },
  possible: { label: 'Possible match', tone: 'possible' },
  weak: { label: 'Weak match', tone: 'weak' },
};

export function bandInfo(band) {
  return BANDS[band] ?? { label: band ? `${band} match` : 'Unbanded', tone: 'weak' };
}

/** One FieldComparison as the explanation table shows it. */
export function explainField(fc) {
  const outcome = OUTCOMES[fc.outcome] ?? { label: fc.outcome ?? '?', symbol: '?', tone: 'missing' };
  const w = Number(fc.weight ?? 0);
  return {
    field: fc.field,
    label: fieldLabel(fc.field),
    outcome: fc.outcome,
    outcomeLabel: outcome.label,
    symbol: outcome.symbol,
    tone: outcome.tone,
    claimed: fc.claimed ?? '—',
    recorded: fc.recorded ?? '—',
    explanation: fc.explanation || outcome.label.toLowerCase(),
    weight: w,
    weightText: fc.outcome === 'missing' ? '0' : `${w >= 0 ? '+' : '−'}${Math.abs(w).toFixed(1)}`,
  };
}

/** Agreeing fields first, then near ones, then differing, then missing; weight breaks ties. */
export function explainFields(fields) {
  const order = { agree: 0, near: 1, differs: 2, missing: 3 };
  return (fields ?? []).map(explainField)
    .sort((a, b) => (order[a.tone] - order[b.tone]) || (b.weight - a.weight));
}

/** "Agrees: family name, date of birth · Differs: nationality" for a one-line summary. */
export function explanationSummary(fields) {
  const groups = new Map();
  for (const f of explainFields(fields)) {
    if (f.tone === 'missing') continue;
    const key = f.tone === 'agree' ? 'Agrees' : f.tone === 'near' ? 'Near' : 'Differs';
    groups.set(key, [...(groups.get(key) ?? []), f.label.toLowerCase()]);
  }
  return [...groups].map(([k, v]) => `${k}: ${v.join(', ')}`).join(' · ');
}

// ---------------------------------------------------------------------------------------
// The risk summary.

const words = (v) => String(v ?? '').replace(/_/g, ' ');
const capitalise = (v) => { const s = words(v); return s.charAt(0).toUpperCase() + s.slice(1); };
const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const IMMIGRATION_CONCERN = new Set(['overstayer', 'illegal_entrant']);
const WARRANT_KINDS = {
  european_arrest_warrant: 'European arrest warrant', interpol_red_notice: 'Interpol red notice',
  interpol_diffusion: 'Interpol diffusion', domestic: 'Domestic warrant',
};

export function warrantText(w) {
  const kind = WARRANT_KINDS[w.kind] ?? capitalise(w.kind || 'warrant');
  const parts = [kind];
  if (w.issuingCountry) parts.push(`issued by ${w.issuingCountry}`);
  if (w.reference) parts.push(`ref ${w.reference}`);
  if (w.offenceDescription) parts.push(`for ${w.offenceDescription}`);
  if (w.issuedOn) parts.push(`on ${w.issuedOn}`);
  return parts.join(', ');
}

/**
 * The order of seriousness of a single risk, most serious first: the one place that
 * decides it (the risk list of a candidate and the screening sort both read it). Anyone
 * wanted (a European arrest warrant, an Interpol red notice or diffusion, a domestic
 * warrant) comes before a high-harm flag, which comes before warning markers, an
 * irregular immigration status, convictions abroad, convictions at home, then mere facts.
 */
export const RISK_SEVERITY = Object.freeze(['warrant', 'flag', 'marker', 'immigration', 'foreign',
  'convictions', 'immigration-status', 'arrest']);

/** Sort rank of one risk item (lower is more serious). */
export const riskItemRank = (item) => {
  const i = RISK_SEVERITY.indexOf(item.rankKey ?? item.kind);
  return i === -1 ? RISK_SEVERITY.length : i;
};

/** The rank of the severest single risk among candidates' summaries (RISK_SEVERITY.length if none). */
export function severestRisk(summaries) {
  return Math.min(RISK_SEVERITY.length,
    ...summaries.flatMap((s) => riskItems(s).map(riskItemRank)));
}

/**
 * The risk summary as a list of items, most serious first (RISK_SEVERITY). Each has
 * `severity` (critical | high | info) and the `text` says it in words (never colour alone).
 */
export function riskItems(summary) {
  if (!summary) return [];
  const items = [];
  for (const w of summary.activeWarrants ?? []) {
    items.push({ kind: 'warrant', severity: 'critical', text: `WANTED: ${warrantText(w)}` });
  }
  if (summary.activeFlags > 0) {
    items.push({ kind: 'flag', severity: 'high',
      text: `${plural(summary.activeFlags, 'active flag')} (high harm)` });
  }
  for (const m of summary.warningMarkers ?? []) {
    items.push({ kind: 'marker', severity: 'high', text: `⚠ Warning marker: ${capitalise(m)}` });
  }
  if (IMMIGRATION_CONCERN.has(summary.immigrationStatus)) {
    items.push({ kind: 'immigration', severity: 'high',
      text: `Immigration: ${words(summary.immigrationStatus)}` });
  }
  if (summary.foreignConvictions > 0) {
    items.push({ kind: 'foreign', severity: 'high',
      text: plural(summary.foreignConvictions, 'conviction') + ' abroad' });
  }
  const home = (summary.convictions ?? 0) - (summary.foreignConvictions ?? 0);
  if (summary.convictions > 0) {
    items.push({ kind: 'convictions', severity: 'info',
      text: home > 0 && summary.foreignConvictions > 0
        ? `${plural(summary.convictions, 'conviction')} in all`
        : plural(summary.convictions, 'conviction') });
  }
  if (summary.immigrationStatus && !IMMIGRATION_CONCERN.has(summary.immigrationStatus)) {
    items.push({ kind: 'immigration', rankKey: 'immigration-status', severity: 'info',
      text: `Immigration: ${words(summary.immigrationStatus)}` });
  }
  if (summary.lastArrestedAt) {
    items.push({ kind: 'arrest', severity: 'info',
      text: `Last arrested ${ukDay(summary.lastArrestedAt)}` });
  }
  return items.sort((a, b) => riskItemRank(a) - riskItemRank(b));
}

/** high (a warrant), medium (flags, markers, immigration, abroad), low (convictions), none. */
export function riskLevel(summary) {
  const items = riskItems(summary);
  if (items.some((i) => i.severity === 'critical')) return 'high';
  if (items.some((i) => i.severity === 'high')) return 'medium';
  if (items.some((i) => i.kind === 'convictions')) return 'low';
  return 'none';
}

const RISK_ORDER = ['high', 'medium', 'low', 'none'];

/** Sort rank of a risk word (lower is more serious); unknown words sort before "none". */
export function riskRank(risk) {
  const i = RISK_ORDER.indexOf(String(risk ?? '').toLowerCase());
  return i === -1 ? RISK_ORDER.length - 1.5 : i;
}

// ---------------------------------------------------------------------------------------
// Checks.

const CHECK_KINDS = {
  wanted_abroad: 'Wanted abroad (EAW / Interpol)',
  foreign_convictions: 'Convictions abroad (ECRIS)',
  immigration_status: 'Immigration status (Home Office)',
  fingerprints: 'Fingerprints (IDENT1)',
  pnc: 'Police National Computer',
};
const SOURCES = {
  SIS_II: 'SIS II', INTERPOL_I24_7: 'Interpol I-24/7', ECRIS: 'ECRIS', HO_CID: 'Home Office CID',
  IDENT1: 'IDENT1', PNC: 'PNC',
};

export const checkKindLabel = (kind) => CHECK_KINDS[kind] ?? capitalise(kind || 'check');
export const sourceLabel = (against) => SOURCES[against] ?? words(against);

/**
 * How one check reads. state: pending | match | no_match | inconclusive | failed. A result
 * the page does not know is shown as failed: it must never read as "nothing found".
 */
export function checkState(check) {
  const detail = check.detail ? String(check.detail).replace(/^failed:\s*/i, '') : '';
  switch (check.result) {
    case 'pending':
      return { state: 'pending', label: 'Pending…', text: detail || 'Waiting for the source to answer.' };
    case 'match':
      return { state: 'match', label: 'MATCH', text: detail || 'The source holds a record of this person.' };
    case 'no_match':
      return { state: 'no_match', label: 'No match', text: detail || 'The source answered: no record.' };
    case 'inconclusive':
      return { state: 'inconclusive', label: 'Inconclusive',
        text: detail || 'The source answered but could not say either way.' };
    case 'failed':
      return { state: 'failed', label: 'FAILED',
        text: `Check not completed: ${detail || 'no reason given'}. This is not a "no match".` };
    default:
      return { state: 'failed', label: 'FAILED',
        text: `Unknown result "${check.result ?? 'none'}": treat this check as not done.` };
  }
}

// A match on these is a risk; on the others (Home Office record, prints on IDENT1) it is
// information about who the person is.
const SERIOUS_MATCH = new Set(['wanted_abroad', 'foreign_convictions']);
export const isSeriousMatch = (check) => check.result === 'match' && SERIOUS_MATCH.has(check.kind);

/** Checks in a steady order: wanted abroad first, then convictions, immigration, prints. */
export function sortChecks(checks) {
  const order = Object.keys(CHECK_KINDS);
  const rank = (c) => (order.includes(c.kind) ? order.indexOf(c.kind) : order.length);
  return [...(checks ?? [])].sort((a, b) => (rank(a) - rank(b))
    || String(a.against ?? '').localeCompare(String(b.against ?? '')));
}

/** "4 checks: 1 match, 2 no match, 1 FAILED; 1 still pending" */
export function runSummary(run) {
  const checks = run?.checks ?? [];
  if (!checks.length) return run?.complete ? 'No checks were run.' : 'Starting the checks…';
  const counts = {};
  for (const c of checks) {
    const { state } = checkState(c);
    counts[state] = (counts[state] ?? 0) + 1;
  }
  const parts = [['match', 'match', 'matches'], ['no_match', 'no match', 'no match'],
    ['inconclusive', 'inconclusive', 'inconclusive'], ['failed', 'FAILED', 'FAILED']]
    .filter(([k]) => counts[k]).map(([k, one, many]) => `${counts[k]} ${counts[k] === 1 ? one : many}`);
  const pending = counts.pending ? `; ${counts.pending} still pending` : '';
  const head = `${plural(checks.length, 'check')}${run.complete ? '' : ' (running)'}`;
  return `${head}: ${parts.join(', ') || 'none answered yet'}${pending}`;
}

// ---------------------------------------------------------------------------------------
// A person's earlier check runs (the "Earlier checks" panel).

const AGO = [[1, 'minute'], [60, 'hour'], [1440, 'day'], [43200, 'month'], [525600, 'year']];

/** "just now", "5 minutes ago", "3 days ago", "2 months ago", "1 year ago"; '' if no date. */
export function timeAgo(iso, now = new Date()) {
  const minutes = Math.floor((now.getTime() - Date.parse(iso ?? '')) / 60000);
  if (Number.isNaN(minutes)) return '';
  if (minutes < 1) return 'just now';
  const [size, unit] = AGO.findLast(([least]) => minutes >= least);
  return `${plural(Math.floor(minutes / size), unit)} ago`;
}

const UK_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: '2-digit',
  month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  timeZoneName: 'short' });
const UK_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: '2-digit',
  month: 'short', year: 'numeric' });

/**
 * A moment as a UK officer reads it, in UK local time with the zone said:
 * "01 Jun 2025, 15:03 BST" (summer) or "01 Dec 2025, 14:03 GMT". Not a date: as given.
 */
export function ukTime(iso) {
  const at = new Date(iso ?? '');
  return iso == null || Number.isNaN(at.getTime()) ? String(iso ?? '') : UK_TIME.format(at);
}

/** The UK calendar day of a moment: "01 Jun 2025" (a date alone stays as given). */
export function ukDay(iso) {
  if (iso == null) return '';
  if (/^\d{4}(-\d{2}){0,2}$/.test(String(iso))) return String(iso);
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? String(iso) : UK_DAY.format(at);
}

/** The exact time of an earlier run, in UK local time: "01 Jun 2025, 15:03 BST". */
export const exactTime = ukTime;

const OUTCOME_WORDS = { match: 'MATCH', no_match: 'no match', failed: 'FAILED', pending: 'pending',
  inconclusive: 'inconclusive' };

/**
 * A run's outcome per source, in the checks' steady order: {against, source, state, word,
 * reason, serious}. A failed check (or a result the page does not know) says why.
 */
export function runOutcomes(run) {
  return sortChecks(run?.checks).map((c) => {
    const { state } = checkState(c);
    const reason = state !== 'failed' ? ''
      : (c.result === 'failed' ? String(c.detail ?? '').replace(/^failed:\s*/i, '') || 'no reason given'
        : `unknown result "${c.result ?? 'none'}"`);
    return { against: c.against, source: sourceLabel(c.against), state,
      word: OUTCOME_WORDS[state], reason, serious: isSeriousMatch(c) };
  });
}

/** The outcome line in words: "SIS II MATCH · ECRIS FAILED (HTTP 503) · IDENT1 no match". */
export const outcomeLine = (run) => runOutcomes(run)
  .map((o) => `${o.source} ${o.word}${o.reason ? ` (${o.reason})` : ''}`).join(' · ');

/** One earlier run as the panel lists it: when (relative and exact), who, outcomes. */
export function earlierRun(run, now = new Date()) {
  return { id: run.id, href: hashForRun(run.id), ago: timeAgo(run.startedAt, now),
    at: exactTime(run.startedAt), by: run.startedBy || 'unknown officer', running: !run.complete,
    outcomes: runOutcomes(run) };
}

/** The panel's status line, the empty state included. */
export function earlierSummary(shown, total) {
  if (!total) return 'No checks have been run for this person.';
  if (shown >= total) return `${plural(total, 'run')} of checks, newest first.`;
  return `The latest ${shown} of ${total} runs of checks, newest first.`;
}
