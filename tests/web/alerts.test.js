// Pure rules of watches and alerts (web/src/features/alerts/format.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { alertByLine, alertTime, alertsSummary, badgeText, checkReason, watchingText } from '../../web/src/features/alerts/format.js';

test('the badge is empty at none, the count up to 99, then 99+', () => {
  assert.equal(badgeText(0), '');
  assert.equal(badgeText(null), '');
  assert.equal(badgeText(3), '3');
  assert.equal(badgeText(99), '99');
  assert.equal(badgeText(100), '99+');
});

test('times are given in UTC to the minute; anything else as it came', () => {
  assert.equal(alertTime('2026-12-07T15:04:59.123+00:00'), '2026-12-07 15:04 UTC');
  assert.equal(alertTime('soon'), 'soon');
});

test('a watch needs a reason of 4 to 2000 characters', () => {
  assert.match(checkReason('  ').error, /at least 4/);
  assert.match(checkReason('x'.repeat(2001)).error, /2000/);
  assert.deepEqual(checkReason('  op Harbour '), { reason: 'op Harbour' });
});

test('the summary says how many are shown and unread, and what to do when empty', () => {
  assert.match(alertsSummary(0, 0, 0, false), /Watch a person from their profile/);
  assert.equal(alertsSummary(0, 0, 0, true), 'No unread alerts.');
  assert.equal(alertsSummary(2, 5, 1, false), 'Showing 2 of 5 alerts, newest first; 1 unread.');
  assert.equal(alertsSummary(1, 1, 1, true), 'Showing 1 of 1 unread alert, newest first; 1 unread.');
  assert.equal(watchingText({ since: '2026-12-01T09:30:00Z', reason: 'op Harbour' }),
    'Watching since 2026-12-01 09:30 UTC: op Harbour');
});

test('an alert names who recorded its record, except a sensitive operation\'s (its summary says who looked)', () => {
  const at = '2026-12-07T15:04:59Z';
  assert.equal(alertByLine({ kind: 'arrest', at, recordedBy: 'PC 9' }), '2026-12-07 15:04 UTC · recorded by PC 9');
  assert.equal(alertByLine({ kind: 'sensitive_consultation', at, recordedBy: 'dc-a' }), '2026-12-07 15:04 UTC');
  assert.equal(alertByLine({ kind: 'arrest', at, recordedBy: null }), '2026-12-07 15:04 UTC');
});
