// The auditor's screen (#/audit), where the auditor lands: the audit log filtered by user,
// person, period, action, purpose and outcome (refused attempts are entries too, marked);
// the hash chain's integrity check with its result; and an export of the filtered view as
// CSV, which the server records in the log like any other read. Wording and checks are in
// format.js, the GraphQL documents in api.js; this module builds the DOM (textContent only).

import { clear, h } from '../../shared/dom.js';
import { auditIntegrity } from '../shell/api.js';
import { exportAudit, fetchAuditPage } from './api.js';
import {
  OUTCOMES, TEXT_FILTERS, auditSummary, auditVariables, entryCells, exportFileName, exportText,
  integrityText,
} from './format.js';

const HEADS = ['When', 'Who', 'Action', 'People', 'Purpose', 'Case ref.', 'Outcome'];

export function setupAudit(root) {
  const state = { variables: null, rows: 0, cursor: null, token: 0 };

  const inputs = {};
  const fieldError = (name) => h('p', { id: `audit-${name}-error`, class: 'field-error', role: 'alert',
    hidden: true });
  const errors = { since: fieldError('since'), until: fieldError('until') };
  const textFields = TEXT_FILTERS.map(([name, label, placeholder]) => {
    inputs[name] = h('input', { id: `audit-${name}`, name, placeholder, autocomplete: 'off' });
    return h('label', {}, label, inputs[name]);
  });
  inputs.outcome = h('select', { id: 'audit-outcome', name: 'outcome' },
    OUTCOMES.map((o) => h('option', { value: o.value, text: o.label })));
  for (const name of ['since', 'until']) {
    inputs[name] = h('input', { id: `audit-${name}`, name, type: 'date',
      'aria-describedby': `audit-${name}-error` });
  }
  const form = h('form', { id: 'audit-filters', class: 'audit-filters', novalidate: true,
    onsubmit: (e) => {
      e.preventDefault();
      search();
    } },
  ...textFields,
  h('label', {}, 'Outcome', inputs.outcome),
  h('label', {}, 'From (UTC day)', inputs.since, errors.since),
  h('label', {}, 'To (UTC day)', inputs.until, errors.until),
  h('div', { class: 'actions' },
    h('button', { type: 'submit', id: 'audit-search', class: 'primary', text: 'Show entries' }),
    h('button', { type: 'button', id: 'audit-clear', text: 'Clear filters', onclick: () => {
      form.reset();
      search();
    } })));

  const status = h('p', { id: 'audit-status', class: 'status-line', role: 'status', 'aria-live': 'polite' });
  const body = h('tbody', { id: 'audit-rows' });
  const table = h('table', { class: 'data audit-table', hidden: true },
    h('caption', { class: 'visually-hidden', text: 'Audit entries, newest first' }),
    h('thead', {}, h('tr', {}, HEADS.map((text) => h('th', { scope: 'col', text })))), body);
  const more = h('button', { type: 'button', id: 'audit-more', text: 'Load more', hidden: true,
    onclick: () => load({ append: true }) });
  const exportButton = h('button', { type: 'button', id: 'audit-export', text: 'Export these entries as CSV',
    disabled: true, onclick: () => exportCsv() });
  const exportStatus = h('p', { id: 'audit-export-status', class: 'status-line', role: 'status' });

  const chainButton = h('button', { type: 'button', id: 'audit-chain-check', text: 'Check the chain' });
  const chainStatus = h('p', { id: 'audit-chain-status', class: 'status-line', role: 'status' });
  chainButton.addEventListener('click', async () => {
    chainButton.disabled = true;
    chainStatus.className = 'status-line';
    chainStatus.textContent = 'Recomputing every entry\'s hash…';
    try {
      const result = integrityText(await auditIntegrity());
      chainStatus.className = `status-line ${result.tone}`;
      chainStatus.textContent = result.text;
    } catch (err) {
      chainStatus.className = 'status-line error';
      chainStatus.textContent = `Could not check the chain: ${err.message}`;
    } finally {
      chainButton.disabled = false;
    }
  });

  clear(root).append(
    h('h2', { id: 'audit-title', text: 'Audit log' }),
    h('p', { class: 'muted', text: 'Every consultation and change in Nexus: who, when, what, about '
      + 'whom, and for which purpose and case reference (Data Protection Act 2018, Part 3, s.62). '
      + 'Refused attempts are recorded too. Entries are hash-chained: nobody can edit them. '
      + 'Searching and exporting here are recorded as well.' }),
    h('section', { class: 'audit-chain', 'aria-labelledby': 'audit-chain-title' },
      h('h3', { id: 'audit-chain-title', text: 'Integrity of the chain' }),
      h('div', { class: 'actions' }, chainButton), chainStatus),
    h('section', { 'aria-labelledby': 'audit-filters-title' },
      h('h3', { id: 'audit-filters-title', text: 'Find entries' }), form),
    status, table, h('div', { class: 'actions' }, more, exportButton), exportStatus);

  function setStatus(text, tone = '') {
    status.className = `status-line${tone ? ` ${tone}` : ''}`;
    status.textContent = text;
  }

  function row(entry) {
    const c = entryCells(entry);
    return h('tr', { 'data-seq': String(entry.seq), 'data-outcome': entry.outcome,
      class: entry.outcome === 'ok' ? 'audit-entry' : `audit-entry ${entry.outcome}` },
    h('td', { class: 'date', text: c.at }), h('td', { text: c.who }),
    h('td', { class: 'audit-action', title: c.detail }, c.action,
      entry.outcome === 'ok' || !c.detail ? null : h('div', { class: 'small muted', text: c.detail })),
    h('td', { class: 'audit-subjects person-id', text: c.subjects }),
    h('td', { class: 'audit-purpose', text: c.purpose }), h('td', { text: c.caseReference }),
    h('td', { class: `audit-outcome ${entry.outcome}`, text: c.outcome }));
  }

  function readForm() {
    const values = Object.fromEntries(Object.entries(inputs).map(([name, el]) => [name, el.value]));
    const checked = auditVariables(values);
    for (const [name, el] of Object.entries(errors)) {
      const message = checked.errors?.[name];
      el.hidden = !message;
      el.textContent = message ?? '';
      inputs[name].setAttribute('aria-invalid', message ? 'true' : 'false');
    }
    return checked.variables ?? null;
  }

  function search() {
    const variables = readForm();
    if (!variables) {
      setStatus('Correct the dates to search.', 'error');
      return;
    }
    state.variables = variables;
    load({ append: false });
  }

  async function load({ append }) {
    const mine = ++state.token;
    more.disabled = true;
    if (!append) {
      setStatus('Loading entries…');
      exportButton.disabled = true;
      exportStatus.textContent = '';
    }
    let page;
    try {
      page = await fetchAuditPage(state.variables, { after: append ? state.cursor : null });
    } catch (err) {
      if (mine !== state.token) return;
      setStatus(`Could not load the audit log: ${err.message}`, 'error');
      more.disabled = false;
      return;
    }
    if (mine !== state.token) return;
    if (!append) {
      clear(body);
      state.rows = 0;
    }
    body.append(...page.edges.map((e) => row(e.node)));
    state.rows += page.edges.length;
    state.cursor = page.pageInfo.endCursor;
    table.hidden = state.rows === 0;
    more.hidden = !page.pageInfo.hasNextPage;
    more.disabled = false;
    exportButton.disabled = page.totalCount === 0;
    setStatus(auditSummary({ shown: state.rows, total: page.totalCount, variables: state.variables }));
  }

  async function exportCsv() {
    exportButton.disabled = true;
    exportStatus.className = 'status-line';
    exportStatus.textContent = 'Preparing the export…';
    try {
      const result = await exportAudit(state.variables);
      const url = URL.createObjectURL(new Blob([result.csv], { type: 'text/csv;charset=utf-8' }));
      const link = h('a', { href: url, download: exportFileName(new Date()), hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      exportStatus.className = `status-line ${result.truncated ? 'warn' : 'ok'}`;
      exportStatus.textContent = exportText(result);
    } catch (err) {
      exportStatus.className = 'status-line error';
      exportStatus.textContent = `Could not export: ${err.message}`;
    } finally {
      exportButton.disabled = false;
    }
  }

  return {
    show() {
      if (!state.variables) search();
    },
    reset() {
      state.token += 1;
      state.variables = null;
      state.rows = 0;
      form.reset();
      clear(body);
      table.hidden = true;
      more.hidden = true;
      exportButton.disabled = true;
      status.textContent = '';
      exportStatus.textContent = '';
      chainStatus.textContent = '';
    },
  };
}
