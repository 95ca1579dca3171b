// Pure functions from GraphQL results to cytoscape element definitions and view models.
// No DOM and no cytoscape here, so node's own test runner covers all of it (tests/web/).

export const ASSOCIATION_KINDS = [
  'FAMILY', 'PARTNER', 'LIVES_WITH', 'FRIEND', 'CO_OFFENDER', 'PHONE_CONTACT', 'SOCIAL_MEDIA',
  'ASSOCIATE', 'MEMBER_OF',
];

// Networks above this many elements switch to the cheap drawing mode (haystack edges, labels
// only when zoomed in): see docs/web.md for the measurements behind the figure.
export const LARGE_NETWORK_ELEMENTS = 1500;

// Edge ids are namespaced so a relationship id can never collide with a node id in cytoscape,
// which keeps one id space for nodes and edges.
export function edgeKey(id) {
  return `e:${id}`;
}

/** Split a grading code such as "2B P" into its parts; null when there is none. */
export function parseGrading(code) {
  if (code == null) return null;
  const match = /^\s*([123])\s*([A-E])\s*([PC])?\s*$/i.exec(String(code));
  if (!match) return null;
  return {
    sourceEvaluation: match[1],
    intelligenceAssessment: match[2].toUpperCase(),
    handlingCode: match[3] ? match[3].toUpperCase() : null,
  };
}

/** Poorly graded: source evaluation 3 (not reliable), assessment D or E, or no grading. */
export function isPoorlyGraded(code) {
  const grading = parseGrading(code);
  if (!grading) return true;
  return grading.sourceEvaluation === '3' || ['D', 'E'].includes(grading.intelligenceAssessment);
}

/**
 * A supernode shown as a capped preview: the API marks it `capped` (neighbours cut off inside
 * the requested depth). Older payloads without `capped` fall back to any hidden neighbours.
 */
export function isCapped(node) {
  if (typeof node.capped === 'boolean') return node.capped;
  return (node.hiddenCount ?? 0) > 0;
}

// Node size by harm score (CCHI days, unbounded): a log scale, bounded so one extreme score
// cannot swamp the canvas. 0 days draws at HARM_SIZE_MIN, HARM_SCORE_CAP days or more at
// HARM_SIZE_MAX; unscored nodes (analytics not run, organisations) keep the default size.
export const HARM_SIZE_MIN = 20;
export const HARM_SIZE_MAX = 60;
export const HARM_SCORE_CAP = 3650;

/** The node size in px for a harm score; null when there is no score. */
export function harmSize(score) {
  if (score == null || !Number.isFinite(Number(score))) return null;
  const clamped = Math.min(Math.max(Number(score), 0), HARM_SCORE_CAP);
  const t = Math.log1p(clamped) / Math.log1p(HARM_SCORE_CAP);
  return Math.round(HARM_SIZE_MIN + t * (HARM_SIZE_MAX - HARM_SIZE_MIN));
}

// Fixed palette for "colour by community": 10 hues distinguishable on white; community
// numbers beyond it wrap (the API numbers them 0 = largest, so the big ones differ).
export const COMMUNITY_PALETTE = [
  '#60a5fa', '#f87171', '#34d399', '#fbbf24', '#a78bfa',
  '#f472b6', '#2dd4bf', '#fb923c', '#a3e635', '#94a3b8',
];

/** The fill colour of a community number; null when the node has none. */
export function communityColour(community) {
  if (community == null || !Number.isInteger(Number(community)) || Number(community) < 0) {
    return null;
  }
  return COMMUNITY_PALETTE[Number(community) % COMMUNITY_PALETTE.length];
}

function nodeLabel(node) {
  const warn = node.warningMarkers && node.warningMarkers.length ? '⚠ ' : '';
  const more = isCapped(node) ? `\n+${node.hiddenCount} more` : '';
  return `${warn}${node.label ?? node.id}${more}`;
}

