// Unit tests of the duplicate review helpers (node --test).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  MAX_REASON, alsoRecordedAs, appendPairs, decisionInfo, eventText, formatWhen,
  listSummary, pairFieldRows, pairKey, pairScoreText, possibleDuplicatesNotice,
  profilePossibleDuplicates, recordFacts, validateReason,
} from '../../web/src/features/duplicates/format.js';

describe('reason', () => {
  it('refuses an empty or blank reason with a message, for decisions and undo alike', () => {
    assert.match(validateReason('').error, /Give a reason for your decision/);
    assert.match(validateReason('   \n ').error, /Give a reason/);
    assert.match(validateReason(null, 'undo').error, /reason for undoing/);
    assert.equal(validateReason('').reason, undefined);
  });
  it('squeezes white space and caps the length as the server does', () => {
    assert.deepEqual(validateReason('  same   custody photo \n'), { reason: 'same custody photo' });
    assert.equal(validateReason('x'.repeat(MAX_REASON)).reason.length, MAX_REASON);
    assert.match(validateReason('x'.repeat(MAX_REASON + 1)).error, /2001 characters long; 2000 at most/);
  });
});

describe('records side by side', () => {
  it('lists the same facts in the same order for both records, missing ones as a dash', () => {
    const a = recordFacts({ id: 'P-1', fullName: 'Jan Kowalski', aliases: ['Jan Kowalski', 'Janek'],
      datesOfBirth: ['1990-04-12'], nationalities: ['PL', 'GB'], gender: 'male', pncId: '2012/0456789K',
      passports: ['PL:AB123456'] });
    const b = recordFacts({ id: 'P-2', fullName: 'Jan Kowalsky' });
    assert.deepEqual(a.map((f) => f.key), b.map((f) => f.key));
    const value = (facts, key) => facts.find((f) => f.key === key).value;
    assert.equal(value(a, 'aliases'), 'Janek'); // the full name is not repeated as an alias
    assert.equal(value(a, 'nationalities'), 'PL, GB');
    assert.equal(value(a, 'pncId'), '2012/0456789K');
    assert.equal(value(b, 'datesOfBirth'), '—');
    assert.deepEqual(recordFacts(null), []);
  });
  it('names the table sides A and B and keeps custody/format.js wording and order', () => {
    const rows = pairFieldRows([
      { field: 'nationality', outcome: 'missing', claimed: null, recorded: 'PL', weight: 0, explanation: '' },
      { field: 'family_name', outcome: 'variant', claimed: 'Kowalski', recorded: 'Kowalsky',
        weight: 4.6, explanation: 'spelling variant (Jaro-Winkler 0.95)' },
      { field: 'date_of_birth', outcome: 'exact', claimed: '1990-04-12', recorded: '1990-04-12',
        weight: 14.1, explanation: 'same date' },
    ]);
    assert.deepEqual(rows.map((r) => r.field), ['date_of_birth', 'family_name', 'nationality']);
    const family = rows[1];
    assert.equal(family.a, 'Kowalski');
    assert.equal(family.b, 'Kowalsky');
    assert.equal(family.label, 'Family name');
    assert.equal(`${family.symbol} ${family.outcomeLabel}`, '≈ Variant');
    assert.equal(family.weightText, '+4.6');
    assert.equal('claimed' in family || 'recorded' in family, false);
    assert.equal(rows[2].a, '—');
  });
});

describe('decisions in words', () => {
  const link = { id: 'SA-P-1-P-2', status: 'confirmed', reason: 'same custody photo',
    decidedBy: 'DS Clarke', decidedAt: '2025-06-01T14:03:27.123+00:00', otherId: 'P-2' };
  it('says who decided what, when and why, and whether it can be undone', () => {
    const info = decisionInfo(link);
    assert.equal(info.label, 'Same person');
    assert.equal(`${info.symbol} ${info.label}`, '= Same person');
    assert.equal(info.text, 'Confirmed by DS Clarke on 2025-06-01 14:03 UTC: same custody photo');
    assert.equal(info.standing, true);
    assert.equal(decisionInfo({ ...link, status: 'rejected' }).label, 'Not the same');
    assert.equal(decisionInfo({ ...link, status: 'rejected' }).standing, true);
    assert.equal(decisionInfo({ ...link, status: 'undone' }).standing, false);
    assert.equal(decisionInfo({ ...link, status: 'undone', decidedAt: null }).text, 'Undone by DS Clarke: same custody photo');
    assert.equal(decisionInfo(null), null);
  });
  it('never reads an unknown status as a standing decision', () => {
    const info = decisionInfo({ ...link, status: 'merged' });
    assert.equal(info.standing, false);
    assert.match(info.text, /Status "merged"/);
  });
  it('words each event of the history', () => {
    assert.equal(eventText({ action: 'undone', by: 'PC 4711', at: '2025-06-02T08:00:00Z', reason: 'prints differ' }),
      '2025-06-02 08:00 UTC · undone by PC 4711: prints differ');
    assert.equal(eventText({ action: 'confirmed', by: 'X', at: null, reason: '' }), 'confirmed same person by X');
    assert.equal(formatWhen('2025-06-01'), '2025-06-01');
    assert.equal(formatWhen('2025-06-01T10:00:00+01:00'), '2025-06-01 10:00'); // no false "UTC"
    assert.equal(formatWhen('2025-06-01T10:00:00.5+00:00'), '2025-06-01 10:00 UTC');
    assert.equal(formatWhen(null), '');
  });
});

describe('pair score', () => {
  it('never reads a rounded 1 as certainty, and otherwise words it as custody/format.js does', () => {
    assert.equal(pairScoreText(1), '>99.9%');
    assert.equal(pairScoreText(0.9965), '99.7%');
    assert.equal(pairScoreText(0.62), '62%');
    assert.equal(pairScoreText(null), '—');
  });
});

