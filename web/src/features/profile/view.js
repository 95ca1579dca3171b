// The profile panel (identity, flags with overdue reviews and their case files, counts that open the records,
// warning markers) and the events timeline in plain words ("No further action"). The full
// records (paged lists) are the records view, records.js.

import { watchCard } from '../alerts/view.js';
import { consultedCard } from '../audit/consulted.js';
import { deconflictionCard } from '../deconfliction/view.js';
import { fetchPossibleDuplicates } from '../duplicates/api.js';
import { profilePossibleDuplicates } from '../duplicates/format.js';
import { renderAlsoRecordedAs } from '../duplicates/view.js';
import { markerLabel } from '../explorer/transform.js';
import { DUPLICATES_HASH, hashForPerson, hashForRecords } from '../../router.js';
import { $, clear, h } from '../../shared/dom.js';
import { TIMELINE_LIMIT, fetchPerson } from './api.js';
import { UNPROVEN_TEXT, showFlagCase } from './flagcase.js';
import { renderSetFlagForm } from './flagform.js';
import { WITHHELD_NOTE, reviewOverdue, seesHandlingC } from './format.js';
import { renderTimelineAxis, timelineCut, timelineRecords } from './timeline.js';

let session = () => null;

/** Tell the profile who is signed in (main.js): the withheld note depends on the role. */
export function configureProfile({ session: getter }) {
  session = getter;
}

const words = (value) => (value ? String(value).replace(/_/g, ' ') : null);

export function showProfileMessage(text, { error = false } = {}) {
  clear($('profile')).append(h('p', { class: error ? 'empty error' : 'empty', text }));
  clear($('timeline')).append(h('li', { class: 'empty', text: error ? '—' : 'Loading…' }));
  clear($('timeline-axis')).hidden = true;
}

/** `openFlag`: a flag whose case file opens with the profile (after a change to it). */
export function renderProfile(person, { openFlag = null } = {}) {
  const panel = clear($('profile'));
  const chips = [];
  if (person.highHarm) chips.push(h('span', { class: 'chip high-harm', text: 'High harm' }));
  for (const marker of person.warningMarkers ?? []) {
    chips.push(h('span', { class: 'chip warning', title: 'Warning marker',
      text: `⚠ ${markerLabel(marker)}` }));
  }
  const facts = [
    ['Aliases', (person.aliases ?? []).filter((a) => a !== person.fullName).join(', ')],
    ['Date of birth', (person.datesOfBirth ?? []).join(' / ')],
    ['Gender', words(person.gender)],
    ['Born in', person.placeOfBirth],
    ['Nationality', (person.nationalities ?? []).join(', ')],
    ['Immigration', words(person.immigrationStatus)],
    ['PNC', person.pncId],
    ['CRO', person.croNumber],
    ['HO ref', person.hoReference],
    ['Passports', (person.passports ?? []).join(', ')],
  ].filter(([, value]) => value);
  const counts = person.counts ?? {};
  const user = session();
  const caseFile = h('section', { id: 'flag-case', class: 'flag-case', 'aria-labelledby': 'flag-case-title', hidden: true });
  const setForm = h('section', { id: 'set-flag', class: 'flag-case', hidden: true });
  // After a write in the case file: the profile again (the chips follow), the case reopened.
  const changed = async (flagId) => {
    const fresh = await fetchPerson(person.id);
    if (fresh && caseFile.isConnected) renderProfile(fresh, { openFlag: flagId });
  };
  const openCase = (flagId) => {
    setForm.hidden = true;
    showFlagCase(caseFile, flagId, { user, onChanged: changed });
  };
  const flagItems = (person.flags ?? []).map((f) => {
    const overdue = f.status === 'active' ? reviewOverdue(f.reviewDate) : null;
    return h('li', { 'data-id': f.id },
      h('span', { class: `chip ${f.status === 'active' ? 'high-harm' : 'cleared'}`,
        text: `${words(f.kind)} (${f.status})` }),
      f.evidenceUnproven ? h('span', { class: 'chip unproven', title: UNPROVEN_TEXT, text: 'unproven' }) : null,
      f.reason ? ` ${f.reason}` : '', f.reviewDate ? ` · review ${f.reviewDate}` : '',
      f.owner ? ` · owner ${f.owner}` : '',
      ' ', h('button', { type: 'button', class: 'link open-flag-case', 'data-flag-id': f.id,
        text: 'Case file', onclick: () => openCase(f.id) }),
      f.evidenceUnproven ? h('div', { class: 'unproven-note small', text: UNPROVEN_TEXT }) : null,
      overdue ? h('div', { class: 'overdue', role: 'note', text: `⚠ ${overdue.text}` }) : null);
  });
  const maySetFlag = (user?.permissions ?? []).includes('SET_FLAG');
  const setButton = maySetFlag ? h('button', { type: 'button', id: 'set-flag-open', text: 'Set a high-harm flag…',
    onclick: () => {
      caseFile.hidden = true;
      setForm.hidden = false;
      renderSetFlagForm(setForm, person, { user, onDone: (flagId) => changed(flagId),
        onCancel: () => { setForm.hidden = true; } });
    } }) : null;
  const withheld = user && !seesHandlingC(user.permissions)
    ? h('p', { class: 'withheld-note small', id: 'profile-withheld-note', role: 'note', text: WITHHELD_NOTE })
    : null;
  const warrants = (person.warrants ?? []).filter((w) => w.status === 'active');
  const alsoRecorded = h('section', { id: 'also-recorded', class: 'also-recorded-section',
    'aria-labelledby': 'also-recorded-title', hidden: true });
  const possible = h('section', { id: 'profile-possible-duplicates', class: 'also-recorded-section',
    'aria-labelledby': 'profile-possible-title', hidden: true });
  panel.append(...[
    h('h2', { class: 'person-name', text: person.fullName }),
    h('div', { class: 'person-id', text: person.id }),
    chips.length ? h('div', { class: 'chips', 'aria-label': 'Flags and warning markers' }, chips) : null,
    warrants.length ? h('p', { class: 'chip high-harm',
      text: `${warrants.length} active warrant${warrants.length > 1 ? 's' : ''}: ${
        warrants.map((w) => `${words(w.kind)} (${w.issuingCountry ?? '?'})`).join(', ')}` }) : null,
    h('dl', {}, facts.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })])),
    alsoRecorded,
    possible,
    h('div', { class: 'counts', 'aria-label': 'Record counts' },
      [['arrests', 'Arrests'], ['charges', 'Charges'], ['convictions', 'Convictions'],
        ['associates', 'Associates'], ['incidents', 'Incidents'], ['intelligence', 'Intelligence']]
        .map(([key, label]) => h('a', { 'data-count': key, href: hashForRecords(person.id),
          title: `Open the records: ${label.toLowerCase()}` },
        h('b', { text: String(counts[key] ?? 0) }), h('span', { text: label })))),
    h('p', { class: 'records-link' }, h('a', { id: 'open-records', class: 'button',
      href: hashForRecords(person.id), text: 'Open records: intelligence, associates, memberships, arrests →' })),
    withheld,
    watchCard(person.id),
    user && (user.permissions ?? []).includes('READ_PERSONS') ? deconflictionCard(person.id, user) : null,
    flagItems.length || setButton ? h('div', { id: 'profile-flags' }, h('h2', { text: 'Flags' }),
      flagItems.length ? h('ul', { class: 'flags' }, flagItems) : null, setButton) : null,
    setForm,
    caseFile,
    consultedCard(person.id, user?.permissions),
  ].filter(Boolean));
  if (openFlag) openCase(openFlag);
  renderTimeline(person);
  // A detached block means another person (or a message) replaced this profile meanwhile.
  renderAlsoRecordedAs(alsoRecorded, person.id, () => alsoRecorded.isConnected);
  renderPossibleDuplicates(possible, person.id);
}

