// Pure rules of saved history versions (web/src/features/history/format.js): the sharing
// record, the recipients' check, the list's summary and a comparison as marked lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  MARKERS, changeLine, checkRecipients, comparisonTitle, countsText, coverageNotes, diffSections,
  diffSummary, generatedLine, harmChange, itemDetail, itemLine, listWords, partLabel, sharingRecord,
  shortHash, versionsSummary,
} from '../../web/src/features/history/format.js';

const WINTER = '2026-12-07T14:03:00+00:00';
const SUMMER = '2026-06-01T09:30:00Z';

test('who generated a version and when, in UK local time with the zone', () => {
  assert.equal(generatedLine({ generatedAt: WINTER, generatedBy: 'test-analyst' }),
    '07 Dec 2026, 14:03 GMT by test-analyst');
  assert.equal(generatedLine({ generatedAt: SUMMER, generatedBy: 'a' }), '01 Jun 2026, 10:30 BST by a');
});

test('a disclosure version carries its record of sharing; an internal one has none', () => {
  assert.equal(sharingRecord({ disclosure: false, sharedWith: [] }), null);
  assert.equal(sharingRecord({ disclosure: true, generatedBy: 'test-analyst', generatedAt: SUMMER,
    sharedWith: ['Home Office Immigration Enforcement', 'CPS London'] }),
  'Disclosed by test-analyst to Home Office Immigration Enforcement and CPS London on 01 Jun 2026, 10:30 BST');
  assert.match(sharingRecord({ disclosure: true, generatedBy: 'x', generatedAt: WINTER, sharedWith: [] }),
    /no recipient recorded/);
  assert.equal(listWords(['A', 'B', 'C']), 'A, B and C');
  assert.equal(listWords(['A']), 'A');
});

test('recipients are required, one a line, blanks and repeats dropped, at most 20', () => {
  assert.match(checkRecipients(' \n  ').error, /Name who/);
  assert.deepEqual(checkRecipients('  CPS London \r\n\nCPS London\nHome Office\n'),
    { recipients: ['CPS London', 'Home Office'] });
  assert.match(checkRecipients(Array.from({ length: 21 }, (_, i) => `R${i}`).join('\n')).error, /At most 20/);
  assert.match(checkRecipients('x'.repeat(201)).error, /200 characters/);
});

test('the list says which versions it shows of how many, and what to do when empty', () => {
  assert.match(versionsSummary(0, 0, 0), /No saved versions yet/);
  assert.equal(versionsSummary(10, 23, 10), 'Versions 11–20 of 23, newest first.');
  assert.equal(versionsSummary(1, 21, 20), 'Version 21 of 21, newest first.');
  assert.match(versionsSummary(0, 21, 30), /No more versions/);
  assert.equal(shortHash('a'.repeat(64)), `${'a'.repeat(12)}…`);
  assert.equal(shortHash(null), '—');
});

const ARREST = { id: 'AR-9', title: 'AR-9: Arrest for 092/01', when: '2024-04-20',
  fields: [['Outcome', 'Bail'], ['Officer', 'PC 4711'], ['Custody suite', '—']],
  citations: [{ record_id: 'AR-9', grading: null }, { record_id: 'IT-1', grading: '2B P' }] };

test('a line of the history reads as its headline, facts and the records it cites', () => {
  assert.equal(itemLine(ARREST), 'AR-9: Arrest for 092/01 — 2024-04-20');
  assert.equal(itemLine({ title: 'no date' }), 'no date');
  assert.equal(itemLine({ title: 'AR-2', when: '2024-04-20T23:10:00Z' }), 'AR-2 — 21 Apr 2024, 00:10 BST');
  assert.equal(itemDetail({ fields: [['Since', '2024-01-05T09:00:00Z to 2024-02-01']], citations: [] }),
    'Since: 05 Jan 2024, 09:00 GMT to 2024-02-01');
  assert.equal(itemDetail(ARREST), 'Outcome: Bail · Officer: PC 4711 · cites AR-9 (ungraded), IT-1 (2B P)');
});

