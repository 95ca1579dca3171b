// Unit tests of the review-due list helpers (node --test).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  CONFLICT_TEXT, PROPOSABLE_KINDS, REVIEW_KINDS, REVIEW_VIEWS, addDays, appendProposals, appendRows,
  canReview, dropReviewed, fieldErrors, formatProposedAt, isConflict, kindChips,
  kindLabel, orderProposals, orderRows, overdueInfo, proposalSummary, reviewDoneText, reviewOutcomes,
  reviewSummary, reviewVariables, toggleKind, validateBefore, validateReview, validateWithdraw,
  withdrawDoneText,
} from '../../web/src/features/reviews/format.js';

const row = (kind, id, reviewDate, daysOverdue = 1) => ({ kind, id, reviewDate, daysOverdue });

describe('the date box', () => {
  it('takes empty as today and a real ISO date as itself', () => {
    assert.deepEqual(validateBefore(''), { before: null });
    assert.deepEqual(validateBefore('  '), { before: null });
    assert.deepEqual(validateBefore(' 2024-02-29 '), { before: '2024-02-29' });
  });
  it('refuses impossible and badly written dates with the format to use', () => {
    for (const bad of ['2023-02-29', '2024-13-01', '30/06/2024', '2024-6-1', 'soon']) {
      assert.match(validateBefore(bad).error, /is not a date: use YYYY-MM-DD/, bad);
    }
  });
});

describe('overdue wording', () => {
  it('says how late, in words, with a tone for each state', () => {
    assert.deepEqual(overdueInfo(1), { text: '1 day overdue', tone: 'overdue' });
    assert.deepEqual(overdueInfo(365), { text: '365 days overdue', tone: 'overdue' });
    assert.deepEqual(overdueInfo(366), { text: '366 days overdue', tone: 'long-overdue' });
    assert.deepEqual(overdueInfo(0), { text: 'due today', tone: 'today' });
    assert.deepEqual(overdueInfo(-3), { text: 'due in 3 days', tone: 'upcoming' });
    assert.equal(overdueInfo(undefined).tone, 'unknown');
  });
  it('names kinds', () => {
    assert.equal(kindLabel('intelligence_report'), 'Intelligence report');
    assert.equal(kindLabel('flag'), 'Flag');
    assert.equal(kindLabel('new_kind'), 'new kind');
  });
});

describe('kind filter', () => {
  it('shows every kind with its count, zero when the server sent none', () => {
    const chips = kindChips([{ kind: 'flag', count: 2 }, { kind: 'person', count: 7 }], ['flag']);
    assert.deepEqual(chips.map((c) => c.kind), REVIEW_KINDS.map((k) => k.kind));
    assert.deepEqual(chips.map((c) => c.count), [7, 0, 0, 0, 2]);
    assert.deepEqual(chips.filter((c) => c.selected).map((c) => c.kind), ['flag']);
    assert.equal(kindChips(null).length, 5);
  });
  it('toggles in display order, and selecting every kind means no filter', () => {
    assert.deepEqual(toggleKind([], 'flag'), ['flag']);
    assert.deepEqual(toggleKind(['flag'], 'person'), ['person', 'flag']);
    assert.deepEqual(toggleKind(['person', 'flag'], 'flag'), ['person']);
    assert.deepEqual(toggleKind(['person', 'arrest', 'incident', 'intelligence_report'], 'flag'), []);
  });
});

describe('rows and paging', () => {
  it('orders most overdue first, then kind, then id', () => {
    const rows = orderRows([row('person', 'P-2', '2021-01-01'), row('person', 'P-1', '2020-01-10'),
      row('incident', 'IN-1', '2020-01-10')]);
    assert.deepEqual(rows.map((r) => r.id), ['IN-1', 'P-1', 'P-2']);
  });
  it('appends a page without repeating a row already shown', () => {
    const shown = [row('person', 'P-1', '2020-01-10'), row('arrest', 'AR-1', '2021-01-01')];
    const page = [row('arrest', 'AR-1', '2021-01-01'), row('flag', 'FL-1', '2022-01-01')];
    assert.deepEqual(appendRows(shown, page).map((r) => r.id), ['P-1', 'AR-1', 'FL-1']);
    assert.deepEqual(appendRows(null, null), []);
  });
  it('summarises what is listed', () => {
    assert.equal(reviewSummary({ shown: 50, total: 120, before: null }),
      '120 records due for review today or earlier, most overdue first; showing 50.');
    assert.equal(reviewSummary({ shown: 1, total: 1, before: '2024-06-30', kinds: ['flag'] }),
      '1 record due for review on or before 2024-06-30 (flag), most overdue first; showing 1.');
    assert.equal(reviewSummary({ shown: 0, total: 0, before: null, kinds: [] }),
      'Nothing due for review today or earlier (records).');
  });
});