/** Loaded after the profile (one small request), so the profile is never held up by it. */
async function renderPossibleDuplicates(container, personId) {
  let block;
  try {
    block = profilePossibleDuplicates(await fetchPossibleDuplicates(personId));
  } catch (err) {
    if (!container.isConnected) return;
    container.hidden = false;
    clear(container).append(h('p', { class: 'empty error',
      text: `Could not check for possible duplicates of this record: ${err.message}` }));
    return;
  }
  if (!container.isConnected || !block) return;
  container.hidden = false;
  clear(container).append(
    h('h2', { id: 'profile-possible-title', text: block.heading }),
    h('p', { class: 'muted small', text: block.text }),
    h('ul', { class: 'also-recorded' }, block.items.map((item) => h('li', { 'data-person-id': item.id },
      h('a', { href: hashForPerson(item.id), text: `${item.name} (${item.id})` }),
      h('div', { class: 'small', text: item.text })))),
    h('p', { class: 'small' }, h('a', { href: DUPLICATES_HASH, text: 'Review on the Duplicates page' })));
}

function renderTimeline(person) {
  const list = clear($('timeline'));
  const events = timelineRecords(person);
  renderTimelineAxis($('timeline-axis'), events, { onActivate: (record) => showInList(record) });
  if (!events.length) {
    list.append(h('li', { class: 'empty',
      text: 'No arrests, charges, convictions, incidents, flags, intelligence or checks recorded.' }));
    return;
  }
  for (const event of events) {
    list.append(h('li', { class: event.kind, 'data-id': event.id, 'data-kind': event.kind, tabindex: '-1' },
      h('div', { class: 'when', text: event.date ?? 'date unknown' }),
      h('div', { class: 'what', text: event.label }),
      event.detail ? h('div', { class: 'detail', text: event.detail }) : null));
  }
  if (timelineCut(person)) {
    list.append(h('li', { class: 'empty', text: `Showing the latest ${TIMELINE_LIMIT} of each kind.` }));
  }
}

/** A mark of the axis chosen: its row in the list scrolled to and highlighted. */
function showInList(record) {
  const list = $('timeline');
  for (const row of list.querySelectorAll('li[aria-current]')) row.removeAttribute('aria-current');
  const row = [...list.querySelectorAll('li[data-id]')]
    .find((li) => li.dataset.id === record.id && li.dataset.kind === record.kind);
  if (!row) return;
  row.setAttribute('aria-current', 'true');
  row.scrollIntoView({ block: 'nearest' });
}
