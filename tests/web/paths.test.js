// Paths and filters (issue 18, point 3): ranking shortest paths by their weakest link, the
// path's words, and the minimum grading and dates-in-force filters.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { pathGradingWords, pathWords, weakestWords } from '../../web/src/features/explorer/format.js';
import {
  GROUP_MAX, UNGRADED_RANK, addToGroup, edgePasses, groupComponents, filterVisibility, gradeRank, meetsMinimumGrading, pathRow,
  rangeIsValid, rankPaths,
} from '../../web/src/features/explorer/transform.js';

const person = (id, label = id) => ({ id, label, type: 'Person' });
const link = (id, source, target, extra = {}) => ({ id, source, target, kind: 'FRIEND',
  grading: null, derived: false, since: null, until: null, ...extra });
const path = (ids, gradings, kinds = []) => ({ elements: {
  nodes: ids.map((id) => person(id, `Name ${id}`)),
  // Edges as the graph returns them: not in walking order, some pointing backwards.
  edges: gradings.map((g, i) => link(`${ids[i]}${ids[i + 1]}`, i % 2 ? ids[i + 1] : ids[i],
    i % 2 ? ids[i] : ids[i + 1], { grading: g, kind: kinds[i] ?? 'FRIEND',
      derived: g === 'derived' })).reverse(),
} });

describe('grading order', () => {
  it('ranks derived, then 1A .. 3E as the code reads, then ungraded', () => {
    assert.equal(gradeRank(link('d', 'a', 'b', { derived: true })), 0);
    assert.equal(gradeRank(link('x', 'a', 'b', { grading: '1A P' })), 1);
    assert.ok(gradeRank(link('x', 'a', 'b', { grading: '1E P' }))
      < gradeRank(link('x', 'a', 'b', { grading: '2A P' })));
    assert.equal(gradeRank(link('x', 'a', 'b', { grading: '3E C' })), 15);
    assert.equal(gradeRank(link('x', 'a', 'b')), UNGRADED_RANK);
  });
});

describe('paths ranked by their weakest link', () => {
  const set = { length: 3, paths: [
    path(['A', 'M', 'N', 'B'], ['1A P', '3D P', '1A P']), // weakest 3D
    path(['A', 'P', 'Q', 'B'], ['2B P', '2B P', '1B P']), // weakest 2B, twice
    path(['A', 'R', 'S', 'B'], ['2B P', '1A P', '1A P']), // weakest 2B, once: strongest
    path(['A', 'T', 'U', 'B'], ['1A P', null, '1A P']), // an ungraded link: weakest
    path(['A', 'V', 'W', 'B'], ['derived', 'derived', '2B P']), // weakest 2B, then derived
  ] };

  it('walks each path from the first person, hop by hop, whatever the edges\' direction', () => {
    const row = pathRow(set.paths[0]);
    assert.deepEqual(row.nodeIds, ['A', 'M', 'N', 'B']);
    assert.deepEqual(row.hops.map((h) => [h.from.id, h.to.id, h.edge.id]),
      [['A', 'M', 'AM'], ['M', 'N', 'MN'], ['N', 'B', 'NB']]);
    assert.deepEqual(row.edgeIds, ['e:AM', 'e:MN', 'e:NB']);
    assert.equal(row.weakest.id, 'MN');
  });

  it('sorts strongest first: weakest link, then the next weakest, then ids', () => {
    const order = rankPaths(set).map((r) => r.nodeIds[1]);
    assert.deepEqual(order, ['V', 'R', 'P', 'M', 'T']);
    // Deterministic: the input's order does not matter.
    const reversed = rankPaths({ ...set, paths: [...set.paths].reverse() }).map((r) => r.nodeIds[1]);
    assert.deepEqual(reversed, order);
  });

  it('spells a path and its weakest link out', () => {
    const [, , , fourth, last] = rankPaths(set);
    const words = pathWords(fourth);
    assert.equal(words.people, 'Name A → Name M → Name N → Name B');
    assert.equal(words.kinds, 'friend · friend · friend');
    assert.equal(words.weakest, 'Weakest link: 3D: source not reliable, not known to the source');
    assert.equal(words.weakestLink, 'Name M — Name N (friend)');
    assert.equal(pathWords(last).weakest, 'Weakest link: not graded');
    assert.equal(weakestWords(link('d', 'a', 'b', { derived: true })),
      'derived from records (not intelligence)');
  });

  it('carries the weakest of each part of the grading, from different links', () => {
    const edges = ['1A P', '3B P', '2D C'].map((g, i) => link(`x${i}`, 'a', 'b', { grading: g }));
    assert.equal(pathGradingWords(edges), 'Path grading: 3D C (weakest of each part)');
    assert.equal(pathWords(rankPaths(set)[3]).grading,
      'Path grading: 3D P (weakest of each part)');
    const derivedOnly = [link('d', 'a', 'b', { derived: true })];
    assert.equal(pathGradingWords(derivedOnly),
      'Path grading: none (every link is derived from records)');
    assert.equal(pathGradingWords([...edges, link('n', 'a', 'b')]),
      'Path grading: not graded (a link on it carries no grading)');
    assert.equal(pathGradingWords([link('q', 'a', 'b', { grading: '1A X' }), ...edges]),
      'Path grading: 3D X (weakest of each part)');
  });

  it('drops a path whose hop has no link, and copes with none', () => {
    const broken = { elements: { nodes: [person('A'), person('B')], edges: [] } };
    assert.equal(pathRow(broken), null);
    assert.deepEqual(rankPaths({ length: null, paths: [] }), []);
    assert.deepEqual(rankPaths(null), []);
  });
});

