// Layout choices offered to the analyst, and the options each gets by network size.
// "Automatic" is the explorer's own spread layout (spread.js) at every size: a radial start
// from the person, forces and overlap removal, spaced by node size, within the 2 s budget at
// 2,000 nodes (docs/web.md). fcose stays on the menu: its "default" quality refines the
// spectral draft with a force pass, fine for a few hundred nodes, far over budget at 2,000,
// so large networks get the draft (spectral) pass only, with spacing scaled by size.

export const LAYOUTS = {
  auto: { label: 'Automatic (spread)' },
  fcose: { label: 'Force-directed (fCoSE)' },
  concentric: { label: 'Rings by distance' },
  breadthfirst: { label: 'Tree from the person' },
  circle: { label: 'Circle' },
  grid: { label: 'Grid' },
};

export const DEFAULT_LAYOUT = 'auto';

// Above this many nodes fcose runs draft quality only.
export const FCOSE_DRAFT_FROM = 400;

/** The layout "auto" stands for (the spread layout, whatever the size). */
export function resolveLayout(name) {
  return name === 'auto' ? 'spread' : name;
}

/** Cytoscape layout options for `name` over a network of `nodeCount` nodes. */
export function layoutOptions(name, { nodeCount = 0, centreIds = [], randomize = true } = {}) {
  const common = { animate: false, fit: true, padding: 40 };
  switch (resolveLayout(name)) {
    case 'spread': // not a cytoscape layout: the controller runs spread.js and draws 'preset'
      return { ...common, name: 'spread' };
    case 'concentric':
      return { ...common, name: 'concentric', minNodeSpacing: 12, avoidOverlap: nodeCount < 800,
        concentric: (node) => 100 - (node.data('depth') ?? 50), levelWidth: () => 1 };
    case 'breadthfirst':
      return { ...common, name: 'breadthfirst', circle: true, spacingFactor: 1.1,
        avoidOverlap: nodeCount < 800,
        roots: centreIds.length ? centreIds.map((id) => `#${cssEscape(id)}`).join(',') : undefined };
    case 'circle':
      return { ...common, name: 'circle', avoidOverlap: nodeCount < 800 };
    case 'grid':
      return { ...common, name: 'grid', avoidOverlap: nodeCount < 800 };
    case 'fcose':
    default: {
      const draft = nodeCount >= FCOSE_DRAFT_FROM;
      return {
        ...common,
        name: 'fcose',
        // Incremental runs (after an expansion) must be "default" or better: fcose refines
        // existing positions only then.
        quality: draft && randomize ? 'draft' : 'default',
        randomize,
        // Spacing grows with the network, so a big one is not squeezed into a ball.
        nodeSeparation: 60 + Math.sqrt(nodeCount) * 2,
        idealEdgeLength: () => 70 + Math.sqrt(nodeCount) * 2,
        nodeRepulsion: () => 6000 + nodeCount * 20,
        packComponents: false,
        numIter: draft ? 600 : 2500,
      };
    }
  }
}

function cssEscape(id) {
  return String(id).replace(/([^A-Za-z0-9_-])/g, '\\$1');
}
