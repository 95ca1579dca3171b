// The alerts page (#/alerts): the caller's alerts, newest first (unread marked), each
// opening its person; "mark read" one by one or all at once; and the people the caller
// watches, each with "stop watching". The nav's badge shows the unread count, refreshed
// every minute while signed in and after every change here. `watchCard(personId)` is the
// profile's "Watch this person" form (or "Watching since …" with "Stop watching").

import { hashForPerson } from '../../router.js';
import { $, clear, h } from '../../shared/dom.js';
import { fetchAlerts, fetchUnreadCount, fetchWatches, markRead, unwatch, watch } from './api.js';
import { MAX_REASON, alertByLine, alertsSummary, badgeText, checkReason, watchingText } from './format.js';

const BADGE_EVERY_MS = 60_000;

/** Set the nav badge from a count (null: leave it). */
export function showUnread(unread) {
  const badge = $('alerts-badge');
  if (!badge || unread == null) return;
  badge.textContent = badgeText(unread);
  badge.hidden = !badge.textContent;
  badge.setAttribute('aria-label', `${unread} unread alert${unread === 1 ? '' : 's'}`);
}

export async function refreshBadge() {
  try {
    showUnread(await fetchUnreadCount());
  } catch {
    // a failed refresh leaves the last count; the next one tries again
  }
}

const personLink = (p) => h('a', { href: hashForPerson(p.id), class: 'open-person', text: p.fullName || p.id });

export function setupAlerts(root) {
  const state = { rows: 0, cursor: null, token: 0, unreadOnly: false, timer: null };
  const status = h('p', { id: 'alerts-status', class: 'status-line', role: 'status', 'aria-live': 'polite' });
  const list = h('ol', { id: 'alerts-list', class: 'rank-list alerts-list' });
  const more = h('button', { type: 'button', id: 'alerts-more', text: 'Load more', hidden: true,
    onclick: () => load(true) });
  const unreadOnly = h('input', { type: 'checkbox', id: 'alerts-unread-only',
    onchange: () => { state.unreadOnly = unreadOnly.checked; load(); } });
  const markAll = h('button', { type: 'button', id: 'alerts-mark-all', text: 'Mark all read',
    onclick: async () => {
      markAll.disabled = true;
      try {
        showUnread((await markRead(null)).unread);
        await load();
      } catch (err) {
        status.className = 'status-line error';
        status.textContent = `Could not mark the alerts read: ${err.message}`;
      } finally {
        markAll.disabled = false;
      }
    } });
  const watchList = h('ul', { id: 'watch-list', class: 'watch-list' });
  const watchStatus = h('p', { id: 'watch-status', class: 'status-line', role: 'status' });

  function alertItem(a) {
    const li = h('li', { class: a.read ? 'alert read' : 'alert unread', 'data-alert-id': a.id,
      'data-kind': a.kind },
    a.read ? null : h('span', { class: 'chip unread-chip', text: 'new' }), ' ',
    personLink(a.person), h('span', { class: 'alert-summary', text: ` · ${a.summary}` }),
    h('div', { class: 'muted small', text: alertByLine(a) }));
    if (!a.read) {
      const button = h('button', { type: 'button', class: 'link alert-mark-read', text: 'Mark read',
        onclick: async () => {
          button.disabled = true;
          try {
            const done = await markRead([a.id]);
            showUnread(done.unread);
            li.className = 'alert read';
            li.querySelector('.unread-chip')?.remove();
            button.remove();
          } catch (err) {
            button.disabled = false;
            status.textContent = `Could not mark the alert read: ${err.message}`;
          }
        } });
      li.append(button);
    }
    return li;
  }

  async function load(append = false) {
    const mine = ++state.token;
    if (!append) status.textContent = 'Loading…';
    let data;
    try {
      data = await fetchAlerts({ after: append ? state.cursor : null, unreadOnly: state.unreadOnly });
    } catch (err) {
      if (mine !== state.token) return;
      status.className = 'status-line error';
      status.textContent = `Could not load the alerts: ${err.message}`;
      return;
    }
    if (mine !== state.token) return;
    const page = data.alerts;
    if (!append) {
      clear(list);
      state.rows = 0;
    }
    list.append(...page.edges.map((e) => alertItem(e.node)));
    state.rows += page.edges.length;
    state.cursor = page.pageInfo.endCursor;
    more.hidden = !page.pageInfo.hasNextPage;
    markAll.hidden = !data.unreadAlertCount;
    status.className = 'status-line';
    status.textContent = alertsSummary(state.rows, page.totalCount, data.unreadAlertCount, state.unreadOnly);
    showUnread(data.unreadAlertCount);
  }

  async function loadWatches() {
    let watches;
    let total;
    try {
      ({ watches, total } = await fetchWatches());
    } catch (err) {
      watchStatus.textContent = `Could not load the people you watch: ${err.message}`;
      return;
    }
    clear(watchList).append(...watches.map((w) => {
      const stop = h('button', { type: 'button', class: 'link unwatch', text: 'Stop watching',
        onclick: async () => {
          stop.disabled = true;
          await unwatch(w.person.id).catch(() => null);
          loadWatches();
        } });
      return h('li', { 'data-person-id': w.person.id }, personLink(w.person),
        h('span', { class: 'muted small', text: ` · ${watchingText(w)} ` }), stop);
    }));
    watchStatus.textContent = total ? `You watch ${total} ${total === 1 ? 'person' : 'people'}${
      total > watches.length ? ` (the newest ${watches.length} shown)` : ''}.`
      : 'You watch no one yet: open a person and choose "Watch this person".';
  }

  clear(root).append(
    h('h2', { id: 'alerts-title', text: 'Alerts' }),
    h('p', { class: 'small', text: 'Something newly recorded about a person you watch: an arrest, charge, '
      + 'conviction, association, membership, intelligence, flag change, check result or possible duplicate; '
      + 'and, for a sensitive operation you own, who opened its subject. '
      + 'You only see alerts about material your role may see.' }),
    h('div', { class: 'actions' }, h('label', { for: unreadOnly.id }, unreadOnly, ' Unread only'), markAll),
    status, list, h('div', { class: 'actions' }, more),
    h('section', { 'aria-labelledby': 'watch-list-title' },
      h('h3', { id: 'watch-list-title', text: 'People you watch' }), watchStatus, watchList));

  return {
    show() {
      load();
      loadWatches();
    },
    signedIn() {
      refreshBadge();
      clearInterval(state.timer);
      state.timer = setInterval(refreshBadge, BADGE_EVERY_MS);
    },
    reset() {
      clearInterval(state.timer);
      state.token += 1;
      clear(list);
      clear(watchList);
      status.textContent = '';
      showUnread(0);
    },
  };
}