describe('minimum grading and dates in force', () => {
  const graded = (code) => link('x', 'a', 'b', { grading: code });

  it('checks source and assessment each against its minimum', () => {
    assert.equal(meetsMinimumGrading(graded('2C P'), { minSource: '2', minAssessment: 'C' }), true);
    assert.equal(meetsMinimumGrading(graded('2C P'), { minSource: '1' }), false);
    assert.equal(meetsMinimumGrading(graded('1D P'), { minAssessment: 'C' }), false);
    assert.equal(meetsMinimumGrading(graded('3A P'), { minSource: '2', minAssessment: 'E' }), false);
    assert.equal(meetsMinimumGrading(graded('3E P'), {}), true);
    // Ungraded fails any minimum; derived passes every one.
    assert.equal(meetsMinimumGrading(link('u', 'a', 'b'), { minAssessment: 'E' }), false);
    assert.equal(meetsMinimumGrading(link('u', 'a', 'b'), {}), true);
    assert.equal(meetsMinimumGrading(link('d', 'a', 'b', { derived: true }),
      { minSource: '1', minAssessment: 'A' }), true);
  });

  it('keeps links in force at some time in the range, open ends included', () => {
    const ended = link('x', 'a', 'b', { since: '2018-01-01', until: '2020-12-31' });
    assert.equal(edgePasses(ended, { since: '2020-12-31' }), true);
    assert.equal(edgePasses(ended, { since: '2021-01-01' }), false);
    assert.equal(edgePasses(ended, { until: '2017-12-31' }), false);
    assert.equal(edgePasses(ended, { since: '2015-01-01', until: '2018-01-01' }), true);
    assert.equal(edgePasses(link('o', 'a', 'b'), { since: '2030-01-01', until: '2031-01-01' }), true);
    assert.equal(rangeIsValid('2020-01-01', '2019-01-01'), false);
    assert.equal(rangeIsValid('2020-01-01', null), true);
  });

  it('hides what the passing links no longer connect to the people in view, and counts it', () => {
    const nodes = ['C', 'A', 'B', 'D'].map((id) => ({ id }));
    const edges = [
      link('1', 'C', 'A', { grading: '1A P' }), link('2', 'C', 'B', { grading: '3B P' }),
      link('3', 'B', 'D', { grading: '1A P' }), link('4', 'A', 'D', { grading: '2C P',
        since: '2010-01-01', until: '2012-01-01' }),
    ];
    const byGrading = filterVisibility(nodes, edges, { minSource: '2' }, ['C']);
    // The 3B link goes; B is still reached round the other way (C-A-D-B).
    assert.deepEqual([...byGrading.hiddenNodes], []);
    assert.deepEqual([...byGrading.hiddenEdges], ['2']);
    const both = filterVisibility(nodes, edges, { minSource: '2', since: '2015-01-01' }, ['C']);
    assert.deepEqual([...both.hiddenNodes].sort(), ['B', 'D']);
    assert.deepEqual([...both.hiddenEdges].sort(), ['2', '3', '4']);
    // Two people in view (a connecting network): what either reaches stays.
    const two = filterVisibility(nodes, edges, { minSource: '2', since: '2015-01-01' }, ['C', 'B']);
    assert.deepEqual([...two.hiddenNodes], []);
    assert.deepEqual([...two.hiddenEdges].sort(), ['2', '4']);
  });
});

describe('the group to connect', () => {
  it('adds up to GROUP_MAX people, each once', () => {
    let group = [];
    for (let i = 1; i <= GROUP_MAX; i += 1) {
      const result = addToGroup(group, { id: `P-${i}`, label: `Person ${i}` });
      assert.equal(result.message, null);
      group = result.group;
    }
    assert.equal(group.length, 5);
    const full = addToGroup(group, { id: 'P-9', label: 'Late' });
    assert.equal(full.group, group);
    assert.equal(full.message, 'At most 5 people: remove someone first.');
    const twice = addToGroup(group.slice(0, 2), { id: 'P-1', label: 'Person 1' });
    assert.equal(twice.group.length, 2);
    assert.equal(twice.message, 'Person 1 is already in the group.');
  });

  it('tells who the connecting network leaves apart', () => {
    const elements = { nodes: [], edges: [link('1', 'A', 'M'), link('2', 'M', 'B'),
      link('3', 'C', 'N')] };
    assert.deepEqual(groupComponents(elements, ['A', 'B', 'C', 'D']), [['A', 'B'], ['C'], ['D']]);
    assert.deepEqual(groupComponents(elements, ['C', 'A', 'B']), [['A', 'B'], ['C']]);
    assert.deepEqual(groupComponents({ nodes: [], edges: [] }, ['A', 'B']), [['A'], ['B']]);
  });
});
