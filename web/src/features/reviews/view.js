// MOPI reviews (#/reviews), two lists behind a toggle. "Due for review" (`reviewsDue`): the
// records whose review date has come, most overdue first, with a kind filter that shows
// every kind's count, a person link that opens the profile in the explorer and, for roles
// that may (REVIEW_RECORDS), a "Record review" form under each row (`recordReview`): the
// reviewed row leaves the list. "Proposed for disposal" (`disposalProposals`): what reviews
// proposed for disposal, newest first, with who, when and why, and a "Withdraw" form
// (`withdrawDisposalProposal`) that keeps the record with a new review date. Both forms
// send the review date the row showed (`expectedReviewDate`): when someone else reviewed
// the record first the server answers CONFLICT, and the view says so and reloads the list.
// Wording and checks live in format.js, the GraphQL documents in api.js; this module builds
// the DOM (textContent only).

import { hashForPerson } from '../../router.js';
import { clear, h } from '../../shared/dom.js';
import { MAX_REASON } from '../../shared/limits.js';
import { fetchReviewList, recordReview, withdrawProposal } from './api.js';
import {
  CONFLICT_TEXT, PROPOSABLE_KINDS, REVIEW_KINDS, REVIEW_VIEWS, addDays, appendProposals, appendRows,
  canReview, dropReviewed, fieldErrors, formatProposedAt, isConflict, kindChips, kindLabel, overdueInfo,
  proposalSummary, reviewDoneText, reviewOutcomes, reviewSummary, reviewVariables, rowKey, toggleKind,
  validateBefore, validateReview, validateWithdraw, withdrawDoneText,
} from './format.js';

const todayIso = () => new Date().toISOString().slice(0, 10);
const fresh = () => ({ rows: [], total: 0, counts: [], kinds: [], cursor: null, hasNext: false,
  loaded: false });

