// Analytics on the canvas: size by harm score, colour by community, the at-risk marker.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { NODE_CLASSES, buildStylesheet, legendEntries } from '../../web/src/features/explorer/style.js';
import {
  COMMUNITY_PALETTE, HARM_SCORE_CAP, HARM_SIZE_MAX, HARM_SIZE_MIN, communityColour, harmSize,
  toElements,
} from '../../web/src/features/explorer/transform.js';

const person = (id, extra = {}) => ({ id, type: 'Person', label: id, ...extra });
const nodeDef = (defs, id) => defs.find((d) => d.group === 'nodes' && d.data.id === id);

describe('harmSize', () => {
  it('is null without a score, so unscored nodes keep the default size', () => {
    for (const value of [null, undefined, Number.NaN, 'abc']) assert.equal(harmSize(value), null);
  });

  it('is bounded and grows with the score', () => {
    assert.equal(harmSize(0), HARM_SIZE_MIN);
    assert.equal(harmSize(-5), HARM_SIZE_MIN);
    assert.equal(harmSize(HARM_SCORE_CAP), HARM_SIZE_MAX);
    assert.equal(harmSize(HARM_SCORE_CAP * 100), HARM_SIZE_MAX);
    const sizes = [1, 30, 365, 1000].map(harmSize);
    for (let i = 1; i < sizes.length; i += 1) assert.ok(sizes[i] > sizes[i - 1], String(sizes));
    for (const size of sizes) assert.ok(size > HARM_SIZE_MIN && size < HARM_SIZE_MAX);
  });

  it('sets the size and the harm-sized class only on scored nodes', () => {
    const defs = toElements({ nodes: [person('a', { harmScore: 365 }), person('b'),
      person('c', { harmScore: 0 })], edges: [] });
    assert.equal(nodeDef(defs, 'a').data.size, harmSize(365));
    assert.ok(nodeDef(defs, 'a').classes.includes('harm-sized'));
    assert.equal('size' in nodeDef(defs, 'b').data, false);
    assert.ok(!nodeDef(defs, 'b').classes.includes('harm-sized'));
    assert.equal(nodeDef(defs, 'c').data.size, HARM_SIZE_MIN);
  });
});

describe('communityColour', () => {
  it('maps community numbers onto the fixed palette, wrapping round', () => {
    assert.equal(communityColour(0), COMMUNITY_PALETTE[0]);
    assert.equal(communityColour(3), COMMUNITY_PALETTE[3]);
    assert.equal(communityColour(COMMUNITY_PALETTE.length + 1), COMMUNITY_PALETTE[1]);
    assert.notEqual(communityColour(0), communityColour(1));
    assert.equal(new Set(COMMUNITY_PALETTE).size, COMMUNITY_PALETTE.length);
  });

  it('is null for no community or a nonsense one', () => {
    for (const value of [null, undefined, -1, 1.5]) assert.equal(communityColour(value), null);
  });

  it('adds the community class only in colour-by-community mode', () => {
    const elements = { nodes: [person('a', { community: 2 }), person('b')], edges: [] };
    const off = toElements(elements);
    assert.ok(!nodeDef(off, 'a').classes.includes('community'));
    assert.equal(nodeDef(off, 'a').data.communityColour, COMMUNITY_PALETTE[2]);
    const on = toElements(elements, { byCommunity: true });
    assert.ok(nodeDef(on, 'a').classes.includes('community'));
    assert.ok(!nodeDef(on, 'b').classes.includes('community'));
    assert.equal('communityColour' in nodeDef(on, 'b').data, false);
  });
});

describe('at-risk marker', () => {
  it('marks people flagged at risk, and only them', () => {
    const defs = toElements({ nodes: [person('a', { atRisk: true }), person('b', { atRisk: false }),
      person('c')], edges: [] });
    assert.ok(nodeDef(defs, 'a').classes.includes('at-risk'));
    assert.ok(!nodeDef(defs, 'b').classes.includes('at-risk'));
    assert.ok(!nodeDef(defs, 'c').classes.includes('at-risk'));
    assert.equal(nodeDef(defs, 'a').data.atRisk, true);
  });
});

describe('analytics in the style map', () => {
  const sheet = buildStylesheet();
  const rule = (selector) => sheet.find((r) => r.selector === selector);

  it('keys size, community fill and the at-risk border on data and classes', () => {
    assert.equal(rule('node.harm-sized').style.width, 'data(size)');
    assert.equal(rule('node.community').style['background-color'], 'data(communityColour)');
    const atRisk = rule('node.at-risk').style;
    assert.equal(atRisk['border-style'], 'dashed');
    assert.equal(atRisk['border-color'], '#0d9488');
    // The centre keeps its fixed size: its rule comes after the harm size.
    const order = sheet.map((r) => r.selector);
    assert.ok(order.indexOf('node.centre') > order.indexOf('node.harm-sized'));
    assert.ok(order.indexOf('node.community') > order.indexOf('node.gang'));
  });

  it('explains them in the legend', () => {
    const items = legendEntries().flatMap((s) => s.items);
    const label = (key) => items.find((i) => i.key === key)?.label;
    assert.equal(label('at-risk'), NODE_CLASSES['at-risk'].label);
    assert.match(label('at-risk'), /safeguarding/);
    assert.match(label('harm-sized'), /harm score/);
    assert.match(label('community'), /community/);
    // Swatches carry no data() mappers: the legend draws plain SVG.
    for (const item of items) {
      for (const key of ['background-color', 'border-color', 'width', 'height']) {
        assert.ok(!String(item.swatch[key]).startsWith('data('), `${item.key} ${key}`);
      }
    }
  });
});