describe('recording a review', () => {
  it('offers disposal for every kind but a flag, and only to roles that may review', () => {
    assert.deepEqual(reviewOutcomes('person').map((o) => o.outcome), ['retain', 'flag_for_disposal']);
    assert.deepEqual(reviewOutcomes('flag').map((o) => o.outcome), ['retain']);
    assert.equal(canReview(['REVIEW_RECORDS'], 'person'), true);
    assert.equal(canReview(['REVIEW_RECORDS'], 'flag'), false);
    assert.equal(canReview(['REVIEW_RECORDS', 'REVIEW_FLAG'], 'flag'), true);
    assert.equal(canReview(['READ_PERSONS'], 'person'), false);
    assert.equal(canReview(null, 'person'), false);
  });
  it('checks the reason and the next date before sending', () => {
    const today = '2024-06-30';
    assert.deepEqual(validateReview({ outcome: 'retain', reason: ' still live ', nextReviewDate: '2025-06-30' }, today),
      { review: { outcome: 'retain', reason: 'still live', nextReviewDate: '2025-06-30' } });
    assert.deepEqual(validateReview({ outcome: 'flag_for_disposal', reason: 'spent', nextReviewDate: '2025-01-01' }, today),
      { review: { outcome: 'flag_for_disposal', reason: 'spent', nextReviewDate: null } });
    const bad = validateReview({ outcome: 'retain', reason: '  ', nextReviewDate: today }, today).errors;
    assert.match(bad.reason, /needs a reason/);
    assert.match(bad.nextReviewDate, /after today \(2024-06-30\)/);
    assert.match(validateReview({ outcome: 'retain', reason: 'x', nextReviewDate: '' }, today).errors.nextReviewDate, /Give the next/);
    assert.match(validateReview({ outcome: 'retain', reason: 'x', nextReviewDate: '2025-02-30' }, today).errors.nextReviewDate, /not a date/);
    assert.match(validateReview({ outcome: '', reason: 'x' }, today).errors.outcome, /Choose/);
  });
  it('words the result and drops the row from the list and its count', () => {
    const r = row('person', 'P-1', '2020-01-10');
    assert.equal(reviewDoneText(r, { outcome: 'retain', nextReviewDate: '2025-06-30' }),
      'Review recorded: Person P-1 kept, next review 2025-06-30.');
    assert.match(reviewDoneText(r, { outcome: 'flag_for_disposal' }), /proposed for disposal \(nothing is deleted\)/);
    const after = dropReviewed({ rows: [r, row('flag', 'FL-1', '2021-01-01')], total: 5,
      counts: [{ kind: 'person', count: 3 }, { kind: 'flag', count: 2 }] }, r);
    assert.deepEqual(after.rows.map((x) => x.id), ['FL-1']);
    assert.equal(after.total, 4);
    assert.deepEqual(after.counts, [{ kind: 'person', count: 2 }, { kind: 'flag', count: 2 }]);
    assert.equal(addDays('2024-02-28', 2), '2024-03-01');
  });
});

const proposal = (kind, id, proposedAt, extra = {}) => ({ kind, id, proposedAt, reviewDate: '2020-01-10', ...extra });

