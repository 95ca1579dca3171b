// The stylesheet and the legend come from one map: every kind the API can send is styled
// and appears in the legend, and the transform's classes all have rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { LAYOUTS, layoutOptions, resolveLayout } from '../../web/src/features/explorer/layouts.js';
import { EDGE_CLASSES, EDGE_KINDS, NODE_CLASSES, NODE_TYPES, buildStylesheet, legendEntries }
  from '../../web/src/features/explorer/style.js';
import { ASSOCIATION_KINDS, toElements } from '../../web/src/features/explorer/transform.js';

describe('style map', () => {
  const sheet = buildStylesheet();
  const selectors = sheet.map((rule) => rule.selector);

  it('styles every association kind and node type', () => {
    assert.deepEqual(Object.keys(EDGE_KINDS).sort(), [...ASSOCIATION_KINDS].sort());
    for (const kind of ASSOCIATION_KINDS) assert.ok(selectors.includes(`edge[kind = "${kind}"]`));
    for (const type of Object.keys(NODE_TYPES)) assert.ok(selectors.includes(`node[type = "${type}"]`));
  });

  it('has a rule for every class the transform assigns', () => {
    const elements = { nodes: [{ id: 'a', type: 'Person', label: 'A', highHarm: true,
      warningMarkers: ['drugs'], gangMember: true, hiddenCount: 3, capped: true, depth: 0 }],
    edges: [{ id: 'x', source: 'a', target: 'a', kind: 'FRIEND', grading: null, derived: false },
      { id: 'y', source: 'a', target: 'a', kind: 'CO_OFFENDER', grading: null, derived: true }] };
    const classes = new Set(toElements(elements, { centreIds: ['a'], large: true })
      .flatMap((d) => d.classes));
    for (const cls of classes) {
      assert.ok(selectors.some((s) => s.endsWith(`.${cls}`)), `no rule for .${cls}`);
    }
  });

  it('puts every kind, type and class in the legend', () => {
    const keys = legendEntries().flatMap((section) => section.items.map((i) => i.key));
    for (const key of [...Object.keys(NODE_TYPES), ...Object.keys(EDGE_KINDS),
      ...Object.keys(EDGE_CLASSES), ...Object.keys(NODE_CLASSES).filter((k) => k !== 'centre')]) {
      assert.ok(keys.includes(key), `legend lacks ${key}`);
    }
  });
});

describe('layouts', () => {
  it('resolves "auto" to the spread layout and drafts fcose on big networks', () => {
    assert.equal(resolveLayout('auto'), 'spread');
    assert.equal(layoutOptions('auto', { nodeCount: 2000 }).name, 'spread');
    assert.equal(resolveLayout('grid'), 'grid');
    assert.ok(layoutOptions('fcose', { nodeCount: 2000 }).idealEdgeLength()
      > layoutOptions('fcose', { nodeCount: 20 }).idealEdgeLength());
    assert.equal(layoutOptions('fcose', { nodeCount: 50 }).quality, 'default');
    assert.equal(layoutOptions('fcose', { nodeCount: 900 }).quality, 'draft');
    // Incremental runs keep positions, which fcose allows only above draft quality.
    assert.equal(layoutOptions('fcose', { nodeCount: 900, randomize: false }).quality, 'default');
    for (const name of Object.keys(LAYOUTS)) {
      assert.equal(layoutOptions(name, { nodeCount: 10 }).animate, false);
    }
  });
});
