// The one style map: the cytoscape stylesheet and the legend are both generated from it,
// so what the legend says is what the canvas draws. Keys follow the model (docs/model.md):
// node `type` (Person, Organisation), edge `kind` (the association types), and the classes
// the transform assigns (transform.js).

export const NODE_TYPES = {
  Person: {
    label: 'Person',
    style: { shape: 'ellipse', 'background-color': '#cbd5e1', 'border-color': '#334155' },
  },
  Organisation: {
    label: 'Organisation',
    style: { shape: 'round-rectangle', 'background-color': '#fde68a', 'border-color': '#92400e',
      width: 44, height: 30 },
  },
};

// Colours chosen to stay distinguishable on white and to pass 3:1 contrast for lines.
export const EDGE_KINDS = {
  FAMILY: { label: 'Family', colour: '#1d4ed8' },
  PARTNER: { label: 'Partner', colour: '#be185d' },
  LIVES_WITH: { label: 'Lives with', colour: '#6d28d9' },
  FRIEND: { label: 'Friend', colour: '#15803d' },
  CO_OFFENDER: { label: 'Co-offender', colour: '#b91c1c' },
  PHONE_CONTACT: { label: 'Phone contact', colour: '#b45309' },
  SOCIAL_MEDIA: { label: 'Social media', colour: '#0e7490' },
  ASSOCIATE: { label: 'Associate (nature not recorded)', colour: '#78716c' },
  MEMBER_OF: { label: 'Member of', colour: '#4b5563' },
};

// Node marks, in increasing precedence (later rules win in the stylesheet).
export const NODE_CLASSES = {
  gang: {
    label: 'Gang member',
    style: { 'background-color': '#c4b5fd' },
  },
  // On only in "Colour by community" mode (transform.js assigns the class then).
  community: {
    label: 'Community (colour by community: one colour per community)',
    style: { 'background-color': 'data(communityColour)' },
    swatch: { 'background-color': '#60a5fa' },
  },
  'harm-sized': {
    label: 'Size = harm score (bigger = more harm; unscored: default size)',
    style: { width: 'data(size)', height: 'data(size)' },
    swatch: { sized: true },
  },
  'at-risk': {
    label: 'At risk (safeguarding)',
    style: { 'border-color': '#0d9488', 'border-style': 'dashed', 'border-width': 4 },
  },
  warning: {
    label: 'Warning markers (⚠)',
    style: { color: '#7f1d1d', 'font-weight': 'bold' },
  },
  'high-harm': {
    label: 'High harm',
    style: { 'border-color': '#dc2626', 'border-width': 5 },
  },
  truncated: {
    label: 'Supernode (preview, "+N more")',
    style: { 'border-style': 'double', 'border-width': 6 },
  },
  centre: {
    label: 'Person in view',
    style: { width: 46, height: 46, 'font-size': 13, 'font-weight': 'bold', 'z-index': 20 },
  },
};

export const EDGE_CLASSES = {
  'poor-grading': { label: 'Poorly graded or ungraded (3, D/E, none)', style: { 'line-style': 'dashed' } },
  derived: { label: 'Derived (shared arrest or incident)', style: { 'line-style': 'dotted' } },
};

// Interaction states: not part of the legend.
const STATE_RULES = [
  { selector: 'node:selected', style: { 'overlay-color': '#2563eb', 'overlay-opacity': 0.25,
    'overlay-padding': 6 } },
  { selector: 'edge:selected', style: { 'overlay-color': '#2563eb', 'overlay-opacity': 0.3,
    'overlay-padding': 4, 'z-index': 25 } },
  { selector: '.faded', style: { opacity: 0.12, 'text-opacity': 0.1 } },
  { selector: 'node.path', style: { 'min-zoomed-font-size': 0, 'underlay-color': '#f59e0b', 'underlay-opacity': 0.8,
    'underlay-padding': 8, 'underlay-shape': 'ellipse', 'z-index': 30 } },
  // A path keeps its kind colours: wider, fully opaque, over the rest, with a pale halo.
  { selector: 'edge.path', style: { width: 7, 'z-index': 30, opacity: 1,
    'underlay-color': '#fde68a', 'underlay-opacity': 0.9, 'underlay-padding': 4 } },
  { selector: '.filtered', style: { display: 'none' } },
  { selector: '.off-date', style: { display: 'none' } },
];

