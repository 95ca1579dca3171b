// Unit tests of the pure transform (node --test). Run by `npm test` and by
// tests/web/test_web_unit.py inside `make test`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  edgeClasses, edgeKey, edgePasses, filterVisibility, isPoorlyGraded,
  newElements, nodeClasses, overlapsRange, parseGrading, pathHighlight,
  personTimeline, searchRow, timelineTruncated, toElements,
} from '../../web/src/features/explorer/transform.js';

const node = (id, extra = {}) => ({ id, type: 'Person', label: `Name ${id}`, highHarm: false,
  warningMarkers: [], nationalities: ['GB'], gangMember: false, hiddenCount: 0, capped: false,
  depth: 1, ...extra });
const edge = (id, source, target, extra = {}) => ({ id, source, target, kind: 'FRIEND',
  since: null, until: null, grading: '2B P', derived: false, ...extra });

describe('grading', () => {
  it('parses the 3x5x2 code', () => {
    assert.deepEqual(parseGrading('2B P'), { sourceEvaluation: '2', intelligenceAssessment: 'B',
      handlingCode: 'P' });
    assert.deepEqual(parseGrading('1a'), { sourceEvaluation: '1', intelligenceAssessment: 'A',
      handlingCode: null });
    assert.equal(parseGrading(null), null);
    assert.equal(parseGrading('9Z Q'), null);
  });

  it('calls source 3, assessment D/E and no grading poor', () => {
    assert.equal(isPoorlyGraded('1A P'), false);
    assert.equal(isPoorlyGraded('2C P'), false);
    assert.equal(isPoorlyGraded('3A P'), true);
    assert.equal(isPoorlyGraded('1D P'), true);
    assert.equal(isPoorlyGraded('2E C'), true);
    assert.equal(isPoorlyGraded(null), true);
    assert.equal(isPoorlyGraded('rubbish'), true);
  });
});

describe('toElements', () => {
  const elements = {
    nodes: [
      node('P-1', { depth: 0, highHarm: true, warningMarkers: ['violence'], gangMember: true }),
      node('P-2', { hiddenCount: 40, capped: true }),
      node('P-3', { hiddenCount: 5, capped: false }),
      { ...node('OR-1'), type: 'Organisation', label: 'Crew' },
    ],
    edges: [
      edge('AS-1', 'P-1', 'P-2', { grading: '1A P' }),
      edge('AS-2', 'P-1', 'P-3', { grading: null }),
      edge('AS-3', 'P-2', 'P-3', { kind: 'CO_OFFENDER', derived: true, grading: null }),
      edge('ME-1', 'P-1', 'OR-1', { kind: 'MEMBER_OF', grading: '3D P' }),
      edge('AS-9', 'P-1', 'P-404'),
    ],
  };
  const defs = toElements(elements, { centreIds: ['P-1'] });
  const byId = Object.fromEntries(defs.map((d) => [d.data.id, d]));

  it('keys nodes on their ids and namespaces edge ids', () => {
    assert.deepEqual(Object.keys(byId).sort(),
      ['OR-1', 'P-1', 'P-2', 'P-3', 'e:AS-1', 'e:AS-2', 'e:AS-3', 'e:ME-1']);
    assert.equal(byId['e:AS-1'].data.recordId, 'AS-1');
    assert.equal(edgeKey('AS-1'), 'e:AS-1');
  });

  it('drops an edge whose end is missing instead of failing the whole draw', () => {
    assert.equal(byId['e:AS-9'], undefined);
  });

  it('marks centre, high harm, warnings, gang members and capped supernodes', () => {
    assert.deepEqual(byId['P-1'].classes.sort(), ['centre', 'gang', 'high-harm', 'warning']);
    assert.equal(byId['P-1'].data.displayLabel, '⚠ Name P-1');
    assert.deepEqual(byId['P-2'].classes, ['truncated']);
    assert.equal(byId['P-2'].data.displayLabel, 'Name P-2\n+40 more');
    // Neighbours beyond the depth are not a cap: no "+N more" on the frontier.
    assert.deepEqual(byId['P-3'].classes, []);
    assert.equal(byId['P-3'].data.displayLabel, 'Name P-3');
    assert.equal(byId['OR-1'].data.type, 'Organisation');
  });

  it('dashes poorly graded edges and dots derived ones', () => {
    assert.deepEqual(byId['e:AS-1'].classes, []);
    assert.deepEqual(byId['e:AS-2'].classes, ['poor-grading']);
    assert.deepEqual(byId['e:AS-3'].classes, ['derived']);
    assert.deepEqual(byId['e:ME-1'].classes, ['poor-grading']);
  });

  it('switches big networks to the cheap drawing mode', () => {
    const many = { nodes: Array.from({ length: 1600 }, (_, i) => node(`P-${i}`)), edges: [] };
    assert.ok(toElements(many).every((d) => d.classes.includes('large')));
    assert.ok(defs.every((d) => !d.classes.includes('large')));
    assert.deepEqual(nodeClasses(node('x'), [], true), ['large']);
    assert.deepEqual(edgeClasses(edge('e', 'a', 'b'), true), ['large']);
  });

  it('copes with an empty or missing network', () => {
    assert.deepEqual(toElements({ nodes: [], edges: [] }), []);
    assert.deepEqual(toElements(null), []);
  });

  it('merges only what is new', () => {
    const known = new Set(['P-1', 'e:AS-1']);
    assert.deepEqual(newElements(defs, (id) => known.has(id)).map((d) => d.data.id).sort(),
      ['OR-1', 'P-2', 'P-3', 'e:AS-2', 'e:AS-3', 'e:ME-1']);
  });
});

