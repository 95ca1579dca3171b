// The canvas's text alternative: a "List view" of the people, organisations and links drawn
// now (what the filters and the time slider leave), kept in step with the canvas, so a
// keyboard or screen-reader user can read the network. `textRows` is pure (tests/web).

import { $, clear, h } from '../../shared/dom.js';
import { inForce, kindWords } from './format.js';

/**
 * Rows for what is drawn ({nodes, edges, centreIds} as the controller's drawn() gives them):
 * people [{id, label, type, hops, links, flags}] by hops then name, hops counted over the
 * drawn links from the centres (null: not joined to them in this view); links [{id, from,
 * to, kind, dates, grading}] by the nearer end's hops then names.
 */
export function textRows({ nodes = [], edges = [], centreIds = [] }) {
  const present = new Set(nodes.map((n) => n.id));
  const adjacency = new Map(nodes.map((n) => [n.id, []]));
  const degree = new Map();
  for (const e of edges) {
    if (!present.has(e.source) || !present.has(e.target)) continue;
    adjacency.get(e.source).push(e.target);
    adjacency.get(e.target).push(e.source);
    for (const end of [e.source, e.target]) degree.set(end, (degree.get(end) ?? 0) + 1);
  }
  const hops = new Map();
  let frontier = centreIds.filter((id) => present.has(id));
  for (const id of frontier) hops.set(id, 0);
  for (let d = 1; frontier.length; d += 1) {
    const next = [];
    for (const id of frontier) {
      for (const other of adjacency.get(id)) {
        if (!hops.has(other)) {
          hops.set(other, d);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const labelOf = (id) => byId.get(id)?.label ?? id;
  const hopRank = (id) => hops.get(id) ?? Infinity;
  const people = nodes.map((n) => ({
    id: n.id,
    label: n.label ?? n.id,
    type: n.type === 'Organisation' ? 'Organisation' : 'Person',
    hops: hops.has(n.id) ? hops.get(n.id) : null,
    links: degree.get(n.id) ?? 0,
    flags: [n.highHarm ? 'high harm' : null, ...(n.warningMarkers ?? []).map((m) => `warning: ${m}`),
      n.gangMember ? 'gang member' : null, n.capped ? `${n.hiddenCount} more not drawn` : null]
      .filter(Boolean).join(', '),
  })).sort((a, b) => hopRank(a.id) - hopRank(b.id) || a.label.localeCompare(b.label)
    || a.id.localeCompare(b.id));
  const links = edges.filter((e) => present.has(e.source) && present.has(e.target)).map((e) => {
    // Read from the end nearer the centre.
    const flip = hopRank(e.target) < hopRank(e.source);
    const from = flip ? e.target : e.source;
    const to = flip ? e.source : e.target;
    const fromOrganisation = byId.get(from)?.type === 'Organisation';
    return {
      id: e.recordId ?? e.id,
      from: labelOf(from),
      to: labelOf(to),
      rank: Math.min(hopRank(e.source), hopRank(e.target)),
      kind: kindWords(e.kind, { fromOrganisation }) + (e.derived ? ' (derived)' : ''),
      dates: inForce(e.since, e.until),
      grading: e.grading ?? (e.derived ? 'derived, not graded' : 'not graded'),
    };
  }).sort((a, b) => a.rank - b.rank || a.from.localeCompare(b.from) || a.to.localeCompare(b.to)
    || String(a.id).localeCompare(String(b.id)))
    .map(({ rank, ...row }) => row); // eslint-disable-line no-unused-vars
  return { people, links };
}

const hopsWords = (hops) => (hops == null ? 'not joined in this view' : hops === 0 ? 'centre' : String(hops));

function table(id, caption, headings, rows) {
  return h('table', { id, class: 'text-view-table' },
    h('caption', { text: caption }),
    h('thead', {}, h('tr', {}, headings.map((text) => h('th', { scope: 'col', text })))),
    h('tbody', {}, rows.map((cells) => h('tr', { 'data-id': cells.id },
      cells.values.map((text, i) => (i === 0 ? h('th', { scope: 'row', text }) : h('td', { text })))))));
}

/**
 * Wires the "List view" toggle (#text-view-toggle) and the panel (#text-view) to the
 * controller; the tables are rebuilt whenever the canvas changes, shown or not, so the
 * summary beside the canvas (#canvas-summary) stays true as well.
 */
export function setupTextView(controller) {
  const toggle = $('text-view-toggle');
  const panel = $('text-view');
  const summary = $('canvas-summary');

  function render() {
    const { people, links } = textRows(controller.drawn());
    const persons = people.filter((p) => p.type === 'Person').length;
    const counts = `${persons} ${persons === 1 ? 'person' : 'people'}, `
      + `${people.length - persons} organisation${people.length - persons === 1 ? '' : 's'} and `
      + `${links.length} link${links.length === 1 ? '' : 's'} drawn.`;
    summary.textContent = people.length
      ? `${counts} The List view reads them as tables.` : 'Nothing drawn.';
    if (panel.hidden) return;
    clear(panel).append(
      h('h2', { id: 'text-view-title', text: 'The network as a list' }),
      h('p', { class: 'muted small', text: `${counts} Hops count the links drawn from the person in view.` }),
      table('text-view-people', 'People and organisations drawn', ['Name', 'Id', 'Type', 'Hops', 'Links', 'Flags'],
        people.map((p) => ({ id: p.id, values: [p.label, p.id, p.type, hopsWords(p.hops), String(p.links), p.flags] }))),
      table('text-view-links', 'Links drawn', ['From', 'To', 'Kind', 'In force', 'Grading', 'Id'],
        links.map((l) => ({ id: l.id, values: [l.from, l.to, l.kind, l.dates, l.grading, l.id] }))));
  }

  toggle.addEventListener('click', () => {
    const show = panel.hidden;
    panel.hidden = !show;
    toggle.setAttribute('aria-pressed', String(show));
    render();
    // The panel takes room from the canvas (or gives it back): frame the network again.
    controller.cy.resize();
    if (controller.nodeCount) controller.fit();
  });
  controller.onDrawnChange(render);
  render();
  return { render };
}
