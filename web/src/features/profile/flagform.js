// Setting a high-harm flag from the profile (an analyst's task): the reason, the records
// it rests on (chosen among the person's convictions, arrests, charges and intelligence
// shown on the profile; at least one), the owner and the review date. The server checks
// every rule again (graph/records/flags.py); its answer is shown as it comes.

import { clear, h } from '../../shared/dom.js';
import { setFlag } from './flagapi.js';
import { isoDay, outcomeWords } from './format.js';

const day = (value) => (value ? String(value).slice(0, 10) : 'date unknown');

/** The records a flag may rest on, from the loaded profile: [{field, id, text, proven}]. */
export function evidenceChoices(person) {
  const nodes = (list) => (list?.edges ?? []).map((e) => e.node);
  const offences = (r) => (r.offences ?? []).map((o) => o.description ?? o.id).join(', ');
  return [
    ...nodes(person.convictions).map((c) => ({ field: 'evidenceConvictionIds', id: c.id, proven: true,
      text: `Conviction ${day(c.convictedOn)}: ${offences(c) || 'offence not recorded'}` })),
    ...nodes(person.arrests).map((a) => ({ field: 'evidenceArrestIds', id: a.id, proven: false,
      text: `Arrest ${day(a.arrestedAt)}: ${outcomeWords(a.outcome)}${offences(a) ? ` (${offences(a)})` : ''}` })),
    ...nodes(person.charges).map((c) => ({ field: 'evidenceChargeIds', id: c.id, proven: false,
      text: `Charge ${day(c.chargedAt)}: ${c.status ?? 'status not recorded'}` })),
    ...nodes(person.intelligence).map((r) => ({ field: 'evidenceIntelligenceIds', id: r.id, proven: false,
      text: `Intelligence ${day(r.reportedAt)} ${r.grading?.code ?? ''}: ${r.summary ?? ''}` })),
  ];
}

/** Six months from today, the default first review of a new flag. */
function inSixMonths() {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() + 6);
  return isoDay(d);
}

/** The form, rendered into `container`; `onDone(flagId)` once the flag is set. */
export function renderSetFlagForm(container, person, { user, onDone, onCancel }) {
  const choices = evidenceChoices(person);
  const error = h('p', { class: 'empty error', role: 'alert', id: 'set-flag-error', hidden: true });
  const reason = h('textarea', { id: 'set-flag-reason', required: true, rows: 3 });
  const owner = h('input', { id: 'set-flag-owner', required: true, value: user?.name ?? '' });
  const review = h('input', { id: 'set-flag-review', type: 'date', required: true, value: inSixMonths() });
  const boxes = choices.map((c) => h('label', { class: 'evidence-choice' },
    h('input', { type: 'checkbox', name: 'evidence', value: c.id, 'data-field': c.field }),
    ` ${c.text}${c.proven ? '' : ' (unproven)'}`));
  const form = h('form', { id: 'set-flag-form', class: 'flag-form', 'aria-label': 'Set a high-harm flag' },
    h('h3', { text: 'Set a high-harm flag' }),
    h('label', { for: 'set-flag-reason', text: 'Reason' }), reason,
    h('fieldset', { id: 'set-flag-evidence' }, h('legend', { text: 'Rests on (at least one record)' }),
      boxes.length ? boxes : h('p', { class: 'empty', text: 'This person has no records a flag could rest on.' })),
    h('label', { for: 'set-flag-owner', text: 'Owner' }), owner,
    h('label', { for: 'set-flag-review', text: 'Review date' }), review,
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'set-flag-submit', text: 'Set flag' }),
      h('button', { type: 'button', id: 'set-flag-cancel', text: 'Cancel', onclick: () => onCancel?.() })));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = [...form.querySelectorAll('input[name=evidence]:checked')];
    if (!chosen.length) {
      error.hidden = false;
      error.textContent = 'Choose at least one record the flag rests on.';
      return;
    }
    const input = { personId: person.id, kind: 'high_harm', reason: reason.value.trim(),
      owner: owner.value.trim(), reviewDate: review.value, source: 'nexus' };
    for (const box of chosen) (input[box.dataset.field] ??= []).push(box.value);
    form.querySelector('button[type=submit]').disabled = true;
    try {
      const done = await setFlag(input);
      if (!done.ok) throw new Error(done.errors.map((e) => e.message).join('; '));
      onDone?.(done.id);
    } catch (err) {
      error.hidden = false;
      error.textContent = `The flag was not set: ${err.message}`;
      form.querySelector('button[type=submit]').disabled = false;
    }
  });
  clear(container).append(form);
  reason.focus();
}
