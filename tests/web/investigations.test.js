// Pure rules of saved investigations (web/src/features/investigations/format.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  WITHHELD_TEXT, changesNote, checkSaveForm, listLine, listSummary, parseNames, positionsById,
  saveInput, sharedWords, toolbarFilters,
} from '../../web/src/features/investigations/format.js';

const form = { name: ' Op Larch ', caseReference: ' OP-7 ', notes: ' who supplies ', users: 'a.b, c-d  a.b', roles: ['officer'] };

test('user names are split on commas and spaces, each once', () => {
  assert.deepEqual(parseNames('jsmith, akhan;  jsmith\nbpatel'), ['jsmith', 'akhan', 'bpatel']);
  assert.deepEqual(parseNames(''), []);
  assert.deepEqual(parseNames(null), []);
});

test('the save form is trimmed and checked against the server limits', () => {
  assert.deepEqual(checkSaveForm(form, 3).fields, { name: 'Op Larch', caseReference: 'OP-7',
    notes: 'who supplies', users: ['a.b', 'c-d'], roles: ['officer'] });
  assert.equal(checkSaveForm({ ...form, caseReference: ' ' }, 3).fields.caseReference, null);
  assert.match(checkSaveForm(form, 0).error, /nothing on the canvas/);
  assert.match(checkSaveForm(form, 1001).error, /At most 1000 .* has 1001/);
  assert.equal(checkSaveForm({ ...form, name: '  ' }, 3).field, 'name');
  assert.equal(checkSaveForm({ ...form, name: 'x'.repeat(201) }, 3).field, 'name');
  assert.equal(checkSaveForm({ ...form, caseReference: 'x'.repeat(101) }, 3).field, 'caseReference');
  assert.match(checkSaveForm({ ...form, notes: 'x'.repeat(5001) }, 3).error, /at most 5000 characters \(5001 now\)/);
  assert.equal(checkSaveForm({ ...form, users: Array.from({ length: 26 }, (_, i) => `u${i}x`).join(',') }, 3).field, 'users');
  assert.match(checkSaveForm({ ...form, roles: ['auditor'] }, 3).error, /auditor is not a role that reads people/);
});

test('the canvas becomes the API input: every node with its position, centres on it', () => {
  const canvas = { positions: { 'P-1': { x: 1.23456, y: -2 }, 'P-2': { x: 100, y: 50.555 } },
    centreIds: ['P-1', 'P-9'], depth: 3,
    filters: { kinds: ['FAMILY'], since: '2020-01-01', until: '', minSource: '2', minAssessment: null } };
  const input = saveInput(checkSaveForm(form, 2).fields, canvas, { key: 'k1' });
  assert.deepEqual(input.nodes, [{ id: 'P-1', x: 1.23, y: -2 }, { id: 'P-2', x: 100, y: 50.56 }]);
  assert.deepEqual(input.centreIds, ['P-1']);
  assert.equal(input.depth, 3);
  assert.deepEqual(input.filters, { kinds: ['FAMILY'], minSource: '2', minAssessment: null });
  assert.equal(input.since, '2020-01-01');
  assert.equal(input.until, null);
  assert.equal(input.idempotencyKey, 'k1');
  assert.equal(input.id, undefined);
  const update = saveInput(checkSaveForm(form, 2).fields, { ...canvas, centreIds: [] }, { id: 'INV-1', key: 'k1' });
  assert.equal(update.id, 'INV-1');
  assert.equal(update.idempotencyKey, undefined);
  assert.deepEqual(update.centreIds, ['P-1'], 'no centre drawn: the first node');
  assert.deepEqual(update.sharedWithUsers, ['a.b', 'c-d']);
});

test('saved filters go back into the toolbar, positions into a map', () => {
  assert.deepEqual(toolbarFilters({ filters: { kinds: null, minSource: null, minAssessment: 'B' },
    since: null, until: '2025-01-01' }),
  { kinds: null, since: '', until: '2025-01-01', minSource: '', minAssessment: 'B' });
  assert.deepEqual(positionsById([{ id: 'P-1', x: 1, y: 2 }]), { 'P-1': { x: 1, y: 2 } });
});

const opened = (changes, withheld = false) => ({
  savedAt: '2026-12-01T09:30:00+00:00', withheld,
  network: { elements: { nodes: [{ id: 'P-1', label: 'Mohammed Al-Hassan' }, { id: 'P-3', label: 'Aleksandr Petrov' }] } },
  changes: { since: '2026-12-01T09:30:00+00:00', linksAmongCount: 0, linksAroundCount: 0, recordsCount: 0,
    linksAmong: [], linksAround: [], records: [], ...changes },
});

test('the note says what changed since saved, or that nothing did', () => {
  const none = changesNote(opened({}));
  assert.equal(none.summary, 'Nothing you may see has changed since it was saved (2026-12-01 09:30 UTC).');
  assert.equal(none.withheld, null);
  assert.deepEqual(none.items, []);
  const some = changesNote(opened({
    linksAmongCount: 1, linksAroundCount: 2, recordsCount: 1,
    linksAmong: [{ id: 'AS-9', kind: 'PHONE_CONTACT', fromId: 'P-1', toId: 'P-3', toLabel: 'Aleksandr Petrov', toType: 'Person' }],
    linksAround: [{ id: 'AS-10', kind: 'FRIEND', fromId: 'P-3', toId: 'P-5', toLabel: 'Jan Kowalski', toType: 'Person' }],
    records: [{ personId: 'P-1', label: 'Mohammed Al-Hassan', summary: 'new arrest (AR-7)' }],
  }));
  assert.equal(some.summary, 'Since it was saved (2026-12-01 09:30 UTC): 1 new link among its people, '
    + '2 new links to people not on it, 1 new record of its people.');
  assert.deepEqual(some.items.map((i) => [i.kind, i.personId, i.text]), [
    ['among', 'P-1', 'New phone contact link: Mohammed Al-Hassan — Aleksandr Petrov (AS-9)'],
    ['around', 'P-5', 'New friend link: Aleksandr Petrov — Jan Kowalski, not on the canvas (AS-10)'],
    ['record', 'P-1', 'Mohammed Al-Hassan: new arrest (AR-7)'],
  ]);
  assert.equal(some.more, 'The newest 3 of 4 are listed.');
});

test('withheld material is said to be withheld, and nothing more', () => {
  const note = changesNote(opened({}, true));
  assert.equal(note.withheld, WITHHELD_TEXT);
  assert.doesNotMatch(WITHHELD_TEXT, /\d/);
});

test('the list says whose it is, who it is shared with and when it was saved', () => {
  const inv = { caseReference: 'OP-7', mine: false, owner: 'test-analyst', savedAt: '2026-12-01T09:30:00Z',
    sharedWithUsers: ['test-officer'], sharedWithRoles: ['supervisor'] };
  assert.equal(listLine(inv), 'Case OP-7 · by test-analyst · saved 2026-12-01 09:30 UTC · '
    + 'Shared with test-officer, every supervisor');
  assert.equal(sharedWords({}), 'Not shared');
  assert.equal(listLine({ mine: true, savedAt: 'x' }), 'yours · saved x · Not shared');
  assert.match(listSummary(0, 0), /Save investigation/);
  assert.equal(listSummary(1, 1), 'Showing 1 of 1 investigation, yours and those shared with you, most recently changed first.');
});
