// The shortest-path list and stepper (issue 18, point 3): every path between two people as a
// row (its people, the link kinds along it with their canvas colours, its weakest grading in
// words), strongest first (transform.js rankPaths); Previous / Next or a click on a row shows
// that path alone on the canvas, "Show all" shows them together. The panel sits over the
// canvas's right edge and is built here, so index.html only gives it a place.

import { clear, h } from '../../shared/dom.js';
import { pathWords } from './format.js';
import { swatch } from './legend.js';
import { EDGE_KINDS } from './style.js';
import { isPoorlyGraded } from './transform.js';

function kindSwatch(kind) {
  const box = swatch({ kind: 'edge', 'line-color': EDGE_KINDS[kind]?.colour ?? '#94a3b8',
    'line-style': 'solid' });
  box.classList.add('kind-swatch');
  return box;
}

/**
 * `parent`: where the panel goes. `onShow(row | null)`: show one path (a row of rankPaths)
 * or, with null, all of them. `onClose()`: the panel was closed (clear the highlight).
 */
export function setupPathList(parent, { onShow, onClose }) {
  const title = h('h3', { id: 'path-list-title' });
  const position = h('span', { id: 'path-position', class: 'path-position', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', id: 'path-prev', text: '‹ Previous',
    'aria-label': 'Previous path' });
  const next = h('button', { type: 'button', id: 'path-next', text: 'Next ›', 'aria-label': 'Next path' });
  const all = h('button', { type: 'button', id: 'path-all', text: 'Show all' });
  const close = h('button', { type: 'button', id: 'path-close', text: 'Close',
    title: 'Close the list and clear the highlight' });
  const list = h('ol', { class: 'path-rows', id: 'path-rows' });
  const panel = h('section', { id: 'path-list', class: 'path-list', hidden: true,
    'aria-labelledby': 'path-list-title' },
  h('div', { class: 'path-list-head' }, title,
    h('p', { class: 'muted small', text: 'Strongest first: by the weakest link\'s grading.' })),
  h('div', { class: 'path-stepper' }, prev, position, next, all, close),
  list);
  parent.append(panel);

  const ALL = 'all';
  const state = { rows: [], current: ALL };

  function mark() {
    const buttons = [...list.querySelectorAll('.path-row')];
    buttons.forEach((button, i) => {
      button.setAttribute('aria-pressed', String(i === state.current));
      button.closest('li').classList.toggle('current', i === state.current);
    });
    position.textContent = state.current === ALL ? `All ${state.rows.length} paths`
      : `Path ${state.current + 1} of ${state.rows.length}`;
    prev.disabled = state.rows.length < 2 && state.current !== ALL;
    next.disabled = prev.disabled;
    all.disabled = state.current === ALL;
    if (state.current !== ALL) buttons[state.current]?.scrollIntoView({ block: 'nearest' });
  }

  /** Show path `index` (wrapping round), or all of them with ALL. */
  function select(index) {
    const count = state.rows.length;
    if (!count) return;
    state.current = index === ALL ? ALL : ((index % count) + count) % count;
    mark();
    onShow(state.current === ALL ? null : state.rows[state.current]);
  }

  prev.addEventListener('click', () => select(state.current === ALL ? state.rows.length - 1
    : state.current - 1));
  next.addEventListener('click', () => select(state.current === ALL ? 0 : state.current + 1));
  all.addEventListener('click', () => select(ALL));
  close.addEventListener('click', () => {
    hide();
    onClose();
  });

  function rowElement(row, i) {
    const words = pathWords(row);
    const kinds = h('span', { class: 'path-kinds' }, row.hops.flatMap((hop, j) => [
      j ? ' · ' : '', kindSwatch(hop.edge.kind), ` ${words.kinds.split(' · ')[j]}`]));
    return h('li', {}, h('button', { type: 'button', class: 'path-row', 'data-index': String(i),
      'data-key': row.key, 'aria-pressed': 'false', onclick: () => select(i) },
    h('span', { class: 'path-number', text: `${i + 1}.` }),
    h('span', { class: 'path-body' },
      h('span', { class: 'path-people', text: words.people }),
      kinds,
      h('span', { class: `path-weakest${row.weakest && !row.weakest.derived
        && isPoorlyGraded(row.weakest.grading) ? ' grading-poor' : ''}`, text: words.weakestLink
        ? `${words.weakest} (${words.weakestLink})` : words.weakest }),
      h('span', { class: 'path-grading', text: words.grading }))));
  }

  /** Show the rows (rankPaths) between `from` and `to` (labels); selects the strongest. */
  function show(rows, { from, to, length }) {
    state.rows = rows;
    title.textContent = `${rows.length} shortest path${rows.length === 1 ? '' : 's'} of ${length} `
      + `hop${length === 1 ? '' : 's'}: ${from} to ${to}`;
    clear(list).append(...rows.map(rowElement));
    panel.hidden = false;
    select(0);
  }

  function hide() {
    panel.hidden = true;
    state.rows = [];
    state.current = ALL;
    clear(list);
  }

  return { show, hide, select, width: () => (panel.hidden ? 0 : panel.offsetWidth),
    get current() { return state.current; },
    get visible() { return !panel.hidden; } };
}
