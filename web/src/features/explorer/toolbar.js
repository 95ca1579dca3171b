// Layout choice and filters (kinds, date range, grading).

import { $, h } from '../../shared/dom.js';
import { LAYOUTS } from './layouts.js';
import { swatch } from './legend.js';
import { EDGE_KINDS } from './style.js';
import { ASSOCIATION_KINDS, rangeIsValid } from './transform.js';

// No style attributes anywhere: the app's CSP allows stylesheets from 'self' only.
function kindSwatch(colour) {
  const box = swatch({ kind: 'edge', 'line-color': colour, 'line-style': 'solid' });
  box.classList.add('kind-swatch');
  return box;
}

export function setupLayoutSelect(current, onChange) {
  const select = $('layout-select');
  for (const [name, def] of Object.entries(LAYOUTS)) {
    select.append(h('option', { value: name, text: def.label, selected: name === current }));
  }
  select.addEventListener('change', () => onChange(select.value));
  return { set: (name) => { select.value = name; } };
}

/** Wires the filter controls; calls onChange(filters) with {kinds, since, until, grading}. */
export function setupFilters(onChange) {
  const box = $('kind-filters');
  for (const kind of ASSOCIATION_KINDS) {
    const def = EDGE_KINDS[kind];
    box.append(h('label', {},
      h('input', { type: 'checkbox', value: kind, checked: true, 'data-kind': kind }),
      kindSwatch(def.colour), def.label));
  }
  const since = $('filter-since');
  const until = $('filter-until');
  const minSource = $('filter-min-source');
  const minAssessment = $('filter-min-assessment');
  const badge = $('filter-count');
  const hidden = $('filter-hidden');

  const read = () => {
    const checked = [...box.querySelectorAll('input:checked')].map((i) => i.value);
    const range = rangeIsValid(since.value, until.value);
    return {
      kinds: checked.length === ASSOCIATION_KINDS.length ? null : checked,
      // A range the wrong way round filters nothing: showHidden says so.
      since: range ? since.value || null : null,
      until: range ? until.value || null : null,
      rangeError: !range,
      minSource: minSource.value || null,
      minAssessment: minAssessment.value || null,
    };
  };
  const changed = () => {
    const filters = read();
    const active = (filters.kinds ? 1 : 0) + (filters.since || filters.until ? 1 : 0)
      + (filters.minSource || filters.minAssessment ? 1 : 0);
    badge.hidden = active === 0;
    badge.textContent = String(active);
    onChange(filters);
  };
  box.addEventListener('change', changed);
  for (const el of [since, until, minSource, minAssessment]) el.addEventListener('change', changed);
  $('filter-reset').addEventListener('click', () => {
    box.querySelectorAll('input').forEach((i) => { i.checked = true; });
    since.value = '';
    until.value = '';
    minSource.value = '';
    minAssessment.value = '';
    changed();
  });
  /** What the filters hide ({hiddenEdges, hiddenNodes} counts, of {edges, nodes} drawn). */
  const showHidden = ({ hiddenEdges, hiddenNodes, edges, nodes, rangeError }) => {
    hidden.classList.toggle('error', Boolean(rangeError));
    hidden.textContent = rangeError ? 'The "From" date is after the "To" date: dates not applied.'
      : `Hidden: ${hiddenEdges} of ${edges} links, ${hiddenNodes} of ${nodes} people and organisations.`;
  };
  /** Set the controls to saved filters ({kinds, since, until, minSource, minAssessment}). */
  const set = (saved) => {
    const kinds = saved.kinds ? new Set(saved.kinds) : null;
    box.querySelectorAll('input').forEach((i) => { i.checked = !kinds || kinds.has(i.value); });
    since.value = saved.since ?? '';
    until.value = saved.until ?? '';
    minSource.value = saved.minSource ?? '';
    minAssessment.value = saved.minAssessment ?? '';
    changed();
  };
  return { read, showHidden, set };
}
