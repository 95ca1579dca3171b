// The people to connect (issue 18, point 3): a tray above the canvas listing the 2-5 people
// picked with "Add to canvas" (a search hit, Shift+Enter, or a node card), each removable,
// a hop limit and "Draw connecting network", which draws the `connectingNetwork` of the
// group. Built here; index.html is not touched.

import { $, clear, h } from '../../shared/dom.js';
import { GROUP_MAX, GROUP_MIN, addToGroup } from './transform.js';

/** `onDraw(people, {maxHops})` draws the group's network. */
export function setupGroup({ onDraw }) {
  let people = [];
  const chips = h('ul', { class: 'group-people', id: 'group-people' });
  const message = h('span', { class: 'group-message muted small', id: 'group-message',
    role: 'status' });
  const hops = h('select', { id: 'group-hops' }, [1, 2, 3, 4].map((n) => h('option', {
    value: String(n), text: `${n} hop${n === 1 ? '' : 's'}`, selected: n === 3 })));
  const draw = h('button', { type: 'button', id: 'group-draw', class: 'primary',
    text: 'Draw connecting network', disabled: true });
  const clearButton = h('button', { type: 'button', id: 'group-clear', text: 'Clear group' });
  const tray = h('section', { id: 'group-tray', class: 'group-tray', hidden: true,
    'aria-label': 'People to connect' },
  h('strong', { text: `Connect ${GROUP_MIN}–${GROUP_MAX} people:` }), chips,
  h('label', {}, 'within ', hops), draw, clearButton, message);
  $('notice').after(tray);

  function render(text = null) {
    clear(chips).append(...people.map((p) => h('li', { class: 'group-person', 'data-id': p.id },
      h('span', { text: p.label }),
      h('button', { type: 'button', class: 'group-remove', text: '×',
        'aria-label': `Remove ${p.label}`, onclick: () => remove(p.id) }))));
    tray.hidden = people.length === 0;
    draw.disabled = people.length < GROUP_MIN;
    message.textContent = text ?? (people.length < GROUP_MIN
      ? 'Add at least one more person (search, then "+ Add to canvas").' : '');
  }

  function add(person) {
    const result = addToGroup(people, person);
    people = result.group;
    render(result.message);
  }

  function remove(id) {
    people = people.filter((p) => p.id !== id);
    render();
  }

  draw.addEventListener('click', () => onDraw(people, { maxHops: Number(hops.value) }));
  clearButton.addEventListener('click', () => {
    people = [];
    render();
  });

  return { add, remove, get people() { return people; }, get size() { return people.length; },
    setBusy: (busy) => { draw.disabled = busy || people.length < GROUP_MIN; } };
}