export function nodeClasses(node, centreIds = [], large = false, byCommunity = false) {
  const classes = [];
  if (node.gangMember) classes.push('gang');
  if (byCommunity && communityColour(node.community) != null) classes.push('community');
  if (harmSize(node.harmScore) != null) classes.push('harm-sized');
  if (node.atRisk) classes.push('at-risk');
  if (node.warningMarkers && node.warningMarkers.length) classes.push('warning');
  if (node.highHarm) classes.push('high-harm');
  if (isCapped(node)) classes.push('truncated');
  if (centreIds.includes(node.id)) classes.push('centre');
  if (large) classes.push('large');
  return classes;
}

export function edgeClasses(edge, large = false) {
  const classes = [];
  // Dotted (derived) wins over dashed: a derived edge is a fact from records, not intelligence.
  if (edge.derived) classes.push('derived');
  else if (isPoorlyGraded(edge.grading)) classes.push('poor-grading');
  if (large) classes.push('large');
  return classes;
}

/**
 * `Network.elements` ({nodes, edges}) to cytoscape element definitions.
 * Options: centreIds (nodes drawn as the centre), large (force the cheap mode; by default
 * decided from the element count), byCommunity (fill nodes with their community's colour).
 */
export function toElements(elements, { centreIds = [], large, byCommunity = false } = {}) {
  const nodes = elements?.nodes ?? [];
  const edges = elements?.edges ?? [];
  const isLarge = large ?? nodes.length + edges.length > LARGE_NETWORK_ELEMENTS;
  const nodeIds = new Set(nodes.map((n) => n.id));
  const out = [];
  for (const node of nodes) {
    out.push({
      group: 'nodes',
      data: {
        id: node.id,
        type: node.type,
        label: node.label ?? node.id,
        displayLabel: nodeLabel(node),
        highHarm: Boolean(node.highHarm),
        warningMarkers: node.warningMarkers ?? [],
        nationalities: node.nationalities ?? [],
        gangMember: Boolean(node.gangMember),
        hiddenCount: node.hiddenCount ?? 0,
        capped: isCapped(node),
        depth: node.depth ?? null,
        harmScore: node.harmScore ?? null,
        pagerank: node.pagerank ?? null,
        community: node.community ?? null,
        atRisk: Boolean(node.atRisk),
        // Only set when there is a value: the stylesheet maps these with data(), and a
        // mapper on a missing field would warn and draw nothing.
        ...(harmSize(node.harmScore) != null ? { size: harmSize(node.harmScore) } : {}),
        ...(communityColour(node.community) != null
          ? { communityColour: communityColour(node.community) } : {}),
      },
      classes: nodeClasses(node, centreIds, isLarge, byCommunity),
    });
  }
  for (const edge of edges) {
    // An edge whose end is missing would make cytoscape throw and leave a blank canvas.
    if (!nodeIds.has(edge.source) || !nodeIds.has(edge.target)) continue;
    const id = edge.id ?? `${edge.source}-${edge.kind}-${edge.target}`;
    out.push({
      group: 'edges',
      data: {
        id: edgeKey(id),
        recordId: id,
        source: edge.source,
        target: edge.target,
        kind: edge.kind,
        since: edge.since ?? null,
        until: edge.until ?? null,
        grading: edge.grading ?? null,
        derived: Boolean(edge.derived),
      },
      classes: edgeClasses(edge, isLarge),
    });
  }
  return out;
}

// Labels by zoom (style.js hides small ones): these nodes keep theirs at every zoom.
export const MAX_HUB_LABELS = 12;
export const MIN_HUB_DEGREE = 5;

/**
 * The hubs whose labels stay on: the best-connected nodes ([{id, degree}] as drawn), at
 * most MAX_HUB_LABELS, each with MIN_HUB_DEGREE links or more and in the top 3 %.
 */
