// The safeguarding page (#/safeguarding): the people at risk (no offending of their own,
// several offending associates), each of whom a role that records may refer for
// safeguarding with a reason; and the queue of referrals. It says plainly, above both,
// that being listed is not evidence of anything: a referral asks for support, never sets a
// flag. Reading either list is an audited consultation of the people in it.

import { hashForPerson } from '../../router.js';
import { clear, h } from '../../shared/dom.js';
import { fetchAtRisk, fetchReferrals, refer } from './api.js';
import { MAX_REASON, NOT_EVIDENCE, atRiskText, checkReason, listSummary, referredText } from './format.js';

const personLink = (p) => [h('a', { href: hashForPerson(p.id), class: 'open-person', text: p.fullName }), ' ',
  h('span', { class: 'person-id', text: p.id })];

function pagedList({ id, what, fetch, item }) {
  const state = { rows: 0, cursor: null, token: 0 };
  const status = h('p', { id: `${id}-status`, class: 'status-line', role: 'status', 'aria-live': 'polite' });
  const list = h('ol', { id, class: 'rank-list safeguarding-list' });
  const more = h('button', { type: 'button', id: `${id}-more`, text: 'Load more', hidden: true,
    onclick: () => load(true) });
  async function load(append = false) {
    const mine = ++state.token;
    if (!append) status.textContent = 'Loading…';
    let page;
    try {
      page = await fetch({ after: append ? state.cursor : null });
    } catch (err) {
      if (mine !== state.token) return;
      status.className = 'status-line error';
      status.textContent = `Could not load the list: ${err.message}`;
      return;
    }
    if (mine !== state.token) return;
    if (!append) {
      clear(list);
      state.rows = 0;
    }
    list.append(...page.edges.map((e) => item(e.node)));
    state.rows += page.edges.length;
    state.cursor = page.pageInfo.endCursor;
    more.hidden = !page.pageInfo.hasNextPage;
    status.className = 'status-line';
    status.textContent = listSummary(state.rows, page.totalCount, what);
  }
  return { elements: [status, list, h('div', { class: 'actions' }, more)], load,
    reset: () => { state.token += 1; clear(list); status.textContent = ''; more.hidden = true; } };
}

export function setupSafeguarding(root, { session }) {
  const mayRefer = () => (session()?.permissions ?? []).includes('RECORD');

  function referForm(person, button) {
    const reason = h('textarea', { id: `refer-reason-${person.id}`, class: 'refer-reason', rows: '3',
      maxlength: String(MAX_REASON), placeholder: 'Why this person may need support or protection' });
    const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
    const send = h('button', { type: 'submit', class: 'primary refer-send', text: 'Send referral' });
    const key = `refer-${person.id}-${Date.now()}`;
    const form = h('form', { class: 'refer-form', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      const checked = checkReason(reason.value);
      error.hidden = !checked.error;
      error.textContent = checked.error ?? '';
      if (checked.error) return;
      send.disabled = true;
      try {
        const done = await refer({ personId: person.id, reason: checked.reason, key });
        if (!done.ok) {
          error.hidden = false;
          error.textContent = done.errors.map((x) => x.message).join('; ');
          return;
        }
        form.replaceWith(h('p', { class: 'status-line ok referred', role: 'status',
          text: `Referred for safeguarding (${done.referral.id}). No flag was set.` }));
        button.remove();
        queue.load();
      } catch (err) {
        error.hidden = false;
        error.textContent = `Could not send the referral: ${err.message}`;
      } finally {
        send.disabled = false;
      }
    } },
    h('label', { for: reason.id, text: `Reason for referring ${person.fullName}` }), reason, error,
    h('div', { class: 'actions' }, send));
    return form;
  }

  const atRisk = pagedList({ id: 'safeguarding-at-risk', what: 'at-risk', fetch: fetchAtRisk,
    item: (r) => {
      const li = h('li', { 'data-person-id': r.person.id }, personLink(r.person),
        h('span', { class: 'muted small', text: ` · ${atRiskText(r)}` }));
      if (mayRefer()) {
        const button = h('button', { type: 'button', class: 'refer-open', 'aria-expanded': 'false',
          text: 'Refer for safeguarding' });
        button.addEventListener('click', () => {
          const open = li.querySelector('.refer-form');
          if (open) {
            open.remove();
            button.setAttribute('aria-expanded', 'false');
            return;
          }
          button.setAttribute('aria-expanded', 'true');
          li.append(referForm(r.person, button));
          li.querySelector('textarea').focus();
        });
        li.append(' ', button);
      }
      return li;
    } });
  const queue = pagedList({ id: 'safeguarding-queue', what: 'queue', fetch: fetchReferrals,
    item: (r) => h('li', { 'data-referral-id': r.id, 'data-person-id': r.person.id }, personLink(r.person),
      h('div', { class: 'small', text: `Referred ${referredText(r)} · ${r.status}` }),
      h('div', { class: 'referral-reason', text: r.reason })) });

  clear(root).append(
    h('h2', { id: 'safeguarding-title', text: 'Safeguarding' }),
    h('p', { id: 'safeguarding-not-evidence', class: 'notice warn', role: 'note', text: NOT_EVIDENCE }),
    h('section', { 'aria-labelledby': 'safeguarding-queue-title' },
      h('h3', { id: 'safeguarding-queue-title', text: 'Referral queue' }), ...queue.elements),
    h('section', { 'aria-labelledby': 'safeguarding-at-risk-title' },
      h('h3', { id: 'safeguarding-at-risk-title', text: 'People at risk' }), ...atRisk.elements));

  let shown = false;
  return {
    show() {
      if (shown) return;
      shown = true;
      queue.load();
      atRisk.load();
    },
    reset() {
      shown = false;
      queue.reset();
      atRisk.reset();
    },
  };
}
