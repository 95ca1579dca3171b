// Issue 18, time: the slider's month rules (explorer/time.js), the timeline's records and mark
// placement (profile/timeline.js) and the canvas's text alternative (explorer/textview.js).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { textRows } from '../../web/src/features/explorer/textview.js';
import {
  addMonths, inForceIn, monthIndex, monthOf, monthSpan, monthWords, nextMonth, timeReadout, timeView,
} from '../../web/src/features/explorer/time.js';
import {
  AXIS, markName, placeMarks, timelineCut, timelineRecords,
} from '../../web/src/features/profile/timeline.js';

const edge = (id, source, target, since = null, until = null, extra = {}) => ({
  id, source, target, since, until, kind: 'FRIEND', grading: '2B P', derived: false, ...extra });

describe('months', () => {
  it('reads months from dates and date-times, and refuses what is not one', () => {
    assert.equal(monthOf('2023-05-02'), '2023-05');
    assert.equal(monthOf('2023-05-02T01:00:00Z'), '2023-05');
    assert.equal(monthOf('2023-13-01'), null);
    assert.equal(monthOf(null), null);
    assert.equal(monthOf('1989'), null);
  });
  it('steps month by month across years, both ways', () => {
    assert.equal(addMonths('2023-11', 1), '2023-12');
    assert.equal(addMonths('2023-12', 1), '2024-01');
    assert.equal(addMonths('2024-01', -1), '2023-12');
    assert.equal(addMonths('2023-05', 25), '2025-06');
    assert.equal(monthIndex('2024-01') - monthIndex('2023-12'), 1);
    assert.equal(monthWords('2023-05'), 'May 2023');
  });
  it('spans from the earliest date to this month, or to a later recorded date', () => {
    const edges = [edge('a', 'x', 'y', '2019-06-01'), edge('b', 'x', 'z', null, '2023-08-31'),
      edge('c', 'x', 'w')];
    assert.deepEqual(monthSpan(edges, '2024-02-10'), { first: '2019-06', last: '2024-02', count: 57 });
    assert.deepEqual(monthSpan([edge('d', 'x', 'y', '2030-01-01')], '2024-02-10'),
      { first: '2030-01', last: '2030-01', count: 1 });
    assert.equal(monthSpan([edge('c', 'x', 'w')]), null);
  });
  it('Play steps to the next month and stops at the end', () => {
    const span = { first: '2023-11', last: '2024-01', count: 3 };
    assert.equal(nextMonth(span, null), '2023-11');
    assert.equal(nextMonth(span, '2023-11'), '2023-12');
    assert.equal(nextMonth(span, '2023-12'), '2024-01');
    assert.equal(nextMonth(span, '2024-01'), null);
  });
});

