// The search box: ranked results as you type, keyboard navigable (arrows, Enter, Escape).

import { $, clear, h } from '../../shared/dom.js';
import { searchPeople } from './api.js';
import { searchRow } from './transform.js';

const DEBOUNCE_MS = 200;

export function setupSearch({ onOpen }) {
  const input = $('search-input');
  const list = $('search-results');
  const status = $('search-status');
  let rows = [];
  let active = -1;
  let timer = null;
  let inflight = null;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const setActive = (index) => {
    const items = [...list.querySelectorAll('[role="option"]')];
    if (!items.length) return;
    active = (index + items.length) % items.length;
    items.forEach((item, i) => item.setAttribute('aria-selected', String(i === active)));
    input.setAttribute('aria-activedescendant', items[active].id);
    items[active].scrollIntoView({ block: 'nearest' });
  };

  const choose = (index) => {
    const row = rows[index];
    if (!row) return;
    close();
    input.value = row.name;
    onOpen(row.id);
  };

  const render = (connection, query) => {
    rows = connection.edges.map(searchRow);
    clear(list);
    if (!rows.length) {
      list.append(h('li', { class: 'none', role: 'presentation',
        text: `No one matches “${query}”.` }));
    }
    rows.forEach((row, i) => {
      const meta = [
        row.aliases.length ? `aka ${row.aliases.slice(0, 3).join(', ')}` : null,
        row.datesOfBirth.length ? `DOB ${row.datesOfBirth.join(' / ')}` : null,
        row.nationalities.length ? row.nationalities.join(', ') : null,
      ].filter(Boolean).join(' · ');
      list.append(h('li', {
        id: `search-option-${i}`, role: 'option', 'aria-selected': 'false', 'data-id': row.id,
        onmousedown: (e) => { e.preventDefault(); choose(i); },
      },
      h('div', { class: 'name' }, row.name, ' ', h('span', { class: 'meta', text: row.id })),
      meta ? h('div', { class: 'meta', text: meta }) : null,
      row.flags.length ? h('div', { class: 'chips' }, row.flags.map((flag) => h('span', {
        class: `chip ${flag === 'High harm' ? 'high-harm' : 'warning'}`, text: flag }))) : null));
    });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    const total = connection.totalCount;
    status.textContent = total > rows.length ? `${rows.length} of ${total} matches shown` :
      `${total} ${total === 1 ? 'match' : 'matches'}`;
    active = -1;
  };

  const run = async (query) => {
    inflight?.abort();
    inflight = new AbortController();
    status.textContent = 'Searching…';
    try {
      render(await searchPeople(query, { first: 10, signal: inflight.signal }), query);
    } catch (err) {
      if (err.name === 'AbortError') return;
      clear(list);
      list.append(h('li', { class: 'none', role: 'presentation',
        text: `Search failed: ${err.message}` }));
      list.hidden = false;
      status.textContent = 'Search failed';
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < 2) {
      inflight?.abort();
      close();
      status.textContent = query ? 'Type at least two letters' : '';
      return;
    }
    timer = setTimeout(() => run(query), DEBOUNCE_MS);
  });

  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (list.hidden && rows.length) { list.hidden = false; input.setAttribute('aria-expanded', 'true'); }
      setActive(active + 1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive(active - 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (!list.hidden && rows.length) choose(active >= 0 ? active : 0);
    } else if (e.key === 'Escape') {
      if (!list.hidden) { e.preventDefault(); close(); } else { input.value = ''; status.textContent = ''; }
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
  input.addEventListener('focus', () => {
    if (rows.length && input.value.trim().length >= 2) {
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }
  });
}