// Big networks: straight haystack edges and no labels until zoomed in; this is what keeps
// 2,000 nodes / 10,000 edges inside the drawing budget (docs/web.md).
const LARGE_RULES = [
  { selector: 'edge.large', style: { 'curve-style': 'haystack',
    'haystack-radius': 0, width: 1, opacity: 1 } },
  { selector: 'node.large', style: { 'min-zoomed-font-size': 12, width: 18, height: 18 } },
  // Harm size still reads in the cheap mode: it costs nothing to draw.
  { selector: 'node.large.harm-sized', style: { width: 'data(size)', height: 'data(size)' } },
];

// Labels by zoom: cytoscape compares font-size x 2^ceil(log2(zoom)) with
// min-zoomed-font-size, so 12 (over the 11 px font) shows labels only above zoom 1; the
// person in view, the hubs (transform.js hubIds) and the selection always keep theirs, and
// the controller sizes those to read at about 12 px whatever the zoom.
const LABEL_RULES = [
  { selector: 'node.label-always, node:selected', style: { 'min-zoomed-font-size': 0,
    'z-index': 40, 'text-background-opacity': 0.9 } },
];

const BASE_NODE = {
  label: 'data(displayLabel)',
  'font-size': 11,
  'font-family': 'system-ui, sans-serif',
  color: '#0f172a',
  'text-valign': 'bottom',
  'text-margin-y': 4,
  'text-wrap': 'wrap',
  'text-max-width': 120,
  'text-background-color': '#ffffff',
  'text-background-opacity': 0.8,
  'text-background-padding': 1,
  'min-zoomed-font-size': 12,
  width: 32,
  height: 32,
  'border-width': 2,
};

const BASE_EDGE = {
  width: 2,
  'curve-style': 'bezier',
  'line-color': '#94a3b8',
  opacity: 0.9,
};

/** The cytoscape stylesheet, as plain JSON. */
export function buildStylesheet() {
  const rules = [
    { selector: 'node', style: BASE_NODE },
    { selector: 'edge', style: BASE_EDGE },
  ];
  for (const [type, def] of Object.entries(NODE_TYPES)) {
    rules.push({ selector: `node[type = "${type}"]`, style: def.style });
  }
  for (const [kind, def] of Object.entries(EDGE_KINDS)) {
    rules.push({ selector: `edge[kind = "${kind}"]`, style: { 'line-color': def.colour } });
  }
  for (const [cls, def] of Object.entries(NODE_CLASSES)) {
    rules.push({ selector: `node.${cls}`, style: def.style });
  }
  for (const [cls, def] of Object.entries(EDGE_CLASSES)) {
    rules.push({ selector: `edge.${cls}`, style: def.style });
  }
  return rules.concat(LARGE_RULES, LABEL_RULES, STATE_RULES);
}

/** Legend entries generated from the same map: {section, items: [{key, label, swatch}]}. */
export function legendEntries() {
  const nodeSwatch = (style) => ({ kind: 'node', ...BASE_NODE, ...NODE_TYPES.Person.style, ...style });
  return [
    {
      section: 'People and organisations',
      items: Object.entries(NODE_TYPES).map(([key, def]) => ({
        key, label: def.label, swatch: { kind: 'node', ...BASE_NODE, ...def.style },
      })).concat(Object.entries(NODE_CLASSES).filter(([key]) => key !== 'centre').map(
        ([key, def]) => ({ key, label: def.label, swatch: nodeSwatch(def.swatch ?? def.style) }),
      )),
    },
    {
      section: 'Associations',
      items: Object.entries(EDGE_KINDS).map(([key, def]) => ({
        key, label: def.label, swatch: { kind: 'edge', 'line-color': def.colour, 'line-style': 'solid' },
      })).concat(Object.entries(EDGE_CLASSES).map(([key, def]) => ({
        key, label: def.label, swatch: { kind: 'edge', 'line-color': '#475569', ...def.style },
      }))),
    },
  ];
}