/** The profile's watch card for one person: a form to watch, or what is watched and why. */
export function watchCard(personId) {
  const card = h('section', { id: 'watch-card', class: 'watch-card', 'aria-label': 'Watch this person' });
  async function render() {
    let watches;
    try {
      ({ watches } = await fetchWatches());
    } catch {
      card.hidden = true;
      return;
    }
    if (!card.isConnected && card.dataset.rendered) return;
    card.dataset.rendered = '1';
    const mine = watches.find((w) => w.person.id === personId);
    if (mine) {
      clear(card).append(h('p', { id: 'watching-note', class: 'small', text: watchingText(mine) }),
        h('button', { type: 'button', id: 'unwatch-button', text: 'Stop watching', onclick: async () => {
          await unwatch(personId).catch(() => null);
          render();
        } }));
      return;
    }
    const reason = h('input', { id: 'watch-reason', type: 'text', maxlength: String(MAX_REASON),
      placeholder: 'Why you follow this person (operation, case)' });
    const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
    const form = h('form', { class: 'watch-form', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      const checked = checkReason(reason.value);
      error.hidden = !checked.error;
      error.textContent = checked.error ?? '';
      if (checked.error) return;
      try {
        const done = await watch(personId, checked.reason);
        if (!done.ok) {
          error.hidden = false;
          error.textContent = done.errors.map((x) => x.message).join('; ');
          return;
        }
        render();
      } catch (err) {
        error.hidden = false;
        error.textContent = `Could not watch this person: ${err.message}`;
      }
    } },
    h('label', { for: reason.id, text: 'Be alerted when something new is recorded about this person' }),
    reason, error, h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'watch-button', text: 'Watch this person' })));
    clear(card).append(form);
  }
  render();
  return card;
}
