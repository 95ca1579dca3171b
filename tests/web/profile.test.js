// Unit tests of the profile's wording (node --test): grading in words, outcomes, disposals,
// dates in force, overdue reviews, paging text and cursors, the timeline's words, and the
// withheld note that depends on the role alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  WITHHELD_NOTE, chargeWords, cursorBefore, disposalWords, incidentRoleWords, gradingWords, howLong, inForce, kindWords,
  outcomeWords, pageText, profileTimeline, reviewOverdue, seesHandlingC,
} from '../../web/src/features/profile/format.js';

describe('gradingWords', () => {
  it('spells out the 3x5x2 grading', () => {
    const g = gradingWords({ sourceEvaluation: '2', intelligenceAssessment: 'B', handlingCode: 'P' });
    assert.equal(g.code, '2B P');
    assert.equal(g.text, 'Untested source · known indirectly, corroborated · lawful sharing permitted');
    assert.equal(g.poor, false);
    assert.equal(gradingWords({ sourceEvaluation: '1', intelligenceAssessment: 'A', handlingCode: 'P' }).text,
      'Reliable source · known directly · lawful sharing permitted');
  });

  it('keeps the handling conditions and marks poor gradings', () => {
    const g = gradingWords({ sourceEvaluation: '3', intelligenceAssessment: 'E', handlingCode: 'C',
      handlingConditions: 'Not to be shared with partner agencies' });
    assert.equal(g.text, 'Source not reliable · suspected to be false · share only under the stated conditions');
    assert.equal(g.conditions, 'Not to be shared with partner agencies');
    assert.equal(g.poor, true);
    assert.equal(gradingWords({ sourceEvaluation: '2', intelligenceAssessment: 'D', handlingCode: 'P' }).poor, true);
  });

  it('says "Not graded" for an ungraded link', () => {
    assert.deepEqual(gradingWords(null), { code: 'Ungraded', text: 'Not graded', conditions: null, poor: true });
  });
});

describe('outcomes, disposals and kinds in words', () => {
  it('never shows a code for an arrest outcome', () => {
    assert.equal(outcomeWords('nfa'), 'No further action');
    assert.equal(outcomeWords('charged'), 'Charged');
    assert.equal(outcomeWords('released_under_investigation'), 'Released under investigation');
    assert.equal(outcomeWords('bail'), 'Bailed');
    assert.equal(outcomeWords('caution'), 'Cautioned');
    assert.equal(outcomeWords('community_resolution'), 'Community resolution');
    assert.equal(outcomeWords(null), 'Outcome not recorded');
    assert.equal(outcomeWords('unknown'), 'Outcome not recorded');
    assert.equal(outcomeWords('some_new_outcome'), 'Some new outcome');
  });

  it('words disposals with their length', () => {
    assert.equal(disposalWords('immediate_custody', 18), 'Immediate custody, 18 months');
    assert.equal(disposalWords('suspended_sentence', 1), 'Suspended sentence, 1 month');
    assert.equal(disposalWords('fine'), 'Fine');
    assert.equal(disposalWords(null), 'Disposal not recorded');
  });

  it('words charges and parts in incidents, cooperation only where it applies', () => {
    assert.equal(chargeWords('pending'), 'Awaiting court');
    assert.equal(chargeWords(null), 'Status not recorded');
    assert.equal(incidentRoleWords('victim', false), 'Victim · did not cooperate with police');
    assert.equal(incidentRoleWords('witness', true), 'Witness · cooperated with police');
    assert.equal(incidentRoleWords('victim', null), 'Victim');
    assert.equal(incidentRoleWords('suspect', false), 'Suspect');
  });

  it('words association kinds and dates in force', () => {
    assert.equal(kindWords('CO_OFFENDER'), 'Co-offender');
    assert.equal(kindWords('PHONE_CONTACT'), 'Phone contact');
    assert.equal(inForce('2022-02-01', '2023-08-31'), '2022-02-01 to 2023-08-31');
    assert.equal(inForce('2017-07-06', null), 'since 2017-07-06');
    assert.equal(inForce(null, '2020-01-01'), 'until 2020-01-01');
    assert.equal(inForce(null, null), 'dates not recorded');
  });
});

describe('reviewOverdue', () => {
  it('warns once the review date has passed, with how long ago', () => {
    assert.deepEqual(reviewOverdue('2021-12-04', '2026-12-04'),
      { days: 1826, text: 'Review overdue since 2021-12-04 (5 years)' });
    assert.equal(reviewOverdue('2026-12-03', '2026-12-04').text, 'Review overdue since 2026-12-03 (1 day)');
    assert.equal(reviewOverdue('2026-10-01', '2026-12-04').text, 'Review overdue since 2026-10-01 (2 months)');
  });

  it('is silent on the day, after it and without a date', () => {
    assert.equal(reviewOverdue('2026-12-04', '2026-12-04'), null);
    assert.equal(reviewOverdue('2027-01-01', '2026-12-04'), null);
    assert.equal(reviewOverdue(null, '2026-12-04'), null);
  });

  it('rounds lengths down', () => {
    assert.equal(howLong('2026-01-01', '2026-03-01'), '59 days');
    assert.equal(howLong('2024-12-05', '2026-12-04'), '23 months');
    assert.equal(howLong('2024-12-04', '2026-12-04'), '2 years');
    assert.equal(howLong('2021-12-05', '2026-12-04'), '4 years');
  });
});

describe('paging', () => {
  it('says which part of the list is shown', () => {
    assert.equal(pageText(0, 10, 31), '1–10 of 31');
    assert.equal(pageText(30, 1, 31), '31–31 of 31');
    assert.equal(pageText(0, 0, 0), 'None recorded');
  });

  it('builds the cursor the API issued for the item before a page', () => {
    assert.equal(cursorBefore(0), null);
    assert.equal(Buffer.from(cursorBefore(10), 'base64').toString(), 'offset:9');
    assert.equal(Buffer.from(cursorBefore(20), 'base64').toString(), 'offset:19');
  });
});

describe('profileTimeline', () => {
  it('keeps an NFA visibly "No further action"', () => {
    const events = profileTimeline({
      arrests: { edges: [{ node: { id: 'AR-1', arrestedAt: '2024-01-02T03:00:00Z', outcome: 'nfa',
        offences: [{ id: '008/01', description: 'GBH' }], custodySuite: 'Brixton' } }] },
      convictions: { edges: [{ node: { id: 'CV-1', convictedOn: '2016-09-12', disposal: 'immediate_custody',
        disposalMonths: 18, offences: [], court: 'Crown Court', foreign: false } }] },
      incidents: { edges: [] },
    });
    assert.deepEqual(events.map((e) => [e.id, e.detail]), [
      ['AR-1', 'GBH · No further action · Brixton'],
      ['CV-1', 'Immediate custody, 18 months · Crown Court'],
    ]);
    assert.ok(!events.some((e) => /\bnfa\b/.test(e.detail)));
  });
});

describe('the withheld note', () => {
  it('depends on the role only and names no number', () => {
    assert.equal(seesHandlingC(['READ_PERSONS', 'READ_INTELLIGENCE_P']), false);
    assert.equal(seesHandlingC(['READ_INTELLIGENCE_P', 'READ_INTELLIGENCE_C']), true);
    assert.equal(seesHandlingC(undefined), false);
    assert.ok(!/\d/.test(WITHHELD_NOTE), 'the note holds no count');
  });
});