describe('links in force in a month', () => {
  it('counts a link in force from its start month to its end month, open ends open', () => {
    const e = edge('a', 'x', 'y', '2022-02-01', '2023-08-31');
    assert.equal(inForceIn(e, '2022-01'), false);
    assert.equal(inForceIn(e, '2022-02'), true);
    assert.equal(inForceIn(e, '2023-08'), true);
    assert.equal(inForceIn(e, '2023-09'), false);
    assert.equal(inForceIn(edge('b', 'x', 'y', '2019-06-01'), '2099-01'), true);
    assert.equal(inForceIn(edge('c', 'x', 'y'), '1900-01'), true); // no start recorded
    assert.equal(inForceIn(edge('d', 'x', 'y', null, '2020-01-01'), '2020-02'), false);
  });
  it('hides links not in force and the people only they join; the centre stays', () => {
    const nodes = ['C', 'A', 'B', 'D', 'E'].map((id) => ({ id }));
    const edges = [
      edge('ca', 'C', 'A', '2015-01-01'),
      edge('cb', 'C', 'B', '2022-02-01', '2023-08-31'),
      edge('bd', 'B', 'D', '2023-01-01'),
      edge('ae', 'A', 'E'), // undated: counted as in force
    ];
    const early = timeView(nodes, edges, '2016-03', ['C']);
    assert.deepEqual([...early.hiddenEdges].sort(), ['bd', 'cb']);
    assert.deepEqual([...early.hiddenNodes].sort(), ['B', 'D']);
    assert.deepEqual({ inForce: early.inForce, total: early.total, undated: early.undated },
      { inForce: 2, total: 4, undated: 1 });
    assert.equal(timeReadout(early, '2016-03'),
      'Links in force on 2016-03: 2 of 4 (1 with no start date, counted as in force)');
    const late = timeView(nodes, edges, '2024-01', ['C']);
    assert.deepEqual([...late.hiddenEdges], ['cb']);
    assert.deepEqual([...late.hiddenNodes], []); // B still joined to D
    const alone = timeView([{ id: 'C' }, { id: 'A' }], [edge('ca', 'C', 'A', '2020-01-01')], '2019-01', ['C']);
    assert.deepEqual([...alone.hiddenNodes], ['A']);
    assert.equal(timeReadout(alone, '2019-01'), 'Links in force on 2019-01: 0 of 1');
  });
});

const person = {
  arrests: { totalCount: 1, edges: [{ node: { id: 'AR-1', arrestedAt: '2023-05-02T01:00:00Z',
    outcome: 'nfa', custodySuite: 'Brixton', offences: [{ id: '008/01', description: 'GBH' }] } }] },
  charges: { totalCount: 2, edges: [{ node: { id: 'CH-1', chargedAt: '2023-05-03T10:00:00Z',
    status: 'pending', offences: [] } }] },
  convictions: { totalCount: 1, edges: [{ node: { id: 'CV-1', convictedOn: '2016-09-12',
    disposal: 'fine', offences: [] } }] },
  incidents: { totalCount: 1, edges: [{ node: { id: 'IR-1', incidentId: 'IN-1', role: 'victim',
    cooperated: false, incidentType: 'stabbing', occurredAt: '2021-01-01T22:00:00Z' } }] },
  flags: [{ id: 'FL-1', kind: 'high_harm', status: 'active', reason: 'Serious violence',
    setAt: '2024-01-02T09:00:00Z' }],
  intelligence: { totalCount: 1, edges: [{ node: { id: 'IR-9', reportedAt: '2022-06-01T00:00:00Z',
    summary: 'Seen with a knife', grading: { sourceEvaluation: '2', intelligenceAssessment: 'B',
      handlingCode: 'P' } } }] },
  checks: { totalCount: 1, edges: [{ node: { id: 'CK-1', kind: 'wanted_abroad', against: 'SIS_II',
    checkedAt: null, result: 'no_match' } }] },
};

