// The profile's deconfliction card: who else consulted this person in the last 30 days, or
// watches them, with their role, when, and the purpose category (the words only to someone
// on the reader's case reference). For a person under a sensitive operation the reader does
// not own, only whom to contact. Supervisors mark or end a sensitive operation here.
// Loaded after the profile (one small request), so the profile is never held up by it.

import { clear, h } from '../../shared/dom.js';
import { clearSensitive, fetchConsultations, markSensitive } from './api.js';
import {
  MAX_REASON, MAY_MARK, checkOperationReason, consultationText, deconflictionSummary, ownerText,
  watcherText,
} from './format.js';

function line(text, { cls = '', data = {} } = {}) {
  return h('li', { class: cls, ...data },
    h('div', { class: 'small', text: `${text.who} · ${text.when}` }),
    h('div', { class: 'deconfliction-why', text: text.why }),
    text.shared ? h('div', { class: 'deconfliction-shared small', text: text.shared }) : null);
}

/** The card for `personId`; `user` is the signed-in user (their permissions). */
export function deconflictionCard(personId, user) {
  const card = h('section', { id: 'deconfliction', class: 'deconfliction-card',
    'aria-labelledby': 'deconfliction-title' });
  const state = { cursor: null, shown: 0 };
  const mayMark = (user?.permissions ?? []).includes(MAY_MARK);

  async function render() {
    let data;
    try {
      data = await fetchConsultations(personId);
    } catch (err) {
      if (!card.isConnected && card.dataset.rendered) return;
      clear(card).append(h('h2', { id: 'deconfliction-title', text: 'Who else is working on this person' }),
        h('p', { class: 'empty error', text: `Could not load who else is working on this person: ${err.message}` }));
      return;
    }
    if (!card.isConnected && card.dataset.rendered) return;
    card.dataset.rendered = '1';
    clear(card).append(h('h2', { id: 'deconfliction-title', text: 'Who else is working on this person' }));
    const op = data.sensitiveOperation;
    if (data.withheld) {
      card.append(h('p', { id: 'sensitive-notice', class: 'sensitive-notice', role: 'note', text: op.notice }));
      return;
    }
    if (op?.ownedByYou) card.append(ownerBlock(op));
    const list = h('ol', { id: 'deconfliction-list', class: 'deconfliction-list' });
    const watchers = h('ul', { id: 'deconfliction-watchers', class: 'deconfliction-list' });
    const more = h('button', { type: 'button', id: 'deconfliction-more', class: 'link', text: 'Show more',
      hidden: !data.pageInfo.hasNextPage, onclick: () => loadMore(list, more) });
    list.append(...data.edges.map(({ node }) => line(consultationText(node), {
      cls: node.sharedCase ? 'shared' : '', data: { 'data-user': node.user } })));
    state.cursor = data.pageInfo.endCursor;
    state.shown = data.edges.length;
    watchers.append(...data.watchers.map((w) => line(watcherText(w), {
      cls: w.sharedCase ? 'shared' : '', data: { 'data-user': w.user } })));
    card.append(...[h('p', { id: 'deconfliction-summary', class: 'muted small', text: deconflictionSummary(data) }),
      data.edges.length ? list : null, more,
      data.watchers.length ? h('h3', { text: 'Watching this person' }) : null,
      data.watchers.length ? watchers : null,
      mayMark && !op ? markForm() : null].filter(Boolean));
  }

  async function loadMore(list, more) {
    more.disabled = true;
    try {
      const data = await fetchConsultations(personId, { after: state.cursor });
      list.append(...data.edges.map(({ node }) => line(consultationText(node), {
        cls: node.sharedCase ? 'shared' : '', data: { 'data-user': node.user } })));
      state.cursor = data.pageInfo.endCursor;
      more.hidden = !data.pageInfo.hasNextPage;
    } catch {
      more.textContent = 'Could not load more: try again';
    } finally {
      more.disabled = false;
    }
  }

  function ownerBlock(op) {
    const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
    const end = h('button', { type: 'button', id: 'sensitive-clear', text: 'End the sensitive operation',
      onclick: async () => {
        end.disabled = true;
        try {
          const done = await clearSensitive(personId);
          if (!done.ok) throw new Error(done.errors.map((x) => x.message).join('; '));
          render();
        } catch (err) {
          end.disabled = false;
          error.hidden = false;
          error.textContent = `Could not end the operation: ${err.message}`;
        }
      } });
    return h('div', { id: 'sensitive-owned', class: 'sensitive-owned' },
      h('p', { class: 'small', text: ownerText(op) }), end, error);
  }

  function markForm() {
    const reason = h('input', { id: 'sensitive-reason', type: 'text', maxlength: String(MAX_REASON),
      placeholder: 'The operation, e.g. Op Nightjar: covert deployment' });
    const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
    const form = h('form', { class: 'sensitive-form', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      const checked = checkOperationReason(reason.value);
      error.hidden = !checked.error;
      error.textContent = checked.error ?? '';
      if (checked.error) return;
      try {
        const done = await markSensitive(personId, checked.reason);
        if (!done.ok) {
          error.hidden = false;
          error.textContent = done.errors.map((x) => x.message).join('; ');
          return;
        }
        render();
      } catch (err) {
        error.hidden = false;
        error.textContent = `Could not mark this person: ${err.message}`;
      }
    } },
    h('label', { for: reason.id, text: 'Others opening this person will see only that they should contact you' }),
    reason, error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'sensitive-mark', text: 'Mark as a sensitive operation' })));
    return h('details', { id: 'sensitive-mark-details', class: 'sensitive-mark' },
      h('summary', { text: 'Mark as the subject of a sensitive operation…' }), form);
  }

  card.append(h('h2', { id: 'deconfliction-title', text: 'Who else is working on this person' }),
    h('p', { class: 'muted small', text: 'Loading…' }));
  render();
  return card;
}