export function setupReviews(root) {
  const state = { view: 'due', before: null, token: 0, permissions: [], due: fresh(), proposed: fresh() };
  const list = () => state[state.view];
  const reviewer = () => canReview(state.permissions, 'person');

  const beforeInput = h('input', { type: 'date', id: 'reviews-before', 'aria-describedby': 'reviews-before-error' });
  const beforeError = h('p', { id: 'reviews-before-error', class: 'field-error', role: 'alert', hidden: true });
  const refresh = h('button', { type: 'submit', id: 'reviews-refresh', text: 'Show' });
  const title = h('h2', { id: 'reviews-title' });
  const intro = h('p', { class: 'muted' });
  const views = h('div', { id: 'reviews-views', class: 'review-kinds review-views', role: 'group',
    'aria-label': 'Show' });
  const controls = h('form', { class: 'review-controls', novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    applyBefore();
  } },
  h('label', { for: 'reviews-before', text: 'Due on or before' }), beforeInput, refresh,
  h('span', { class: 'muted small', text: 'Empty: today.' }));
  const chips = h('div', { id: 'reviews-kinds', class: 'review-kinds', role: 'group' });
  const status = h('p', { id: 'reviews-status', class: 'status-line', role: 'status', 'aria-live': 'polite' });
  const body = h('tbody', { id: 'reviews-rows' });
  const headRow = h('tr');
  const caption = h('caption', { class: 'visually-hidden' });
  const table = h('table', { class: 'data reviews-table', hidden: true }, caption,
    h('thead', {}, headRow), body);
  const more = h('button', { type: 'button', id: 'reviews-more', text: 'Load more', hidden: true });

  clear(root).append(title, intro, views, controls, beforeError, chips, status, table,
    h('div', { class: 'actions' }, more));

  function setStatus(text, kind = '') {
    status.className = `status-line${kind ? ` ${kind}` : ''}`;
    status.textContent = text;
  }

  function personCell(r) {
    return r.personId
      ? [h('a', { href: hashForPerson(r.personId), class: 'open-person', 'data-person-id': r.personId,
        text: 'Open profile' }), ' ', h('span', { class: 'person-id', text: r.personId })]
      : h('span', { class: 'muted', title: 'No single person: see the record', text: '—' });
  }

  const recordCell = (r) => h('td', {}, h('span', { class: 'record-label', text: r.label }), ' ',
    h('span', { class: 'person-id', text: r.id }));

  function dueRow(r) {
    const overdue = overdueInfo(r.daysOverdue);
    return h('tr', { 'data-key': rowKey(r), 'data-kind': r.kind, class: `review ${overdue.tone}` },
      h('td', { class: 'date', text: r.reviewDate }),
      h('td', { class: `overdue-cell ${overdue.tone}`, text: overdue.text }),
      h('td', { text: kindLabel(r.kind) }), recordCell(r), h('td', {}, personCell(r)),
      reviewer() ? h('td', { class: 'review-action' }, canReview(state.permissions, r.kind)
        ? h('button', { type: 'button', class: 'record-review', 'aria-expanded': 'false',
          text: 'Record review', onclick: (e) => toggleForm(r, e.currentTarget, reviewForm(r)) })
        : h('span', { class: 'muted small', text: 'Your role may not review flags' })) : null);
  }

  function proposalRow(r) {
    return h('tr', { 'data-key': rowKey(r), 'data-kind': r.kind, class: 'proposal' },
      h('td', { class: 'date proposed-at', text: formatProposedAt(r.proposedAt) }),
      h('td', { text: kindLabel(r.kind) }), recordCell(r), h('td', {}, personCell(r)),
      h('td', { class: 'proposed-by', text: r.proposedBy ?? '—' }),
      h('td', { class: 'proposal-reason', text: r.reason ?? '—' }),
      reviewer() ? h('td', { class: 'review-action' }, h('button', { type: 'button',
        class: 'withdraw-proposal', 'aria-expanded': 'false', text: 'Withdraw',
        onclick: (e) => toggleForm(r, e.currentTarget, withdrawForm(r)) })) : null);
  }

  // What each list asks, shows and says.
  const LISTS = {
    due: { kinds: REVIEW_KINDS, row: dueRow, append: appendRows,
      title: 'Reviews due', loading: 'Loading what is due…',
      intro: 'Records whose review date has come (Management of Police Information): people, '
        + 'arrests, incidents, intelligence reports and active flags. Review each one: keep it '
        + 'with a new review date, or propose it for disposal. Opening this list is logged.',
      caption: 'Records due for review, most overdue first',
      chipsLabel: 'Filter by kind (counts are records due)',
      heads: ['Review date', 'Overdue', 'Kind', 'Record', 'Person'], action: 'Review',
      summary: (l) => reviewSummary({ shown: l.rows.length, total: l.total, before: state.before,
        kinds: l.kinds }) },
    proposed: { kinds: PROPOSABLE_KINDS,
      row: proposalRow, append: appendProposals, title: 'Proposed for disposal',
      loading: 'Loading the proposals…',
      intro: 'Records a review proposed for disposal. Nothing has been deleted: they wait for '
        + 'whoever owns deletion. A supervisor can withdraw a proposal and keep the record with '
        + 'a new review date. Opening this list is logged.',
      caption: 'Records proposed for disposal, newest proposal first',
      chipsLabel: 'Filter by kind (counts are records proposed)',
      heads: ['Proposed', 'Kind', 'Record', 'Person', 'Proposed by', 'Reason'], action: 'Withdraw',
      summary: (l) => proposalSummary({ shown: l.rows.length, total: l.total, kinds: l.kinds }) },
  };

  function reviewForm(r) {
    return { prefix: 'review', label: `Record a review of ${kindLabel(r.kind)} ${r.id}`,
      outcomes: reviewOutcomes(r.kind), placeholder: 'Why keep it, or why it can go',
      saveClass: 'review-save', saveText: 'Save review',
      validate: (v) => {
        const c = validateReview(v, todayIso());
        return c.errors ? c : { value: c.review };
      },
      send: (v) => recordReview(reviewVariables(r, v)),
      done: (review) => {
        if (review.outcome === 'flag_for_disposal') state.proposed.loaded = false;
        return reviewDoneText(r, review);
      } };
  }

  function withdrawForm(r) {
    return { prefix: 'withdraw', label: `Withdraw the disposal proposal of ${kindLabel(r.kind)} ${r.id}`,
      outcomes: null, placeholder: 'Why keep it after all', saveClass: 'withdraw-save',
      saveText: 'Withdraw proposal',
      validate: (v) => {
        const c = validateWithdraw(v, todayIso());
        return c.errors ? c : { value: c.withdrawal };
      },
      send: (v) => withdrawProposal(reviewVariables(r, v)),
      done: (review) => {
        state.due.loaded = false;
        return withdrawDoneText(r, review);
      } };
  }

  // The form under a row: outcome (reviews only), next review date, reason.
  function toggleForm(r, button, spec) {
    const tr = button.closest('tr');
    const open = tr.nextElementSibling?.classList.contains('review-form-row') ? tr.nextElementSibling : null;
    if (open) {
      open.remove();
      button.setAttribute('aria-expanded', 'false');
      return;
    }
    button.setAttribute('aria-expanded', 'true');
    const base = `${spec.prefix}-${rowKey(r).replace(/[^A-Za-z0-9-]/g, '_')}`;
    const errorFor = (field) => h('p', { id: `${base}-${field}-error`, class: 'field-error',
      'data-field': field, role: 'alert', hidden: true });
    const errs = { outcome: errorFor('outcome'), nextReviewDate: errorFor('nextReviewDate'),
      reason: errorFor('reason'), form: errorFor('form') };
    const outcomes = (spec.outcomes ?? []).map((o, i) => h('label', { class: 'inline' },
      h('input', { type: 'radio', name: `${base}-outcome`, value: o.outcome, checked: i === 0,
        onchange: () => { dateBox.hidden = outcomeValue() !== 'retain'; } }), ` ${o.label}`));
    const date = h('input', { type: 'date', id: `${base}-next`, class: 'review-next',
      min: addDays(todayIso(), 1), 'aria-describedby': errs.nextReviewDate.id });
    const dateBox = h('div', { class: 'review-field' },
      h('label', { for: date.id, text: 'Next review date' }), date, errs.nextReviewDate);
    const reason = h('textarea', { id: `${base}-reason`, class: 'review-reason', rows: '2',
      maxlength: String(MAX_REASON), 'aria-describedby': errs.reason.id, placeholder: spec.placeholder });
    const save = h('button', { type: 'submit', class: `primary ${spec.saveClass}`, text: spec.saveText });
    const outcomeValue = () => form.querySelector('input[type=radio]:checked')?.value ?? '';
    const form = h('form', { class: `review-form ${spec.prefix}-form`, novalidate: true,
      'aria-label': spec.label },
    outcomes.length ? h('fieldset', {}, h('legend', { text: 'Outcome' }), ...outcomes, errs.outcome) : null,
    dateBox,
    h('div', { class: 'review-field' }, h('label', { for: reason.id, text: 'Reason' }), reason,
      errs.reason),
    h('div', { class: 'actions' }, save, h('button', { type: 'button', text: 'Cancel',
      onclick: () => toggleForm(r, button, spec) })), errs.form);
    const formRow = h('tr', { class: 'review-form-row', 'data-key': `${rowKey(r)}|form` },
      h('td', { colspan: String(headRow.children.length) }, form));
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
      const checked = spec.validate({ outcome: outcomes.length ? outcomeValue() : 'retain',
        reason: reason.value, nextReviewDate: date.value });
      show(checked.errors ?? {});
      if (checked.errors) return;
      save.disabled = true;
      try {
        const p = await spec.send(checked.value);
        if (!p.ok) {
          if (isConflict(p.errors)) {
            // Someone else got there first: what this row showed is out of date everywhere.
            state.due.loaded = false;
            state.proposed.loaded = false;
            load({ notice: CONFLICT_TEXT });
            return;
          }
          show(fieldErrors(p.errors, Object.keys(errs)));
          return;
        }
        const text = spec.done(p.review);
        Object.assign(list(), dropReviewed(list(), r));
        formRow.remove();
        tr.remove();
        renderChips();
        table.hidden = !list().rows.length;
        setStatus(text, 'ok');
      } catch (err) {
        show({ form: `Could not save: ${err.message}` });
      } finally {
        save.disabled = false;
      }
    });
    (form.querySelector('input, textarea')).focus();
  }

  function renderViews() {
    clear(views).append(...REVIEW_VIEWS.map((v) => h('button', { type: 'button',
      id: `reviews-show-${v.view}`, class: 'review-kind review-view', 'data-view': v.view,
      'aria-pressed': String(state.view === v.view), text: v.label,
      onclick: () => switchView(v.view) })));
    const spec = LISTS[state.view];
    title.textContent = spec.title;
    intro.textContent = spec.intro;
    caption.textContent = spec.caption;
    chips.setAttribute('aria-label', spec.chipsLabel);
    controls.hidden = state.view !== 'due';
    beforeError.hidden = state.view !== 'due' || !beforeError.textContent;
    table.dataset.view = state.view;
  }

  function renderChips() {
    const spec = LISTS[state.view];
    const l = list();
    clear(chips).append(...kindChips(l.counts, l.kinds, spec.kinds).map((c) => h('button', {
      type: 'button', class: 'review-kind', 'data-kind': c.kind, 'aria-pressed': String(c.selected),
      onclick: () => {
        l.kinds = toggleKind(l.kinds, c.kind, spec.kinds);
        load();
      },
    }, `${c.label} `, h('span', { class: 'count', text: String(c.count) }))));
  }

  function render() {
    const spec = LISTS[state.view];
    const l = list();
    clear(headRow).append(...[...spec.heads, ...(reviewer() ? [spec.action] : [])]
      .map((t) => h('th', { scope: 'col', text: t })));
    clear(body).append(...l.rows.map(spec.row));
    table.hidden = !l.rows.length;
    more.hidden = !l.hasNext;
    renderChips();
  }

  async function load({ append = false, notice = null } = {}) {
    const view = state.view;
    const spec = LISTS[view];
    const l = state[view];
    const token = ++state.token;
    more.disabled = true;
    refresh.disabled = true;
    setStatus(append ? 'Loading more…' : spec.loading, 'busy');
    try {
      const { page: c, permissions } = await fetchReviewList(view, { before: state.before,
        kinds: l.kinds.length ? l.kinds : null, after: append ? l.cursor : null });
      if (token !== state.token) return;
      l.rows = spec.append(append ? l.rows : [], c.edges.map((e) => e.node));
      Object.assign(l, { total: c.totalCount, counts: c.countsByKind, cursor: c.pageInfo.endCursor,
        hasNext: c.pageInfo.hasNextPage, loaded: true });
      state.permissions = permissions;
      render();
      if (notice) setStatus(`${notice} ${spec.summary(l)}`, 'error');
      else setStatus(spec.summary(l));
    } catch (err) {
      if (token !== state.token) return;
      setStatus(`Could not load the list: ${err.message}`, 'error');
    } finally {
      if (token === state.token) {
        more.hidden = !l.hasNext;
        more.disabled = false;
        refresh.disabled = false;
      }
    }
  }

  function switchView(view) {
    if (view === state.view) return;
    state.token += 1; // a load of the other list still under way is ignored
    state.view = view;
    document.title = `${LISTS[view].title} — Nexus`;
    renderViews();
    if (!list().loaded) {
      clear(body);
      table.hidden = true;
      renderChips();
      load();
      return;
    }
    render();
    setStatus(LISTS[view].summary(list()));
    more.disabled = false;
    refresh.disabled = false;
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
  renderViews();
  render();

  return {
    show() {
      document.title = `${LISTS[state.view].title} — Nexus`;
      if (!list().loaded) load();
    },
    reset() {
      state.token += 1;
      Object.assign(state, { view: 'due', before: null, permissions: [], due: fresh(), proposed: fresh() });
      beforeInput.value = '';
      beforeError.textContent = '';
      renderViews();
      render();
      setStatus('');
    },
  };
}