export function hubIds(nodes, { max = MAX_HUB_LABELS, minDegree = MIN_HUB_DEGREE } = {}) {
  const ranked = [...nodes].sort((a, b) => b.degree - a.degree || (a.id < b.id ? -1 : 1));
  const cut = ranked[Math.floor(ranked.length * 0.03)]?.degree ?? Infinity;
  return ranked.filter((n) => n.degree >= Math.max(minDegree, cut)).slice(0, max).map((n) => n.id);
}

/** Font size (model px) that draws a kept label at about 12 screen px at this zoom. */
export function labelFontSize(zoom) {
  return Math.round(Math.min(48, Math.max(11, 12 / (zoom || 1))) * 10) / 10;
}

// A hub opens at 1 hop (offering 2): this many direct connections or more, or a 2-hop
// network estimated above the API's default limit (NETWORK_LIMIT in api.js).
export const HUB_NEIGHBOURS = 40;
export const HUB_ESTIMATE = 500;

/**
 * The depth a person's network opens at, from their 1-hop `Network` ({centreIds,
 * elements}): {depth, hub, direct, neighbours, hiddenAtCentre, estimate, complete}. `direct` counts the centre's
 * connections (drawn and hidden); `estimate` is the 2-hop size from the neighbours' hidden
 * counts (an upper bound: shared neighbours count twice); `complete` says the 1-hop
 * network already is the 2-hop one (nobody has links beyond it).
 */
export function openingDepth(network) {
  const nodes = network?.elements?.nodes ?? [];
  const centres = new Set(network?.centreIds ?? []);
  const neighbours = nodes.filter((n) => !centres.has(n.id));
  const centreHidden = nodes.filter((n) => centres.has(n.id))
    .reduce((sum, n) => sum + (n.hiddenCount ?? 0), 0);
  const direct = neighbours.length + centreHidden;
  const beyond = neighbours.reduce((sum, n) => sum + (n.hiddenCount ?? 0), 0);
  const estimate = nodes.length + beyond;
  const hub = direct >= HUB_NEIGHBOURS || estimate > HUB_ESTIMATE;
  return { depth: hub ? 1 : 2, hub, direct, neighbours: neighbours.length,
    hiddenAtCentre: centreHidden, estimate, complete: beyond === 0 && centreHidden === 0 };
}

/** Definitions in `defs` whose id `has` does not know yet (merging an expansion). */
export function newElements(defs, has) {
  return defs.filter((def) => !has(def.data.id));
}

/** Whether an association was in force at some time in [since, until] (ISO dates, either open). */
export function overlapsRange(edge, since, until) {
  if (since && edge.until && edge.until < since) return false;
  if (until && edge.since && edge.since > until) return false;
  return true;
}

const SOURCE_ORDER = ['1', '2', '3'];
const ASSESSMENT_ORDER = ['A', 'B', 'C', 'D', 'E'];
// A recorded link without a grading is weaker than any graded one.
export const UNGRADED_RANK = 1 + SOURCE_ORDER.length * ASSESSMENT_ORDER.length;

/**
 * How weak a link's grading is, one number (lower = stronger): a derived link (a fact of
 * the records, not intelligence) 0; a graded one 1 (1A) to 15 (3E), in the order the code
 * reads (source evaluation first, then intelligence assessment: 1A 1B .. 1E 2A .. 3E); a
 * recorded link without a grading UNGRADED_RANK.
 */
export function gradeRank(edge) {
  if (edge?.derived) return 0;
  const grading = parseGrading(edge?.grading);
  if (!grading) return UNGRADED_RANK;
  return 1 + SOURCE_ORDER.indexOf(grading.sourceEvaluation) * ASSESSMENT_ORDER.length
    + ASSESSMENT_ORDER.indexOf(grading.intelligenceAssessment);
}

/**
 * Whether a link meets a minimum grading: {minSource: '1'|'2'|'3'|null, minAssessment:
 * 'A'..'E'|null}. Each part is checked on its own (2C meets "source 2, assessment C" but not
 * "source 1"); a derived link always meets it; an ungraded recorded link meets only no minimum.
 */
