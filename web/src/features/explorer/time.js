// The time slider's pure rules: months as 'YYYY-MM', the months a network's links span, and
// which links were in force in a month. No DOM and no cytoscape: tests/web/time.test.js.
//
// A link is in force in a month when it started in or before that month and had not ended
// before it. A link with no recorded start counts as in force from the beginning (and the
// readout says how many of those there are); no recorded end means it still is.

const MONTH = /^(\d{4})-(\d{2})/;

/** 'YYYY-MM' of an ISO date or date-time; null when there is none. */
export function monthOf(date) {
  const match = MONTH.exec(String(date ?? ''));
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) return null;
  return `${match[1]}-${match[2]}`;
}

/** Months since year 0 ('2023-05' → 2023 * 12 + 4), for stepping and comparing. */
export function monthIndex(month) {
  const m = monthOf(month);
  if (!m) return null;
  return Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
}

export function monthFromIndex(index) {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The month `n` months after `month` (n may be negative). */
export function addMonths(month, n) {
  return monthFromIndex(monthIndex(month) + n);
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/** '2023-05' → 'May 2023' (the slider's spoken value). */
export function monthWords(month) {
  const index = monthIndex(month);
  if (index == null) return '';
  return `${MONTH_NAMES[index % 12]} ${Math.floor(index / 12)}`;
}

/**
 * The months the slider runs over for these edges ({since, until}): from the earliest start
 * (or end, when no start is recorded anywhere) to `today`'s month, or to the latest date
 * recorded when that is later. {first, last, count}; null when no edge has a date.
 */
export function monthSpan(edges, today = new Date().toISOString().slice(0, 10)) {
  let first = null;
  let last = null;
  for (const edge of edges) {
    for (const date of [edge.since, edge.until]) {
      const i = monthIndex(date);
      if (i == null) continue;
      if (first == null || i < first) first = i;
      if (last == null || i > last) last = i;
    }
  }
  if (first == null) return null;
  const now = monthIndex(today);
  if (now != null && now > last) last = now;
  return { first: monthFromIndex(first), last: monthFromIndex(last), count: last - first + 1 };
}

/** Whether a link ({since, until}) was in force at any time in `month`. */
export function inForceIn(edge, month) {
  const m = monthIndex(month);
  const since = monthIndex(edge.since);
  const until = monthIndex(edge.until);
  if (since != null && since > m) return false;
  if (until != null && until < m) return false;
  return true;
}

/**
 * What the canvas shows in `month`: the links in force then, the people and organisations
 * they join, and the centres always. nodes: [{id}], edges: [{id, source, target, since,
 * until}] (what is drawn and not filtered). Returns {hiddenEdges, hiddenNodes} (Sets of ids)
 * and the readout's figures {inForce, total, undated} (undated: in force for want of a start).
 */
export function timeView(nodes, edges, month, centreIds = []) {
  const hiddenEdges = new Set();
  const joined = new Set(centreIds);
  let inForce = 0;
  let undated = 0;
  for (const edge of edges) {
    if (inForceIn(edge, month)) {
      inForce += 1;
      if (monthIndex(edge.since) == null) undated += 1;
      joined.add(edge.source);
      joined.add(edge.target);
    } else {
      hiddenEdges.add(edge.id);
    }
  }
  const hiddenNodes = new Set(nodes.filter((n) => !joined.has(n.id)).map((n) => n.id));
  return { hiddenEdges, hiddenNodes, inForce, total: edges.length, undated };
}

/** "Links in force on 2023-05: 34 of 120 (5 with no start date, counted as in force)." */
export function timeReadout(view, month) {
  const undated = view.undated
    ? ` (${view.undated} with no start date, counted as in force)` : '';
  return `Links in force on ${month}: ${view.inForce} of ${view.total}${undated}`;
}

/** The month Play steps to after `month`, or null at the end of the span. */
export function nextMonth(span, month) {
  if (!span || !month) return span ? span.first : null;
  const next = monthIndex(month) + 1;
  return next > monthIndex(span.last) ? null : monthFromIndex(next);
}
