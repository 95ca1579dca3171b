// The profile of records (#/person/<id>/records): who the person is, their flags (with a
// warning when a review date has passed), and paged lists of intelligence (grading in
// words, handling conditions, summary), associates (kind, grading, dates in force),
// memberships, arrests (outcomes in words: "No further action") and convictions. A reader
// whose role does not receive handling-code C material sees a note saying so; the note
// depends on the role only, never on what this person's record holds. Wording lives in
// format.js and the GraphQL in api.js; this module builds the DOM (textContent only).

import { UNPROVEN_TEXT } from './flagcase.js';
import { hashForPerson, hashForRecords } from '../../router.js';
import { clear, h } from '../../shared/dom.js';
import { markerLabel } from '../explorer/transform.js';
import { RECORDS_PAGE, fetchRecords, fetchRecordsPage } from './api.js';
import {
  WITHHELD_NOTE, chargeWords, disposalWords, incidentRoleWords, gradingWords, inForce, isoDay, kindWords, offenceText,
  outcomeWords, pageText, reviewOverdue, seesHandlingC, cursorBefore,
} from './format.js';

const words = (value) => (value ? String(value).replace(/_/g, ' ') : '');
const day = (value) => (value ? String(value).slice(0, 10) : 'date unknown');

const LISTS = [
  { kind: 'intelligence', title: 'Intelligence', empty: 'No intelligence reports you may see.',
    item: intelligenceItem },
  { kind: 'associates', title: 'Associates', empty: 'No associations you may see.', item: associateItem },
  { kind: 'memberships', title: 'Gang and group memberships', empty: 'No memberships you may see.',
    item: membershipItem },
  { kind: 'arrests', title: 'Arrests (not evidence of guilt)', empty: 'No arrests recorded.',
    item: arrestItem },
  { kind: 'charges', title: 'Charges', empty: 'No charges recorded.', item: chargeItem },
  { kind: 'convictions', title: 'Convictions (proven)', empty: 'No convictions recorded.',
    item: convictionItem },
  { kind: 'incidents', title: 'Incidents, by role', empty: 'No incidents recorded.', item: incidentItem },
];

function overdueNote(reviewDate, today) {
  const overdue = reviewOverdue(reviewDate, today);
  return overdue ? h('p', { class: 'overdue', role: 'note', text: `⚠ ${overdue.text}` }) : null;
}

function gradingBlock(grading) {
  const g = gradingWords(grading);
  return h('div', { class: `grading${g.poor ? ' poor' : ''}` },
    h('span', { class: 'grading-code', text: g.code }), ' ',
    h('span', { class: 'grading-words', text: g.text }),
    g.conditions ? h('div', { class: 'handling-conditions', text: `Handling conditions: ${g.conditions}` }) : null);
}

function provenanceLine(p) {
  if (!p) return null;
  return h('div', { class: 'provenance small muted',
    text: `Source: ${p.source} · recorded by ${p.recordedBy}${p.recordedAt ? ` on ${day(p.recordedAt)}` : ''}` });
}

function intelligenceItem(r, today) {
  return h('li', { class: 'record', 'data-id': r.id },
    h('div', { class: 'record-head' }, h('b', { text: day(r.reportedAt) }), ' ',
      h('span', { class: 'muted small', text: r.id })),
    gradingBlock(r.grading),
    r.originalGrading ? h('div', { class: 'small muted original-grading',
      text: `Imported with 5x5x5 grading ${r.originalGrading} (mapped to 3x5x2)` }) : null,
    h('p', { class: 'summary', text: r.summary || 'No summary recorded.' }),
    r.reviewDate ? h('div', { class: 'small', text: `Review date ${r.reviewDate}${
      r.mopiGroup ? ` · MOPI group ${r.mopiGroup}` : ''}${r.reviewDateBasis === 'review' ? ' (set by a review)' : ''}` }) : null,
    overdueNote(r.reviewDate, today),
    provenanceLine(r.provenance));
}

