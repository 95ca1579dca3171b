// Pure wording of why a run of checks was made (the "Earlier checks" panel): the purpose
// and case reference of the session that started it, as runChecks stored them on every
// Check of the run. No DOM here: tests/web/check-runs.test.js covers it.

export const PURPOSE_MAX = 60;
export const CASE_MAX = 30;

/** Whitespace collapsed (a purpose may hold line breaks), trimmed; '' for nothing. */
export const oneLine = (text) => String(text ?? '').replace(/\s+/g, ' ').trim();

/**
 * `text` cut to at most `max` characters (code points, so no half emoji), at the last
 * word break when there is one in the second half, with "…" at the end.
 */
export function shorten(text, max) {
  const chars = Array.from(oneLine(text));
  if (chars.length <= max) return chars.join('');
  const cut = chars.slice(0, Math.max(1, max - 1)).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space >= max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * Why a run was made, for the panel: {text, title, recorded}. `text` is
 * "for: <purpose> (case <ref>)" with long parts shortened; `title` is the full wording
 * when something was shortened (else null). Runs stored before purposes were kept say so.
 */
export function runPurpose(run, { purposeMax = PURPOSE_MAX, caseMax = CASE_MAX } = {}) {
  const purpose = oneLine(run?.purpose);
  const caseRef = oneLine(run?.caseReference);
  if (!purpose && !caseRef) return { text: 'purpose not recorded', title: null, recorded: false };
  const word = (p, c) => (p ? `for: ${p}${c ? ` (case ${c})` : ''}` : `for: case ${c}`);
  const full = word(purpose, caseRef);
  const text = word(shorten(purpose, purposeMax), shorten(caseRef, caseMax));
  return { text, title: text === full ? null : full, recorded: true };
}