describe('proposed for disposal', () => {
  it('offers the two lists, due first, and never flags as proposable', () => {
    assert.deepEqual(REVIEW_VIEWS.map((v) => v.view), ['due', 'proposed']);
    assert.deepEqual(PROPOSABLE_KINDS.map((k) => k.kind), ['person', 'arrest', 'incident', 'intelligence_report']);
    const chips = kindChips([{ kind: 'arrest', count: 2 }], [], PROPOSABLE_KINDS);
    assert.deepEqual(chips.map((c) => [c.kind, c.count]),
      [['person', 0], ['arrest', 2], ['incident', 0], ['intelligence_report', 0]]);
    // Selecting every proposable kind means no filter, as in the due list.
    assert.deepEqual(toggleKind(['person', 'arrest', 'incident'], 'intelligence_report', PROPOSABLE_KINDS), []);
    assert.deepEqual(toggleKind(['person', 'arrest', 'incident'], 'intelligence_report').length, 4);
  });
  it('shows when a proposal was made, in UTC', () => {
    assert.equal(formatProposedAt('2024-03-04T09:00:00+00:00'), '2024-03-04 09:00 UTC');
    assert.equal(formatProposedAt('2024-03-04T10:30:00+01:00'), '2024-03-04 09:30 UTC');
    assert.equal(formatProposedAt(null), '');
    assert.equal(formatProposedAt('soon'), '');
  });
  it('orders newest proposal first, then kind, then id, and pages without repeats', () => {
    const rows = orderProposals([proposal('person', 'P-1', '2024-03-02T09:00:00Z'),
      proposal('person', 'P-2', '2024-03-04T09:00:00Z'), proposal('arrest', 'AR-1', '2024-03-02T09:00:00Z')]);
    assert.deepEqual(rows.map((r) => r.id), ['P-2', 'AR-1', 'P-1']);
    const next = appendProposals(rows, [proposal('person', 'P-2', '2024-03-04T09:00:00Z'),
      proposal('incident', 'IN-1', '2024-03-01T09:00:00Z')]);
    assert.deepEqual(next.map((r) => r.id), ['P-2', 'AR-1', 'P-1', 'IN-1']);
  });
  it('summarises the proposals', () => {
    assert.equal(proposalSummary({ shown: 2, total: 3 }),
      '3 records proposed for disposal, newest proposal first; nothing has been deleted; showing 2.');
    assert.equal(proposalSummary({ shown: 1, total: 1, kinds: ['intelligence_report'] }),
      '1 record proposed for disposal (intelligence report), newest proposal first; nothing has been deleted; showing 1.');
    assert.equal(proposalSummary({ shown: 0, total: 0, kinds: ['arrest'] }), 'Nothing is proposed for disposal (arrest).');
  });
  it('checks a withdrawal like keeping a record: a reason and a date after today', () => {
    const today = '2024-06-30';
    assert.deepEqual(validateWithdraw({ reason: ' new lead ', nextReviewDate: '2025-01-31' }, today),
      { withdrawal: { reason: 'new lead', nextReviewDate: '2025-01-31' } });
    const bad = validateWithdraw({ reason: '', nextReviewDate: '' }, today).errors;
    assert.match(bad.reason, /needs a reason/);
    assert.match(bad.nextReviewDate, /Give the next review date/);
    assert.match(validateWithdraw({ reason: 'x', nextReviewDate: today }, today).errors.nextReviewDate,
      /after today \(2024-06-30\)/);
    assert.match(validateWithdraw({ reason: 'x', nextReviewDate: '2025-02-30' }, today).errors.nextReviewDate, /not a date/);
    assert.match(validateWithdraw({ reason: 'x'.repeat(2001), nextReviewDate: '2025-01-01' }, today).errors.reason, /2,000/);
    assert.equal(withdrawDoneText(proposal('arrest', 'AR-1', '2024-03-02T09:00:00Z'), { nextReviewDate: '2025-01-31' }),
      'Proposal withdrawn: Arrest AR-1 kept, next review 2025-01-31.');
  });
});

describe('two reviewers at once', () => {
  it('sends the review date the row showed with every review and withdrawal', () => {
    const due = row('person', 'P-1', '2020-01-10');
    assert.deepEqual(reviewVariables(due, { outcome: 'retain', reason: 'why', nextReviewDate: '2025-01-01' }),
      { kind: 'person', id: 'P-1', outcome: 'retain', reason: 'why', next: '2025-01-01', expected: '2020-01-10' });
    assert.deepEqual(reviewVariables(due, { outcome: 'flag_for_disposal', reason: 'spent', nextReviewDate: null }),
      { kind: 'person', id: 'P-1', outcome: 'flag_for_disposal', reason: 'spent', next: null, expected: '2020-01-10' });
    const withdrawal = reviewVariables(proposal('arrest', 'AR-1', '2024-03-02T09:00:00Z', { reviewDate: null }),
      { reason: 'new lead', nextReviewDate: '2025-01-31' });
    assert.deepEqual(withdrawal, { kind: 'arrest', id: 'AR-1', reason: 'new lead', next: '2025-01-31', expected: null });
    assert.equal('outcome' in withdrawal, false); // the withdraw mutation declares none
  });
  it('recognises a conflict and words it; other errors go to their fields', () => {
    assert.equal(isConflict([{ code: 'INVALID', field: 'reason' }, { code: 'CONFLICT', field: null }]), true);
    assert.equal(isConflict([{ code: 'NOT_FOUND', field: 'id' }]), false);
    assert.equal(isConflict(null), false);
    assert.match(CONFLICT_TEXT, /someone else reviewed this record first; the list has been refreshed/i);
    const fields = ['outcome', 'nextReviewDate', 'reason', 'form'];
    assert.deepEqual(fieldErrors([{ field: 'reason', message: 'say why' }, { field: 'id', message: 'not found' },
      { field: null, message: 'cleared' }], fields), { reason: 'say why', form: 'not found cleared' });
  });
});