function associateItem(a) {
  return h('li', { class: 'record', 'data-id': a.id, 'data-person-id': a.personId },
    h('div', { class: 'record-head' },
      h('a', { href: hashForRecords(a.personId), text: a.fullName || a.personId }), ' ',
      h('span', { class: 'muted small', text: a.personId }), ' ',
      h('span', { class: 'chip', text: kindWords(a.kind) }),
      a.derived ? h('span', { class: 'chip', title: 'Derived from a shared arrest or incident',
        text: 'Derived' }) : null),
    h('div', { class: 'small', text: `In force: ${inForce(a.since, a.until)}${a.detail ? ` · ${a.detail}` : ''}` }),
    gradingBlock(a.grading),
    provenanceLine(a.provenance));
}

function membershipItem(m) {
  return h('li', { class: 'record', 'data-id': m.id },
    h('div', { class: 'record-head' }, h('b', { text: m.organisationName || m.organisationId }), ' ',
      h('span', { class: 'muted small', text: words(m.organisationKind) }), ' ',
      m.role ? h('span', { class: 'chip', text: words(m.role) }) : null),
    h('div', { class: 'small', text: `In force: ${inForce(m.since, m.until)}` }),
    gradingBlock(m.grading),
    provenanceLine(m.provenance));
}

function arrestItem(a, today) {
  const outcome = outcomeWords(a.outcome);
  return h('li', { class: 'record', 'data-id': a.id },
    h('div', { class: 'record-head' }, h('b', { text: day(a.arrestedAt) }), ' ',
      h('span', { class: `chip outcome outcome-${a.outcome ?? 'unknown'}`, text: outcome })),
    h('div', { text: offenceText(a.offences) || 'Offence not recorded' }),
    h('div', { class: 'small', text: [a.custodySuite, a.outcomeReason].filter(Boolean).join(' · ') }),
    overdueNote(a.reviewDate, today),
    provenanceLine(a.provenance));
}

function convictionItem(c) {
  return h('li', { class: 'record', 'data-id': c.id },
    h('div', { class: 'record-head' }, h('b', { text: day(c.convictedOn) }), ' ',
      h('span', { class: 'chip', text: disposalWords(c.disposal, c.disposalMonths) }),
      c.foreign ? h('span', { class: 'chip warning', text: `Abroad: ${c.jurisdiction}` }) : null),
    h('div', { text: offenceText(c.offences) || 'Offence not recorded' }),
    h('div', { class: 'small', text: [c.court, c.plea && `plea: ${words(c.plea)}`,
      c.knownVia && `known via ${words(c.knownVia).toUpperCase()}`].filter(Boolean).join(' · ') }));
}

function chargeItem(c) {
  return h('li', { class: 'record', 'data-id': c.id },
    h('div', { class: 'record-head' }, h('b', { text: day(c.chargedAt) }), ' ',
      h('span', { class: `chip charge-${c.status ?? 'unknown'}`, text: chargeWords(c.status) })),
    h('div', { text: offenceText(c.offences) || 'Offence not recorded' }),
    h('div', { class: 'small muted', text: [c.arrestId && `from arrest ${c.arrestId}`,
      c.convictionId && `conviction ${c.convictionId}`].filter(Boolean).join(' · ') }),
    provenanceLine(c.provenance));
}

function incidentItem(i) {
  return h('li', { class: 'record', 'data-id': i.id, 'data-incident-id': i.incidentId },
    h('div', { class: 'record-head' }, h('b', { text: day(i.occurredAt) }), ' ',
      h('span', { class: 'chip', text: incidentRoleWords(i.role, i.cooperated) }), ' ',
      h('span', { text: words(i.incidentType) })),
    h('div', { text: [i.location, i.description].filter(Boolean).join(' · ') }),
    provenanceLine(i.provenance));
}

