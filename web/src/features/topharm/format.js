// Pure rules of the top-harm list (#/top-harm): the filters' checks, the words for flag
// states, the score's terms and each conviction's line of working, and when the scores
// were computed. No DOM: `node --test` covers it (tests/web/topharm.test.js).

export const FLAG_STATES = [
  { value: '', label: 'Any flag state' },
  { value: 'ACTIVE', label: 'Flag active' },
  { value: 'CLEARED', label: 'Flag cleared' },
  { value: 'NONE', label: 'Never flagged' },
];

const FLAG_WORDS = { ACTIVE: 'flag active', CLEARED: 'flag cleared', NONE: 'never flagged' };
export const flagWords = (state) => FLAG_WORDS[state] ?? String(state ?? '');

/** The form's values → {filters} or {errors: {field: message}}. */
export function topHarmFilters(values) {
  const borough = String(values?.borough ?? '').trim() || null;
  const communityText = String(values?.community ?? '').trim();
  const flagState = String(values?.flagState ?? '') || null;
  if (communityText && !/^\d{1,6}$/.test(communityText)) {
    return { errors: { community: 'A community is a number (0 is the largest).' } };
  }
  return { filters: { borough, community: communityText ? Number(communityText) : null, flagState } };
}

const n2 = (x) => Number(x).toLocaleString('en-GB', { maximumFractionDigits: 2 });

/** The score's terms: "G 374 × R 0.81 + F 28 = 331.9". */
export function scoreTerms(harm) {
  return `G ${n2(harm.gravity)} × R ${Number(harm.recency).toFixed(3)} + F ${n2(harm.frequency)} = ${n2(harm.score)}`;
}

/** One conviction's line of working. */
export function workingLine(w) {
  const offences = w.offences.map((o) => `${o.code}: ${n2(o.chiDays)} CCHI days`).join('; ');
  const window = w.inFrequencyWindow ? ' · within 3 years: +28 to F' : '';
  return {
    head: `${w.convictedOn}${w.jurisdiction && w.jurisdiction !== 'GB' ? ` (${w.jurisdiction})` : ''} · conviction ${w.convictionId}`,
    sum: `gravity ${n2(w.gravity)} × recency weight ${Number(w.recencyWeight).toFixed(4)} `
      + `(${Number(w.ageYears).toFixed(1)} years old) = ${n2(w.weighted)}${window}`,
    offences,
  };
}

/** "Scores computed 2026-12-04 21:40 UTC by the last analytics run" from the rows shown. */
export function computedText(rows) {
  const times = rows.map((r) => r.computedAt).filter(Boolean).sort();
  if (!times.length) return 'Scores computed when each conviction was recorded; the network analytics have not run yet.';
  const latest = times[times.length - 1];
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(latest);
  const asOf = rows.map((r) => r.harm.asOf).sort();
  return `Scores computed ${m ? `${m[1]} ${m[2]} UTC` : latest} by the last analytics run`
    + ` (as at ${asOf[asOf.length - 1]}; a score rescored since a new conviction shows its own date).`;
}

/** "Showing 25 of 312 people (borough Camden, flag active)." */
export function topHarmSummary({ shown, total, filters }) {
  const parts = [];
  if (filters.borough) parts.push(`borough ${filters.borough}`);
  if (filters.community != null) parts.push(`community ${filters.community}`);
  if (filters.flagState) parts.push(flagWords(filters.flagState));
  const filter = parts.length ? ` (${parts.join(', ')})` : '';
  if (!total) return `No one with a harm score above 0${filter}.`;
  return `Showing ${shown} of ${total.toLocaleString('en-GB')} ${total === 1 ? 'person' : 'people'}${filter}, highest harm first.`;
}