describe('filters', () => {
  it('tests date ranges for overlap, open ends included', () => {
    const e = { since: '2019-01-01', until: '2020-12-31' };
    assert.equal(overlapsRange(e, '2020-06-01', null), true);
    assert.equal(overlapsRange(e, '2021-01-01', null), false);
    assert.equal(overlapsRange(e, null, '2018-12-31'), false);
    assert.equal(overlapsRange({ since: null, until: null }, '2000-01-01', '2001-01-01'), true);
  });

  it('filters by kind, range and grading', () => {
    const e = edge('a', 'x', 'y', { kind: 'FAMILY', grading: '3B P', since: '2010-01-01' });
    assert.equal(edgePasses(e, {}), true);
    assert.equal(edgePasses(e, { kinds: ['FRIEND'] }), false);
    assert.equal(edgePasses(e, { kinds: ['FAMILY'] }), true);
    assert.equal(edgePasses(e, { until: '2009-12-31' }), false);
    assert.equal(edgePasses(e, { grading: 'hide-poor' }), false);
    assert.equal(edgePasses({ ...e, derived: true, grading: null }, { grading: 'hide-poor' }), true);
    assert.equal(edgePasses({ ...e, derived: true, grading: null }, { grading: 'graded-only' }), false);
  });

  it('keeps what the passing edges still connect to the centre', () => {
    const nodes = ['C', 'A', 'B', 'D', 'E'].map((id) => ({ id }));
    const edges = [
      edge('1', 'C', 'A', { kind: 'FAMILY' }), edge('2', 'C', 'B', { kind: 'SOCIAL_MEDIA' }),
      edge('3', 'B', 'D', { kind: 'FRIEND' }), edge('4', 'A', 'E', { kind: 'FAMILY' }),
    ];
    const filters = { kinds: ['FAMILY', 'FRIEND'] };
    const { hiddenEdges, hiddenNodes } = filterVisibility(nodes, edges, filters, ['C']);
    assert.deepEqual([...hiddenNodes].sort(), ['B', 'D']);
    assert.deepEqual([...hiddenEdges].sort(), ['2', '3']);
    // Without a centre a node goes only when all its edges do.
    const loose = filterVisibility(nodes, edges, filters, []);
    assert.deepEqual([...loose.hiddenNodes], []);
    assert.deepEqual([...loose.hiddenEdges], ['2']);
  });
});

describe('paths', () => {
  it('merges every path and lists what to highlight', () => {
    const pathSet = {
      length: 2,
      paths: [
        { elements: { nodes: [node('A'), node('M1'), node('B')],
          edges: [edge('x1', 'A', 'M1'), edge('x2', 'M1', 'B')] } },
        { elements: { nodes: [node('A'), node('M2'), node('B')],
          edges: [edge('y1', 'A', 'M2'), edge('y2', 'M2', 'B')] } },
      ],
    };
    const result = pathHighlight(pathSet);
    assert.equal(result.count, 2);
    assert.equal(result.length, 2);
    assert.deepEqual(result.nodeIds.sort(), ['A', 'B', 'M1', 'M2']);
    assert.deepEqual(result.edgeIds.sort(), ['e:x1', 'e:x2', 'e:y1', 'e:y2']);
    assert.equal(result.elements.nodes.length, 4);
  });

  it('reports no path as zero paths', () => {
    assert.equal(pathHighlight({ length: null, paths: [] }).count, 0);
  });
});

describe('search, timeline and links', () => {
  it('shapes a search hit', () => {
    const row = searchRow({ score: 3.2, node: { id: 'P-1', fullName: 'Ali Khan',
      aliases: ['Ali Khan', 'Aly Kahn'], datesOfBirth: ['1990'], nationalities: ['PK'],
      highHarm: true, warningMarkers: ['self_harm'] } });
    assert.deepEqual(row.aliases, ['Aly Kahn']);
    assert.deepEqual(row.flags, ['High harm', 'Self harm']);
    assert.equal(row.score, 3.2);
  });

  it('orders events newest first with undated ones last', () => {
    const person = {
      arrests: { totalCount: 2, edges: [
        { node: { id: 'AR-1', arrestedAt: '2023-05-02T01:00:00Z', outcome: 'nfa',
          offences: [{ id: '008/01', description: 'GBH' }], custodySuite: 'Brixton' } },
        { node: { id: 'AR-2', arrestedAt: null, outcome: 'charged', offences: [] } }] },
      convictions: { totalCount: 1, edges: [{ node: { id: 'CV-1', convictedOn: '2016-09-12',
        disposal: 'immediate_custody', disposalMonths: 18, court: 'Inner London',
        foreign: true, jurisdiction: 'PL', offences: [] } }] },
      incidents: { totalCount: 3, edges: [{ node: { id: 'IR-1', incidentId: 'IN-1',
        role: 'victim', incidentType: 'stabbing', occurredAt: '2024-01-01T00:00:00Z' } }] },
    };
    const events = personTimeline(person);
    assert.deepEqual(events.map((e) => e.id), ['IN-1', 'AR-1', 'CV-1', 'AR-2']);
    assert.equal(events[1].detail, 'GBH · outcome: nfa · Brixton');
    assert.equal(events[2].detail, 'immediate custody (18 months) · Inner London · abroad: PL');
    assert.equal(events[0].detail, 'stabbing · as victim');
    assert.equal(timelineTruncated(person), true);
    assert.deepEqual(personTimeline(null), []);
  });
});
