// The page's frame once signed in: the nav shows only the views the role may use (from
// `me { permissions }`, the server's word), the search box only for roles that read
// persons; the keyboard shortcuts ('/' search, '?' help) and their help overlay; and the
// access page (#/access), the start view of roles that read no persons (auditor, admin),
// which says what the role may do, links the views it may use and, for the audit roles,
// checks the audit chain.

import { VIEW_HASHES } from '../../router.js';
import { $, clear, h } from '../../shared/dom.js';
import { auditIntegrity } from './api.js';
import {
  SHORTCUTS, VIEW_LABELS, mayUse, permissionWords, shortcutOf, startView, usableViews,
} from './format.js';

const NAV_VIEWS = ['explorer', 'custody', 'screening', 'duplicates', 'reviews', 'topharm',
  'safeguarding', 'alerts', 'investigations', 'accountability', 'audit', 'access'];

/** Show the nav links and the search box the role may use; hide the rest. */
export function applyNav(permissions) {
  const start = startView(permissions);
  for (const view of NAV_VIEWS) {
    const link = $(`nav-${view}`);
    if (!link) continue;
    // The access page is in the nav only where it is the start view; others reach it from
    // the account name and the help.
    link.hidden = view === 'access' ? start !== 'access' : !mayUse(view, permissions);
  }
  $('search').hidden = !mayUse('explorer', permissions);
  $('brand-link').setAttribute('href', VIEW_HASHES[start]);
}

/** '/' and '?' anywhere but in a field; the help overlay says what they do. */
export function setupShortcuts() {
  const dialog = h('dialog', { id: 'help-dialog', class: 'help-dialog', 'aria-labelledby': 'help-title' },
    h('h2', { id: 'help-title', text: 'Keyboard shortcuts' }),
    h('dl', { class: 'shortcuts' }, SHORTCUTS.flatMap(([key, what]) => [
      h('dt', {}, h('kbd', { text: key })), h('dd', { text: what })])),
    h('p', { class: 'small' }, 'What your role may do, and its views: ',
      h('a', { href: VIEW_HASHES.access, id: 'help-access-link', text: 'Your access',
        onclick: () => dialog.close() }), '.'),
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', id: 'help-close', text: 'Close', onclick: () => dialog.close() })));
  document.body.append(dialog);
  const openHelp = () => {
    if (!dialog.open) dialog.showModal();
  };
  $('help-button')?.addEventListener('click', openHelp);
  document.addEventListener('keydown', (event) => {
    if (!$('signin').hidden) return; // signed out: the sign-in form owns the keys
    const shortcut = shortcutOf(event);
    if (!shortcut) return;
    if (shortcut === 'search') {
      const input = $('search-input');
      if ($('search').hidden) return;
      event.preventDefault();
      input.focus();
      input.select();
    } else if (shortcut === 'help') {
      event.preventDefault();
      openHelp();
    }
  });
  return { openHelp, close: () => dialog.open && dialog.close() };
}

/** The access page: who is signed in, what the role may do, its views. */
export function setupAccess(root, { session }) {
  const state = { refused: null };

  function integrityBlock() {
    const status = h('p', { id: 'audit-integrity-status', class: 'status-line', role: 'status' });
    const button = h('button', { type: 'button', id: 'audit-integrity', class: 'primary',
      text: 'Check the audit chain' });
    button.addEventListener('click', async () => {
      button.disabled = true;
      status.className = 'status-line';
      status.textContent = 'Checking every entry…';
      try {
        const report = await auditIntegrity();
        status.className = `status-line ${report.ok ? 'ok' : 'error'}`;
        status.textContent = report.ok
          ? `The chain is intact: ${report.entries} entries, each hash checked.`
          : `The chain is broken at entry ${report.firstBrokenSeq}: ${report.reason}`;
      } catch (err) {
        status.className = 'status-line error';
        status.textContent = `Could not check the chain: ${err.message}`;
      } finally {
        button.disabled = false;
      }
    });
    return h('section', { class: 'access-audit', 'aria-labelledby': 'access-audit-title' },
      h('h3', { id: 'access-audit-title', text: 'Audit log' }),
      h('p', {}, 'Every search and every record opened is logged with who, when and why, in '
        + 'a hash chain nobody can edit. Search and export it on the ',
      h('a', { href: VIEW_HASHES.audit, id: 'access-audit-link', text: 'Audit log' }),
      ' page, or check here that the chain is intact.'),
      h('div', { class: 'actions' }, button), status);
  }

  return {
    /** The view the router refused, to say so on the page once. */
    refused(view) {
      state.refused = view;
    },
    show() {
      const user = session() ?? {};
      const permissions = user.permissions ?? [];
      const views = usableViews(permissions).filter((v) => v !== 'access' && v !== 'records');
      const refused = state.refused;
      state.refused = null;
      clear(root).append(...[
        h('h2', { id: 'access-title', text: 'Your access' }),
        refused ? h('p', { class: 'notice warn', role: 'status', id: 'access-refused',
          text: `${VIEW_LABELS[refused] ?? 'That view'} is not one of your role's views, so you were `
            + 'brought here.' }) : null,
        h('p', { text: `Signed in as ${user.name ?? '?'} (${user.role ?? '?'}) for: ${user.purpose ?? '?'}.` }),
        h('h3', { text: 'Your role may' }),
        h('ul', { id: 'access-permissions' }, permissions.length
          ? permissions.map((p) => h('li', { text: permissionWords(p) }))
          : [h('li', { text: 'Nothing beyond signing in.' })]),
        h('h3', { text: 'Your views' }),
        views.length
          ? h('ul', { id: 'access-views' }, views.map((v) => h('li', {},
            h('a', { href: VIEW_HASHES[v], text: VIEW_LABELS[v] }))))
          : h('p', { id: 'access-views', text: 'The investigation views (Explorer, Custody check, '
            + "Screening, Duplicates, Reviews due) show people's personal data, which your role does "
            + 'not read, so they are not in your menu.' }),
        permissions.includes('READ_AUDIT') ? integrityBlock() : null,
        permissions.includes('MANAGE_USERS') ? h('p', { class: 'muted', text: 'User accounts are '
          + 'managed through the API\'s user administration (users, addUser, setUserActive); '
          + 'a page for it here is not built yet.' }) : null,
        h('p', { class: 'small muted', text: 'Press ? for keyboard shortcuts.' }),
      ].filter(Boolean));
    },
    reset() {
      state.refused = null;
      clear(root);
    },
  };
}
