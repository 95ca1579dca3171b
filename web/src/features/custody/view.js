// The custody check (#/custody): the new-arrival form → ranked candidate matches with their
// explanations and risk summaries → pick a nominal or create a new one → run the checks and
// watch the results arrive (#/custody/run/<id>, shareable); a picked nominal shows its
// earlier runs first (earlier-checks.js). Wording lives in format.js; this module
// only builds the DOM (textContent only) and calls the API.

import { possibleDuplicatesBlock } from '../duplicates/possible-duplicates.js';
import { hashForPerson, hashForRun, navigate } from '../../router.js';
import { clear, h } from '../../shared/dom.js';
import { fetchCheckRun, matchPerson, recordNominal, runChecks } from './api.js';
import {
  bandInfo, checkKindLabel, checkState, displayScore, explainFields, isSeriousMatch,
  personInputFromClaim, riskItems, runSummary, sortChecks, sourceLabel, ukTime, validateArrival,
  warrantText,
} from './format.js';
import { earlierChecksPanel } from './earlier-checks.js';

const FIELDS = [
  ['givenNames', 'Given names', 'As the person gives them'],
  ['familyName', 'Family name (required)', 'Surname as the person gives it'],
  ['dateOfBirth', 'Date of birth', 'YYYY-MM-DD or DD/MM/YYYY; a year alone if that is all'],
  ['nationality', 'Nationality', 'Country name or code, e.g. Albania, AL, POL'],
  ['passport', 'Passport', 'Country and number, e.g. GB:123456789'],
  ['reference', 'PNC ID or CRO number', '2019/0123456X or 123456/19K'],
  ['fingerprintRef', 'Fingerprint reference (optional)', 'The PNC ID or CRO number IDENT1 returned'],
];
export const POLL_MS = 1000;
const POLL_LIMIT_MS = 180000;
const MAX_POLL_ERRORS = 3;

function riskList(summary) {
  const items = riskItems(summary);
  if (!items.length) {
    return h('p', { class: 'risk-none', text: 'No warrants, flags, warning markers or convictions recorded.' });
  }
  return h('ul', { class: 'risk-list', 'aria-label': 'Risk summary' },
    items.map((i) => h('li', { class: `risk ${i.severity}`, 'data-kind': i.kind, text: i.text })));
}

