// "Who consulted this person": a card on the profile for roles that may see it (supervisors
// and auditors, READ_AUDIT_OF_PERSON): the latest consultations of the person, each with
// who, when, what and why, refused attempts included. Loaded after the profile, so the
// profile is never held up by it; opening it is itself audited by the server.

import { clear, h } from '../../shared/dom.js';
import { CONSULTED_SIZE, fetchConsultedBy } from './api.js';
import { consultedLine } from './format.js';

export const MAY_SEE_CONSULTATIONS = 'READ_AUDIT_OF_PERSON';

/** The card for `personId`, or null when the role may not see it. */
export function consultedCard(personId, permissions) {
  if (!(permissions ?? []).includes(MAY_SEE_CONSULTATIONS)) return null;
  const section = h('section', { id: 'consulted-by', class: 'consulted-by', 'aria-labelledby': 'consulted-by-title' },
    h('h2', { id: 'consulted-by-title', text: 'Who consulted this person' }));
  const list = h('ol', { id: 'consulted-by-list', class: 'consulted-by-list' },
    h('li', { class: 'empty', text: 'Loading…' }));
  const note = h('p', { id: 'consulted-by-status', class: 'muted small' });
  section.append(list, note);
  load(section, list, note, personId);
  return section;
}

async function load(section, list, note, personId) {
  let page;
  try {
    page = await fetchConsultedBy(personId);
  } catch (err) {
    if (!section.isConnected) return;
    // Another supervisor's sensitive operation: only whom to contact (docs/deconfliction.md).
    clear(list).append(err.code === 'SENSITIVE_OPERATION'
      ? h('li', { class: 'empty sensitive-notice', role: 'note', text: err.message })
      : h('li', { class: 'empty error', text: `Could not load the consultations: ${err.message}` }));
    return;
  }
  if (!section.isConnected) return;
  clear(list);
  if (!page.edges.length) {
    list.append(h('li', { class: 'empty', text: 'No one has consulted this record yet.' }));
    return;
  }
  list.append(...page.edges.map(({ node }) => {
    const line = consultedLine(node);
    return h('li', { 'data-seq': String(node.seq), class: node.outcome === 'ok' ? '' : node.outcome },
      h('div', { class: 'small', text: `${line.when} · ${line.who}` }),
      h('div', { text: `${line.what} — ${line.why}` }));
  }));
  note.textContent = page.totalCount > CONSULTED_SIZE
    ? `The latest ${CONSULTED_SIZE} of ${page.totalCount} entries naming this person.`
    : `${page.totalCount} entr${page.totalCount === 1 ? 'y' : 'ies'} naming this person.`;
}
