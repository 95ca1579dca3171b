// A flag's case file (docs/flags.md), opened from the profile: what the flag says, who
// owns it, when it is due for review (overdue said so), the records it rests on with
// their grading (and, when none is a conviction, that it rests on unproven material
// only), the weakest grading of that evidence, every challenge and decision, and the
// whole trail. The actions follow the role: a supervisor reviews, clears and decides
// challenges; anyone who records may record a challenge.

import { clear, h } from '../../shared/dom.js';
import {
  challengeFlag, clearFlag, decideChallenge, fetchFlagCase, reviewFlag,
} from './flagapi.js';
import { gradingWords, reviewOverdue } from './format.js';

const words = (value) => (value ? String(value).replace(/_/g, ' ') : '');
const day = (value) => (value ? String(value).slice(0, 10) : 'date unknown');
const may = (user, permission) => (user?.permissions ?? []).includes(permission);

export const UNPROVEN_TEXT = 'Unproven: no conviction among the records this flag rests on.';

const STEP_WORDS = {
  set: 'Set', reviewed: 'Reviewed', cleared: 'Cleared', challenged: 'Challenged',
  challenge_upheld: 'Challenge upheld', challenge_rejected: 'Challenge rejected',
};

/** One form of the case file: fields, a submit button, an error line; `submit` returns a
 * payload {ok, errors}. */
function actionForm(id, title, fields, label, submit, onChanged) {
  const error = h('p', { class: 'empty error', role: 'alert', hidden: true });
  const form = h('form', { id, class: 'flag-form', 'aria-label': title },
    h('h4', { text: title }), ...fields, error,
    h('button', { type: 'submit', text: label }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const done = await submit(form);
      if (!done.ok) throw new Error(done.errors.map((e) => e.message).join('; '));
      onChanged();
    } catch (err) {
      error.hidden = false;
      error.textContent = `Not recorded: ${err.message}`;
      button.disabled = false;
    }
  });
  return form;
}

const field = (id, text, input) => [h('label', { for: id, text }), input];
const value = (form, name) => form.querySelector(`[name=${name}]`)?.value.trim() ?? '';

function challengeItem(c, user, reload) {
  const decided = c.status !== 'open';
  const raised = `${words(c.raisedBy)}${c.raisedByDetail ? ` (${c.raisedByDetail})` : ''}`;
  const item = h('li', { class: `challenge ${c.status}`, 'data-id': c.id },
    h('div', { class: 'record-head' },
      h('span', { class: `chip challenge-${c.status}`, text: words(c.status) }),
      ` raised ${day(c.raisedAt)} by ${raised}`),
    h('div', { class: 'grounds', text: `Grounds: ${c.grounds}` }),
    decided ? h('div', { class: 'decision', text: `${c.status === 'upheld' ? 'Upheld' : 'Rejected'} ${
      day(c.decidedAt)} by ${c.decidedBy}: ${c.decisionReason}` }) : null);
  if (!decided && may(user, 'REVIEW_FLAG')) {
    const reason = h('textarea', { name: 'reason', id: `decide-${c.id}-reason`, required: true, rows: 2 });
    const outcome = h('select', { name: 'outcome', id: `decide-${c.id}-outcome` },
      h('option', { value: 'rejected', text: 'Reject: the flag stands' }),
      h('option', { value: 'upheld', text: 'Uphold: clear the flag' }));
    item.append(actionForm(`decide-${c.id}`, 'Decide this challenge',
      [...field(`decide-${c.id}-outcome`, 'Decision', outcome),
        ...field(`decide-${c.id}-reason`, 'Reasons', reason)], 'Record decision',
      (form) => decideChallenge(c.id, value(form, 'outcome') === 'upheld', value(form, 'reason')),
      reload));
  }
  return item;
}

function evidenceItem(e) {
  const g = e.grading ? gradingWords(e.grading) : null;
  return h('li', { 'data-id': e.id, class: e.proven ? 'proven' : 'unproven' },
    h('span', { class: `chip ${e.proven ? 'proven' : 'unproven'}`, text: e.proven ? 'proven' : 'unproven' }),
    ` ${e.label}`, g ? h('span', { class: 'small muted', text: ` · ${g.text}` }) : null);
}

