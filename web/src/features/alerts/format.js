// Pure rules of watches and alerts: the nav badge, each alert's time, the watch reason's
// check and the list's summary. No DOM: `node --test` covers it (tests/web/alerts.test.js).

export const MAX_REASON = 2000;

/** The nav badge: nothing at 0, the count up to 99, then "99+". */
export function badgeText(unread) {
  const n = Number(unread) || 0;
  if (n <= 0) return '';
  return n > 99 ? '99+' : String(n);
}

/** "2026-12-04 21:40 UTC" from an ISO instant; the text itself when it is not one. */
export function alertTime(at) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(String(at ?? ''));
  return m ? `${m[1]} ${m[2]} UTC` : String(at ?? '');
}

/** The reason box → {reason} or {error}. */
export function checkReason(text) {
  const reason = String(text ?? '').trim();
  if (reason.length < 4) return { error: 'Say why you follow this person (at least 4 characters).' };
  if (reason.length > MAX_REASON) return { error: `At most ${MAX_REASON} characters.` };
  return { reason };
}

export function alertsSummary(shown, total, unread, unreadOnly) {
  if (!total) {
    return unreadOnly ? 'No unread alerts.'
      : 'No alerts yet. Watch a person from their profile to be told when something new is recorded about them.';
  }
  const noun = `alert${total === 1 ? '' : 's'}`;
  return `Showing ${shown} of ${total.toLocaleString('en-GB')} ${unreadOnly ? 'unread ' : ''}${noun}, newest first; ${unread.toLocaleString('en-GB')} unread.`;
}

export const watchingText = (w) => `Watching since ${alertTime(w.since)}: ${w.reason}`;

/** The line under an alert: when, and who recorded the record (a sensitive operation's
 * alerts name who looked in their summary already). */
export function alertByLine(a) {
  const by = a.recordedBy && !String(a.kind).startsWith('sensitive_') ? ` · recorded by ${a.recordedBy}` : '';
  return `${alertTime(a.at)}${by}`;
}
