// Issue 18: the spread layout's geometry, labels kept for hubs, the opening depth, the
// path to the centre and the edge card's wording.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { connectionPath } from '../../web/src/features/explorer/connection.js';
import {
  describeConnection, gradingInWords, incidentWords, inForce, linkFacts,
} from '../../web/src/features/explorer/format.js';
import { countOverlaps, spreadLayout } from '../../web/src/features/explorer/spread.js';
import { hubIds, labelFontSize, openingDepth } from '../../web/src/features/explorer/transform.js';

// A deterministic ego network: a hub with `spokes` neighbours, each with a few of its own,
// and links among them (mulberry32, fixed seed).
function egoNetwork(spokes, outer, extra, seed = 7) {
  let a = seed;
  const random = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const edges = [];
  for (let i = 1; i <= spokes; i += 1) edges.push([0, i]);
  let n = spokes + 1;
  for (let i = 1; i <= spokes; i += 1) {
    for (let k = 0; k < outer; k += 1) edges.push([i, n++]);
  }
  for (let k = 0; k < extra; k += 1) {
    const x = Math.floor(random() * n);
    const y = Math.floor(random() * n);
    if (x !== y) edges.push([x, y]);
  }
  return { n, edges };
}

function boxes(x, y, sizes) {
  return sizes.map((s, i) => ({ x1: x[i] - s / 2, x2: x[i] + s / 2, y1: y[i] - s / 2, y2: y[i] + s / 2 }));
}

describe('spread layout', () => {
  for (const [spokes, outer, extra] of [[100, 0, 340], [100, 4, 1400], [40, 6, 500]]) {
    it(`leaves no two nodes overlapping (${spokes} spokes x ${outer})`, () => {
      const { n, edges } = egoNetwork(spokes, outer, extra);
      const sizes = Array.from({ length: n }, (_, i) => (i === 0 ? 46 : 32));
      const { x, y } = spreadLayout({ sizes, edges, roots: [0] });
      assert.equal(countOverlaps(boxes(x, y, sizes)), 0);
      // ...and spreads them: the area grows with the node count, not squeezed into a ball.
      const w = Math.max(...x) - Math.min(...x);
      const h = Math.max(...y) - Math.min(...y);
      assert.ok(w * h > n * 32 * 32 * 1.5, `area ${w}x${h} for ${n} nodes`);
      assert.ok(x.every(Number.isFinite) && y.every(Number.isFinite));
    });
  }

  it('is deterministic and puts the centre near the middle', () => {
    const { n, edges } = egoNetwork(30, 3, 40);
    const sizes = Array(n).fill(32);
    const one = spreadLayout({ sizes, edges, roots: [0] });
    const two = spreadLayout({ sizes, edges, roots: [0] });
    assert.deepEqual([...one.x], [...two.x]);
    const cx = (Math.max(...one.x) + Math.min(...one.x)) / 2;
    const w = Math.max(...one.x) - Math.min(...one.x);
    assert.ok(Math.abs(one.x[0] - cx) < w / 4);
  });

  it('keeps placed nodes roughly where they were when refining an expansion', () => {
    const { n, edges } = egoNetwork(20, 2, 10);
    const sizes = Array(n).fill(32);
    const first = spreadLayout({ sizes, edges, roots: [0] });
    const initial = Array.from({ length: n }, (_, i) => ({ x: first.x[i], y: first.y[i] }));
    const more = [...edges, [5, n], [5, n + 1]];
    const next = spreadLayout({ sizes: [...sizes, 32, 32], edges: more, roots: [0],
      initial: [...initial, null, null] });
    const moved = initial.map((p, i) => Math.hypot(p.x - next.x[i], p.y - next.y[i]));
    const median = moved.sort((a, b) => a - b)[Math.floor(moved.length / 2)];
    assert.ok(median < 60, `median move ${median}`);
    assert.equal(countOverlaps(boxes(next.x, next.y, [...sizes, 32, 32])), 0);
  });

  it('counts overlapping pairs (a ball of 50 nodes has many, a grid none)', () => {
    const ball = Array.from({ length: 50 }, (_, i) => ({ x1: i % 5, y1: 0, x2: 30 + (i % 5), y2: 30 }));
    assert.equal(countOverlaps(ball), 50 * 49 / 2);
    const grid = Array.from({ length: 50 }, (_, i) => ({ x1: (i % 10) * 40, y1: Math.floor(i / 10) * 40,
      x2: (i % 10) * 40 + 30, y2: Math.floor(i / 10) * 40 + 30 }));
    assert.equal(countOverlaps(grid), 0);
    assert.equal(countOverlaps([]), 0);
  });
});