describe('the timeline', () => {
  it('lists every kind of record, newest first, in words (cooperation said)', () => {
    const records = timelineRecords(person);
    assert.deepEqual(records.map((r) => `${r.kind}:${r.id}`), ['flag:FL-1', 'charge:CH-1',
      'arrest:AR-1', 'intelligence:IR-9', 'incident:IN-1', 'conviction:CV-1', 'check:CK-1']);
    const incident = records.find((r) => r.kind === 'incident');
    assert.match(incident.detail, /as victim · did not cooperate with police/);
    assert.match(records.find((r) => r.kind === 'arrest').detail, /No further action/);
    assert.match(records.find((r) => r.kind === 'intelligence').detail, /^2B P · Seen with a knife/);
    assert.equal(markName(records.find((r) => r.kind === 'check')),
      'Check, date unknown: Wanted abroad · against SIS II · no match');
    assert.equal(timelineCut(person), true); // 2 charges, 1 fetched
    assert.deepEqual(timelineRecords(null), []);
  });
  it('places one mark per dated record by date, one lane per kind present', () => {
    const layout = placeMarks(timelineRecords(person));
    assert.equal(layout.marks.length, 6);
    assert.deepEqual(layout.undated.map((r) => r.id), ['CK-1']);
    assert.deepEqual(layout.lanes.map((l) => l.kind),
      ['conviction', 'charge', 'arrest', 'incident', 'flag', 'intelligence']);
    const xs = layout.marks.map((m) => m.x);
    assert.deepEqual(xs, [...xs].sort((a, b) => a - b), 'oldest first, left to right');
    assert.equal(xs[0], AXIS.left + AXIS.radius);
    assert.equal(xs[xs.length - 1], AXIS.width - AXIS.right - AXIS.radius);
    // Linear in time: 2023-05-02 sits at its share of 2016-09-12 .. 2024-01-02.
    const t = (d) => Date.parse(`${d}T00:00:00Z`);
    const share = (t('2023-05-02') - t('2016-09-12')) / (t('2024-01-02') - t('2016-09-12'));
    const arrest = layout.marks.find((m) => m.id === 'AR-1');
    assert.ok(Math.abs(arrest.x - (xs[0] + share * (xs[xs.length - 1] - xs[0]))) < 0.2, arrest.x);
    const lanes = new Set(layout.marks.map((m) => m.y));
    assert.equal(lanes.size, 6);
    assert.ok(layout.ticks.length >= 3 && layout.ticks.every((tk) => tk.x >= 0 && tk.x <= AXIS.width));
    assert.ok(layout.ticks.some((tk) => tk.label === '2020'), layout.ticks.map((tk) => tk.label));
  });
  it('a single date gets a year either side, so its mark is in the middle', () => {
    const layout = placeMarks([{ kind: 'arrest', id: 'A', date: '2020-06-01', label: 'Arrest' }]);
    assert.ok(Math.abs(layout.marks[0].x - AXIS.width / 2) < 1, layout.marks[0].x);
    assert.deepEqual(placeMarks([]).marks, []);
  });
});

describe('the text view', () => {
  it('lists what is drawn with hops from the centre and the links in words', () => {
    const nodes = [
      { id: 'C', label: 'Marcus', type: 'Person', highHarm: true, warningMarkers: ['violence'] },
      { id: 'A', label: 'Tunde', type: 'Person' },
      { id: 'O', label: 'Crew', type: 'Organisation' },
      { id: 'B', label: 'Aisha', type: 'Person' },
      { id: 'X', label: 'Island', type: 'Person' },
    ];
    const edges = [
      { id: 'e:1', recordId: 'AS-1', source: 'A', target: 'C', kind: 'FAMILY', since: '1992-03-14', until: null, grading: '1A P' },
      { id: 'e:2', recordId: 'ME-1', source: 'C', target: 'O', kind: 'MEMBER_OF', since: null, until: null, grading: null },
      { id: 'e:3', recordId: 'AS-2', source: 'A', target: 'B', kind: 'CO_OFFENDER', derived: true, since: null, until: null },
    ];
    const { people, links } = textRows({ nodes, edges, centreIds: ['C'] });
    assert.deepEqual(people.map((p) => [p.label, p.hops, p.links]), [
      ['Marcus', 0, 2], ['Crew', 1, 1], ['Tunde', 1, 2], ['Aisha', 2, 1], ['Island', null, 0]]);
    assert.equal(people[0].flags, 'high harm, warning: violence');
    assert.equal(people[1].type, 'Organisation');
    assert.deepEqual(links.map((l) => [l.from, l.to, l.kind, l.dates, l.grading, l.id]), [
      ['Marcus', 'Crew', 'member of', 'no dates recorded', 'not graded', 'ME-1'],
      ['Marcus', 'Tunde', 'family', 'since 1992-03-14 (no end recorded)', '1A P', 'AS-1'],
      ['Tunde', 'Aisha', 'co-offender (derived)', 'no dates recorded', 'derived, not graded', 'AS-2'],
    ]);
  });
});
