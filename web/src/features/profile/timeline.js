// The person's timeline on a time axis beside the list: one mark per record (arrests,
// charges, convictions, incidents, flags, intelligence, checks) on a horizontal axis by
// date, one lane per kind, coloured by kind. The axis is an SVG built with the DOM API (no
// style attributes: the CSP); d3-scale's UTC time scale maps dates to x and picks the
// calendar ticks. `timelineRecords` and `placeMarks` are pure (tests/web/timeline.test.js).

import { scaleUtc } from 'd3-scale';

import { timelineEvents } from '../explorer/transform.js';
import { clear } from '../../shared/dom.js';
import {
  chargeWords, disposalWords, gradingWords, incidentRoleWords, offenceText, outcomeWords,
} from './format.js';

// Lanes top to bottom; the label is what a mark's name starts with.
export const TIMELINE_KINDS = [
  { kind: 'conviction', label: 'Conviction' },
  { kind: 'charge', label: 'Charge' },
  { kind: 'arrest', label: 'Arrest' },
  { kind: 'incident', label: 'Incident' },
  { kind: 'flag', label: 'Flag' },
  { kind: 'intelligence', label: 'Intelligence' },
  { kind: 'check', label: 'Check' },
];
const LABELS = Object.fromEntries(TIMELINE_KINDS.map((k) => [k.kind, k.label]));

const day = (value) => (value ? String(value).slice(0, 10) : null);
const edgesOf = (conn) => (conn?.edges ?? []).map((e) => e.node).filter(Boolean);
const words = (value) => (value ? String(value).replace(/_/g, ' ') : '');
const capitalise = (text) => (text ? text.charAt(0).toUpperCase() + text.slice(1) : text);
const cut = (text, n) => (text && text.length > n ? `${text.slice(0, n - 1)}…` : text);

/**
 * Every record of a `person` result the timeline shows, newest first:
 * [{kind, label, id, date, detail}] (the list's rows and the axis's marks alike).
 */
export function timelineRecords(person) {
  if (!person) return [];
  const events = timelineEvents({
    arrest: edgesOf(person.arrests).map((a) => ({
      id: a.id, date: day(a.arrestedAt),
      detail: [offenceText(a.offences), outcomeWords(a.outcome), a.custodySuite].filter(Boolean).join(' · '),
    })),
    charge: edgesOf(person.charges).map((c) => ({
      id: c.id, date: day(c.chargedAt),
      // Offences are the records view's (the timeline's one request stays under the cost cap).
      detail: [offenceText(c.offences), chargeWords(c.status), c.arrestId ? `after arrest ${c.arrestId}` : null]
        .filter(Boolean).join(' · '),
    })),
    conviction: edgesOf(person.convictions).map((c) => ({
      id: c.id, date: c.convictedOn ?? null,
      detail: [offenceText(c.offences), disposalWords(c.disposal, c.disposalMonths), c.court,
        c.foreign ? `abroad: ${c.jurisdiction}` : null].filter(Boolean).join(' · '),
    })),
    incident: edgesOf(person.incidents).map((i) => ({
      id: i.incidentId ?? i.id, date: day(i.occurredAt),
      detail: [capitalise(words(i.incidentType)), `as ${incidentRoleWords(i.role, i.cooperated).toLowerCase()}`,
        i.location].filter(Boolean).join(' · '),
    })),
    flag: (person.flags ?? []).map((f) => ({
      id: f.id, date: day(f.setAt),
      detail: [`${capitalise(words(f.kind))} flag set${f.setBy ? ` by ${f.setBy}` : ''}`, f.reason,
        f.status === 'cleared' ? `cleared ${day(f.clearedAt) ?? ''}`.trim() : 'active']
        .filter(Boolean).join(' · '),
    })),
    intelligence: edgesOf(person.intelligence).map((r) => ({
      id: r.id, date: day(r.reportedAt),
      detail: [r.grading?.code ?? (r.grading ? gradingWords(r.grading).code : 'Ungraded'), cut(r.summary, 90)]
        .filter(Boolean).join(' · '),
    })),
    check: edgesOf(person.checks).map((c) => ({
      id: c.id, date: day(c.checkedAt),
      detail: [capitalise(words(c.kind)) || 'Check', c.against ? `against ${words(c.against)}` : null,
        c.result ? words(c.result) : null].filter(Boolean).join(' · '),
    })),
  });
  return events.map((e) => ({ ...e, label: LABELS[e.kind] ?? e.label }));
}

/** Whether any list was cut short (more records than the query fetched). */
export function timelineCut(person) {
  return ['arrests', 'charges', 'convictions', 'incidents', 'intelligence', 'checks'].some((key) => {
    const conn = person?.[key];
    return Boolean(conn) && conn.totalCount > (conn.edges ?? []).length;
  });
}

export const AXIS = { width: 300, lane: 18, top: 6, left: 8, right: 8, axis: 22, radius: 5 };

const toDate = (iso) => new Date(`${iso}T00:00:00Z`);

/**
 * Where each record goes: x from its date on a UTC scale over the dated records (a year
 * either side of a single date), one lane per kind present, in TIMELINE_KINDS order.
 * Returns {marks: [{...record, x, y, lane}] oldest first, undated: [...], lanes: [{kind,
 * label, y}], ticks: [{x, label}], width, height, axis (the tick band's height)}.
 */
