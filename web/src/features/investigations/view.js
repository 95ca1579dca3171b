// Saved investigations: the "Investigations" page (#/investigations) listing the caller's
// own and those shared with them (open one, share or delete one's own), the explorer's
// "Save investigation" dialog, and the bar above the canvas of an opened investigation with
// what changed since it was saved. Opening one is the explorer's (#/investigation/<id>).

import { hashForInvestigation, hashForPerson } from '../../router.js';
import { clear, h } from '../../shared/dom.js';
import { deleteInvestigation, fetchInvestigations, saveInvestigation, shareInvestigation } from './api.js';
import {
  MAX_CASE_REFERENCE, MAX_NAME, MAX_NOTES, SHAREABLE_ROLES, changesNote, checkSaveForm, listLine,
  listSummary, parseNames, saveInput, savedTime, sharedWords,
} from './format.js';

const roleBoxes = (prefix, chosen = []) => SHAREABLE_ROLES.map((role) => h('label', { class: 'inline' },
  h('input', { type: 'checkbox', id: `${prefix}-role-${role}`, value: role, checked: chosen.includes(role) }),
  ` every ${role}`));
const checkedRoles = (box) => [...box.querySelectorAll('input[type=checkbox]:checked')].map((i) => i.value);

/**
 * The "Save investigation" dialog. `canvas()` is what is drawn now ({positions, centreIds,
 * depth, filters}); `current()` the investigation open on the canvas (null: none);
 * `onSaved(summary)` is told what was saved.
 */
export function setupSaveDialog({ canvas, current, onSaved }) {
  const name = h('input', { id: 'investigation-name', maxlength: String(MAX_NAME), required: true });
  const caseRef = h('input', { id: 'investigation-case', maxlength: String(MAX_CASE_REFERENCE) });
  const notes = h('textarea', { id: 'investigation-notes', rows: '4', maxlength: String(MAX_NOTES) });
  const users = h('input', { id: 'investigation-users', placeholder: 'user names, separated by commas' });
  const roles = h('div', { class: 'role-boxes', id: 'investigation-roles' }, roleBoxes('investigation'));
  const asNew = h('input', { type: 'checkbox', id: 'investigation-as-new' });
  const asNewLabel = h('label', { class: 'inline', id: 'investigation-as-new-label' }, asNew, ' Save as a new investigation');
  const error = h('p', { id: 'investigation-error', class: 'field-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', id: 'investigation-save', class: 'primary', text: 'Save' });
  const dialog = h('dialog', { id: 'investigation-dialog', class: 'investigation-dialog',
    'aria-labelledby': 'investigation-dialog-title' });
  let key = null;

  const form = h('form', { novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    const drawn = canvas();
    const checked = checkSaveForm({ name: name.value, caseReference: caseRef.value, notes: notes.value,
      users: users.value, roles: checkedRoles(roles) }, Object.keys(drawn.positions).length);
    if (checked.error) {
      error.hidden = false;
      error.textContent = checked.error;
      return;
    }
    const open = current();
    const id = open?.mine && !asNew.checked ? open.id : null;
    submit.disabled = true;
    error.hidden = true;
    try {
      const done = await saveInvestigation(saveInput(checked.fields, drawn, { id, key }));
      if (!done.ok) {
        error.hidden = false;
        error.textContent = done.errors.map((e) => e.message).join('; ');
        return;
      }
      key = null;
      dialog.close();
      onSaved(done.investigation);
    } catch (err) {
      error.hidden = false;
      error.textContent = `Could not save the investigation: ${err.message}`;
    } finally {
      submit.disabled = false;
    }
  } },
  h('h2', { id: 'investigation-dialog-title', text: 'Save investigation' }),
  h('p', { class: 'muted small', text: 'Saves the people and organisations drawn, where they are, the depth, '
    + 'filters and time range. Whoever opens it later sees only what their own role may see.' }),
  h('label', {}, 'Name ', name),
  h('label', {}, 'Case reference ', caseRef),
  h('label', {}, 'Notes ', notes),
  h('p', { class: 'muted small', text: 'Notes are shown to everyone you share with: write nothing they may not see.' }),
  h('label', {}, 'Share with ', users),
  h('fieldset', {}, h('legend', { text: 'Share with every' }), roles),
  asNewLabel, error,
  h('div', { class: 'dialog-actions' }, submit,
    h('button', { type: 'button', id: 'investigation-cancel', text: 'Cancel', onclick: () => dialog.close() })));
  dialog.append(form);
  document.body.append(dialog);

  return {
    open() {
      const open = current();
      name.value = open?.name ?? '';
      caseRef.value = open?.caseReference ?? '';
      notes.value = open?.notes ?? '';
      users.value = (open?.sharedWithUsers ?? []).join(', ');
      for (const box of roles.querySelectorAll('input')) box.checked = (open?.sharedWithRoles ?? []).includes(box.value);
      asNewLabel.hidden = !open?.mine;
      asNew.checked = false;
      error.hidden = true;
      key = crypto.randomUUID?.() ?? String(Date.now());
      dialog.showModal();
      name.focus();
    },
  };
}

