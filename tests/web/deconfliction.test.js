// Pure rules of the deconfliction card (web/src/features/deconfliction/format.js) and the
// purpose categories (web/src/shared/purposes.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  checkOperationReason, consultationText, deconflictionSummary, ownerText, utcMinute, watcherText,
} from '../../web/src/features/deconfliction/format.js';
import { PURPOSE_CATEGORIES, purposeLabel } from '../../web/src/shared/purposes.js';

const row = {
  user: 'dc-jones', role: 'analyst', purposeCategory: 'intelligence', lastAt: '2026-03-02T09:15:30+00:00',
  firstAt: '2026-02-20T17:00:00+00:00', sharedCase: false, caseReference: null, purpose: null,
};

test('a consultation says who, when (since which day) and the category, never words not sent', () => {
  assert.deepEqual(consultationText(row), {
    who: 'dc-jones (analyst)', when: '2026-03-02 09:15 UTC (since 2026-02-20)',
    why: 'Intelligence development', shared: null,
  });
  assert.equal(consultationText({ ...row, firstAt: '2026-03-02T08:00:00Z' }).when, '2026-03-02 09:15 UTC');
});

test('the purpose is quoted only for a row on the reader\'s case reference', () => {
  const shared = { ...row, sharedCase: true, caseReference: 'OP-LARCH', purpose: 'Mapping the supply line' };
  assert.equal(consultationText(shared).shared, 'Your case OP-LARCH: “Mapping the supply line”');
  // A row that is not shared shows no words even if a client were sent some.
  assert.equal(consultationText({ ...row, purpose: 'leaked words' }).shared, null);
});

test('a watcher is shown with since when and the reason only on a shared case', () => {
  const w = { user: 'dc-smith', role: 'officer', since: '2026-02-01T08:00:00Z', purposeCategory: 'custody',
    sharedCase: true, caseReference: 'CU-9', reason: 'Suspect in CU-9' };
  assert.deepEqual(watcherText(w), { who: 'dc-smith (officer)', when: 'watching since 2026-02-01 08:00 UTC',
    why: 'Custody: a detained person', shared: 'Your case CU-9: “Suspect in CU-9”' });
  assert.equal(watcherText({ ...w, sharedCase: false, reason: null }).shared, null);
});

test('categories not stated or unknown read as such', () => {
  assert.equal(purposeLabel('not_stated'), 'purpose not stated');
  assert.equal(purposeLabel(undefined), 'purpose not stated');
  assert.equal(PURPOSE_CATEGORIES.length, 7);
  assert.ok(PURPOSE_CATEGORIES.every(([value, label]) => /^[a-z]+$/.test(value) && label));
});

test('the summary counts entries and watchers, or says there is no one', () => {
  assert.equal(deconflictionSummary({ days: 30, totalCount: 0, watcherCount: 0 }),
    'No one else has consulted or watches this person in the last 30 days.');
  assert.match(deconflictionSummary({ days: 30, totalCount: 2, watcherCount: 1 }),
    /^Others consulted this person in the last 30 days \(2 entries\); 1 other user watches this person\./);
  assert.match(deconflictionSummary({ days: 30, totalCount: 1, watcherCount: 0 }), /\(1 entry\)\. Purposes/);
  assert.equal(deconflictionSummary({ withheld: true, days: 30, totalCount: 0, watcherCount: 0 }), '');
});

test('the owner is reminded what others see; a reason is 4 to 2000 characters', () => {
  assert.match(ownerText({ markedAt: '2026-03-01T10:00:00Z', reason: 'Op Nightjar' }),
    /^You own a sensitive operation on this person since 2026-03-01 10:00 UTC: Op Nightjar\./);
  assert.ok(checkOperationReason(' no ').error);
  assert.ok(checkOperationReason('x'.repeat(2001)).error);
  assert.deepEqual(checkOperationReason('  Op Nightjar '), { reason: 'Op Nightjar' });
  assert.equal(utcMinute('later'), 'later');
});
