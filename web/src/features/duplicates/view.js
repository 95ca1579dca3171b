// Duplicate review (#/duplicates): the candidate pairs of the last `nexus duplicates scan`,
// best first, each record side by side with the field-by-field explanation; "Same person" /
// "Not the same" / "Undo", each with a reason. Nothing is merged: a decision is a record
// with its history. Wording lives in format.js and custody/format.js; this module
// builds the DOM (textContent only) and calls the API. Also the profile's "Also recorded as".

import { bandInfo } from '../custody/format.js';
import { hashForPerson } from '../../router.js';
import { clear, h } from '../../shared/dom.js';
import { decideSameAs, fetchDuplicatePairs, fetchIdentity, undoSameAs } from './api.js';
import {
  MAX_REASON, alsoRecordedAs, appendPairs, decisionInfo, eventText, listSummary, pairFieldRows,
  pairKey, pairScoreText, recordFacts, validateReason,
} from './format.js';

function recordPanel(person, side, id) {
  if (!person) {
    return h('section', { class: 'dup-record missing', 'data-side': side },
      h('h4', { text: `Record ${side}: ${id}` }),
      h('p', { class: 'muted', text: 'This record no longer exists (deleted after the scan).' }));
  }
  return h('section', { class: 'dup-record', 'data-side': side, 'data-person-id': person.id,
    'aria-label': `Record ${side}: ${person.fullName}` },
  h('div', { class: 'dup-record-head' },
    h('span', { class: 'dup-side', text: side }),
    h('h4', {}, h('a', { href: hashForPerson(person.id), text: person.fullName })),
    h('span', { class: 'person-id', text: person.id })),
  h('dl', { class: 'facts' }, recordFacts(person).flatMap((f) => [
    h('dt', { text: f.label }), h('dd', { 'data-fact': f.key, class: f.value === '—' ? 'muted' : null,
      text: f.value })])));
}