describe('labels by zoom', () => {
  it('keeps the best-connected few', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => ({ id: `n${i}`, degree: i < 3 ? 50 - i : 2 }));
    assert.deepEqual(hubIds(nodes), ['n0', 'n1', 'n2']);
    assert.deepEqual(hubIds([{ id: 'a', degree: 2 }, { id: 'b', degree: 1 }]), []);
    const many = Array.from({ length: 2000 }, (_, i) => ({ id: `n${i}`, degree: 10 + (i % 7) }));
    assert.ok(hubIds(many).length <= 12);
  });

  it('sizes kept labels to read at about 12 px', () => {
    assert.equal(labelFontSize(1), 12);
    assert.equal(labelFontSize(0.25), 48);
    assert.equal(labelFontSize(4), 11);
  });
});

describe('opening depth', () => {
  const net = (neighbours, hidden = 0, centreHidden = 0) => ({ centreIds: ['c'], elements: {
    nodes: [{ id: 'c', depth: 0, hiddenCount: centreHidden },
      ...Array.from({ length: neighbours }, (_, i) => ({ id: `p${i}`, depth: 1, hiddenCount: hidden }))],
    edges: [] } });

  it('opens a hub at 1 hop and anyone else at 2', () => {
    assert.deepEqual([openingDepth(net(100, 3, 24)).depth, openingDepth(net(100, 3, 24)).hub], [1, true]);
    assert.equal(openingDepth(net(100, 3, 24)).neighbours, 100);
    assert.equal(openingDepth(net(100, 3, 24)).hiddenAtCentre, 24);
    assert.equal(openingDepth(net(12, 20)).depth, 2);
    assert.equal(openingDepth(net(20, 30)).depth, 1); // 2 hops estimated above 500
  });

  it('says when the first hop already is the whole network', () => {
    assert.equal(openingDepth(net(5, 0)).complete, true);
    assert.equal(openingDepth(net(5, 1)).complete, false);
    assert.equal(openingDepth(net(0)).complete, true);
  });
});

