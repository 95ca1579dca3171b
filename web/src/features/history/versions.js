// The "Saved versions" panel of the history dialog: a page of the person's saved versions
// (who, when, why, hash, disclosure and its sharing record), one opened as stored (the
// PDF's own HTML in a sandboxed frame, and its PDF), and "changed since": a version
// against the history now or against another version, line by line per section. The
// wording is in format.js, the requests in api.js.

import { clear, h } from '../../shared/dom.js';
import { ukTime } from '../custody/format.js';
import { VERSIONS_PAGE, compareVersions, downloadVersionPdf, fetchVersions, openVersion } from './api.js';
import {
  MARKERS, comparisonTitle, countsText, coverageNotes, diffSections, diffSummary, generatedLine,
  harmChange, partLabel, sharingRecord, shortHash, versionsSummary,
} from './format.js';

const LEGEND = { added: 'in the later, not the earlier', removed: 'in the earlier only',
  changed: 'in both, with what differs' };

/**
 * `panel` is the element the panel owns; `personId()`, `personName()`, `asOf()` read the
 * dialog; `seesC()` whether the role may see handling code C; `frame(html, title)` builds
 * the sandboxed frame; `saveBlob(blob, filename)` hands a file to the browser.
 */
export function setupVersions({ panel, personId, personName, asOf, seesC, frame, saveBlob }) {
  // `token` counts what the panel was last asked to show: an answer that arrives after the
  // user moved on (to another page, a version, a comparison, back) is not shown.
  const state = { cursors: [null], page: 0, selected: new Set(), found: null, token: 0 };

  const status = (text, cls = 'muted') => h('p', { class: cls, id: 'history-versions-status',
    role: 'status', text });

  function show(...nodes) {
    clear(panel).append(...nodes.flat().filter((n) => n != null));
  }

  function failed(what, err) {
    show(backButton(), h('p', { class: 'error', text: `${what}: ${err.message}` }));
  }

  function backButton() {
    return h('button', { type: 'button', class: 'history-back', id: 'history-back',
      text: '← Saved versions', onclick: () => load() });
  }

  async function load(page = state.page) {
    const token = ++state.token;
    show(status('Loading the saved versions…'));
    let found;
    try {
      found = await fetchVersions(personId(), { after: state.cursors[page] });
    } catch (err) {
      if (token === state.token) show(h('p', { class: 'error', text: `The saved versions could not be loaded: ${err.message}` }));
      return;
    }
    if (token !== state.token) return;
    state.page = page;
    state.found = found;
    state.cursors[page + 1] = found.endCursor;
    renderList();
  }

  function sharingCell(v) {
    const record = sharingRecord(v);
    if (!record) return h('td', { class: 'muted', text: 'No' });
    return h('td', {}, h('span', { class: 'disclosure-badge', text: 'Disclosure' }),
      h('span', { class: 'sharing-record', text: record }));
  }

  function row(v) {
    const box = h('input', { type: 'checkbox', class: 'version-select', value: String(v.version),
      'aria-label': `Select version ${v.version} to compare`,
      checked: state.selected.has(v.version) });
    box.addEventListener('change', () => select(v.version, box.checked));
    return h('tr', { 'data-version': String(v.version) },
      h('td', {}, box),
      h('th', { scope: 'row' }, `v${v.version}`,
        v.withheld ? h('span', { class: 'version-withheld', text: 'shown as your role may see it' }) : null),
      h('td', { text: generatedLine(v) }),
      h('td', {}, h('span', { text: v.purpose }),
        h('span', { class: 'muted case-ref', text: v.caseReference ? `Case ${v.caseReference}` : 'No case reference' })),
      h('td', { text: v.asOf }),
      h('td', {}, h('code', { class: 'hash', title: `sha256 ${v.contentHash}`, text: shortHash(v.contentHash) })),
      sharingCell(v),
      h('td', { class: 'version-actions' },
        h('button', { type: 'button', class: 'version-open', text: 'Open',
          onclick: () => open(v.version) }),
        h('button', { type: 'button', class: 'version-pdf', text: 'PDF',
          title: `Download version ${v.version} as it was saved`, onclick: (e) => pdf(v.version, e.target) }),
        h('button', { type: 'button', class: 'version-since', text: 'Changed since',
          title: `What changed from version ${v.version} to the history now`,
          onclick: () => compare(v.version, null) })));
  }

  /** Two versions at most are chosen (a third replaces the first); the list is updated in
   * place, so the focus stays on the box just ticked. */
  function select(version, on) {
    if (on) {
      state.selected.add(version);
      if (state.selected.size > 2) state.selected.delete(state.selected.values().next().value);
    } else state.selected.delete(version);
    for (const box of panel.querySelectorAll('.version-select')) {
      box.checked = state.selected.has(Number(box.value));
    }
    updateCompareButton();
  }

  function updateCompareButton() {
    const button = panel.querySelector('#history-compare-selected');
    if (!button) return;
    const chosen = [...state.selected].sort((a, b) => a - b);
    button.disabled = chosen.length !== 2;
    button.textContent = chosen.length === 2 ? `Compare v${chosen[0]} with v${chosen[1]}`
      : 'Compare two selected';
  }

  function renderList() {
    const { found, page } = state;
    const skip = page * VERSIONS_PAGE;
    const compareButton = h('button', { type: 'button', id: 'history-compare-selected',
      onclick: () => {
        const [from, to] = [...state.selected].sort((a, b) => a - b);
        compare(from, to);
      } });
    const table = found.versions.length ? h('table', { class: 'versions-table', id: 'history-versions-table' },
      h('caption', { class: 'visually-hidden', text: `Saved versions of the history of ${personName()}` }),
      h('thead', {}, h('tr', {}, ['', 'Version', 'Generated (UK time)', 'Purpose', 'As at',
        'Content hash', 'Disclosure', ''].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, found.versions.map(row))) : null;
    show(
      h('div', { class: 'versions-head' }, status(versionsSummary(found.versions.length, found.total, skip)),
        h('span', { class: 'muted small', text: 'Select two to compare them, or use “Changed since” on one.' }),
        compareButton),
      table,
      h('div', { class: 'versions-pager' },
        h('button', { type: 'button', id: 'history-versions-newer', text: '← Newer',
          disabled: page === 0, onclick: () => load(page - 1) }),
        h('button', { type: 'button', id: 'history-versions-older', text: 'Older →',
          disabled: !found.hasNext, onclick: () => load(page + 1) })));
    updateCompareButton();
  }

  function metaList(v) {
    const record = sharingRecord(v);
    const rows = [
      ['Generated', generatedLine(v)], ['Purpose', v.purpose],
      ['Case reference', v.caseReference ?? '—'], ['As at', v.asOf],
      ['Content hash (sha256)', v.contentHash],
      ['Disclosure', record ?? 'No: an internal version'],
    ];
    return h('dl', { class: 'version-meta', id: 'history-version-meta' },
      rows.flatMap(([term, value]) => [h('dt', { text: term }), h('dd', { text: value })]));
  }

  async function open(version) {
    const token = ++state.token;
    show(backButton(), status(`Opening version ${version}…`));
    let v;
    try {
      v = await openVersion(personId(), version);
    } catch (err) {
      if (token === state.token) failed(`Version ${version} could not be opened`, err);
      return;
    }
    if (token !== state.token) return;
    show(
      h('div', { class: 'version-view-head' }, backButton(),
        h('h3', { id: 'history-version-title', text: `Version ${v.version} of the history of ${personName()}` }),
        h('button', { type: 'button', id: 'history-version-pdf', text: 'Download this version’s PDF',
          onclick: (e) => pdf(v.version, e.target) }),
        h('button', { type: 'button', id: 'history-version-since', text: 'Changed since this version',
          onclick: () => compare(v.version, null) })),
      metaList(v),
      v.withheld ? h('p', { class: 'withheld-note small', role: 'note', text: 'Shown as your role may see it: some material in this version is not included.' }) : null,
      h('p', { class: 'muted', text: `Harm: ${v.harmBand} (${v.harmScore}). This is the version as it was saved, not the history now.` }),
      frame(v.html, `Version ${v.version} of the intelligence history of ${personName()}`));
  }

  async function pdf(version, button) {
    if (button) button.disabled = true;
    try {
      const { blob } = await downloadVersionPdf(personId(), version);
      saveBlob(blob, `history-${personId()}-v${version}.pdf`);
    } catch (err) {
      panel.prepend(h('p', { class: 'error', text: `The PDF of version ${version} could not be made: ${err.message}` }));
    } finally {
      if (button) button.disabled = false;
    }
  }

  function diffRow(r) {
    return h('li', { class: `diff-line diff-${r.kind}` },
      h('span', { class: 'diff-marker', text: `${r.sign} ${r.word}` }),
      h('span', { class: 'diff-text', text: r.text }),
      r.detail ? h('span', { class: 'diff-detail', text: r.detail }) : null,
      r.changes.length ? h('ul', { class: 'diff-changes' }, r.changes.map((c) => h('li', { text: c }))) : null);
  }

  async function compare(from, to) {
    const token = ++state.token;
    show(backButton(), status(to == null ? `Comparing version ${from} with the history now…`
      : `Comparing version ${from} with version ${to}…`));
    let c;
    try {
      c = await compareVersions(personId(), { from, to, asOf: to == null ? asOf() : null });
    } catch (err) {
      if (token === state.token) failed('The comparison could not be made', err);
      return;
    }
    if (token !== state.token) return;
    const diff = diffSections(c);
    show(
      h('div', { class: 'version-view-head' }, backButton(),
        h('h3', { id: 'history-compare-title', text: comparisonTitle(c) })),
      h('p', { class: 'diff-summary', id: 'history-diff-summary', text: diffSummary(diff, c.identical) }),
      h('p', { class: 'muted', text: `${harmChange(c)} Content sha256: ${shortHash(c.fromHash)} → ${shortHash(c.toHash)}` }),
      coverageNotes(c, { seesC: seesC() }).map((note) => h('p', { class: 'withheld-note small', role: 'note', text: note })),
      h('p', { class: 'diff-legend muted small' }, 'Each line is marked: ',
        Object.entries(LEGEND).map(([kind, text]) => h('span', { class: `diff-key diff-${kind}` },
          h('span', { class: 'diff-marker', text: `${MARKERS[kind].sign} ${MARKERS[kind].word}` }), ` ${text}`))),
      diff.sections.map((s) => h('section', { class: 'diff-section', 'data-section': s.key },
        h('h4', {}, h('span', { class: 'diff-part', text: partLabel(s.part) }), ` ${s.title} `,
          h('span', { class: 'muted diff-counts', 'aria-label': `${s.counts.added} added, ${s.counts.removed} removed, ${s.counts.changed} changed`,
            text: countsText(s.counts) })),
        h('ul', { class: 'diff-lines' }, s.rows.map(diffRow)))),
      diff.unchanged.length ? h('p', { class: 'muted small diff-unchanged', text: `Unchanged: ${diff.unchanged.join('; ')}.` }) : null,
      h('p', { class: 'muted small', text: `Compared ${ukTime(new Date().toISOString())}.` }));
  }

  return {
    /** A new person or a new version saved: the next showing reads the list again. */
    reset() {
      state.cursors = [null];
      state.page = 0;
      state.found = null;
      state.selected.clear();
      state.token += 1;
      clear(panel);
    },
    /** Show the list, read afresh (others may have saved versions meanwhile). */
    showList: () => load(),
    open,
  };
}