function render(container, found, user, reload) {
  const { flag } = found;
  const active = flag.status === 'active';
  const overdue = active ? reviewOverdue(flag.reviewDate) : null;
  const weakest = flag.grading ? gradingWords(flag.grading) : null;
  const actions = [];
  if (active && may(user, 'REVIEW_FLAG')) {
    actions.push(actionForm('flag-review-form', 'Review the flag', [
      ...field('flag-review-next', 'Next review date', h('input', { type: 'date', name: 'next', id: 'flag-review-next', required: true })),
      ...field('flag-review-reason', 'Why it still stands', h('textarea', { name: 'reason', id: 'flag-review-reason', rows: 2 })),
    ], 'Record review', (form) => reviewFlag(flag.id, value(form, 'next'), value(form, 'reason') || null), reload));
    actions.push(actionForm('flag-clear-form', 'Clear the flag', [
      ...field('flag-clear-reason', 'Why it no longer stands', h('textarea', { name: 'reason', id: 'flag-clear-reason', required: true, rows: 2 })),
    ], 'Clear flag', (form) => clearFlag(flag.id, value(form, 'reason')), reload));
  }
  if (may(user, 'RECORD')) {
    actions.push(actionForm('flag-challenge-form', 'Record a challenge', [
      ...field('flag-challenge-by', 'Raised by', h('select', { name: 'raisedBy', id: 'flag-challenge-by' },
        h('option', { value: 'subject', text: 'The person' }),
        h('option', { value: 'representative', text: 'Their representative' }),
        h('option', { value: 'other_agency', text: 'Another agency' }))),
      ...field('flag-challenge-detail', 'Who (name, firm or agency)', h('input', { name: 'detail', id: 'flag-challenge-detail' })),
      ...field('flag-challenge-grounds', 'Grounds', h('textarea', { name: 'grounds', id: 'flag-challenge-grounds', required: true, rows: 2 })),
    ], 'Record challenge', (form) => challengeFlag(flag.id, value(form, 'raisedBy'), value(form, 'grounds'),
      value(form, 'detail')), reload));
  }
  clear(container).append(...[
    h('h3', { id: 'flag-case-title', text: `Case file: ${words(flag.kind)} flag on ${found.personName ?? found.personId}` }),
    h('div', { class: 'chips' },
      h('span', { class: `chip ${active ? 'high-harm' : 'cleared'}`, text: active ? 'active' : 'cleared' }),
      flag.evidenceUnproven ? h('span', { class: 'chip unproven', id: 'flag-case-unproven', text: 'unproven' }) : null),
    flag.evidenceUnproven ? h('p', { class: 'unproven-note', role: 'note', text: UNPROVEN_TEXT }) : null,
    h('dl', {},
      h('dt', { text: 'Reason' }), h('dd', { text: flag.reason ?? '' }),
      h('dt', { text: 'Owner' }), h('dd', { id: 'flag-case-owner', text: flag.owner ?? '' }),
      h('dt', { text: 'Set' }), h('dd', { text: `${day(flag.setAt)} by ${flag.setBy ?? '?'}` }),
      h('dt', { text: 'Review date' }), h('dd', { id: 'flag-case-review', text: flag.reviewDate ?? 'none' }),
      !active ? h('dt', { text: 'Cleared' }) : null,
      !active ? h('dd', { text: `${day(flag.clearedAt)} by ${flag.clearedBy}: ${flag.clearedReason}` }) : null),
    overdue ? h('p', { class: 'overdue', role: 'note', id: 'flag-case-overdue', text: `⚠ ${overdue.text}` }) : null,
    h('h4', { text: 'Rests on' }),
    flag.evidence.length ? h('ul', { class: 'flag-evidence', id: 'flag-case-evidence' }, flag.evidence.map(evidenceItem))
      : h('p', { class: 'empty', id: 'flag-case-evidence', text: 'No recorded evidence you may see.' }),
    weakest ? h('p', { class: 'small', id: 'flag-case-grading', text: `Weakest grading of the evidence: ${weakest.code} (${weakest.text})` }) : null,
    h('h4', { text: `Challenges (${flag.challenges.length})` }),
    flag.challenges.length ? h('ol', { class: 'flag-challenges', id: 'flag-case-challenges' },
      flag.challenges.map((c) => challengeItem(c, user, reload))) : h('p', { class: 'empty', text: 'No challenge recorded.' }),
    h('h4', { text: 'History' }),
    h('ol', { class: 'flag-trail', id: 'flag-case-trail' }, flag.trail.map((s) => h('li', { 'data-action': s.action },
      h('b', { text: day(s.at) }), ` ${STEP_WORDS[s.action] ?? words(s.action)} by ${s.by ?? '?'}`,
      s.text ? `: ${s.text}` : '', s.nextReviewDate ? ` (next review ${s.nextReviewDate})` : ''))),
    actions.length ? h('div', { class: 'flag-actions' }, actions) : null,
  ].filter(Boolean));
}

/** Load and show one flag's case file in `container`; `onChanged` after any write. */
export async function showFlagCase(container, flagId, { user, onChanged } = {}) {
  container.hidden = false;
  clear(container).append(h('p', { class: 'empty', role: 'status', text: 'Loading the case file…' }));
  // After a write: the caller re-renders (and reopens this case), or the case reloads.
  const reload = () => (onChanged ? onChanged(flagId) : showFlagCase(container, flagId, { user }));
  let found;
  try {
    found = await fetchFlagCase(flagId);
  } catch (err) {
    clear(container).append(h('p', { class: 'empty error', role: 'alert', text: `Could not load the case file: ${err.message}` }));
    return;
  }
  if (!container.isConnected) return;
  if (!found) {
    clear(container).append(h('p', { class: 'empty error', role: 'alert', text: `No flag ${flagId}.` }));
    return;
  }
  render(container, found, user, reload);
}
