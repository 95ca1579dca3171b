// MOPI review list (#/reviews): the records whose review date has come (`reviewsDue`),
// most overdue first, with a kind filter that shows every kind's count and a person link
// that opens the profile in the explorer. Wording lives in reviews-format.js; this module
// builds the DOM (textContent only) and calls the API.

import { gql } from '../graphql.js';
import {
  appendRows, kindChips, kindLabel, overdueInfo, reviewSummary, rowKey, toggleKind, validateBefore,
} from '../reviews-format.js';
import { hashForPerson } from '../transform.js';
import { clear, h } from './dom.js';

const PAGE_SIZE = 50;

const DUE = `query ReviewsDue($before: Date, $kinds: [String!], $first: Int!, $after: String) {
  reviewsDue(before: $before, kinds: $kinds, first: $first, after: $after) {
    totalCount
    countsByKind { kind count }
    pageInfo { hasNextPage endCursor }
    edges { node { kind id label reviewDate daysOverdue personId } }
  }
}`;

export function setupReviews(root) {
  const state = { rows: [], total: 0, counts: [], kinds: [], before: null, cursor: null,
    hasNext: false, loaded: false, token: 0 };

  const beforeInput = h('input', { type: 'date', id: 'reviews-before', 'aria-describedby': 'reviews-before-error' });
  const beforeError = h('p', { id: 'reviews-before-error', class: 'field-error', role: 'alert', hidden: true });
  const refresh = h('button', { type: 'submit', id: 'reviews-refresh', text: 'Show' });
  const chips = h('div', { id: 'reviews-kinds', class: 'review-kinds', role: 'group',
    'aria-label': 'Filter by kind (counts are records due)' });
  const status = h('p', { id: 'reviews-status', class: 'status-line', role: 'status', 'aria-live': 'polite' });
  const body = h('tbody', { id: 'reviews-rows' });
  const table = h('table', { class: 'data reviews-table', hidden: true },
    h('caption', { class: 'visually-hidden', text: 'Records due for review, most overdue first' }),
    h('thead', {}, h('tr', {}, ['Review date', 'Overdue', 'Kind', 'Record', 'Person']
      .map((t) => h('th', { scope: 'col', text: t })))),
    body);
  const more = h('button', { type: 'button', id: 'reviews-more', text: 'Load more', hidden: true });

  clear(root).append(
    h('h2', { id: 'reviews-title', text: 'Reviews due' }),
    h('p', { class: 'muted', text: 'Records whose review date has come (Management of Police '
      + 'Information): people, arrests, incidents, intelligence reports and active flags. '
      + 'Review each one: keep it with a new review date, or dispose of it. Opening this list is logged.' }),
    h('form', { class: 'review-controls', novalidate: true, onsubmit: (e) => {
      e.preventDefault();
      applyBefore();
    } },
    h('label', { for: 'reviews-before', text: 'Due on or before' }), beforeInput, refresh,
    h('span', { class: 'muted small', text: 'Empty: today.' })),
    beforeError, chips, status, table,
    h('div', { class: 'actions' }, more));

  function setStatus(text, kind = '') {
    status.className = `status-line${kind ? ` ${kind}` : ''}`;
    status.textContent = text;
  }

  function renderChips() {
    clear(chips).append(...kindChips(state.counts, state.kinds).map((c) => h('button', {
      type: 'button', class: 'review-kind', 'data-kind': c.kind, 'aria-pressed': String(c.selected),
      onclick: () => {
        state.kinds = toggleKind(state.kinds, c.kind);
        load();
      },
    }, `${c.label} `, h('span', { class: 'count', text: String(c.count) }))));
  }

  function row(r) {
    const overdue = overdueInfo(r.daysOverdue);
    const person = r.personId
      ? [h('a', { href: hashForPerson(r.personId), class: 'open-person', 'data-person-id': r.personId,
        text: 'Open profile' }), ' ', h('span', { class: 'person-id', text: r.personId })]
      : h('span', { class: 'muted', title: 'No single person: see the record', text: '—' });
    return h('tr', { 'data-key': rowKey(r), 'data-kind': r.kind, class: `review ${overdue.tone}` },
      h('td', { class: 'date', text: r.reviewDate }),
      h('td', { class: `overdue-cell ${overdue.tone}`, text: overdue.text }),
      h('td', { text: kindLabel(r.kind) }),
      h('td', {}, h('span', { class: 'record-label', text: r.label }), ' ',
        h('span', { class: 'person-id', text: r.id })),
      h('td', {}, person));
  }

  async function load({ append = false } = {}) {
    const token = ++state.token;
    more.disabled = true;
    refresh.disabled = true;
    setStatus(append ? 'Loading more…' : 'Loading what is due…', 'busy');
    try {
      const { reviewsDue: c } = await gql(DUE, { before: state.before,
        kinds: state.kinds.length ? state.kinds : null, first: PAGE_SIZE,
        after: append ? state.cursor : null });
      if (token !== state.token) return;
      const page = c.edges.map((e) => e.node);
      state.rows = append ? appendRows(state.rows, page) : appendRows([], page);
      state.total = c.totalCount;
      state.counts = c.countsByKind;
      state.cursor = c.pageInfo.endCursor;
      state.hasNext = c.pageInfo.hasNextPage;
      state.loaded = true;
      clear(body).append(...state.rows.map(row));
      table.hidden = !state.rows.length;
      renderChips();
      setStatus(reviewSummary({ shown: state.rows.length, total: state.total,
        before: state.before, kinds: state.kinds }));
    } catch (err) {
      if (token !== state.token) return;
      setStatus(`Could not load the reviews due: ${err.message}`, 'error');
    } finally {
      if (token === state.token) {
        more.hidden = !state.hasNext;
        more.disabled = false;
        refresh.disabled = false;
      }
    }
  }

  function applyBefore() {
    const checked = validateBefore(beforeInput.value);
    beforeError.hidden = !checked.error;
    beforeError.textContent = checked.error ?? '';
    if (checked.error) {
      beforeInput.setAttribute('aria-invalid', 'true');
      return;
    }
    beforeInput.removeAttribute('aria-invalid');
    state.before = checked.before;
    load();
  }

  more.addEventListener('click', () => load({ append: true }));
  renderChips();

  return {
    show() {
      document.title = 'Reviews due — Nexus';
      if (!state.loaded) load();
    },
    reset() {
      state.token += 1;
      Object.assign(state, { rows: [], total: 0, counts: [], kinds: [], before: null,
        cursor: null, hasNext: false, loaded: false });
      beforeInput.value = '';
      clear(body);
      table.hidden = true;
      more.hidden = true;
      renderChips();
      setStatus('');
    },
  };
}