export function meetsMinimumGrading(edge, { minSource = null, minAssessment = null } = {}) {
  if (!minSource && !minAssessment) return true;
  if (edge.derived) return true;
  const grading = parseGrading(edge.grading);
  if (!grading) return false;
  if (minSource && Number(grading.sourceEvaluation) > Number(minSource)) return false;
  if (minAssessment && grading.intelligenceAssessment > String(minAssessment).toUpperCase()) {
    return false;
  }
  return true;
}

/** Whether a from/to date range is the right way round (either end may be open). */
export function rangeIsValid(since, until) {
  return !since || !until || since <= until;
}

/**
 * Whether an edge passes the filters. filters: {kinds: Set|array|null, since, until,
 * minSource, minAssessment (see meetsMinimumGrading), grading: 'all' | 'hide-poor' |
 * 'graded-only'}.
 */
export function edgePasses(edge, filters = {}) {
  const kinds = filters.kinds ? new Set(filters.kinds) : null;
  if (kinds && !kinds.has(edge.kind)) return false;
  if (!overlapsRange(edge, filters.since || null, filters.until || null)) return false;
  if (!meetsMinimumGrading(edge, filters)) return false;
  if (filters.grading === 'hide-poor' && !edge.derived && isPoorlyGraded(edge.grading)) {
    return false;
  }
  if (filters.grading === 'graded-only' && parseGrading(edge.grading) == null) return false;
  return true;
}

/**
 * Which elements the filters hide. With centres, what stays is what the passing edges still
 * connect to a centre (the network "as these associations see it"); without, a node goes
 * when every edge touching it is hidden. Returns {hiddenEdges: Set, hiddenNodes: Set} of ids.
 */
