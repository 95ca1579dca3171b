// "Who is flagged" (#/accountability), for supervisors and auditors: high-harm flags set in
// a period by nationality or borough (people in the group, flags, those still active, the
// rate per 1,000 and the ratio to the overall rate), the same for the top-harm list, and
// the trend by quarter in a chart. Counts too small to compare are marked in words. No one
// is named: these are aggregates, and reading them is audited.

import { clear, h } from '../../shared/dom.js';
import { fetchDisproportionality } from './api.js';
import { drawTrend, removeTrend } from './chart.js';
import {
  GROUPINGS, SMALL_WORDS, accountabilityVariables, chartSeries, defaultPeriod, periodText, rateCells,
} from './format.js';

const todayIso = () => new Date().toISOString().slice(0, 10);

function rateTable(id, caption, measure, { eventsLabel, active }) {
  const heads = ['Group', 'People', eventsLabel, ...(active ? ['Still active'] : []),
    'Per 1,000', 'Ratio to all', 'Note'];
  const line = (rate, overall = false) => {
    const c = rateCells(rate);
    return h('tr', { 'data-group': rate.group, class: `${overall ? 'overall' : ''}${rate.small ? ' small' : ''}`.trim() },
      h(overall ? 'th' : 'td', { scope: overall ? 'row' : null, text: c.group }),
      h('td', { class: 'num', text: c.people }), h('td', { class: 'num', text: c.events }),
      active ? h('td', { class: 'num', text: c.active }) : null,
      h('td', { class: 'num rate', text: c.rate }), h('td', { class: 'num ratio', text: overall ? '1.00×' : c.ratio }),
      h('td', { class: 'small-note', text: c.note }));
  };
  return h('table', { id, class: 'data rate-table' },
    h('caption', { text: caption }),
    h('thead', {}, h('tr', {}, heads.map((text) => h('th', { scope: 'col', text })))),
    h('tbody', {}, line(measure.overall, true), measure.groups.map((g) => line(g))));
}

export function setupAccountability(root) {
  const state = { token: 0, loaded: false };
  const inputs = {
    by: h('select', { id: 'acc-by' }, GROUPINGS.map((g) => h('option', { value: g.value, text: g.label }))),
    since: h('input', { id: 'acc-since', type: 'date' }),
    until: h('input', { id: 'acc-until', type: 'date' }),
    top: h('input', { id: 'acc-top', inputmode: 'numeric', value: '100' }),
  };
  const error = h('p', { id: 'acc-error', class: 'field-error', role: 'alert', hidden: true });
  const form = h('form', { class: 'audit-filters', novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    load();
  } },
  h('label', {}, 'Group by', inputs.by), h('label', {}, 'From', inputs.since),
  h('label', {}, 'To', inputs.until), h('label', {}, 'Top-harm list size', inputs.top),
  h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'acc-show', class: 'primary', text: 'Show' })),
  error);
  const status = h('p', { id: 'acc-status', class: 'status-line', role: 'status', 'aria-live': 'polite' });
  const rule = h('p', { id: 'acc-rule', class: 'notice' });
  const canvas = h('canvas', { id: 'acc-chart', role: 'img',
    'aria-label': 'Flags set per 1,000 people by quarter, for everyone and the groups with most flags' });
  const chart = h('section', { class: 'acc-chart', 'aria-labelledby': 'acc-chart-title', hidden: true },
    h('h3', { id: 'acc-chart-title', text: 'Flags set per 1,000 people, by quarter' }),
    h('p', { class: 'muted small', text: 'The dashed line is everyone; hollow points rest on small counts. '
      + 'The quarter-by-quarter figures are in the table below the chart.' }),
    h('div', { class: 'acc-chart-box' }, canvas));
  const tables = h('div', { id: 'acc-tables' });

  clear(root).append(
    h('h2', { id: 'accountability-title', text: 'Who is flagged' }),
    h('p', { class: 'muted', text: 'Whether high-harm flags, and places at the top of the harm list, fall '
      + 'on some groups more than others: for each nationality or borough, the rate per 1,000 people '
      + 'in the graph and its ratio to the rate over everyone. A ratio far from 1 is a question to '
      + 'ask of the flags, not a finding about the group. No one is named here; opening it is logged.' }),
    form, status, rule, chart, tables);

  function setStatus(text, tone = '') {
    status.className = `status-line${tone ? ` ${tone}` : ''}`;
    status.textContent = text;
  }

  function quarterTable(result) {
    const names = chartSeries(result).series.map((s) => s.name);
    return h('table', { id: 'acc-quarters', class: 'data rate-table' },
      h('caption', { text: 'Flags set per 1,000 people by quarter (the chart\'s figures)' }),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Quarter' }),
        names.map((n) => h('th', { scope: 'col', text: n })))),
      h('tbody', {}, result.quarters.map((q) => h('tr', { 'data-quarter': q.quarter },
        h('th', { scope: 'row', text: q.quarter }),
        names.map((n) => {
          const g = n === result.flags.overall.group ? q.flags.overall : q.flags.groups.find((x) => x.group === n);
          const c = g ? rateCells(g) : null;
          return h('td', { class: `num${g?.small ? ' small' : ''}`,
            text: c ? `${c.rate} (${c.events})${g.small ? ' ⚠' : ''}` : '—' });
        })))));
  }

  async function load() {
    const checked = accountabilityVariables(Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value])));
    error.hidden = !checked.errors;
    error.textContent = checked.errors ? Object.values(checked.errors).join(' ') : '';
    if (checked.errors) return;
    const mine = ++state.token;
    setStatus('Counting…');
    let result;
    try {
      result = await fetchDisproportionality(checked.variables);
    } catch (err) {
      if (mine !== state.token) return;
      setStatus(`Could not load the figures: ${err.message}`, 'error');
      return;
    }
    if (mine !== state.token) return;
    state.loaded = true;
    setStatus(periodText(result));
    rule.textContent = `${result.rule} Such figures say "${SMALL_WORDS}" and are drawn hollow.`;
    chart.hidden = false;
    drawTrend(canvas, chartSeries(result));
    clear(tables).append(
      rateTable('acc-flags', `High-harm flags set, ${result.since} to ${result.until}`, result.flags,
        { eventsLabel: 'Flags set', active: true }),
      rateTable('acc-top-harm', `The top ${result.top} of the harm list (scores now)`, result.topHarm,
        { eventsLabel: `In the top ${result.top}`, active: false }),
      quarterTable(result));
  }

  return {
    show() {
      if (state.loaded) return;
      const period = defaultPeriod(todayIso());
      if (!inputs.since.value) inputs.since.value = period.since;
      if (!inputs.until.value) inputs.until.value = period.until;
      load();
    },
    reset() {
      state.token += 1;
      state.loaded = false;
      form.reset();
      removeTrend(canvas);
      chart.hidden = true;
      clear(tables);
      status.textContent = '';
      rule.textContent = '';
    },
  };
}
