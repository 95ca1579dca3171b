// The history dialog: "Preview" (GraphQL `history` with save: false, nothing stored) and
// the PDF download (POST /history/<id>.pdf, saved as a version and audited); "Saved
// versions" (versions.js: the list, one opened, changed since); "Disclosure version"
// (generated and saved with its recipients, handling-code C withheld by the server).
// Offered only when the server's schema has the `history` field (a capability check). The
// requests themselves are in api.js.

import { $, clear, h } from '../../shared/dom.js';
import { downloadHistoryPdf, downloadVersionPdf, generateDisclosure, previewHistory } from './api.js';
import { checkRecipients, sharingRecord, shortHash } from './format.js';
import { setupVersions } from './versions.js';

const ABSENT = 'History generation is not available on this server yet.';
const SEES_C = 'read intelligence and links with handling code C'; // api/permissions.py

function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/**
 * The document as the PDF prints it: the server's HTML (the PDF's own template, which
 * links its stylesheet and holds no script or inline style) in a frame sandboxed with no
 * permissions at all (no scripts, no same origin, no forms, no navigation of the page).
 * The page never parses it itself; the app's CSP (style-src 'self') applies inside too.
 */
function previewFrame(html, title) {
  const frame = h('iframe', { class: 'history-frame', sandbox: '', title,
    referrerpolicy: 'no-referrer' });
  frame.srcdoc = html;
  return frame;
}

const TABS = { preview: 'history-body', versions: 'history-versions', disclose: 'history-disclose' };

