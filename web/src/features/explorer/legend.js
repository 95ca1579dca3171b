// The legend, drawn from the same style map as the canvas (style.js).

import { $, clear, h } from '../../shared/dom.js';
import { legendEntries } from './style.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

const DASH = { dashed: '6 3', dotted: '1.5 3', solid: '' };

export function swatch(s) {
  const box = svg('svg', { width: 30, height: 18, 'aria-hidden': 'true' });
  if (s.kind === 'edge') {
    box.append(svg('line', { x1: 2, y1: 9, x2: 28, y2: 9, stroke: s['line-color'],
      'stroke-width': 3, 'stroke-dasharray': DASH[s['line-style']] ?? '', 'stroke-linecap': 'round' }));
    return box;
  }
  const stroke = s['border-color'] ?? '#334155';
  const width = Math.min(Number(s['border-width'] ?? 2), 2.5);
  const common = { fill: s['background-color'] ?? '#cbd5e1', stroke, 'stroke-width': width };
  if (s['border-style'] === 'dashed') common['stroke-dasharray'] = '3 2';
  if (s.sized) {
    // Two people of different harm: the size scale in miniature.
    box.append(svg('circle', { cx: 7, cy: 12, r: 3.5, ...common }));
    box.append(svg('circle', { cx: 20, cy: 9, r: 7.5, ...common }));
    return box;
  }
  if (s.shape === 'round-rectangle') {
    box.append(svg('rect', { x: 4, y: 3, width: 22, height: 12, rx: 3, ...common }));
  } else {
    box.append(svg('circle', { cx: 15, cy: 9, r: 6.5, ...common }));
    if (s['border-style'] === 'double') {
      box.append(svg('circle', { cx: 15, cy: 9, r: 3.5, fill: 'none', stroke, 'stroke-width': 1 }));
    }
  }
  return box;
}

export function renderLegend() {
  const body = clear($('legend-body'));
  for (const { section, items } of legendEntries()) {
    body.append(h('div', { class: 'legend-row' }, h('h4', { text: section }),
      h('ul', {}, items.map((item) => h('li', { 'data-key': item.key }, swatch(item.swatch),
        h('span', { text: item.label }))))));
  }
  body.append(h('div', { class: 'legend-row' }, h('h4', { text: 'On the canvas' }),
    h('ul', {}, ['Click a node for details', 'double-click to expand it',
      'Shift+click to select two people', 'scroll to zoom, drag to pan']
      .map((text) => h('li', { text })))));
}
