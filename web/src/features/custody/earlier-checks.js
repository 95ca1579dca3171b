// The custody page's "Earlier checks" panel: a person's earlier runs of checks abroad,
// newest first, so the officer sees what was found (and what FAILED) before running them
// again. Each run: when (relative and exact), who ran it and why (purpose and case
// reference), one outcome per source, and a link that reopens it. Wording lives in
// format.js and earlier-checks-format.js; DOM by textContent only.

import { isCurrent } from '../../router.js';
import { clear, h } from '../../shared/dom.js';
import { fetchCheckRuns } from './api.js';
import { runPurpose } from './earlier-checks-format.js';
import { earlierRun, earlierSummary } from './format.js';

export const EARLIER_PAGE = 5;

/** `onOpen(runId)` reopens a run whose URL is already the page's (no hashchange then). */
export function earlierChecksPanel({ onOpen }) {
  const status = h('p', { id: 'earlier-status', class: 'status-line', role: 'status',
    'aria-live': 'polite' });
  const list = h('ol', { id: 'earlier-runs', class: 'candidates', 'aria-label': 'Earlier runs of checks' });
  const more = h('button', { type: 'button', id: 'earlier-more', hidden: true,
    text: 'Show earlier runs', onclick: () => load(state.personId, { append: true }) });
  const el = h('section', { id: 'earlier-checks', class: 'earlier-checks',
    'aria-labelledby': 'earlier-title' },
  h('h4', { id: 'earlier-title', text: 'Earlier checks' }), status, list, more);
  const state = { personId: null, openId: null, token: 0, cursor: null, shown: 0 };

  function runItem(run) {
    const r = earlierRun(run);
    const why = runPurpose(run);
    const worst = r.outcomes.some((o) => o.state === 'failed') ? 'failed'
      : r.outcomes.some((o) => o.state === 'match') ? 'match' : 'done';
    const link = h('a', { class: 'button reopen-run', href: r.href, text: 'Reopen this run',
      onclick: (event) => {
        if (!isCurrent(r.href)) return; // the router opens it
        event.preventDefault();
        onOpen(r.id);
      } });
    return h('li', { class: `check earlier-run state-${worst}`, 'data-run-id': r.id },
      h('div', { class: 'check-head' },
        h('strong', { class: 'earlier-ago', text: r.ago }),
        h('time', { class: 'muted small', datetime: run.startedAt, text: r.at }),
        h('span', { class: 'muted small earlier-by', text: `by ${r.by}` }),
        r.running ? h('span', { class: 'check-result pending', text: 'still running' }) : null),
      h('p', { class: `small earlier-why${why.recorded ? '' : ' muted'}`, title: why.title,
        text: why.text }),
      h('p', { class: 'earlier-outcomes' }, r.outcomes.flatMap((o) => [
        h('span', { class: `check-result ${o.state}${o.serious ? ' serious' : ''}`,
          'data-source': o.against, text: `${o.source} ${o.word}` }),
        o.reason ? h('span', { class: 'small', text: ` (${o.reason})` }) : null, ' '])),
      h('div', { class: 'actions' }, link));
  }

  /** Mark the run shown below the panel (null: none). */
  function markOpen(runId) {
    state.openId = runId;
    for (const li of list.children) {
      const open = li.dataset.runId === runId;
      if (open) li.setAttribute('aria-current', 'true');
      else li.removeAttribute('aria-current');
      li.querySelector('.reopen-run').textContent = open ? 'Shown below' : 'Reopen this run';
    }
  }

  async function load(personId, { append = false } = {}) {
    state.token += 1;
    const token = state.token;
    if (!append) {
      state.personId = personId;
      state.cursor = null;
      state.shown = 0;
    }
    more.hidden = true;
    if (!personId) return;
    status.className = 'status-line busy';
    status.textContent = 'Looking for earlier checks…';
    try {
      const page = await fetchCheckRuns(personId, { first: EARLIER_PAGE, after: state.cursor });
      if (token !== state.token) return;
      if (!append) clear(list);
      list.append(...page.runs.map(runItem));
      state.shown += page.runs.length;
      state.cursor = page.endCursor ?? state.cursor;
      more.hidden = !page.hasNextPage;
      status.className = 'status-line';
      status.textContent = earlierSummary(state.shown, page.total);
      markOpen(state.openId);
    } catch (err) {
      if (token !== state.token) return;
      status.className = 'status-line error';
      status.textContent = `Could not look up earlier checks (${err.message}). `
        + 'This does not mean none were run.';
    }
  }

  return {
    el,
    /** Show the runs of this person (null: nothing), with `openId` marked as shown. */
    load(personId, openId = null) {
      state.openId = openId;
      if (!personId) clear(list);
      return load(personId);
    },
    refresh: () => load(state.personId),
    markOpen,
  };
}
