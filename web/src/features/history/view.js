// "Generate history": preview (GraphQL `history` with save: false, nothing stored) and
// download of the PDF (POST /history/<id>.pdf, saved as a version and audited). Offered
// only when the server's schema has the `history` field (a capability check). The requests
// themselves are in api.js.

import { $, clear, h } from '../../shared/dom.js';
import { downloadHistoryPdf, previewHistory } from './api.js';

const ABSENT = 'History generation is not available on this server yet.';

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
function previewFrame(html, name) {
  const frame = h('iframe', { class: 'history-frame', id: 'history-frame', sandbox: '',
    title: `Preview of the intelligence history of ${name}`, referrerpolicy: 'no-referrer' });
  frame.srcdoc = html;
  return frame;
}

export function setupHistory({ hasField, personId, person, session, notify }) {
  const button = $('history-button');
  const dialog = $('history-dialog');
  const body = $('history-body');
  const download = $('history-download');
  const purpose = $('history-purpose');
  const asOf = $('history-asof');
  const caseRef = $('history-case');
  let available = false;
  let reason = 'Checking whether the server can generate histories…';

  function update(personOpen) {
    button.disabled = !(available && personOpen);
    button.title = !available ? reason
      : personOpen ? 'Preview and download this person\'s intelligence history'
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

  const values = () => ({ purpose: purpose.value.trim(), asOf: asOf.value || null,
    caseReference: caseRef.value.trim() || null });

  function invalid() {
    if (values().purpose.length >= 4) return false;
    clear(body).append(h('p', { class: 'error', text: 'Give the purpose of this history (at least 4 characters).' }));
    purpose.focus();
    return true;
  }

  async function preview(e) {
    e?.preventDefault();
    const id = personId();
    if (!id || invalid()) return;
    clear(body).append(h('p', { text: 'Generating the preview…' }));
    try {
      const history = await previewHistory(id, values());
      clear(body).append(
        h('div', { class: 'history-summary' },
          h('strong', { text: `${person()?.fullName ?? id} as at ${history.asOf}` }),
          h('span', { class: 'harm-band', text: `Harm: ${history.harmBand} (${history.harmScore})` }),
          h('span', { class: 'muted', text: `content sha256 ${history.contentHash.slice(0, 12)}…` })),
        h('ul', { class: 'history-sections' }, history.sections.map((s) => h('li', {},
          `${s.title}: ${s.itemCount}${s.total != null && s.total > s.itemCount ? ` of ${s.total}` : ''}`))),
        previewFrame(history.html, person()?.fullName ?? id));
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
      notify(`History of ${person()?.fullName ?? id} saved as version ${version} `
        + `(sha256 ${String(hash).slice(0, 12)}…) and downloaded.`, 'info');
      body.prepend(h('p', { class: 'muted', text: `Downloaded version ${version}.` }));
    } catch (err) {
      body.prepend(h('p', { class: 'error', text: `The PDF could not be generated: ${err.message}` }));
    } finally {
      download.disabled = false;
    }
  }

  button.addEventListener('click', () => {
    if (!personId()) return;
    purpose.value = purpose.value || session()?.purpose || '';
    caseRef.value = caseRef.value || session()?.caseReference || '';
    asOf.value = asOf.value || new Date().toISOString().slice(0, 10);
    clear(body).append(h('p', { class: 'muted', text: 'Preview the history before downloading it.' }));
    download.disabled = false;
    dialog.showModal();
    preview();
  });
  $('history-form').addEventListener('submit', preview);
  download.addEventListener('click', downloadPdf);
  $('history-close').addEventListener('click', () => dialog.close());
  return { setEnabled: update, check };
}