export function filterVisibility(nodes, edges, filters, centreIds = []) {
  const hiddenEdges = new Set();
  const passing = [];
  for (const edge of edges) {
    if (edgePasses(edge, filters)) passing.push(edge);
    else hiddenEdges.add(edge.id);
  }
  const present = new Set(nodes.map((n) => n.id));
  const centres = centreIds.filter((id) => present.has(id));
  const hiddenNodes = new Set();
  if (centres.length) {
    const adjacency = new Map();
    for (const edge of passing) {
      if (!adjacency.has(edge.source)) adjacency.set(edge.source, []);
      if (!adjacency.has(edge.target)) adjacency.set(edge.target, []);
      adjacency.get(edge.source).push(edge.target);
      adjacency.get(edge.target).push(edge.source);
    }
    const reached = new Set(centres);
    const queue = [...centres];
    while (queue.length) {
      for (const next of adjacency.get(queue.pop()) ?? []) {
        if (!reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }
    for (const node of nodes) if (!reached.has(node.id)) hiddenNodes.add(node.id);
  } else {
    const degree = new Map();
    const visible = new Map();
    for (const edge of edges) {
      for (const end of [edge.source, edge.target]) degree.set(end, (degree.get(end) ?? 0) + 1);
    }
    for (const edge of passing) {
      for (const end of [edge.source, edge.target]) visible.set(end, (visible.get(end) ?? 0) + 1);
    }
    for (const node of nodes) {
      if ((degree.get(node.id) ?? 0) > 0 && !visible.get(node.id)) hiddenNodes.add(node.id);
    }
  }
  for (const edge of passing) {
    if (hiddenNodes.has(edge.source) || hiddenNodes.has(edge.target)) hiddenEdges.add(edge.id);
  }
  return { hiddenEdges, hiddenNodes };
}

/**
 * `shortestPaths` (PathSet) to what to draw: every path's elements merged (a path may run
 * through people not yet on the canvas) and the ids to highlight.
 */
export function pathHighlight(pathSet) {
  const nodes = new Map();
  const edges = new Map();
  for (const path of pathSet?.paths ?? []) {
    const els = path.elements ?? {};
    for (const n of els.nodes ?? []) nodes.set(n.id, n);
    for (const e of els.edges ?? []) edges.set(e.id ?? `${e.source}-${e.kind}-${e.target}`, e);
  }
  const merged = { nodes: [...nodes.values()], edges: [...edges.values()] };
  return {
    length: pathSet?.length ?? null,
    count: pathSet?.paths?.length ?? 0,
    elements: merged,
    nodeIds: [...nodes.keys()],
    edgeIds: [...edges.keys()].map(edgeKey),
  };
}

/**
 * One path of a PathSet as a row: {key, nodes (in order, from the first person), hops:
 * [{from, to, edge}], edgeIds (canvas ids), nodeIds, weakest: the worst-graded link's edge
 * (see gradeRank), weakestRank, ranks (every hop's, weakest first)}. Null when a hop has
 * no link among the path's edges.
 */
export function pathRow(path) {
  const nodes = path?.elements?.nodes ?? [];
  const edges = path?.elements?.edges ?? [];
  const hops = [];
  const used = new Set();
  for (let i = 0; i + 1 < nodes.length; i += 1) {
    const a = nodes[i].id;
    const b = nodes[i + 1].id;
    const edge = edges.find((e) => !used.has(e) && ((e.source === a && e.target === b)
      || (e.source === b && e.target === a)));
    if (!edge) return null;
    used.add(edge);
    hops.push({ from: nodes[i], to: nodes[i + 1], edge });
  }
  const ranks = hops.map((hop) => gradeRank(hop.edge)).sort((x, y) => y - x);
  const weakestHop = hops.reduce((worst, hop) => (!worst
    || gradeRank(hop.edge) > gradeRank(worst.edge) ? hop : worst), null);
  return {
    key: nodes.map((n) => n.id).join('>'),
    nodes,
    hops,
    nodeIds: nodes.map((n) => n.id),
    edgeIds: hops.map((hop) => edgeKey(hop.edge.id ?? `${hop.edge.source}-${hop.edge.kind}-${hop.edge.target}`)),
    weakest: weakestHop ? weakestHop.edge : null,
    weakestRank: ranks.length ? ranks[0] : 0,
    ranks,
  };
}

/**
 * The paths of a PathSet as rows, strongest first: by the weakest link's grading (gradeRank),
 * then by the next weakest and so on (so of two paths whose worst link is 3D, the one with
 * fewer weak links comes first), then by the people's ids along the path.
 */
export function rankPaths(pathSet) {
  const rows = (pathSet?.paths ?? []).map(pathRow).filter(Boolean);
  rows.sort((a, b) => {
    for (let i = 0; i < Math.max(a.ranks.length, b.ranks.length); i += 1) {
      const d = (a.ranks[i] ?? -1) - (b.ranks[i] ?? -1);
      if (d) return d;
    }
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
  return rows;
}

// A connecting network joins 2 to GROUP_MAX people (the API takes up to 10).
export const GROUP_MIN = 2;
export const GROUP_MAX = 5;

/**
 * `person` ({id, label}) added to `group` (a list of them): {group, message}. The group is
 * unchanged, with a message, when the person is in it already or it is full.
 */
export function addToGroup(group, person, max = GROUP_MAX) {
  if (group.some((p) => p.id === person.id)) {
    return { group, message: `${person.label} is already in the group.` };
  }
  if (group.length >= max) {
    return { group, message: `At most ${max} people: remove someone first.` };
  }
  return { group: [...group, person], message: null };
}

/**
 * The group's people split by what links them in `elements` ({nodes, edges}): lists of ids,
 * the largest first (ties: the group's order). One list: everyone is connected.
 */
export function groupComponents(elements, ids) {
  const adjacency = new Map();
  for (const e of elements?.edges ?? []) {
    if (!adjacency.has(e.source)) adjacency.set(e.source, []);
    if (!adjacency.has(e.target)) adjacency.set(e.target, []);
    adjacency.get(e.source).push(e.target);
    adjacency.get(e.target).push(e.source);
  }
  const componentOf = new Map();
  let n = 0;
  for (const start of ids) {
    if (componentOf.has(start)) continue;
    componentOf.set(start, n);
    const queue = [start];
    while (queue.length) {
      for (const next of adjacency.get(queue.pop()) ?? []) {
        if (!componentOf.has(next)) {
          componentOf.set(next, n);
          queue.push(next);
        }
      }
    }
    n += 1;
  }
  const groups = [];
  for (const id of ids) {
    const c = componentOf.get(id);
    (groups[c] ??= []).push(id);
  }
  return groups.filter(Boolean).sort((a, b) => b.length - a.length);
}

/** One search hit as the result list shows it. */
export function searchRow(edge) {
  const p = edge.node;
  const flags = [];
  if (p.highHarm) flags.push('High harm');
  for (const marker of p.warningMarkers ?? []) flags.push(markerLabel(marker));
  return {
    id: p.id,
    name: p.fullName,
    aliases: (p.aliases ?? []).filter((a) => a !== p.fullName),
    datesOfBirth: p.datesOfBirth ?? [],
    nationalities: p.nationalities ?? [],
    flags,
    highHarm: Boolean(p.highHarm),
    score: edge.score,
  };
}

export function markerLabel(marker) {
  const text = String(marker).replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const EVENT_KINDS = {
  arrest: 'Arrest',
  conviction: 'Conviction',
  incident: 'Incident',
};

/**
 * A person's events for the timeline, newest first: {kind, label, date, detail, id}.
 * `lists` maps arrest / conviction / incident to arrays of {id, date, detail}; the page
 * builds those from whatever the `person` query returns.
 */
export function timelineEvents(lists) {
  const events = [];
  for (const [kind, items] of Object.entries(lists)) {
    for (const item of items ?? []) {
      if (!item) continue;
      events.push({ kind, label: EVENT_KINDS[kind] ?? kind, id: item.id,
        date: item.date ?? null, detail: item.detail ?? '' });
    }
  }
  // Undated events last; ISO strings sort chronologically.
  events.sort((a, b) => {
    if (a.date === b.date) return String(a.id).localeCompare(String(b.id));
    if (!a.date) return 1;
    if (!b.date) return -1;
    return a.date < b.date ? 1 : -1;
  });
  return events;
}

const edgesOf = (connection) => (connection?.edges ?? []).map((e) => e.node).filter(Boolean);
const offenceText = (offences) => (offences ?? []).map((o) => o.description || o.id).join(', ');
const words = (value) => (value ? String(value).replace(/_/g, ' ') : '');

/** The timeline of a `person` query result: arrests, convictions, incidents, newest first. */
export function personTimeline(person) {
  if (!person) return [];
  return timelineEvents({
    arrest: edgesOf(person.arrests).map((a) => ({
      id: a.id,
      date: a.arrestedAt ? a.arrestedAt.slice(0, 10) : null,
      detail: [offenceText(a.offences), words(a.outcome) && `outcome: ${words(a.outcome)}`,
        a.custodySuite].filter(Boolean).join(' · '),
    })),
    conviction: edgesOf(person.convictions).map((c) => ({
      id: c.id,
      date: c.convictedOn ?? null,
      detail: [offenceText(c.offences), words(c.disposal)
        + (c.disposalMonths ? ` (${c.disposalMonths} months)` : ''),
      c.court, c.foreign ? `abroad: ${c.jurisdiction}` : null].filter(Boolean).join(' · '),
    })),
    incident: edgesOf(person.incidents).map((i) => ({
      id: i.incidentId ?? i.id,
      date: i.occurredAt ? i.occurredAt.slice(0, 10) : null,
      detail: [words(i.incidentType), i.role && `as ${words(i.role)}`, i.location]
        .filter(Boolean).join(' · '),
    })),
  });
}

/** Whether a timeline list was cut short (more records than the query fetched). */
export function timelineTruncated(person) {
  return ['arrests', 'convictions', 'incidents'].some((key) => {
    const conn = person?.[key];
    return conn && conn.totalCount > (conn.edges ?? []).length;
  });
}
