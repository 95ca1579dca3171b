// Layout choices offered to the analyst, and the options each gets by network size.
// fcose's "default" quality refines the spectral draft with a force pass: fine for an ego
// network of a few hundred, far over budget at 2,000 nodes (docs/web.md), so large networks
// get the draft (spectral) pass only.

export const LAYOUTS = {
  auto: { label: 'Automatic (by size)' },
  fcose: { label: 'Force-directed (fCoSE)' },
  concentric: { label: 'Rings by distance' },
  breadthfirst: { label: 'Tree from the person' },
  circle: { label: 'Circle' },
  grid: { label: 'Grid' },
};

export const DEFAULT_LAYOUT = 'auto';

// Above this many nodes fcose runs draft quality only.
export const FCOSE_DRAFT_FROM = 400;
// "Automatic" draws rings by hop distance from this many nodes: the spectral draft alone
// takes most of the 2 s budget at 2,000 nodes here, rings a fraction (docs/web.md).
export const AUTO_RINGS_FROM = 1000;

/** The layout "auto" stands for at this size. */
export function resolveLayout(name, nodeCount) {
  if (name !== 'auto') return name;
  return nodeCount >= AUTO_RINGS_FROM ? 'concentric' : 'fcose';
}

/** Cytoscape layout options for `name` over a network of `nodeCount` nodes. */
export function layoutOptions(name, { nodeCount = 0, centreIds = [], randomize = true } = {}) {
  const common = { animate: false, fit: true, padding: 40 };
  switch (resolveLayout(name, nodeCount)) {
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
        nodeSeparation: 60,
        idealEdgeLength: () => 70,
        nodeRepulsion: () => 6000,
        packComponents: false,
        numIter: draft ? 600 : 2500,
      };
    }
  }
}

function cssEscape(id) {
  return String(id).replace(/([^A-Za-z0-9_-])/g, '\\$1');
}
