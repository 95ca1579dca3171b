// Pure rules of the safeguarding page (#/safeguarding): the plain statement that being
// listed or referred is not evidence, the reason's check, and each line's words. No DOM:
// `node --test` covers it (tests/web/safeguarding.test.js).

export const NOT_EVIDENCE = 'For safeguarding, not enforcement. These people have no offending of their '
  + 'own recorded; they are listed because several of their associates have. They may be at risk of '
  + 'exploitation, grooming or harm. Being listed, or referred, is not evidence of anything: it is never '
  + 'grounds for suspicion, sets no flag and does not count towards any harm score.';

export const MAX_REASON = 2000;

/** The reason box → {reason} or {error}. */
export function checkReason(text) {
  const reason = String(text ?? '').trim();
  if (reason.length < 4) return { error: 'Say why the person needs support (at least 4 characters).' };
  if (reason.length > MAX_REASON) return { error: `At most ${MAX_REASON} characters.` };
  return { reason };
}

export const atRiskText = (r) => `${r.offendingAssociates} of ${r.associates} associates have offending recorded`;

/** "2026-12-04 21:40 UTC by test-officer" */
export function referredText(r) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(String(r.referredAt ?? ''));
  return `${m ? `${m[1]} ${m[2]} UTC` : r.referredAt} by ${r.referredBy}`;
}

export function listSummary(shown, total, what) {
  if (!total) return what === 'queue' ? 'No referrals yet.' : 'No one meets the at-risk criteria.';
  const noun = what === 'queue' ? `referral${total === 1 ? '' : 's'}` : `${total === 1 ? 'person' : 'people'} at risk`;
  return `Showing ${shown} of ${total.toLocaleString('en-GB')} ${noun}${what === 'queue' ? ', newest first' : ', most exposed first'}.`;
}