function fieldTable(fields) {
  return h('table', { class: 'explain' },
    h('caption', { class: 'visually-hidden', text: 'Field-by-field comparison of the two records' }),
    h('thead', {}, h('tr', {}, ['Field', 'Record A', 'Record B', 'Outcome', 'Why', 'Weight']
      .map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, pairFieldRows(fields).map((f) => h('tr', { class: `fc ${f.tone}`, 'data-field': f.field },
      h('th', { scope: 'row', text: f.label }),
      h('td', { text: f.a }),
      h('td', { text: f.b }),
      h('td', { class: 'outcome', text: `${f.symbol} ${f.outcomeLabel}` }),
      h('td', { text: f.explanation }),
      h('td', { class: 'num', text: f.weightText })))));
}

function decisionBlock(link) {
  const info = decisionInfo(link);
  if (!info) return null;
  const events = link.events ?? [];
  return h('div', { class: `dup-decision ${info.tone}`, 'data-status': info.status },
    h('p', { class: 'decision-line', tabindex: '-1' },
      h('span', { class: `decision-badge ${info.tone}`, text: `${info.symbol} ${info.label}` }), ` ${info.text}`),
    events.length ? h('details', { class: 'dup-events' },
      h('summary', { text: `History (${events.length} change${events.length === 1 ? '' : 's'})` }),
      h('ol', {}, events.map((e) => h('li', { 'data-action': e.action, text: eventText(e) })))) : null);
}

export function setupDuplicates(root) {
  const state = { pairs: [], total: 0, cursor: null, hasNext: false, undecided: false,
    loaded: false, token: 0, seq: 0 };

  const undecidedBox = h('input', { type: 'checkbox', id: 'dup-undecided' });
  const refresh = h('button', { type: 'button', id: 'dup-refresh', text: 'Refresh' });
  const status = h('p', { id: 'dup-status', class: 'status-line', role: 'status', 'aria-live': 'polite' });
  const list = h('ol', { id: 'dup-pairs', class: 'dup-pairs' });
  const more = h('button', { type: 'button', id: 'dup-more', text: 'Load more', hidden: true });

  clear(root).append(
    h('h2', { id: 'duplicates-title', text: 'Duplicate records: is this the same person?' }),
    h('p', { class: 'muted', text: 'Pairs of records the last duplicate scan found, best first. '
      + 'Deciding merges nothing: it records that the two are (or are not) one person, with your '
      + 'reason, and can be undone. Every decision is logged with your session\'s purpose.' }),
    h('div', { class: 'dup-controls' },
      h('label', { class: 'toggle', for: 'dup-undecided' }, undecidedBox, ' Undecided only'),
      refresh),
    status, list,
    h('div', { class: 'actions' }, more));

  function setStatus(text, kind = '') {
    status.className = `status-line${kind ? ` ${kind}` : ''}`;
    status.textContent = text;
  }

  async function load({ append = false } = {}) {
    const token = ++state.token;
    more.disabled = true;
    refresh.disabled = true;
    if (!append) {
      clear(list);
      state.pairs = [];
    }
    setStatus(append ? 'Loading more pairs…' : 'Loading the candidate pairs…', 'busy');
    try {
      const page = await fetchDuplicatePairs({ after: append ? state.cursor : null,
        undecided: state.undecided });
      if (token !== state.token) return;
      const before = state.pairs.length;
      state.pairs = appendPairs(state.pairs, page.pairs);
      state.total = page.total;
      state.cursor = page.endCursor;
      state.hasNext = page.hasNextPage;
      state.loaded = true;
      list.append(...state.pairs.slice(before).map((p, i) => pairCard(p, before + i)));
      setStatus(listSummary({ shown: state.pairs.length, total: state.total, undecided: state.undecided }));
    } catch (err) {
      if (token !== state.token) return;
      setStatus(`Could not load the candidate pairs: ${err.message}`, 'error');
    } finally {
      if (token === state.token) {
        more.hidden = !state.hasNext;
        more.disabled = false;
        refresh.disabled = false;
      }
    }
  }

  function pairCard(pair, index) {
    const n = ++state.seq;
    const band = bandInfo(pair.band);
    const info = decisionInfo(pair.decision);
    const reasonId = `dup-reason-${n}`;
    const errorId = `dup-reason-${n}-error`;
    const reason = h('input', { id: reasonId, class: 'dup-reason', type: 'text', maxlength: String(MAX_REASON),
      autocomplete: 'off', 'aria-describedby': errorId });
    const error = h('p', { id: errorId, class: 'field-error', role: 'alert', hidden: true });
    const undo = info?.standing;
    const buttons = undo
      ? [h('button', { type: 'button', class: 'dup-undo', text: 'Undo', onclick: () => act('undo') })]
      : [h('button', { type: 'button', class: 'primary dup-confirm', text: 'Same person',
        onclick: () => act('confirm') }),
      h('button', { type: 'button', class: 'dup-reject', text: 'Not the same',
        onclick: () => act('reject') })];
    const names = [pair.a?.fullName ?? pair.aId, pair.b?.fullName ?? pair.bId];
    const card = h('li', { class: `dup-pair${info ? ` decided-${info.tone}` : ''}`,
      'data-pair': pairKey(pair), 'data-status': info?.status ?? 'undecided' },
    h('div', { class: 'candidate-head' },
      h('span', { class: 'rank', text: `#${index + 1}` }),
      h('h3', { text: `${names[0]} and ${names[1]}` }),
      info ? h('span', { class: `decision-badge ${info.tone}`, text: `${info.symbol} ${info.label}` }) : null,
      h('span', { class: `score band-${band.tone}`, text: `${pairScoreText(pair.score)} · ${band.label}` })),
    h('div', { class: 'dup-records' }, recordPanel(pair.a, 'A', pair.aId), recordPanel(pair.b, 'B', pair.bId)),
    fieldTable(pair.fields),
    decisionBlock(pair.decision),
    h('form', { class: 'dup-decide', novalidate: true, onsubmit: (e) => e.preventDefault() },
      h('div', { class: 'field' },
        h('label', { for: reasonId, text: undo ? 'Reason for undoing this decision' : 'Reason for your decision' }),
        reason, error),
      h('div', { class: 'actions' }, buttons)));

    function showError(text) {
      error.hidden = !text;
      error.textContent = text ?? '';
      if (text) reason.setAttribute('aria-invalid', 'true');
      else reason.removeAttribute('aria-invalid');
    }

    async function act(kind) {
      const checked = validateReason(reason.value, kind === 'undo' ? 'undo' : 'decision');
      if (checked.error) {
        showError(checked.error);
        reason.focus();
        return;
      }
      showError(null);
      for (const b of buttons) b.disabled = true;
      try {
        const payload = kind === 'undo'
          ? await undoSameAs(pair.decision.id, checked.reason)
          : await decideSameAs(kind, pair.aId, pair.bId, checked.reason);
        if (!payload.ok) {
          showError(`Not recorded: ${payload.errors.map((e) => e.message).join('; ')}`);
          return;
        }
        pair.decision = payload.link;
        const replacement = pairCard(pair, index);
        card.replaceWith(replacement);
        replacement.querySelector('.decision-line')?.focus();
      } catch (err) {
        showError(`Not recorded: ${err.message}`);
      } finally {
        for (const b of buttons) b.disabled = false;
      }
    }

    reason.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') e.preventDefault(); // two actions: never guess which one Enter means
    });
    return card;
  }

  undecidedBox.addEventListener('change', () => {
    state.undecided = undecidedBox.checked;
    load();
  });
  refresh.addEventListener('click', () => load());
  more.addEventListener('click', () => load({ append: true }));

  return {
    show() {
      document.title = 'Duplicate records — Nexus';
      if (!state.loaded) load();
    },
    reset() {
      state.token += 1;
      state.loaded = false;
      state.pairs = [];
      state.undecided = false;
      undecidedBox.checked = false;
      clear(list);
      more.hidden = true;
      setStatus('');
    },
  };
}

/**
 * The profile's "Also recorded as" block, filled in once the person's identity cluster is
 * known (a separate request, so the profile is not held up). `isCurrent()` says whether the
 * profile still shows that person when the answer arrives.
 */
export async function renderAlsoRecordedAs(container, personId, isCurrent) {
  container.hidden = true;
  let person;
  try {
    person = await fetchIdentity(personId);
  } catch (err) {
    if (!isCurrent()) return;
    container.hidden = false;
    clear(container).append(h('p', { class: 'empty error',
      text: `Could not check for other records of this person: ${err.message}` }));
    return;
  }
  if (!isCurrent() || !person) return;
  const items = alsoRecordedAs(person);
  if (!items.length) return;
  container.hidden = false;
  clear(container).append(
    h('h2', { id: 'also-recorded-title', text: 'Also recorded as' }),
    h('p', { class: 'muted small', text: 'Other records confirmed to be this person. Nothing is merged: '
      + 'each record keeps its own history.' }),
    h('ul', { class: 'also-recorded' }, items.map((item) => h('li', { 'data-person-id': item.id },
      h('a', { href: hashForPerson(item.id), text: `${item.fullName} (${item.id})` }),
      item.datesOfBirth.length ? h('div', { class: 'muted small', text: `born ${item.datesOfBirth.join(' / ')}` }) : null,
      h('div', { class: 'small', text: item.text })))));
}