describe('how a node connects to the centre', () => {
  const nodes = [
    { id: 'c', label: 'Liam Cole', type: 'Person' }, { id: 'j', label: 'Jane Doe', type: 'Person' },
    { id: 'k', label: 'Kyle Ray', type: 'Person' }, { id: 'g', label: 'Southside Boys', type: 'Organisation' },
    { id: 'x', label: 'Alone', type: 'Person' },
  ];
  const edges = [
    { id: 'e1', source: 'c', target: 'j', kind: 'FRIEND' },
    { id: 'e2', source: 'j', target: 'g', kind: 'MEMBER_OF' },
    { id: 'e3', source: 'k', target: 'g', kind: 'MEMBER_OF' },
    { id: 'e4', source: 'c', target: 'k', kind: 'CO_OFFENDER', derived: true },
  ];

  it('finds the shortest path over what is drawn', () => {
    const path = connectionPath({ nodes, edges }, ['c'], 'g');
    assert.equal(path.hops, 2);
    // Two paths of 2 hops: the one through the lower ids (j) is the answer.
    assert.deepEqual(path.steps.map((s) => s.to.id), ['j', 'g']);
    assert.equal(connectionPath({ nodes, edges }, ['c'], 'x'), null);
    assert.equal(connectionPath({ nodes, edges }, ['c'], 'c').hops, 0);
  });

  it('says it in words', () => {
    const two = describeConnection(connectionPath({ nodes, edges }, ['c'], 'g'), 'Liam Cole');
    assert.equal(two.summary, '2 hops from Liam Cole, via Jane Doe (friend).');
    assert.equal(two.chain, 'Liam Cole → Jane Doe (friend) → Southside Boys (member of)');
    const one = describeConnection(connectionPath({ nodes, edges }, ['c'], 'k'), 'Liam Cole');
    assert.equal(one.summary, 'Direct link to Liam Cole: co-offender (derived).');
    const back = connectionPath({ nodes, edges: [edges[0], edges[1], { id: 'e5', source: 'm', target: 'g', kind: 'MEMBER_OF' }] },
      ['c'], 'm');
    assert.equal(back, null); // 'm' is not drawn
    const viaGang = describeConnection(connectionPath({ nodes: [...nodes, { id: 'm', label: 'Mo', type: 'Person' }],
      edges: [edges[0], edges[1], { id: 'e5', source: 'm', target: 'g', kind: 'MEMBER_OF' }] }, ['c'], 'm'), 'Liam Cole');
    assert.equal(viaGang.chain, 'Liam Cole → Jane Doe (friend) → Southside Boys (member of) → Mo (has member)');
    assert.match(describeConnection(null, 'Liam Cole').summary, /Not connected to Liam Cole/);
  });
});

describe('edge card wording', () => {
  it('spells the 3x5x2 grading out', () => {
    const words = gradingInWords({ sourceEvaluation: '2', intelligenceAssessment: 'B', handlingCode: 'C',
      handlingConditions: 'Only via the DI' });
    assert.equal(words.code, '2B C');
    assert.deepEqual(words.parts, ['2: untested source', 'B: known indirectly to the source, corroborated',
      'C: sharing only under stated conditions']);
    assert.equal(words.conditions, 'Only via the DI');
    assert.equal(words.poor, false);
    assert.equal(gradingInWords({ sourceEvaluation: '3', intelligenceAssessment: 'A', handlingCode: 'P' }).poor, true);
    assert.deepEqual(gradingInWords(null).parts, ['Not graded']);
    assert.equal(gradingInWords(null, { derived: true }).poor, false);
  });

  it('says the dates in force, the provenance and the shared incidents', () => {
    assert.equal(inForce('2019-01-01', null), 'since 2019-01-01 (no end recorded)');
    assert.equal(inForce(null, null), 'no dates recorded');
    assert.equal(inForce('2019-01-01', '2020-02-02'), '2019-01-01 to 2020-02-02');
    const link = { kind: 'MEMBER_OF', role: 'leader', detail: null, since: '2020-12-19', until: null,
      derived: false, source: { label: 'Liam Cole', type: 'Person' }, target: { label: 'RM12', type: 'Organisation' },
      provenance: { source: 'Gangs Violence Matrix', recordedBy: 'PC 3746ET', recordedAt: '2025-10-31T09:00:00+00:00' } };
    assert.deepEqual(linkFacts(link), [['Kind', 'member of (leader)'], ['In force', 'since 2020-12-19 (no end recorded)'],
      ['Derived', 'no: recorded'], ['Source', 'Gangs Violence Matrix'], ['Recorded by', 'PC 3746ET'],
      ['Recorded at', '2025-10-31 09:00 UTC']]);
    assert.equal(incidentWords({ occurredAt: '2017-03-25T12:57:00+00:00', type: 'robbery', location: 'Windsor Station',
      sourceRoles: ['suspect', 'arrested'], targetRoles: ['suspect'] },
    { source: { label: 'A' }, target: { label: 'B' } }),
    '2017-03-25 · robbery · Windsor Station · A: suspect, arrested; B: suspect');
  });
});
