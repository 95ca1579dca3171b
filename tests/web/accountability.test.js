// Unit tests (node --test) of the top-harm list, "Who is flagged" and safeguarding rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  accountabilityVariables, chartSeries, defaultPeriod, periodText, pointText, rateCells,
} from '../../web/src/features/accountability/format.js';
import { NOT_EVIDENCE, checkReason, listSummary, referredText } from '../../web/src/features/safeguarding/format.js';
import {
  computedText, scoreTerms, topHarmFilters, topHarmSummary, workingLine,
} from '../../web/src/features/topharm/format.js';

const rate = (group, people, events, extra = {}) => ({ group, people, events, active: events,
  ratePer1000: people ? (1000 * events) / people : null, ratio: null, small: events < 10 || people < 100, ...extra });

describe('the top-harm list', () => {
  it('checks its filters', () => {
    assert.deepEqual(topHarmFilters({ borough: ' Camden ', community: '3', flagState: 'ACTIVE' }).filters,
      { borough: 'Camden', community: 3, flagState: 'ACTIVE' });
    assert.deepEqual(topHarmFilters({}).filters, { borough: null, community: null, flagState: null });
    assert.match(topHarmFilters({ community: '-1' }).errors.community, /number/);
  });

  it('words the score, its working and when it was computed', () => {
    assert.equal(scoreTerms({ gravity: 374, recency: 0.8125, frequency: 28, score: 331.88 }),
      'G 374 × R 0.813 + F 28 = 331.88');
    const line = workingLine({ convictedOn: '2024-01-01', jurisdiction: 'GB', convictionId: 'CV-1', gravity: 374,
      recencyWeight: 0.81254, ageYears: 1.4976, weighted: 303.89, inFrequencyWindow: true,
      offences: [{ code: '008/01', chiDays: 365 }, { code: '105/01', chiDays: 9 }] });
    assert.equal(line.sum, 'gravity 374 × recency weight 0.8125 (1.5 years old) = 303.89 · within 3 years: +28 to F');
    assert.equal(line.offences, '008/01: 365 CCHI days; 105/01: 9 CCHI days');
    assert.match(computedText([{ computedAt: '2026-12-04T21:40:00+00:00', harm: { asOf: '2026-12-04' } }]),
      /^Scores computed 2026-12-04 21:40 UTC by the last analytics run \(as at 2026-12-04/);
    assert.match(computedText([{ computedAt: null, harm: { asOf: '2026-12-04' } }]), /have not run yet/);
    assert.equal(topHarmSummary({ shown: 0, total: 0, filters: { community: 0 } }),
      'No one with a harm score above 0 (community 0).');
  });
});

describe('who is flagged', () => {
  it('defaults to the two years to today and checks the controls', () => {
    assert.deepEqual(defaultPeriod('2026-12-04'), { since: '2024-12-05', until: '2026-12-04' });
    assert.deepEqual(accountabilityVariables({ by: 'BOROUGH', since: '2025-01-01', until: '2025-06-30', top: '' })
      .variables, { by: 'BOROUGH', since: '2025-01-01', until: '2025-06-30', top: 100 });
    assert.match(accountabilityVariables({ top: '0' }).errors.top, /1 to 1,000/);
    assert.match(accountabilityVariables({ since: '2025-02-01', until: '2025-01-01' }).errors.until, /before/);
  });

  it('marks small counts in words and builds the chart series', () => {
    assert.equal(rateCells(rate('AL', 42, 8, { ratio: 1.6097 })).note, 'small count: do not compare');
    assert.equal(rateCells(rate('AL', 42, 8, { ratio: 1.6097 })).ratio, '1.61×');
    assert.equal(rateCells(rate('GB', 122, 12)).note, '');
    const result = { by: 'NATIONALITY', since: '2025-01-01', until: '2025-06-30',
      flags: { overall: rate('all people', 169, 20, { active: 18 }), groups: [rate('GB', 122, 12), rate('AL', 42, 8), rate('XX', 5, 0)] },
      quarters: [
        { quarter: '2025-Q1', flags: { overall: rate('all people', 169, 6), groups: [rate('GB', 122, 6)] } },
        { quarter: '2025-Q2', flags: { overall: rate('all people', 169, 14), groups: [rate('GB', 122, 6), rate('AL', 42, 8)] } }] };
    const { labels, series } = chartSeries(result);
    assert.deepEqual(labels, ['2025-Q1', '2025-Q2']);
    assert.deepEqual(series.map((s) => s.name), ['all people', 'GB', 'AL']); // no line for 0 flags
    assert.deepEqual(series[2].points.map((p) => [p.events, p.small]), [[0, true], [8, true]]);
    assert.equal(pointText('AL', '2025-Q2', series[2].points[1]),
      'AL, 2025-Q2: 190.5 per 1,000 (8 flags; small count: do not compare)');
    assert.match(periodText(result), /^20 high-harm flags set from 2025-01-01 to 2025-06-30 on 169 people/);
  });
});

describe('safeguarding', () => {
  it('says plainly that being listed is not evidence, and checks the reason', () => {
    assert.match(NOT_EVIDENCE, /not evidence of anything/);
    assert.match(NOT_EVIDENCE, /sets no flag/);
    assert.match(checkReason(' ab ').error, /at least 4/);
    assert.deepEqual(checkReason(' Groomed by older associates '), { reason: 'Groomed by older associates' });
    assert.equal(referredText({ referredAt: '2026-12-04T21:40:12+00:00', referredBy: 'jsmith' }),
      '2026-12-04 21:40 UTC by jsmith');
    assert.equal(listSummary(1, 1, 'queue'), 'Showing 1 of 1 referral, newest first.');
    assert.equal(listSummary(0, 0, 'at-risk'), 'No one meets the at-risk criteria.');
  });
});