function flagItem(f, today) {
  const active = f.status === 'active';
  return h('li', { class: 'record', 'data-id': f.id },
    h('div', { class: 'record-head' },
      h('span', { class: `chip ${active ? 'high-harm' : 'cleared'}`,
        text: `${markerLabel(f.kind)} · ${active ? 'active' : 'cleared'}` }),
      f.evidenceUnproven ? h('span', { class: 'chip unproven', title: UNPROVEN_TEXT, text: 'unproven' }) : null),
    f.reason ? h('div', { text: f.reason }) : null,
    f.evidenceUnproven ? h('div', { class: 'unproven-note small', text: UNPROVEN_TEXT }) : null,
    f.owner ? h('div', { class: 'small', text: `Owner: ${f.owner}` }) : null,
    h('div', { class: 'small', text: [f.setAt && `set ${day(f.setAt)}`, f.setBy && `by ${f.setBy}`,
      f.reviewDate && `review date ${f.reviewDate}`].filter(Boolean).join(' ') }),
    active ? overdueNote(f.reviewDate, today) : null,
    !active ? h('div', { class: 'small', text: `Cleared ${day(f.clearedAt)}${f.clearedBy ? ` by ${f.clearedBy}` : ''}${
      f.clearedReason ? `: ${f.clearedReason}` : ''}` }) : null);
}