describe('paging and the list summary', () => {
  it('appends a page without repeating a pair already shown', () => {
    const p = (a, b) => ({ aId: a, bId: b });
    const shown = [p('P-1', 'P-2'), p('P-3', 'P-4')];
    const next = appendPairs(shown, [p('P-3', 'P-4'), p('P-5', 'P-6')]);
    assert.deepEqual(next.map(pairKey), ['P-1|P-2', 'P-3|P-4', 'P-5|P-6']);
    assert.deepEqual(appendPairs([], null), []);
  });
  it('says how many pairs, which filter and how many are shown', () => {
    assert.equal(listSummary({ shown: 20, total: 41, undecided: false }),
      '41 pairs scoring 50% or more, best first; showing 20.');
    assert.equal(listSummary({ shown: 1, total: 1, undecided: true }),
      '1 undecided pair scoring 50% or more, best first; showing 1.');
    assert.match(listSummary({ shown: 0, total: 0, undecided: true }), /every candidate pair has a decision/);
    assert.match(listSummary({ shown: 0, total: 0, undecided: false }), /last duplicates scan/);
  });
});

describe('also recorded as', () => {
  it('joins the cluster with the confirmed links: who and why when direct, direct first', () => {
    const person = {
      id: 'P-1',
      sameAs: [
        { id: 'SA-P-1-P-2', status: 'confirmed', otherId: 'P-2', reason: 'same photo',
          decidedBy: 'DS Clarke', decidedAt: '2025-06-01T10:00:00Z' },
        { id: 'SA-P-1-P-9', status: 'rejected', otherId: 'P-9', reason: 'twin', decidedBy: 'X' },
        { id: 'SA-P-1-P-7', status: 'undone', otherId: 'P-7', reason: 'wrong', decidedBy: 'Y' },
      ],
      identityCluster: [{ id: 'P-3', fullName: 'Ann Other' }, { id: 'P-2', fullName: 'Jan Kowalsky',
        datesOfBirth: ['1990-12-04'] }],
    };
    const items = alsoRecordedAs(person);
    assert.deepEqual(items.map((i) => i.id), ['P-2', 'P-3']);
    assert.equal(items[0].direct, true);
    assert.equal(items[0].linkId, 'SA-P-1-P-2');
    assert.equal(items[0].text, 'Confirmed the same person by DS Clarke on 2025-06-01 10:00 UTC: same photo');
    assert.deepEqual(items[0].datesOfBirth, ['1990-12-04']);
    assert.equal(items[1].direct, false);
    assert.match(items[1].text, /through another record/);
  });
  it('is empty without a cluster, whatever the rejected or undone links', () => {
    assert.deepEqual(alsoRecordedAs({ sameAs: [{ id: 'L', status: 'rejected', otherId: 'P-2' }],
      identityCluster: [] }), []);
    assert.deepEqual(alsoRecordedAs(null), []);
  });
});

describe('possible duplicates of a new nominal', () => {
  it('is null when the check found nobody', () => {
    assert.equal(possibleDuplicatesNotice([]), null);
    assert.equal(possibleDuplicatesNotice(null), null);
  });
  it('lists the pairs best first, in words, and says where they wait', () => {
    const notice = possibleDuplicatesNotice([
      { otherId: 'P-2', otherName: 'Zofia Nowack', score: 0.62, band: 'possible' },
      { otherId: 'P-1', otherName: null, score: 0.99996, band: 'strong' },
    ]);
    assert.equal(notice.heading, 'This person may already be recorded, as one of these 2 '
      + 'records: the pairs wait for review on the Duplicates page.');
    assert.deepEqual(notice.items, [
      { id: 'P-1', name: 'P-1', text: '>99.9% · Strong duplicate', strong: true },
      { id: 'P-2', name: 'Zofia Nowack', text: '62% · Possible duplicate', strong: false },
    ]);
  });
  it('speaks of one record in the singular', () => {
    const notice = possibleDuplicatesNotice([{ otherId: 'P-9', otherName: 'A B', score: 0.93,
      band: 'strong' }]);
    assert.match(notice.heading, /^This person may already be recorded: the pair waits/);
  });
});

describe("the profile's possible duplicates", () => {
  it('shows nothing when the record has no undecided pair', () => {
    assert.equal(profilePossibleDuplicates([]), null);
    assert.equal(profilePossibleDuplicates(undefined), null);
  });
  it('names one other record, its score in words, and where it is decided', () => {
    const block = profilePossibleDuplicates([
      { otherId: 'P-7', otherName: 'Aleksandr Schewtschenko', score: 1, band: 'strong' }]);
    assert.equal(block.heading, 'Possible duplicates');
    assert.equal(block.text, 'Another record may be this same person. The pair is not decided '
      + 'yet: nothing is merged until someone decides on the Duplicates page.');
    assert.deepEqual(block.items, [{ id: 'P-7', name: 'Aleksandr Schewtschenko',
      text: '>99.9% · Strong duplicate', strong: true }]);  // never "100%"
  });
  it('lists several best first and counts them', () => {
    const block = profilePossibleDuplicates([
      { otherId: 'P-3', otherName: '', score: 0.55, band: 'possible' },
      { otherId: 'P-2', otherName: 'Jan Kowalsky', score: 0.93, band: 'strong' },
    ]);
    assert.match(block.text, /^2 other records may be this same person\. The pairs are not decided/);
    assert.deepEqual(block.items.map((i) => [i.id, i.name, i.text]), [
      ['P-2', 'Jan Kowalsky', '93% · Strong duplicate'],
      ['P-3', 'P-3', '55% · Possible duplicate'],
    ]);
  });
});