test('a changed field says what it was and what it is now', () => {
  assert.equal(changeLine({ field: 'Outcome', before: 'NFA', after: 'Charged' }),
    'Outcome: was “NFA”, now “Charged”');
  assert.equal(changeLine({ field: 'Until', before: null, after: '2025-01-01' }), 'Until: added “2025-01-01”');
  assert.equal(changeLine({ field: 'Until', before: '2025-01-01', after: null }),
    'Until: removed (was “2025-01-01”)');
  assert.equal(changeLine({ field: 'citations', before: ['A (ungraded)'], after: ['A (ungraded)', 'B (1A P)'] }),
    'Records cited: was “A (ungraded)”, now “A (ungraded), B (1A P)”');
  assert.equal(changeLine({ field: 'when', before: '2024-01-01', after: '2024-01-02T10:00:00Z' }),
    'Date: was “2024-01-01”, now “02 Jan 2024, 10:00 GMT”');
});

const COMPARISON = {
  fromVersion: 1, toVersion: null, fromAsOf: '2026-12-01', toAsOf: '2026-12-07',
  fromHarmScore: 420, toHarmScore: 512.5, identical: false, withheld: false, handlingCodes: ['C', 'P'],
  sections: [
    { key: 'identity', part: 'subject', title: 'Identity', added: [], removed: [], changed: [] },
    { key: 'arrests_charges', part: 'unproven', title: 'Arrests and charges', added: [ARREST],
      removed: [{ ...ARREST, id: 'AR-1', title: 'AR-1: old', when: null }],
      changed: [{ id: 'AR-2', title: 'AR-2: Arrest', changes: [{ field: 'Outcome', before: 'NFA', after: 'Charged' }] }] },
    { key: 'harm', part: 'assessment', title: 'Harm assessment', added: [], removed: [],
      changed: [{ id: 'CV-1', title: 'CV-1', changes: [{ field: 'Term', before: '1', after: '2' }] }] },
  ],
};

test('a comparison becomes marked lines per section, unchanged sections named once', () => {
  const diff = diffSections(COMPARISON);
  assert.deepEqual(diff.unchanged, ['Identity']);
  assert.deepEqual(diff.totals, { added: 1, removed: 1, changed: 2 });
  const [arrests, harm] = diff.sections;
  assert.equal(arrests.key, 'arrests_charges');
  assert.deepEqual(arrests.rows.map((r) => [r.kind, r.sign, r.word]),
    [['added', '+', 'Added'], ['removed', '−', 'Removed'], ['changed', '~', 'Changed']]);
  assert.equal(arrests.rows[0].text, 'AR-9: Arrest for 092/01 — 2024-04-20');
  assert.deepEqual(arrests.rows[2].changes, ['Outcome: was “NFA”, now “Charged”']);
  assert.equal(arrests.rows[2].detail, 'Record AR-2');
  assert.equal(countsText(arrests.counts), '+1 −1 ~1');
  assert.equal(harm.part, 'assessment');
  assert.equal(partLabel('unproven'), 'Part B — unproven');
  // Every kind has a word as well as a colour.
  for (const kind of ['added', 'removed', 'changed']) assert.ok(MARKERS[kind].word.length > 3);
});

test('the summary, title and harm line of a comparison', () => {
  const diff = diffSections(COMPARISON);
  assert.equal(diffSummary(diff, false), '1 line added, 1 line removed, 2 lines changed in 2 sections.');
  assert.equal(diffSummary(diffSections({ sections: [] }), true), 'No change: the two have the same content.');
  assert.equal(comparisonTitle(COMPARISON),
    'Version 1 (as at 2026-12-01) compared with the history now (as at 2026-12-07)');
  assert.equal(comparisonTitle({ ...COMPARISON, toVersion: 3 }),
    'Version 1 (as at 2026-12-01) compared with version 3 (as at 2026-12-07)');
  assert.equal(harmChange(COMPARISON), 'Harm score 420 → 512.5 CHI days.');
  assert.equal(harmChange({ fromHarmScore: 9, toHarmScore: 9 }), 'Harm score unchanged: 9 CHI days.');
});

test('what a comparison left out is said, and only to whom it applies', () => {
  assert.deepEqual(coverageNotes(COMPARISON, { seesC: true }), []);
  const pOnly = { ...COMPARISON, handlingCodes: ['P'] };
  assert.match(coverageNotes(pOnly, { seesC: true })[0], /without handling-code C/);
  assert.deepEqual(coverageNotes(pOnly, { seesC: false }), []); // an officer is told nothing of C
  assert.match(coverageNotes({ ...pOnly, withheld: true }, { seesC: false })[0], /some material/);
});
