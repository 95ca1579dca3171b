// The search box: ranked results as you type, keyboard navigable (arrows, Enter, Escape).
// Exact identifier hits (id, PNC ID, CRO number, HO reference, passport) come first and say
// so; a date of birth typed alone lists who was born then. The Filters panel adds date of
// birth, nationality (a country name or an ISO code) and flagged only; the last row of the
// list pages on ("Show 10 more"), so every hit can be reached. The GraphQL and the rules are
// in features/search/.

import { $, clear, h } from '../../shared/dom.js';
import { SEARCH_PAGE, searchPage } from '../search/api.js';
import {
  activeFilters, matchedWords, moreText, searchVariables, statusText,
} from '../search/format.js';
import { searchRow } from './transform.js';

const DEBOUNCE_MS = 200;

function filtersPanel() {
  const dob = h('input', { id: 'search-dob', type: 'text', inputmode: 'numeric', autocomplete: 'off',
    placeholder: 'DD/MM/YYYY', 'aria-describedby': 'search-filter-error' });
  const nationality = h('input', { id: 'search-nationality', type: 'text', autocomplete: 'off',
    placeholder: 'e.g. Albania or AL' });
  const flagged = h('input', { id: 'search-flagged', type: 'checkbox' });
  const error = h('p', { id: 'search-filter-error', class: 'field-error', role: 'alert', hidden: true });
  const clearButton = h('button', { type: 'button', id: 'search-filters-clear', text: 'Clear filters' });
  const panel = h('div', { id: 'search-filters', class: 'search-filters', hidden: true,
    role: 'group', 'aria-label': 'Search filters' },
  h('label', {}, 'Date of birth', dob),
  h('label', {}, 'Nationality', nationality),
  h('label', { class: 'search-flagged' }, flagged, 'High-harm flag only'),
  clearButton, error);
  return { panel, dob, nationality, flagged, error, clearButton };
}