/** `session()` is the signed-in user with `permissions` (from `me`). */
export function setupRecords(root, { session }) {
  const state = { id: null, token: 0 };

  function listSection(spec, connection, today) {
    const section = h('section', { class: 'records-list', id: `records-${spec.kind}`,
      'aria-labelledby': `records-${spec.kind}-title` });
    const status = h('span', { class: 'page-text muted', role: 'status' });
    const list = h('ol', { class: 'records' });
    const prev = h('button', { type: 'button', class: 'page-prev', text: '‹ Previous' });
    const next = h('button', { type: 'button', class: 'page-next', text: 'Next ›' });
    const pager = h('div', { class: 'pager' }, prev, next);
    const error = h('p', { class: 'empty error', role: 'alert', hidden: true });
    let offset = 0;

    function fill(conn) {
      const items = (conn?.edges ?? []).map((e) => e.node);
      const total = conn?.totalCount ?? 0;
      clear(list).append(...(items.length ? items.map((item) => spec.item(item, today))
        : [h('li', { class: 'empty', text: spec.empty })]));
      status.textContent = pageText(offset, items.length, total);
      prev.disabled = offset === 0;
      next.disabled = offset + items.length >= total;
      pager.hidden = total <= RECORDS_PAGE;
    }

    async function go(to) {
      const token = state.token;
      prev.disabled = true;
      next.disabled = true;
      status.textContent = 'Loading…';
      try {
        const conn = await fetchRecordsPage(state.id, spec.kind, { after: cursorBefore(to) });
        if (token !== state.token) return;
        error.hidden = true;
        offset = to;
        fill(conn);
        list.querySelector('li')?.scrollIntoView?.({ block: 'nearest' });
      } catch (err) {
        if (token !== state.token) return;
        error.hidden = false;
        error.textContent = `Could not load this page: ${err.message}`;
        fill(null);
      }
    }
    prev.addEventListener('click', () => go(Math.max(0, offset - RECORDS_PAGE)));
    next.addEventListener('click', () => go(offset + RECORDS_PAGE));

    section.append(h('div', { class: 'records-list-head' },
      h('h3', { id: `records-${spec.kind}-title` }, spec.title, ' ',
        h('span', { class: 'count', text: `(${connection?.totalCount ?? 0})` })), status),
    error, list, pager);
    fill(connection);
    return section;
  }

  function render(person) {
    const today = isoDay();
    const user = session();
    const chips = [];
    if (person.highHarm) chips.push(h('span', { class: 'chip high-harm', text: 'High harm' }));
    for (const m of person.warningMarkers ?? []) {
      chips.push(h('span', { class: 'chip warning', text: `⚠ ${markerLabel(m)}` }));
    }
    const facts = [
      ['Aliases', (person.aliases ?? []).filter((a) => a !== person.fullName).join(', ')],
      ['Date of birth', (person.datesOfBirth ?? []).join(' / ')],
      ['Gender', words(person.gender)],
      ['Born in', person.placeOfBirth],
      ['Nationality', (person.nationalities ?? []).join(', ')],
      ['Immigration', words(person.immigrationStatus)],
      ['PNC ID', person.pncId],
      ['CRO number', person.croNumber],
      ['HO reference', person.hoReference],
      ['Passports', (person.passports ?? []).join(', ')],
      ['Record review date', person.reviewDate],
    ].filter(([, v]) => v);
    const flags = person.flags ?? [];
    const overdueFlags = flags.filter((f) => f.status === 'active' && reviewOverdue(f.reviewDate, today));
    const warrants = (person.warrants ?? []).filter((w) => w.status === 'active');
    document.title = `${person.fullName} — records — Nexus`;
    clear(root).append(...[
      h('p', { class: 'back' }, h('a', { href: hashForPerson(person.id), id: 'records-network-link',
        text: '← Network and timeline' })),
      h('h2', { id: 'records-title', class: 'person-name', text: person.fullName }),
      h('div', { class: 'person-id', text: person.id }),
      chips.length ? h('div', { class: 'chips' }, chips) : null,
      warrants.length ? h('p', { class: 'wanted', role: 'alert', text: `WANTED: ${warrants.map((w) =>
        `${words(w.kind)} issued by ${w.issuingCountry ?? '?'}${w.reference ? `, ref ${w.reference}` : ''}`).join('; ')}` }) : null,
      overdueFlags.length ? h('p', { class: 'overdue banner', role: 'alert',
        text: `⚠ ${overdueFlags.length === 1 ? 'A flag is' : `${overdueFlags.length} flags are`} past ${
          overdueFlags.length === 1 ? 'its' : 'their'} review date: check ${overdueFlags.length === 1 ? 'it still stands' : 'they still stand'}.` }) : null,
      seesHandlingC(user?.permissions) ? null
        : h('p', { class: 'withheld-note', id: 'withheld-note', role: 'note', text: WITHHELD_NOTE }),
      h('div', { class: 'records-top' },
        h('section', { class: 'records-identity', 'aria-labelledby': 'records-identity-title' },
          h('h3', { id: 'records-identity-title', text: 'Identity' }),
          h('dl', {}, facts.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })])),
          overdueNote(person.reviewDate, today)),
        h('section', { class: 'records-flags', id: 'records-flags', 'aria-labelledby': 'records-flags-title' },
          h('h3', { id: 'records-flags-title', text: `Flags (${flags.length})` }),
          flags.length ? h('ol', { class: 'records' }, flags.map((f) => flagItem(f, today)))
            : h('p', { class: 'empty', text: 'No flags recorded.' }))),
      ...LISTS.map((spec) => listSection(spec, person[spec.kind], today)),
    ].filter(Boolean));
  }

  async function show({ personId }) {
    const token = ++state.token;
    state.id = personId;
    clear(root).append(h('p', { class: 'empty', role: 'status', text: 'Loading the records…' }));
    let person;
    try {
      person = await fetchRecords(personId);
    } catch (err) {
      if (token !== state.token) return;
      clear(root).append(h('p', { class: 'empty error', role: 'alert',
        text: `Could not load ${personId}: ${err.message}` }));
      return;
    }
    if (token !== state.token) return;
    if (!person) {
      clear(root).append(h('p', { class: 'empty error', role: 'alert',
        text: `No person with id ${personId}.` }));
      return;
    }
    render(person);
  }

  return {
    show,
    reset() {
      state.token += 1;
      state.id = null;
      clear(root);
    },
  };
}
