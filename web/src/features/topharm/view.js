// The top-harm list (#/top-harm): the people the RFG harm score ranks highest ("the most
// dangerous or most prolific"), each with the working behind the score (gravity, recency,
// frequency and every conviction's CCHI weight), a link into the person, and filters by
// borough, community and flag state. It says when the scores were computed and that only
// convictions count. Opening it is an audited consultation of every person listed.

import { hashForPerson } from '../../router.js';
import { clear, h } from '../../shared/dom.js';
import { fetchTopHarm } from './api.js';
import {
  FLAG_STATES, computedText, flagWords, scoreTerms, topHarmFilters, topHarmSummary, workingLine,
} from './format.js';

const HEADS = ['Rank', 'Person', 'Harm score', 'Convictions', 'Flag', 'Borough', 'Working'];

export function setupTopHarm(root) {
  const state = { filters: null, rows: [], cursor: null, token: 0 };
  const borough = h('input', { id: 'top-harm-borough', placeholder: 'e.g. Camden', autocomplete: 'off' });
  const community = h('input', { id: 'top-harm-community', inputmode: 'numeric', placeholder: 'e.g. 0',
    'aria-describedby': 'top-harm-community-error' });
  const communityError = h('p', { id: 'top-harm-community-error', class: 'field-error', role: 'alert', hidden: true });
  const flagState = h('select', { id: 'top-harm-flag' },
    FLAG_STATES.map((f) => h('option', { value: f.value, text: f.label })));
  const form = h('form', { class: 'audit-filters', novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    search();
  } },
  h('label', {}, 'Borough (current address)', borough),
  h('label', {}, 'Community', community, communityError),
  h('label', {}, 'Flag', flagState),
  h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'top-harm-search', class: 'primary',
    text: 'Show' })));
  const computed = h('p', { id: 'top-harm-computed', class: 'muted small' });
  const status = h('p', { id: 'top-harm-status', class: 'status-line', role: 'status', 'aria-live': 'polite' });
  const body = h('tbody', { id: 'top-harm-rows' });
  const table = h('table', { class: 'data top-harm-table', hidden: true },
    h('caption', { class: 'visually-hidden', text: 'People by harm score, highest first' }),
    h('thead', {}, h('tr', {}, HEADS.map((text) => h('th', { scope: 'col', text })))), body);
  const more = h('button', { type: 'button', id: 'top-harm-more', text: 'Load more', hidden: true,
    onclick: () => load({ append: true }) });
  const formula = h('p', { id: 'top-harm-formula', class: 'muted small' });

  clear(root).append(
    h('h2', { id: 'top-harm-title', text: 'Top harm' }),
    h('p', { class: 'muted', text: 'People ranked by their Recency-Frequency-Gravity harm score, highest '
      + 'first. Only convictions are scored, weighted by the Cambridge Crime Harm Index; arrests, '
      + 'charges and intelligence weigh nothing, because they are not findings. Open the working '
      + 'of any score to check it. Opening this list is logged.' }),
    form, computed, status, table, h('div', { class: 'actions' }, more), formula);

  function setStatus(text, tone = '') {
    status.className = `status-line${tone ? ` ${tone}` : ''}`;
    status.textContent = text;
  }

  function workingCell(r) {
    const lines = r.working.map((w) => {
      const line = workingLine(w);
      return h('li', { 'data-conviction': w.convictionId },
        h('div', { class: 'small', text: line.head }),
        h('div', { class: 'working-sum', text: line.sum }),
        h('div', { class: 'muted small', text: line.offences }));
    });
    return h('details', { class: 'working' },
      h('summary', { text: scoreTerms(r.harm) }),
      h('ol', { class: 'working-list' }, lines),
      r.harm.unprovenArrests ? h('p', { class: 'muted small',
        text: `${r.harm.unprovenArrests} arrest(s) recorded: shown for context, not scored.` }) : null);
  }

  function row(r) {
    return h('tr', { 'data-person-id': r.person.id, 'data-flag': r.flagState },
      h('td', { text: String(r.rank) }),
      h('td', {}, h('a', { href: hashForPerson(r.person.id), class: 'open-person', text: r.person.fullName }),
        ' ', h('span', { class: 'person-id', text: r.person.id })),
      h('td', { class: 'harm-score', text: Number(r.harm.score).toLocaleString('en-GB', { maximumFractionDigits: 2 }) }),
      h('td', { text: `${r.harm.convictions} (${r.harm.recentConvictions} in 3 years)` }),
      h('td', { class: `flag-state ${r.flagState.toLowerCase()}`, text: flagWords(r.flagState) }),
      h('td', { text: r.borough }),
      h('td', {}, workingCell(r)));
  }

  function search() {
    const checked = topHarmFilters({ borough: borough.value, community: community.value,
      flagState: flagState.value });
    communityError.hidden = !checked.errors;
    communityError.textContent = checked.errors?.community ?? '';
    if (checked.errors) return;
    state.filters = checked.filters;
    load({ append: false });
  }

  async function load({ append }) {
    const mine = ++state.token;
    more.disabled = true;
    if (!append) setStatus('Loading…');
    let page;
    try {
      page = await fetchTopHarm(state.filters, { after: append ? state.cursor : null });
    } catch (err) {
      if (mine !== state.token) return;
      setStatus(`Could not load the list: ${err.message}`, 'error');
      more.disabled = false;
      return;
    }
    if (mine !== state.token) return;
    const rows = page.edges.map((e) => e.node);
    if (!append) {
      clear(body);
      state.rows = [];
    }
    state.rows.push(...rows);
    body.append(...rows.map(row));
    state.cursor = page.pageInfo.endCursor;
    table.hidden = state.rows.length === 0;
    more.hidden = !page.pageInfo.hasNextPage;
    more.disabled = false;
    computed.textContent = state.rows.length ? computedText(state.rows) : '';
    formula.textContent = state.rows[0]?.harm.formula ?? '';
    setStatus(topHarmSummary({ shown: state.rows.length, total: page.totalCount, filters: state.filters }));
  }

  return {
    show() {
      if (!state.filters) search();
    },
    reset() {
      state.token += 1;
      state.filters = null;
      state.rows = [];
      form.reset();
      clear(body);
      table.hidden = true;
      more.hidden = true;
      status.textContent = '';
      computed.textContent = '';
      formula.textContent = '';
    },
  };
}