export function placeMarks(records, geometry = AXIS) {
  const g = { ...AXIS, ...geometry };
  const dated = records.filter((r) => r.date).sort((a, b) => (a.date < b.date ? -1
    : a.date > b.date ? 1 : String(a.id).localeCompare(String(b.id))));
  const undated = records.filter((r) => !r.date);
  const kinds = TIMELINE_KINDS.filter((k) => dated.some((r) => r.kind === k.kind));
  const lanes = kinds.map((k, i) => ({ ...k, y: g.top + g.lane * i + g.lane / 2 }));
  const laneY = Object.fromEntries(lanes.map((l) => [l.kind, l.y]));
  const height = g.top + g.lane * lanes.length + g.axis;
  if (!dated.length) return { marks: [], undated, lanes, ticks: [], width: g.width, height, axis: g.axis };
  let start = toDate(dated[0].date);
  let end = toDate(dated[dated.length - 1].date);
  if (+start === +end) {
    start = new Date(Date.UTC(start.getUTCFullYear() - 1, start.getUTCMonth(), start.getUTCDate()));
    end = new Date(Date.UTC(end.getUTCFullYear() + 1, end.getUTCMonth(), end.getUTCDate()));
  }
  const x = scaleUtc().domain([start, end]).range([g.left + g.radius, g.width - g.right - g.radius]);
  const format = x.tickFormat(5);
  const ticks = x.ticks(5).map((t) => ({ x: Math.round(x(t) * 10) / 10, label: format(t) }));
  const marks = dated.map((r) => ({ ...r, x: Math.round(x(toDate(r.date)) * 10) / 10,
    y: laneY[r.kind], lane: kinds.findIndex((k) => k.kind === r.kind) }));
  return { marks, undated, lanes, ticks, width: g.width, height, axis: g.axis };
}

/** A mark's accessible name: "Arrest, 2023-05-02: Inflicting GBH … · Charged". */
export function markName(record) {
  return `${record.label}, ${record.date ?? 'date unknown'}${record.detail ? `: ${record.detail}` : ''}`;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, text = null) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  if (text != null) el.textContent = text;
  return el;
}

/**
 * Draw the axis into `container` for `records` (timelineRecords). Marks are one tab stop
 * (roving tabindex: arrows, Home and End move through them in time order); Enter, Space or a
 * click calls onActivate(record). Returns the marks drawn.
 */
export function renderTimelineAxis(container, records, { onActivate = () => {} } = {}) {
  clear(container);
  const layout = placeMarks(records);
  if (!layout.marks.length) {
    container.hidden = true;
    return [];
  }
  container.hidden = false;
  const root = svg('svg', { class: 'timeline-axis', viewBox: `0 0 ${layout.width} ${layout.height}`,
    role: 'group', 'aria-label': `Timeline on a time axis: ${layout.marks.length} dated records. `
      + 'Arrow keys move between them, Enter shows one in the list.' });
  const axisY = layout.height - layout.axis + 4;
  for (const lane of layout.lanes) {
    root.append(svg('line', { class: `lane lane-${lane.kind}`, x1: 0, x2: layout.width, y1: lane.y, y2: lane.y }));
  }
  root.append(svg('line', { class: 'axis', x1: 0, x2: layout.width, y1: axisY, y2: axisY }));
  for (const tick of layout.ticks) {
    root.append(svg('line', { class: 'tick', x1: tick.x, x2: tick.x, y1: axisY, y2: axisY + 4 }),
      svg('text', { class: 'tick-label', x: tick.x, y: axisY + 14, 'text-anchor': 'middle',
        'aria-hidden': 'true' }, tick.label));
  }
  const elements = layout.marks.map((mark, i) => {
    const el = svg('circle', { class: `mark mark-${mark.kind}`, cx: mark.x, cy: mark.y, r: AXIS.radius,
      tabindex: i === layout.marks.length - 1 ? 0 : -1, role: 'button', 'aria-label': markName(mark),
      'data-id': mark.id, 'data-kind': mark.kind });
    el.append(svg('title', {}, markName(mark)));
    el.addEventListener('click', () => { focusMark(i); onActivate(mark); });
    return el;
  });
  function focusMark(i) {
    elements.forEach((el, j) => el.setAttribute('tabindex', j === i ? '0' : '-1'));
    elements[i].focus();
  }
  root.addEventListener('keydown', (event) => {
    const i = elements.indexOf(event.target);
    if (i < 0) return;
    const moves = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1,
      Home: 0, End: elements.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      focusMark(Math.max(0, Math.min(elements.length - 1, moves[event.key])));
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onActivate(layout.marks[i]);
    }
  });
  root.append(...elements);
  // The key: which colour is which kind (the lanes present, top to bottom).
  const key = document.createElement('ul');
  key.className = 'timeline-key small';
  for (const lane of layout.lanes) {
    const item = document.createElement('li');
    item.className = `key-${lane.kind}`;
    item.textContent = `${lane.label} (${layout.marks.filter((m) => m.kind === lane.kind).length})`;
    key.append(item);
  }
  container.append(root, key);
  if (layout.undated.length) {
    const note = document.createElement('p');
    note.className = 'muted small';
    note.textContent = `${layout.undated.length} undated record${layout.undated.length === 1 ? ' is' : 's are'} in the list only.`;
    container.append(note);
  }
  return layout.marks;
}