export function setupHistory({ hasField, personId, person, session, notify }) {
  const button = $('history-button');
  const dialog = $('history-dialog');
  const body = $('history-body');
  const download = $('history-download');
  const purpose = $('history-purpose');
  const asOf = $('history-asof');
  const caseRef = $('history-case');
  const recipients = $('history-recipients');
  const recipientsError = $('history-recipients-error');
  const discloseResult = $('history-disclose-result');
  let available = false;
  let reason = 'Checking whether the server can generate histories…';
  const name = () => person()?.fullName ?? personId();

  const versions = setupVersions({
    panel: $('history-versions'), personId, personName: name, asOf: () => asOf.value || null,
    seesC: () => (session()?.permissions ?? []).includes(SEES_C), frame: previewFrame, saveBlob,
  });

  function update(personOpen) {
    button.disabled = !(available && personOpen);
    button.title = !available ? reason
      : personOpen ? 'Preview, download and compare this person\'s intelligence history'
        : 'Open a person first';
  }

  /** Ask the server (after sign-in) whether it offers histories. */
  async function check() {
    try {
      available = await hasField('history');
      reason = available ? '' : ABSENT;
    } catch {
      available = false;
      reason = 'Could not ask the server which features it offers.';
    }
    update(Boolean(personId()));
  }

  /** Show one panel; the versions panel reads its list unless `list` is false. */
  function showTab(tab, { list = true } = {}) {
    for (const [key, panel] of Object.entries(TABS)) {
      const tabButton = $(`history-tab-${key}`);
      tabButton.setAttribute('aria-selected', String(key === tab));
      tabButton.tabIndex = key === tab ? 0 : -1;
      $(panel).hidden = key !== tab;
    }
    if (tab === 'versions' && list) versions.showList();
  }

  const values = () => ({ purpose: purpose.value.trim(), asOf: asOf.value || null,
    caseReference: caseRef.value.trim() || null });

  function invalid(where = body) {
    if (values().purpose.length >= 4) return false;
    clear(where).append(h('p', { class: 'error', text: 'Give the purpose of this history (at least 4 characters).' }));
    purpose.focus();
    return true;
  }

  async function preview(e) {
    e?.preventDefault();
    const id = personId();
    showTab('preview');
    if (!id || invalid()) return;
    clear(body).append(h('p', { text: 'Generating the preview…' }));
    try {
      const history = await previewHistory(id, values());
      clear(body).append(
        h('div', { class: 'history-summary' },
          h('strong', { text: `${name()} as at ${history.asOf}` }),
          h('span', { class: 'harm-band', text: `Harm: ${history.harmBand} (${history.harmScore})` }),
          h('span', { class: 'muted', text: `content sha256 ${shortHash(history.contentHash)}` })),
        h('ul', { class: 'history-sections' }, history.sections.map((s) => h('li', {},
          `${s.title}: ${s.itemCount}${s.total != null && s.total > s.itemCount ? ` of ${s.total}` : ''}`))),
        previewFrame(history.html, `Preview of the intelligence history of ${name()}`));
      download.disabled = false;
    } catch (err) {
      clear(body).append(h('p', { class: 'error', text: `The history could not be generated: ${err.message}` }));
    }
  }

  async function downloadPdf() {
    const id = personId();
    if (!id || invalid()) return;
    download.disabled = true;
    try {
      const { blob, version, hash } = await downloadHistoryPdf(id, values());
      saveBlob(blob, `history-${id}-v${version ?? 'new'}.pdf`);
      versions.reset(); // a version was saved: the list is read again when next shown
      notify(`History of ${name()} saved as version ${version} `
        + `(sha256 ${shortHash(hash)}) and downloaded.`, 'info');
      body.prepend(h('p', { class: 'muted', text: `Downloaded version ${version}.` }));
    } catch (err) {
      body.prepend(h('p', { class: 'error', text: `The PDF could not be generated: ${err.message}` }));
    } finally {
      download.disabled = false;
    }
  }

  async function disclose() {
    const id = personId();
    recipientsError.hidden = true;
    if (!id || invalid(discloseResult)) return;
    const checked = checkRecipients(recipients.value);
    if (checked.error) {
      recipientsError.textContent = checked.error;
      recipientsError.hidden = false;
      recipients.focus();
      return;
    }
    const generate = $('history-disclose-generate');
    generate.disabled = true;
    clear(discloseResult).append(h('p', { text: 'Generating the disclosure version…' }));
    try {
      const v = await generateDisclosure(id, { ...values(), sharedWith: checked.recipients });
      versions.reset();
      clear(discloseResult).append(
        h('p', { class: 'success', id: 'history-disclose-saved',
          text: `Saved as version ${v.version} (sha256 ${shortHash(v.contentHash)}).` }),
        h('p', { class: 'sharing-record', text: sharingRecord(v) }),
        h('div', { class: 'dialog-actions start' },
          h('button', { type: 'button', text: `Download version ${v.version}’s PDF`,
            onclick: async (e) => {
              e.target.disabled = true;
              try {
                saveBlob((await downloadVersionPdf(id, v.version)).blob, `history-${id}-v${v.version}.pdf`);
              } catch (err) {
                discloseResult.append(h('p', { class: 'error', text: `The PDF could not be made: ${err.message}` }));
              } finally {
                e.target.disabled = false;
              }
            } }),
          h('button', { type: 'button', text: 'Open it', onclick: () => {
            showTab('versions', { list: false });
            versions.open(v.version);
          } })));
      notify(`Disclosure version ${v.version} of the history of ${name()} saved.`, 'info');
    } catch (err) {
      clear(discloseResult).append(h('p', { class: 'error', text: `The disclosure version could not be generated: ${err.message}` }));
    } finally {
      generate.disabled = false;
    }
  }

  button.addEventListener('click', () => {
    if (!personId()) return;
    purpose.value = purpose.value || session()?.purpose || '';
    caseRef.value = caseRef.value || session()?.caseReference || '';
    asOf.value = asOf.value || new Date().toISOString().slice(0, 10);
    clear(body).append(h('p', { class: 'muted', text: 'Preview the history before downloading it.' }));
    versions.reset();
    recipients.value = '';
    recipientsError.hidden = true;
    clear(discloseResult);
    download.disabled = false;
    dialog.showModal();
    preview();
  });
  for (const tab of Object.keys(TABS)) {
    $(`history-tab-${tab}`).addEventListener('click', () => showTab(tab));
  }
  $('history-form').addEventListener('submit', preview);
  download.addEventListener('click', downloadPdf);
  $('history-disclose-generate').addEventListener('click', disclose);
  $('history-close').addEventListener('click', () => dialog.close());
  return { setEnabled: update, check };
}