export function setupSearch({ onOpen, onAdd = null }) {
  const input = $('search-input');
  const list = $('search-results');
  const status = $('search-status');
  const filters = filtersPanel();
  const toggle = h('button', { type: 'button', id: 'search-filters-toggle', 'aria-expanded': 'false',
    'aria-controls': 'search-filters', class: 'search-filters-toggle' }, 'Filters',
  h('span', { id: 'search-filter-count', class: 'badge', hidden: true }));
  input.after(toggle);
  $('search').append(filters.panel);

  let rows = [];
  let active = -1;
  let timer = null;
  let inflight = null;
  let current = null; // {query, variables, total, after, hasNext}

  const filterValues = () => ({ dateOfBirth: filters.dob.value, nationality: filters.nationality.value,
    flaggedOnly: filters.flagged.checked });

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const options = () => [...list.querySelectorAll('[role="option"]')];

  const setActive = (index) => {
    const items = options();
    if (!items.length) return;
    active = (index + items.length) % items.length;
    items.forEach((item, i) => item.setAttribute('aria-selected', String(i === active)));
    input.setAttribute('aria-activedescendant', items[active].id);
    items[active].scrollIntoView({ block: 'nearest' });
  };

  const choose = (index, { add = false } = {}) => {
    const item = options()[index];
    if (!item) return;
    if (item.dataset.more) {
      loadMore();
      return;
    }
    const row = rows[Number(item.dataset.index)];
    if (!row) return;
    close();
    if (add && onAdd) {
      onAdd({ id: row.id, label: row.name });
      return;
    }
    input.value = row.name;
    onOpen(row.id);
  };

  const rowElement = (row, i, edge) => {
    const node = edge.node;
    const meta = [
      row.aliases.length ? `aka ${row.aliases.slice(0, 3).join(', ')}` : null,
      row.datesOfBirth.length ? `DOB ${row.datesOfBirth.join(' / ')}` : null,
      row.nationalities.length ? row.nationalities.join(', ') : null,
      node.pncId ? `PNC ${node.pncId}` : null,
    ].filter(Boolean).join(' · ');
    const matched = matchedWords(edge.matched);
    return h('li', {
      id: `search-option-${i}`, role: 'option', 'aria-selected': 'false', 'data-id': row.id,
      'data-index': String(i), 'data-matched': edge.matched ?? 'name',
      onmousedown: (e) => { e.preventDefault(); choose(options().indexOf(e.currentTarget)); },
    },
    h('div', { class: 'name' }, row.name, ' ', h('span', { class: 'meta', text: row.id }),
      matched ? h('span', { class: 'chip exact', text: `${matched} match` }) : null,
      // Add to the group to connect (paths and groups): Shift+Enter does the same.
      onAdd ? h('button', { type: 'button', class: 'add-to-canvas', tabindex: '-1',
        text: '+ Add to canvas', title: 'Add to the people to connect (Shift+Enter)',
        onmousedown: (e) => {
          e.preventDefault();
          e.stopPropagation();
          choose(options().indexOf(e.currentTarget.closest('[role="option"]')), { add: true });
        } }) : null),
    meta ? h('div', { class: 'meta', text: meta }) : null,
    row.flags.length ? h('div', { class: 'chips' }, row.flags.map((flag) => h('span', {
      class: `chip ${flag === 'High harm' ? 'high-harm' : 'warning'}`, text: flag }))) : null);
  };

  const moreRow = () => h('li', { id: 'search-more', role: 'option', 'aria-selected': 'false',
    class: 'more', 'data-more': 'true', text: moreText(rows.length, current.total, SEARCH_PAGE),
    onmousedown: (e) => { e.preventDefault(); loadMore(); } });

  const render = (connection, { append = false } = {}) => {
    const start = append ? rows.length : 0;
    if (!append) {
      rows = [];
      clear(list);
    }
    list.querySelector('#search-more')?.remove();
    connection.edges.forEach((edge, k) => {
      const row = searchRow(edge);
      rows.push(row);
      list.append(rowElement(row, start + k, edge));
    });
    current.total = connection.totalCount;
    current.after = connection.pageInfo?.endCursor ?? null;
    current.hasNext = Boolean(connection.pageInfo?.hasNextPage);
    if (!rows.length) {
      list.append(h('li', { class: 'none', role: 'presentation',
        text: `No one matches “${current.query || 'the filters'}”${activeFilters(filterValues()) ? ' with these filters' : ''}.` }));
    }
    if (current.hasNext) list.append(moreRow());
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    status.textContent = statusText(rows.length, current.total);
  };

  const showError = (err) => {
    clear(list);
    list.append(h('li', { class: 'none', role: 'presentation', text: `Search failed: ${err.message}` }));
    list.hidden = false;
    status.textContent = 'Search failed';
  };

  const run = async () => {
    const plan = searchVariables(input.value, filterValues());
    filters.error.hidden = !plan.error || plan.error.startsWith('Type');
    filters.error.textContent = plan.error ?? '';
    if (!plan.query && !plan.variables) {
      inflight?.abort();
      close();
      rows = [];
      status.textContent = plan.error && plan.error.startsWith('Type') ? plan.error : '';
      return;
    }
    inflight?.abort();
    inflight = new AbortController();
    current = { query: plan.query, variables: plan.variables, total: 0, after: null, hasNext: false };
    status.textContent = 'Searching…';
    try {
      render(await searchPage(plan.query, plan.variables, { signal: inflight.signal }));
      active = -1;
    } catch (err) {
      if (err.name !== 'AbortError') showError(err);
    }
  };

  async function loadMore() {
    if (!current?.hasNext) return;
    const keep = active;
    const more = $('search-more');
    if (more) more.textContent = 'Loading…';
    inflight?.abort();
    inflight = new AbortController();
    try {
      render(await searchPage(current.query, current.variables,
        { after: current.after, signal: inflight.signal }), { append: true });
      input.focus();
      if (keep >= 0) setActive(keep); // by keyboard: the first new hit takes the row's place
    } catch (err) {
      if (err.name !== 'AbortError') showError(err);
    }
  }

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  };

  input.addEventListener('input', schedule);
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
      if (!list.hidden && options().length) choose(active >= 0 ? active : 0, { add: e.shiftKey });
    } else if (e.key === 'Escape') {
      if (!list.hidden) { e.preventDefault(); close(); } else { input.value = ''; status.textContent = ''; }
    }
  });
  input.addEventListener('blur', () => setTimeout(() => {
    if (document.activeElement !== input) close();
  }, 100));
  input.addEventListener('focus', () => {
    if (rows.length && current) {
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }
  });

  const filtersChanged = () => {
    const count = activeFilters(filterValues());
    const badge = $('search-filter-count');
    badge.hidden = !count;
    badge.textContent = String(count);
    schedule();
  };
  for (const field of [filters.dob, filters.nationality]) field.addEventListener('input', filtersChanged);
  filters.flagged.addEventListener('change', filtersChanged);
  filters.clearButton.addEventListener('click', () => {
    filters.dob.value = '';
    filters.nationality.value = '';
    filters.flagged.checked = false;
    filtersChanged();
  });
  toggle.addEventListener('click', () => {
    filters.panel.hidden = !filters.panel.hidden;
    toggle.setAttribute('aria-expanded', String(!filters.panel.hidden));
    if (!filters.panel.hidden) filters.dob.focus();
  });
  filters.panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      filters.panel.hidden = true;
      toggle.setAttribute('aria-expanded', 'false');
      toggle.focus();
    }
  });
}
