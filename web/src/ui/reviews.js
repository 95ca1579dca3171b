// MOPI review list (#/reviews): the records whose review date has come (`reviewsDue`),
// most overdue first, with a kind filter that shows every kind's count and a person link
// that opens the profile in the explorer, and, for roles that may (REVIEW_RECORDS), a
// "Record review" form under each row (`recordReview`): the reviewed row leaves the list.
// Wording and checks live in reviews-format.js; this module builds the DOM (textContent
// only) and calls the API.

import { gql } from '../graphql.js';
import {
  addDays, appendRows, canReview, dropReviewed, kindChips, kindLabel, overdueInfo, reviewDoneText,
  reviewOutcomes, reviewSummary, rowKey, toggleKind, validateBefore, validateReview,
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
  me { permissions }
}`;

const RECORD = `mutation RecordReview($kind: String!, $id: ID!, $outcome: String!, $reason: String!,
    $next: Date) {
  recordReview(kind: $kind, id: $id, outcome: $outcome, reason: $reason, nextReviewDate: $next) {
    ok
    errors { field code message }
    review { id outcome nextReviewDate }
  }
}`;

const todayIso = () => new Date().toISOString().slice(0, 10);

export function setupReviews(root) {
  const state = { rows: [], total: 0, counts: [], kinds: [], before: null, cursor: null,
    hasNext: false, loaded: false, token: 0, permissions: [] };

  const beforeInput = h('input', { type: 'date', id: 'reviews-before', 'aria-describedby': 'reviews-before-error' });
  const beforeError = h('p', { id: 'reviews-before-error', class: 'field-error', role: 'alert', hidden: true });
  const refresh = h('button', { type: 'submit', id: 'reviews-refresh', text: 'Show' });
  const chips = h('div', { id: 'reviews-kinds', class: 'review-kinds', role: 'group',
    'aria-label': 'Filter by kind (counts are records due)' });
  const status = h('p', { id: 'reviews-status', class: 'status-line', role: 'status', 'aria-live': 'polite' });
  const body = h('tbody', { id: 'reviews-rows' });
  const headRow = h('tr');
  const table = h('table', { class: 'data reviews-table', hidden: true },
    h('caption', { class: 'visually-hidden', text: 'Records due for review, most overdue first' }),
    h('thead', {}, headRow), body);
  const reviewer = () => canReview(state.permissions, 'person');
  function renderHead() {
    clear(headRow).append(...['Review date', 'Overdue', 'Kind', 'Record', 'Person',
      ...(reviewer() ? ['Review'] : [])].map((t) => h('th', { scope: 'col', text: t })));
  }
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
      h('td', {}, person),
      reviewer() ? h('td', { class: 'review-action' }, canReview(state.permissions, r.kind)
        ? h('button', { type: 'button', class: 'record-review', 'aria-expanded': 'false',
          text: 'Record review', onclick: (e) => toggleForm(r, e.currentTarget) })
        : h('span', { class: 'muted small', text: 'Your role may not review flags' })) : null);
  }

  // The form under a row: outcome, next review date (keeping only), reason.
  function toggleForm(r, button) {
    const tr = button.closest('tr');
    const open = tr.nextElementSibling?.classList.contains('review-form-row') ? tr.nextElementSibling : null;
    if (open) {
      open.remove();
      button.setAttribute('aria-expanded', 'false');
      return;
    }
    button.setAttribute('aria-expanded', 'true');
    const base = `review-${rowKey(r).replace(/[^A-Za-z0-9-]/g, '_')}`;
    const errorFor = (field) => h('p', { id: `${base}-${field}-error`, class: 'field-error',
      'data-field': field, role: 'alert', hidden: true });
    const errs = { outcome: errorFor('outcome'), nextReviewDate: errorFor('nextReviewDate'),
      reason: errorFor('reason'), form: errorFor('form') };
    const outcomes = reviewOutcomes(r.kind).map((o, i) => h('label', { class: 'inline' },
      h('input', { type: 'radio', name: `${base}-outcome`, value: o.outcome, checked: i === 0,
        onchange: () => { dateBox.hidden = outcomeValue() !== 'retain'; } }), ` ${o.label}`));
    const date = h('input', { type: 'date', id: `${base}-next`, class: 'review-next',
      min: addDays(todayIso(), 1), 'aria-describedby': errs.nextReviewDate.id });
    const dateBox = h('div', { class: 'review-field' },
      h('label', { for: date.id, text: 'Next review date' }), date, errs.nextReviewDate);
    const reason = h('textarea', { id: `${base}-reason`, class: 'review-reason', rows: '2',
      maxlength: '2000', 'aria-describedby': errs.reason.id,
      placeholder: 'Why keep it, or why it can go' });
    const save = h('button', { type: 'submit', class: 'primary review-save', text: 'Save review' });
    const outcomeValue = () => form.querySelector('input[type=radio]:checked')?.value ?? '';
    const form = h('form', { class: 'review-form', novalidate: true,
      'aria-label': `Record a review of ${kindLabel(r.kind)} ${r.id}` },
    h('fieldset', {}, h('legend', { text: 'Outcome' }), ...outcomes, errs.outcome),
    dateBox,
    h('div', { class: 'review-field' }, h('label', { for: reason.id, text: 'Reason' }), reason,
      errs.reason),
    h('div', { class: 'actions' }, save, h('button', { type: 'button', text: 'Cancel',
      onclick: () => toggleForm(r, button) })), errs.form);
    const formRow = h('tr', { class: 'review-form-row', 'data-key': `${rowKey(r)}|form` },
      h('td', { colspan: '6' }, form));
    tr.after(formRow);

    const show = (errors) => {
      for (const [field, el] of Object.entries(errs)) {
        el.textContent = errors[field] ?? '';
        el.hidden = !errors[field];
      }
      date.toggleAttribute('aria-invalid', Boolean(errors.nextReviewDate));
      reason.toggleAttribute('aria-invalid', Boolean(errors.reason));
    };
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const checked = validateReview({ outcome: outcomeValue(), reason: reason.value,
        nextReviewDate: date.value }, todayIso());
      show(checked.errors ?? {});
      if (checked.errors) return;
      save.disabled = true;
      try {
        const { recordReview: p } = await gql(RECORD, { kind: r.kind, id: r.id,
          outcome: checked.review.outcome, reason: checked.review.reason,
          next: checked.review.nextReviewDate });
        if (!p.ok) {
          const errors = {};
          for (const err of p.errors) errors[err.field in errs ? err.field : 'form'] = err.message;
          show(errors);
          return;
        }
        Object.assign(state, dropReviewed(state, r));
        formRow.remove();
        tr.remove();
        renderChips();
        table.hidden = !state.rows.length;
        setStatus(reviewDoneText(r, p.review), 'ok');
      } catch (err) {
        show({ form: `Could not record the review: ${err.message}` });
      } finally {
        save.disabled = false;
      }
    });
    (outcomes[0].querySelector('input')).focus();
  }

  async function load({ append = false } = {}) {
    const token = ++state.token;
    more.disabled = true;
    refresh.disabled = true;
    setStatus(append ? 'Loading more…' : 'Loading what is due…', 'busy');
    try {
      const data = await gql(DUE, { before: state.before,
        kinds: state.kinds.length ? state.kinds : null, first: PAGE_SIZE,
        after: append ? state.cursor : null });
      const c = data.reviewsDue;
      if (token !== state.token) return;
      const page = c.edges.map((e) => e.node);
      state.rows = append ? appendRows(state.rows, page) : appendRows([], page);
      state.total = c.totalCount;
      state.counts = c.countsByKind;
      state.cursor = c.pageInfo.endCursor;
      state.hasNext = c.pageInfo.hasNextPage;
      state.loaded = true;
      state.permissions = data.me?.permissions ?? [];
      renderHead();
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
  renderHead();
  renderChips();

  return {
    show() {
      document.title = 'Reviews due — Nexus';
      if (!state.loaded) load();
    },
    reset() {
      state.token += 1;
      Object.assign(state, { rows: [], total: 0, counts: [], kinds: [], before: null,
        cursor: null, hasNext: false, loaded: false, permissions: [] });
      beforeInput.value = '';
      clear(body);
      table.hidden = true;
      more.hidden = true;
      renderChips();
      setStatus('');
    },
  };
}
