// Batch screening (#/screening): upload or paste a CSV of people (names, dates of birth,
// nationality), preview it, run `screenPeople`, then read per-row ranked matches with a
// risk summary, sorted by risk, and download the results as CSV. The server parses the CSV
// it screens; the preview here only helps the officer catch a wrong file before sending.

import { screenPeople } from '../custody/api.js';
import { bandInfo, displayScore, explanationSummary, riskItems } from '../custody/format.js';
import { hashForPerson } from '../../router.js';
import { clear, h } from '../../shared/dom.js';
import { csvPreview, screeningCsv, sortScreening } from './csv.js';

const PREVIEW_ROWS = 10;
const SHOWN_ROWS = 500; // drawn in the page; the download always has every row
const ROLE_NAMES = { given: 'given names', family: 'family name', dob: 'date of birth', nationality: 'nationality', passport: 'passport' };
const SORTS = [['risk', 'Risk (most serious first)'], ['score', 'Best match score'], ['line', 'Row order']];

function saveText(text, filename) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = h('a', { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function setupScreening(root, { session }) {
  const state = { text: '', result: null, sort: 'risk' };
  const file = h('input', { id: 'screening-file', type: 'file', accept: '.csv,text/csv' });
  const paste = h('textarea', { id: 'screening-text', rows: '6', spellcheck: 'false',
    placeholder: 'family_name,given_names,date_of_birth,nationality\nAdeyemi,Marcus,1992-03-14,GB' });
  const first = h('select', { id: 'screening-first' },
    [1, 3, 5].map((n) => h('option', { value: String(n), selected: n === 3, text: String(n) })));
  const preview = h('div', { id: 'screening-preview', class: 'screening-preview', 'aria-live': 'polite' });
  const run = h('button', { type: 'submit', id: 'screening-run', class: 'primary', disabled: true,
    text: 'Screen' });
  const status = h('p', { id: 'screening-status', class: 'status-line', role: 'status', 'aria-live': 'polite' });
  const results = h('section', { id: 'screening-results', class: 'screening-results', hidden: true,
    'aria-labelledby': 'screening-results-title' });
  const purpose = h('p', { class: 'muted small' });

  const form = h('form', { id: 'screening-form', class: 'screening-form', novalidate: true },
    h('div', { class: 'screening-inputs' },
      h('div', { class: 'field' }, h('label', { for: 'screening-file', text: 'CSV file' }), file),
      h('div', { class: 'field grow' },
        h('label', { for: 'screening-text', text: 'or paste the CSV here' }), paste,
        h('p', { class: 'hint-text', text: 'First line: the column names. family_name (or surname) is '
          + 'required; given_names, date_of_birth, nationality help.' }))),
    preview,
    h('div', { class: 'actions' },
      h('label', { for: 'screening-first', text: 'Matches per row' }), first, run), purpose);

  clear(root).append(h('h2', { id: 'screening-title', text: 'Screening' }),
    h('p', { class: 'muted', text: 'Screen a list of people (e.g. visa applicants before they travel) '
      + 'against the records: per row, the best candidate matches and a risk summary.' }),
    form, status, results);

  function updatePreview() {
    const p = csvPreview(state.text, { limit: PREVIEW_ROWS });
    clear(preview);
    run.disabled = Boolean(p.errors.length) || !state.text.trim();
    run.textContent = p.total ? `Screen ${p.total} ${p.total === 1 ? 'person' : 'people'}` : 'Screen';
    if (!state.text.trim()) return;
    const used = p.headers.map((hd, i) => (p.roles[i] ? `${hd} → ${ROLE_NAMES[p.roles[i]]}` : null))
      .filter(Boolean);
    preview.append(...[
      ...p.errors.map((e) => h('p', { class: 'field-error', role: 'alert', text: e })),
      ...p.warnings.map((w) => h('p', { class: 'warning-text', text: `⚠ ${w}` })),
      used.length ? h('p', { class: 'muted small', text: `Columns: ${used.join('; ')}` }) : null,
    ].filter(Boolean));
    if (!p.rows.length) return;
    preview.append(h('table', { class: 'data preview-table' },
      h('caption', { text: `Preview: ${p.rows.length} of ${p.total} rows` }),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Line' }),
        p.headers.map((hd) => h('th', { scope: 'col', text: hd })))),
      h('tbody', {}, p.rows.map((r) => h('tr', {}, h('td', { text: String(r.line) }),
        p.headers.map((_, j) => h('td', { text: r.cells[j] ?? '' })))))));
  }

  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    state.text = await chosen.text();
    paste.value = state.text.length > 200000 ? '' : state.text;
    updatePreview();
  });
  paste.addEventListener('input', () => {
    state.text = paste.value;
    updatePreview();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (run.disabled) return;
    run.disabled = true;
    status.className = 'status-line busy';
    status.textContent = 'Screening… (large lists take a while)';
    results.hidden = true;
    const started = performance.now();
    try {
      const payload = await screenPeople(state.text, { first: Number(first.value) });
      const problems = (payload.errors ?? []).map((e) => e.message);
      if (!payload.rows.length) {
        status.className = 'status-line error';
        status.textContent = `Not screened: ${problems.join('; ') || 'no rows to screen'}`;
        return;
      }
      state.result = payload;
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      status.className = problems.length ? 'status-line error' : 'status-line';
      status.textContent = `${payload.rows.length} row${payload.rows.length === 1 ? '' : 's'} screened in ${secs} s.`
        + (problems.length ? ` ${problems.length} NOT screened: ${problems.join('; ')}` : '');
      renderResults();
    } catch (err) {
      status.className = 'status-line error';
      status.textContent = `Screening failed: ${err.message}. Nothing was screened.`;
    } finally {
      run.disabled = false;
    }
  });

  function candidateCell(c) {
    const band = bandInfo(c.band);
    return h('div', { class: 'screen-candidate' },
      h('a', { href: hashForPerson(c.person.id), text: c.person.fullName }),
      h('span', { class: 'person-id', text: ` ${c.person.id} ` }),
      h('span', { class: `score band-${band.tone}`, text: `${displayScore(c.score, c.fields)} · ${band.label}` }),
      h('div', { class: 'muted small', text: explanationSummary(c.fields) }),
      h('ul', { class: 'risk-list compact' }, riskItems(c.summary).map((i) =>
        h('li', { class: `risk ${i.severity}`, text: i.text }))));
  }

  function renderResults() {
    const rows = sortScreening(state.result.rows, state.sort);
    const counts = {};
    for (const r of rows) counts[r.risk] = (counts[r.risk] ?? 0) + 1;
    const sort = h('select', { id: 'screening-sort' }, SORTS.map(([v, t]) =>
      h('option', { value: v, selected: v === state.sort, text: t })));
    sort.addEventListener('change', () => { state.sort = sort.value; renderResults(); });
    const shown = rows.slice(0, SHOWN_ROWS);
    results.hidden = false;
    clear(results).append(...[
      h('h3', { id: 'screening-results-title', text: 'Results' }),
      h('div', { class: 'actions' },
        h('span', { class: 'muted', text: Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(' · ') }),
        h('label', { for: 'screening-sort', text: 'Sort by' }), sort,
        h('button', { type: 'button', id: 'screening-download', text: 'Download results (CSV)',
          onclick: () => saveText(screeningCsv(state.result.rows),
            `screening-${String(state.result.screenedAt).slice(0, 19).replace(/[^0-9T]/g, '')}.csv`) })),
      rows.length > SHOWN_ROWS ? h('p', { class: 'muted', text: `Showing the first ${SHOWN_ROWS} of `
        + `${rows.length} rows in this order; the download has them all.` }) : null,
      h('table', { class: 'data screening-table' },
        h('thead', {}, h('tr', {}, ['Line', 'Person screened', 'Risk', 'Candidate matches']
          .map((t) => h('th', { scope: 'col', text: t })))),
        h('tbody', {}, shown.map((r) => h('tr', { class: `risk-row risk-${r.risk}`, 'data-line': String(r.line) },
          h('td', { text: String(r.line) }),
          h('td', { text: r.claim }),
          h('td', {}, h('span', { class: `risk-badge ${r.risk}`, text: String(r.risk).toUpperCase() })),
          h('td', {}, r.candidates.length ? r.candidates.map(candidateCell)
            : h('span', { class: 'muted', text: 'No candidate in the records' })))))),
    ].filter(Boolean));
  }

  return {
    show() {
      document.title = 'Screening — Nexus';
      const user = session();
      purpose.textContent = user ? `Logged with the purpose "${user.purpose}"`
        + `${user.caseReference ? ` (case ${user.caseReference})` : ''}.` : '';
    },
    reset() {
      state.text = '';
      state.result = null;
      form.reset();
      clear(preview);
      clear(results);
      results.hidden = true;
      status.textContent = '';
      run.disabled = true;
    },
  };
}
