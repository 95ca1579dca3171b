// Pure rules of "Who is flagged" (#/accountability): the controls' checks, the words and
// marks of each figure (small counts say so in words, not only a colour), and the chart's
// series: the overall rate and the groups with the most flags, quarter by quarter. No DOM:
// `node --test` covers it (tests/web/accountability.test.js).

import { isRealDate } from '../reviews/format.js';

export const GROUPINGS = [
  { value: 'NATIONALITY', label: 'Nationality' },
  { value: 'BOROUGH', label: 'Borough (current address)' },
];
export const CHART_GROUPS = 6;
export const SMALL_WORDS = 'small count: do not compare';

/** The default period: the two years to `today` (a YYYY-MM-DD string). */
export function defaultPeriod(today) {
  const [y, m, d] = today.split('-').map(Number);
  const since = new Date(Date.UTC(y - 2, m - 1, d + 1)).toISOString().slice(0, 10);
  return { since, until: today };
}

/** The controls' values → {variables} or {errors: {field: message}}. */
export function accountabilityVariables(values) {
  const by = values?.by === 'BOROUGH' ? 'BOROUGH' : 'NATIONALITY';
  const since = String(values?.since ?? '').trim() || null;
  const until = String(values?.until ?? '').trim() || null;
  const topText = String(values?.top ?? '').trim();
  const errors = {};
  if (since && !isRealDate(since)) errors.since = `"${since}" is not a date: use YYYY-MM-DD.`;
  if (until && !isRealDate(until)) errors.until = `"${until}" is not a date: use YYYY-MM-DD.`;
  if (!errors.since && !errors.until && since && until && until < since) {
    errors.until = 'The end of the period is before its start.';
  }
  if (topText && !(/^\d+$/.test(topText) && Number(topText) >= 1 && Number(topText) <= 1000)) {
    errors.top = 'The list holds 1 to 1,000 people.';
  }
  if (Object.keys(errors).length) return { errors };
  return { variables: { by, since, until, top: topText ? Number(topText) : 100 } };
}

const num = (x, digits = 1) => (x == null ? '—'
  : Number(x).toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }));

/** One row of a rate table, as text. */
export function rateCells(rate) {
  return {
    group: rate.group,
    people: rate.people.toLocaleString('en-GB'),
    events: rate.events.toLocaleString('en-GB'),
    active: rate.active == null ? '—' : rate.active.toLocaleString('en-GB'),
    rate: num(rate.ratePer1000),
    ratio: rate.ratio == null ? '—' : `${num(rate.ratio, 2)}×`,
    note: rate.small ? SMALL_WORDS : '',
  };
}

/** The chart's quarters and series: the overall rate first, then the groups with the most
 * flags over the period (up to CHART_GROUPS); each point knows whether it is small. */
export function chartSeries(result, { groups = CHART_GROUPS } = {}) {
  const labels = result.quarters.map((q) => q.quarter);
  const chosen = result.flags.groups.filter((g) => g.events > 0).slice(0, groups).map((g) => g.group);
  const series = [{ name: result.flags.overall.group, overall: true,
    points: result.quarters.map((q) => ({ rate: q.flags.overall.ratePer1000 ?? 0,
      events: q.flags.overall.events, small: q.flags.overall.small })) }];
  for (const name of chosen) {
    series.push({ name, overall: false, points: result.quarters.map((q) => {
      const g = q.flags.groups.find((x) => x.group === name);
      return g ? { rate: g.ratePer1000 ?? 0, events: g.events, small: g.small }
        : { rate: 0, events: 0, small: true };
    }) });
  }
  return { labels, series };
}

/** A point's tooltip: "GB, 2025-Q2: 49.2 per 1,000 (6 flags; small count: do not compare)". */
export function pointText(seriesName, label, point) {
  return `${seriesName}, ${label}: ${num(point.rate)} per 1,000 (${point.events} flag${point.events === 1 ? '' : 's'}`
    + `${point.small ? `; ${SMALL_WORDS}` : ''})`;
}

/** The line under the heading: the period, grouping and totals. */
export function periodText(result) {
  const by = result.by === 'BOROUGH' ? 'borough of the current address' : 'nationality';
  const o = result.flags.overall;
  return `${o.events.toLocaleString('en-GB')} high-harm flag${o.events === 1 ? '' : 's'} set from ${result.since} `
    + `to ${result.until} on ${o.people.toLocaleString('en-GB')} people in the graph (${num(o.ratePer1000)} per 1,000), `
    + `by ${by}; ${o.active ?? 0} still active.`;
}
