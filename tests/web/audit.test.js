// Unit tests of the audit screen's rules (node --test): filters, rows, wording, file name.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  auditSummary, auditVariables, consultedLine, entryCells, exportFileName, exportText,
  integrityText,
} from '../../web/src/features/audit/format.js';

describe('auditVariables', () => {
  it('trims, and sends empty fields as null', () => {
    assert.deepEqual(auditVariables({ user: ' jsmith ', personId: '', purpose: 'larch',
      outcome: 'refused', since: '2026-01-01' }).variables, {
      user: 'jsmith', personId: null, action: null, purpose: 'larch', outcome: 'refused',
      since: '2026-01-01', until: null });
  });

  it('refuses a date that is not one, and a backwards period', () => {
    assert.match(auditVariables({ since: '2026-02-30' }).errors.since, /not a date/);
    assert.match(auditVariables({ since: '2026-02-02', until: '2026-02-01' }).errors.until,
      /before its start/);
    assert.ok(auditVariables({ since: '2026-02-01', until: '2026-02-01' }).variables);
  });
});

describe('rows and wording', () => {
  const entry = { seq: 4, at: '2026-12-04T21:40:12.123456+00:00', user: 'jsmith', role: 'officer',
    action: 'person,network', subjectIds: ['P-1', 'P-2'], purpose: 'Op Larch', caseReference: null,
    outcome: 'refused', detail: 'Person' };

  it('words a row, refusals included', () => {
    assert.deepEqual(entryCells(entry), { at: '2026-12-04 21:40:12 UTC', who: 'jsmith (officer)',
      action: 'person, network', subjects: 'P-1, P-2', purpose: 'Op Larch', caseReference: '—',
      outcome: 'refused', detail: 'Person' });
    assert.deepEqual(consultedLine({ ...entry, caseReference: 'C-9' }), {
      when: '2026-12-04 21:40:12 UTC', who: 'jsmith (officer)', what: 'person, network · refused',
      why: 'Op Larch (case C-9)' });
  });

  it('says what the status shows and what the chain check found', () => {
    assert.equal(auditSummary({ shown: 50, total: 1203, variables: { user: 'jsmith', outcome: 'refused' } }),
      'Showing 50 of 1,203 entries (user jsmith, refused), newest first.');
    assert.equal(auditSummary({ shown: 0, total: 0, variables: {} }), 'No entries match.');
    assert.equal(integrityText({ ok: true, entries: 12 }).tone, 'ok');
    assert.match(integrityText({ ok: false, firstBrokenSeq: 7, reason: 'its content was altered' }).text,
      /broken at entry 7: its content was altered/);
    assert.match(exportText({ rows: 10000, total: 12000, truncated: true }), /narrow the filters/);
    assert.equal(exportFileName(new Date('2026-12-04T21:40:00Z')), 'nexus-audit-20261204-2140.csv');
  });
});