function explanationTable(fields) {
  return h('table', { class: 'explain' },
    h('caption', { class: 'visually-hidden', text: 'Field-by-field comparison' }),
    h('thead', {}, h('tr', {}, ['Field', 'Given', 'Recorded', 'Outcome', 'Why', 'Weight']
      .map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, explainFields(fields).map((f) => h('tr', { class: `fc ${f.tone}`, 'data-field': f.field },
      h('th', { scope: 'row', text: f.label }),
      h('td', { text: f.claimed }),
      h('td', { text: f.recorded }),
      h('td', { class: 'outcome', text: `${f.symbol} ${f.outcomeLabel}` }),
      h('td', { text: f.explanation }),
      h('td', { class: 'num', text: f.weightText })))));
}

export function setupCustody(root) {
  const state = { claim: null, nominal: null, runId: null, pollToken: 0, timer: null };
  const inputs = {};
  const fieldErrors = {};
  const earlier = earlierChecksPanel({ onOpen: (id) => { state.runId = id; poll(id); } });

  const errorSummary = h('div', { class: 'form-errors', role: 'alert', hidden: true });
  const form = h('form', { id: 'arrival-form', class: 'arrival-form', novalidate: true,
    'aria-labelledby': 'arrival-title' },
  h('h3', { id: 'arrival-title', text: 'What the person says and carries' }),
  errorSummary,
  FIELDS.map(([name, label, hint]) => {
    inputs[name] = h('input', { id: `arrival-${name}`, name, autocomplete: 'off', spellcheck: 'false',
      'aria-describedby': `arrival-${name}-hint arrival-${name}-error` });
    fieldErrors[name] = h('p', { id: `arrival-${name}-error`, class: 'field-error', hidden: true });
    return h('div', { class: 'field' },
      h('label', { for: `arrival-${name}`, text: label }), inputs[name],
      h('p', { id: `arrival-${name}-hint`, class: 'hint-text', text: hint }), fieldErrors[name]);
  }),
  h('div', { class: 'actions' },
    h('button', { type: 'submit', id: 'arrival-submit', class: 'primary', text: 'Find matches' }),
    h('button', { type: 'button', id: 'arrival-clear', text: 'Clear', onclick: () => reset() })));

  const status = h('p', { id: 'candidates-status', class: 'status-line', role: 'status', 'aria-live': 'polite',
    text: 'Fill in the form and press "Find matches".' });
  const list = h('ol', { id: 'candidates', class: 'candidates' });
  const newNominal = h('div', { id: 'new-nominal', class: 'new-nominal', hidden: true });
  const nominal = h('section', { id: 'custody-nominal', class: 'custody-nominal', hidden: true,
    'aria-labelledby': 'nominal-title' });

  clear(root).append(
    h('h2', { id: 'custody-title', text: 'Custody check: new arrival' }),
    h('p', { class: 'muted', text: 'Who is this person among the records, and what is known of them '
      + 'here and abroad? Every search and check is logged with your session\'s purpose.' }),
    h('div', { class: 'custody-grid' }, form,
      h('section', { class: 'candidates-section', 'aria-labelledby': 'candidates-title' },
        h('h3', { id: 'candidates-title', text: 'Candidate matches' }), status, list, newNominal)),
    nominal);

  function showErrors(errors) {
    for (const [name, el] of Object.entries(fieldErrors)) {
      const error = errors.find((e) => e.field === name);
      el.hidden = !error;
      el.textContent = error ? error.message : '';
      if (error) inputs[name].setAttribute('aria-invalid', 'true');
      else inputs[name].removeAttribute('aria-invalid');
    }
    errorSummary.hidden = !errors.length;
    clear(errorSummary);
    if (!errors.length) return;
    errorSummary.append(h('p', { text: `Correct ${errors.length === 1 ? 'this' : 'these'} first:` }),
      h('ul', {}, errors.map((e) => h('li', {}, h('button', { type: 'button', class: 'link',
        text: e.message, onclick: () => inputs[e.field].focus() })))));
    inputs[errors[0].field].focus();
  }

  async function findMatches(event) {
    event.preventDefault();
    const values = Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value]));
    const { claim, errors } = validateArrival(values);
    showErrors(errors);
    if (errors.length) return;
    state.claim = claim;
    clear(list);
    newNominal.hidden = true;
    status.className = 'status-line busy';
    status.textContent = 'Searching the records…';
    const submit = form.querySelector('#arrival-submit');
    submit.disabled = true;
    try {
      renderCandidates(await matchPerson(claim));
    } catch (err) {
      status.className = 'status-line error';
      status.textContent = `The search failed: ${err.message}. Nothing was matched; try again.`;
    } finally {
      submit.disabled = false;
    }
  }

  function renderCandidates(candidates) {
    status.className = 'status-line';
    status.textContent = candidates.length
      ? `${candidates.length} candidate${candidates.length > 1 ? 's' : ''}, best first. `
        + 'Pick the nominal if one is this person; otherwise create a new nominal.'
      : 'No candidate in the records. Check the spelling with the person, or create a new nominal.';
    clear(list).append(...candidates.map(candidateCard));
    renderNewNominal(false);
  }

  function candidateCard(c, index) {
    const band = bandInfo(c.band);
    const p = c.person;
    const wanted = (c.summary?.activeWarrants ?? []).length > 0;
    return h('li', { class: `candidate${wanted ? ' wanted' : ''}`, 'data-person-id': p.id },
      h('div', { class: 'candidate-head' },
        h('span', { class: 'rank', text: `#${index + 1}` }),
        h('h4', {}, p.fullName),
        h('span', { class: 'person-id', text: p.id }),
        h('span', { class: `score band-${band.tone}`, text: `${displayScore(c.score, c.fields)} · ${band.label}` })),
      h('p', { class: 'muted small', text: [
        p.datesOfBirth?.length ? `born ${p.datesOfBirth.join(' / ')}` : 'date of birth not recorded',
        p.nationalities?.length ? p.nationalities.join(', ') : null,
        p.pncId ? `PNC ${p.pncId}` : null,
        (p.aliases ?? []).filter((a) => a !== p.fullName).length
          ? `aka ${p.aliases.filter((a) => a !== p.fullName).join(', ')}` : null,
      ].filter(Boolean).join(' · ') }),
      riskList(c.summary),
      explanationTable(c.fields),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary select-nominal', text: `This is ${p.fullName}: select`,
          onclick: () => selectNominal(p) }),
        h('a', { class: 'button', href: hashForPerson(p.id), text: 'Open profile and network' })));
  }

  function renderNewNominal(open) {
    newNominal.hidden = false;
    clear(newNominal);
    if (!open) {
      newNominal.append(h('button', { type: 'button', id: 'create-nominal',
        text: 'None of these: create a new nominal', onclick: () => renderNewNominal(true) }));
      return;
    }
    const input = personInputFromClaim(state.claim);
    const rows = [['Given names', input.givenNames], ['Family name', input.familyName],
      ['Date of birth', input.datesOfBirth?.[0]], ['Nationality', input.nationalities?.[0]],
      ['Passport', input.passports?.[0]], ['PNC ID', input.pncId], ['CRO number', input.croNumber]]
      .filter(([, v]) => v);
    const errors = h('div', { class: 'form-errors', role: 'alert', hidden: true });
    const confirm = h('button', { type: 'button', id: 'confirm-nominal', class: 'primary',
      text: 'Record new nominal' });
    confirm.addEventListener('click', async () => {
      confirm.disabled = true;
      try {
        const result = await recordNominal(input);
        if (!result.ok) {
          errors.hidden = false;
          errors.textContent = `Not recorded: ${result.errors.map((e) => e.message).join('; ')}`;
          return;
        }
        selectNominal({ id: result.id, fullName: [input.givenNames, input.familyName].filter(Boolean).join(' '),
          datesOfBirth: input.datesOfBirth ?? [], nationalities: input.nationalities ?? [],
          pncId: input.pncId ?? null }, { created: true });
        clear(newNominal).append(h('p', { class: 'done', text: `New nominal ${result.id} recorded.` }),
          possibleDuplicatesBlock(result.possibleDuplicates));
      } catch (err) {
        errors.hidden = false;
        errors.textContent = `Not recorded: ${err.message}`;
      } finally {
        confirm.disabled = false;
      }
    });
    newNominal.append(h('h4', { text: 'Create a new nominal from the form' }),
      h('dl', { class: 'facts' }, rows.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })])),
      h('p', { class: 'muted small', text: 'Recorded with source "custody:new-arrival" and your name. '
        + 'The fingerprint reference is not stored on the nominal.' }),
      errors,
      h('div', { class: 'actions' }, confirm,
        h('button', { type: 'button', text: 'Cancel', onclick: () => renderNewNominal(false) })));
    confirm.focus();
  }

  function selectNominal(person, { created = false } = {}) {
    stopPolling();
    // A candidate picked: "Record new nominal" must not stay one click away (a duplicate
    // nominal). A nominal just created keeps its "recorded" notice instead.
    if (!created) {
      clear(newNominal);
      newNominal.hidden = true;
    }
    state.nominal = person;
    state.runId = null;
    renderNominal({ created });
    nominal.scrollIntoView({ block: 'start' });
    nominal.querySelector('#run-checks').focus({ preventScroll: true });
  }

  function renderNominal({ created = false, run = null } = {}) {
    const p = state.nominal;
    nominal.hidden = false;
    clear(nominal).append(
      h('h3', { id: 'nominal-title', text: `Nominal: ${p.fullName}` }),
      h('p', { class: 'muted', text: [p.id, created ? 'new nominal, just recorded' : null,
        p.datesOfBirth?.length ? `born ${p.datesOfBirth.join(' / ')}` : null,
        p.nationalities?.length ? p.nationalities.join(', ') : null].filter(Boolean).join(' · ') }),
      earlier.el,
      h('div', { class: 'actions' },
        h('button', { type: 'button', id: 'run-checks', class: 'primary',
          text: run ? 'Run the checks again' : 'Run checks', onclick: startChecks }),
        h('a', { class: 'button', id: 'nominal-profile', href: hashForPerson(p.id),
          text: 'Open profile and network' })),
      h('div', { id: 'check-alerts' }),
      h('p', { id: 'checks-status', class: 'status-line', role: 'status', 'aria-live': 'polite',
        text: run ? runSummary(run) : 'Checks abroad have not been run for this custody yet.' }),
      h('ul', { id: 'checks', class: 'checks', 'aria-label': 'Checks' }));
    earlier.load(p.id, run?.id ?? null);
    if (run) renderRun(run);
  }

  async function startChecks() {
    const button = nominal.querySelector('#run-checks');
    button.disabled = true;
    const checksStatus = nominal.querySelector('#checks-status');
    checksStatus.className = 'status-line busy';
    checksStatus.textContent = 'Starting the checks…';
    try {
      const { run, errors } = await runChecks(state.nominal.id);
      if (errors?.length || !run) {
        checksStatus.className = 'status-line error';
        checksStatus.textContent = `The checks did not start: ${errors.map((e) => e.message).join('; ')}`;
        button.disabled = false;
        return;
      }
      state.runId = run.id;
      renderNominal({ run });
      nominal.scrollIntoView({ block: 'start' });
      navigate(hashForRun(run.id)); // shareable; the router shows the same run, which keeps polling
      poll(run.id, run);
    } catch (err) {
      checksStatus.className = 'status-line error';
      checksStatus.textContent = `The checks did not start: ${err.message}`;
      button.disabled = false;
    }
  }

  function stopPolling() {
    state.pollToken += 1;
    clearTimeout(state.timer);
  }

  /** Poll checkRun(id) every POLL_MS until complete (or POLL_LIMIT_MS has passed). */
  function poll(id, first = null) {
    stopPolling();
    const token = state.pollToken;
    const started = Date.now();
    let failures = 0;
    let sawRunning = Boolean(first && !first.complete);
    const tick = async () => {
      if (token !== state.pollToken) return;
      let run;
      try {
        run = await fetchCheckRun(id);
        failures = 0;
      } catch (err) {
        if (token !== state.pollToken) return;
        failures += 1;
        const line = nominal.querySelector('#checks-status');
        if (line) {
          line.className = 'status-line error';
          line.textContent = `Could not fetch the check results (${err.message}). `
            + (failures < MAX_POLL_ERRORS ? 'Trying again…' : 'Stopped: reload the page to try again.');
        }
        if (failures < MAX_POLL_ERRORS) state.timer = setTimeout(tick, POLL_MS * 2);
        return;
      }
      if (token !== state.pollToken) return;
      if (!run) {
        showMissingRun(id);
        return;
      }
      if (!state.nominal || state.nominal.id !== run.person.id) {
        state.nominal = run.person;
        renderNominal({ run });
      } else {
        renderRun(run);
      }
      if (!run.complete) sawRunning = true;
      else if (sawRunning) earlier.refresh(); // the finished run's outcomes, in the list too
      if (!run.complete && Date.now() - started < POLL_LIMIT_MS) state.timer = setTimeout(tick, POLL_MS);
      else if (!run.complete) {
        nominal.querySelector('#checks-status').textContent = `${runSummary(run)}. Stopped waiting `
          + 'after 3 minutes: pending checks have NOT been answered; reload to look again.';
      }
    };
    if (first) {
      renderRun(first);
      if (first.complete) return;
      state.timer = setTimeout(tick, POLL_MS);
    } else tick();
  }

  function showMissingRun(id) {
    nominal.hidden = false;
    clear(nominal).append(h('h3', { id: 'nominal-title', text: 'Check run not found' }),
      h('p', { class: 'status-line error', role: 'alert', text: `No check run with id ${id}. Check the link.` }));
  }

  function renderRun(run) {
    const warrants = new Map((run.person?.warrants ?? []).map((w) => [w.id, w]));
    const checks = sortChecks(run.checks);
    earlier.markOpen(run.id);
    const line = nominal.querySelector('#checks-status');
    line.className = `status-line${run.complete ? '' : ' busy'}`;
    line.textContent = runSummary(run);
    const button = nominal.querySelector('#run-checks');
    button.disabled = !run.complete;
    button.textContent = run.complete ? 'Run the checks again' : 'Checks running…';
    const found = checks.filter((c) => c.result === 'match' && c.warrantId && warrants.has(c.warrantId));
    const failed = checks.filter((c) => checkState(c).state === 'failed');
    clear(nominal.querySelector('#check-alerts')).append(...[
      ...found.map((c) => h('div', { class: 'alert wanted', role: 'alert' },
        h('strong', { text: 'WANTED ' }), warrantText(warrants.get(c.warrantId)),
        ` (found by ${sourceLabel(c.against)})`)),
      failed.length ? h('div', { class: 'alert failed', role: 'alert' },
        h('strong', { text: `${failed.length} check${failed.length > 1 ? 's' : ''} FAILED. ` }),
        `Not checked: ${failed.map((c) => checkKindLabel(c.kind)).join(', ')}. `
        + 'This is not "nothing found": run the checks again or ask the source directly.') : null,
    ].filter(Boolean));
    clear(nominal.querySelector('#checks')).append(...checks.map((c) => {
      const s = checkState(c);
      const warrant = c.warrantId ? warrants.get(c.warrantId) : null;
      return h('li', { class: `check state-${s.state}`, 'data-kind': c.kind, 'data-state': s.state },
        h('div', { class: 'check-head' },
          h('span', { class: 'check-kind', text: checkKindLabel(c.kind) }),
          h('span', { class: 'muted small', text: sourceLabel(c.against) }),
          h('span', { class: `check-result ${s.state}${isSeriousMatch(c) ? ' serious' : ''}` },
            s.state === 'pending' ? h('span', { class: 'spinner small', 'aria-hidden': 'true' }) : null,
            s.label)),
        h('p', { class: 'check-detail', text: s.text }),
        warrant ? h('p', { class: 'check-warrant', text: `WANTED: ${warrantText(warrant)}` }) : null,
        c.checkedAt && s.state !== 'pending' ? h('p', { class: 'muted small',
          text: `${c.checkedBy ?? ''} · ${ukTime(c.checkedAt)}` }) : null);
    }));
  }

  function reset() {
    stopPolling();
    state.claim = null;
    state.nominal = null;
    state.runId = null;
    form.reset();
    showErrors([]);
    clear(list);
    newNominal.hidden = true;
    nominal.hidden = true;
    earlier.load(null);
    clear(nominal);
    status.className = 'status-line';
    status.textContent = 'Fill in the form and press "Find matches".';
  }

  form.addEventListener('submit', findMatches);

  return {
    /** Show the view; `runId` (from #/custody/run/<id>) opens that run. */
    show({ runId = null } = {}) {
      document.title = 'Custody check — Nexus';
      if (runId && runId !== state.runId) {
        state.runId = runId;
        poll(runId);
      } else if (!runId && !state.claim && !state.nominal) inputs.givenNames.focus();
    },
    reset,
  };
}