/** The bar above the canvas of an opened investigation: what it is and what changed. */
export function renderInvestigationBar(bar, investigation) {
  if (!investigation) {
    bar.hidden = true;
    clear(bar);
    return;
  }
  const note = changesNote(investigation);
  clear(bar).append(...[
    h('div', { class: 'investigation-title' },
      h('strong', { text: investigation.name }),
      h('span', { class: 'muted small', text: ` · ${[investigation.caseReference ? `case ${investigation.caseReference}` : null,
        investigation.mine ? 'yours' : `by ${investigation.owner}`, `saved ${savedTime(investigation.savedAt)}`,
        sharedWords(investigation)].filter(Boolean).join(' · ')}` })),
    investigation.notes ? h('p', { class: 'small investigation-notes', text: investigation.notes }) : null,
    h('p', { id: 'investigation-changes', class: 'small', text: note.summary }),
    note.withheld ? h('p', { id: 'investigation-withheld', class: 'small withheld-note', text: note.withheld }) : null,
    note.items.length ? h('details', { class: 'investigation-change-list' },
      h('summary', { text: 'What changed' }),
      h('ul', {}, note.items.map((item) => h('li', { 'data-kind': item.kind },
        item.personId ? h('a', { href: hashForPerson(item.personId), text: item.text }) : item.text))),
      note.more ? h('p', { class: 'muted small', text: note.more }) : null) : null,
  ].filter(Boolean));
  bar.hidden = false;
}

/** The Investigations page. */
export function setupInvestigations(root) {
  const state = { cursor: null, rows: 0, token: 0 };
  const status = h('p', { id: 'investigations-status', class: 'status-line', role: 'status', 'aria-live': 'polite' });
  const list = h('ol', { id: 'investigations-list', class: 'rank-list investigations-list' });
  const more = h('button', { type: 'button', id: 'investigations-more', text: 'Load more', hidden: true,
    onclick: () => load(true) });

  function shareForm(inv, li) {
    const users = h('input', { class: 'share-users', value: (inv.sharedWithUsers ?? []).join(', '),
      placeholder: 'user names, separated by commas' });
    const roles = h('div', { class: 'role-boxes' }, roleBoxes(`share-${inv.id}`, inv.sharedWithRoles ?? []));
    const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
    const form = h('form', { class: 'share-form', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      try {
        const done = await shareInvestigation(inv.id, parseNames(users.value), checkedRoles(roles));
        if (!done.ok) {
          error.hidden = false;
          error.textContent = done.errors.map((x) => x.message).join('; ');
          return;
        }
        li.replaceWith(item(done.investigation));
      } catch (err) {
        error.hidden = false;
        error.textContent = `Could not share: ${err.message}`;
      }
    } }, h('label', {}, 'Share with ', users), roles, error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'share-save', text: 'Save sharing' })));
    return form;
  }

  function item(inv) {
    const li = h('li', { 'data-investigation-id': inv.id },
      h('a', { href: hashForInvestigation(inv.id), class: 'open-investigation', text: inv.name }),
      h('div', { class: 'muted small investigation-line', text: listLine(inv) }),
      inv.notes ? h('div', { class: 'small investigation-notes', text: inv.notes }) : null);
    if (inv.mine) {
      const remove = h('button', { type: 'button', class: 'link investigation-delete', text: 'Delete',
        onclick: async () => {
          if (remove.dataset.confirm !== '1') {
            remove.dataset.confirm = '1';
            remove.textContent = 'Delete: click again to confirm';
            return;
          }
          remove.disabled = true;
          try {
            const done = await deleteInvestigation(inv.id);
            if (done.ok) load();
            else status.textContent = done.errors.map((x) => x.message).join('; ');
          } catch (err) {
            status.textContent = `Could not delete: ${err.message}`;
          } finally {
            remove.disabled = false;
          }
        } });
      const share = h('button', { type: 'button', class: 'link investigation-share', text: 'Share…',
        onclick: () => {
          share.hidden = true;
          li.append(shareForm(inv, li));
        } });
      li.append(h('div', { class: 'actions' }, share, remove));
    }
    return li;
  }

  async function load(append = false) {
    const mine = ++state.token;
    if (!append) status.textContent = 'Loading…';
    let page;
    try {
      page = await fetchInvestigations({ after: append ? state.cursor : null });
    } catch (err) {
      if (mine !== state.token) return;
      status.className = 'status-line error';
      status.textContent = `Could not load the investigations: ${err.message}`;
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
    status.textContent = listSummary(state.rows, page.totalCount);
  }

  clear(root).append(
    h('h2', { id: 'investigations-title', text: 'Investigations' }),
    h('p', { class: 'small', text: 'Saved explorer canvases: yours and those shared with you. Opening one draws it '
      + 'where it was left and says what changed since it was saved; you only ever see what your role may see.' }),
    status, list, h('div', { class: 'actions' }, more));

  return {
    show: () => load(),
    reset() {
      state.token += 1;
      clear(list);
      status.textContent = '';
    },
  };
}
