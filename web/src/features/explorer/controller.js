// The one owner of the cytoscape instance. The rest of the page speaks to the canvas only
// through these intent methods, so drawing rules (batching, layouts, large-network mode)
// live in one place.

import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';

import { connectionPath } from './connection.js';
import { DEFAULT_LAYOUT, layoutOptions } from './layouts.js';
import { countOverlaps, spreadLayout } from './spread.js';
import { buildStylesheet } from './style.js';
import { timeView } from './time.js';
import {
  LARGE_NETWORK_ELEMENTS, filterVisibility, hubIds, labelFontSize, newElements, pathHighlight,
  rankPaths, toElements,
} from './transform.js';

let registered = false;
function registerExtensions() {
  if (!registered) {
    cytoscape.use(fcose);
    registered = true;
  }
  // Cytoscape injects a <style> for its container unless an element with this id exists.
  // The app's CSP refuses inline styles, and app.css positions the container already.
  const injectedId = '__________cytoscape_stylesheet';
  if (!document.getElementById(injectedId)) {
    const marker = document.createElement('meta');
    marker.id = injectedId;
    document.head.append(marker);
  }
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

// Fit never zooms in further than this: a network of three people is not drawn at 4x.
export const FIT_MAX_ZOOM = 1.5;
export const FIT_PADDING = 48;
// showNetwork's labelAll keeps every label on up to this many nodes.
export const LABEL_ALL_MAX = 60;

export class NetworkController {
  /**
   * container: the canvas element. source: {network(personId, opts), shortestPaths(a, b, opts)}
   * returning `Network` / `PathSet` results (only expand and highlightPaths fetch).
   */
  constructor(container, { source = null, onSelectionChange = () => {}, onNodeActivate = () => {},
    onNodeTap = () => {}, onEdgeTap = () => {}, onBackgroundTap = () => {} } = {}) {
    registerExtensions();
    this.source = source;
    this.layoutName = DEFAULT_LAYOUT;
    this.centreIds = [];
    this.filters = null;
    this.byCommunity = false;
    this.cy = cytoscape({
      container,
      style: buildStylesheet(),
      minZoom: 0.05,
      maxZoom: 4,
      // Cheaper interaction on big graphs: draw a cached texture while panning or zooming.
      textureOnViewport: false,
      hideEdgesOnViewport: false,
      pixelRatio: 'auto',
    });
    // Cytoscape measures its container once; keep it in step with the page layout.
    if (typeof ResizeObserver !== 'undefined') {
      new ResizeObserver(() => this.cy.resize()).observe(container);
    }
    this.cy.on('select unselect', 'node', () => onSelectionChange(this.selectedPeople()));
    this.cy.on('dbltap', 'node', (evt) => onNodeActivate(evt.target.id(), evt.target.data()));
    this.cy.on('tap', 'node', (evt) => onNodeTap(evt.target.id(), evt.target.data()));
    this.cy.on('tap', 'edge', (evt) => onEdgeTap(evt.target.id(), evt.target.data()));
    this.cy.on('tap', (evt) => {
      if (evt.target === this.cy) onBackgroundTap();
    });
    // Labels by zoom: the stylesheet hides small labels; the centre, hubs and the selection
    // keep theirs, at a size that reads whatever the zoom (applied once per frame).
    let pending = false;
    const relabel = () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        this._sizeKeptLabels();
      });
    };
    this.cy.on('zoom', relabel);
    this.cy.on('select', 'node', relabel);
    this.cy.on('unselect', 'node', (evt) => {
      if (!evt.target.hasClass('label-always')) evt.target.removeStyle('font-size text-max-width');
    });
  }

  get nodeCount() {
    return this.cy.nodes().length;
  }

  get edgeCount() {
    return this.cy.edges().length;
  }

  /** Replace the canvas with `elements` (Network.elements); resolves with timings in ms. */
  async showNetwork(elements, { centreIds = [], labelAll = false } = {}) {
    const started = performance.now();
    this.centreIds = centreIds;
    this.labelAll = labelAll;
    const defs = toElements(elements, { centreIds, byCommunity: this.byCommunity });
    this._setLargeMode(defs.length > LARGE_NETWORK_ELEMENTS);
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(defs);
      this._markHubs();
    });
    const added = performance.now();
    if (this.filters) this.applyFilters(this.filters);
    await this._runLayout({ randomize: true });
    const laidOut = performance.now();
    await this._waitForDraw();
    const drawn = performance.now();
    return {
      addMs: added - started,
      layoutMs: laidOut - added,
      drawMs: drawn - laidOut,
      totalMs: drawn - started,
      nodes: this.nodeCount,
      edges: this.edgeCount,
    };
  }

  /**
   * Replace the canvas with a saved one: `elements` drawn where `positions` ({id: {x, y}},
   * model coordinates) put them, by cytoscape's preset layout; a node without a position
   * starts at the centres' middle. Resolves once drawn.
   */
  async showSaved(elements, { centreIds = [], positions = {} } = {}) {
    this.centreIds = centreIds;
    this.labelAll = false;
    const defs = toElements(elements, { centreIds, byCommunity: this.byCommunity });
    this._setLargeMode(defs.length > LARGE_NETWORK_ELEMENTS);
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(defs);
      this._markHubs();
    });
    if (this.filters) this.applyFilters(this.filters);
    const fallback = { x: 0, y: 0 };
    const layout = this.cy.elements().layout({ name: 'preset', fit: false, animate: false,
      positions: (node) => positions[node.id()] ?? fallback });
    const done = layout.promiseOn('layoutstop');
    layout.run();
    await done;
    this._fit(this.cy.elements().not('.filtered'));
    this._sizeKeptLabels();
    await this._waitForDraw();
  }

  /** Every node's position now ({id: {x, y}}, model coordinates), filtered ones too. */
  positions() {
    return Object.fromEntries(this.cy.nodes().map((n) => [n.id(), { ...n.position() }]));
  }

  /** Merge the 1-hop network of `nodeId` into the canvas; resolves with {added, hidden}. */
  async expand(nodeId) {
    const node = this.cy.getElementById(nodeId);
    if (!this.source || node.empty()) return { added: 0, hiddenCount: 0 };
    const network = await this.source.network(nodeId, { depth: 1 });
    const defs = newElements(toElements(network.elements, { centreIds: [],
      byCommunity: this.byCommunity }),
      (id) => this.cy.hasElementWithId(id));
    const hiddenCount = (network.truncatedNodes ?? []).find((t) => t.id === nodeId)?.hiddenCount ?? 0;
    const centre = node.position();
    const newNodes = defs.filter((d) => d.group === 'nodes');
    // Start new nodes in a ring around the expanded one so the refinement moves them little.
    newNodes.forEach((def, i) => {
      const angle = (2 * Math.PI * i) / Math.max(newNodes.length, 1);
      def.position = { x: centre.x + 120 * Math.cos(angle), y: centre.y + 120 * Math.sin(angle) };
    });
    const large = this.cy.elements().length + defs.length > LARGE_NETWORK_ELEMENTS;
    this.cy.batch(() => {
      this.cy.add(defs);
      node.data('expanded', true);
      this._markHubs();
    });
    this._setLargeMode(large);
    if (this.filters) this.applyFilters(this.filters);
    // The spread layout refines at any size; fcose's refinement is too slow on big networks.
    const spread = layoutOptions(this.layoutName).name === 'spread';
    if (defs.length && (spread || !large)) await this._runLayout({ randomize: false });
    await this._waitForDraw();
    return { added: newNodes.length, hiddenCount };
  }

  /**
   * Fetch the shortest paths between two people and draw them (each path may run through
   * people not yet on the canvas); resolves with {length, count, rows}: the paths as rows,
   * strongest first (transform.js rankPaths). Nothing is highlighted: see showPath.
   */
  async highlightPaths(fromId, toId, options = {}) {
    const pathSet = await this.source.shortestPaths(fromId, toId, options);
    const result = pathHighlight(pathSet);
    this.clearHighlight();
    const rows = rankPaths(pathSet);
    this.pathRows = rows;
    if (!result.count) return { ...result, rows };
    const defs = newElements(toElements(result.elements, { centreIds: [],
      byCommunity: this.byCommunity }),
      (id) => this.cy.hasElementWithId(id));
    if (defs.length) {
      this.cy.batch(() => this.cy.add(defs));
      if (this.filters) this.applyFilters(this.filters);
      const fresh = new Set(defs.filter((d) => d.group === 'nodes').map((d) => d.data.id));
      await this._runLayout({ randomize: false, fresh });
    }
    return { ...result, rows };
  }

  /**
   * Highlight one path (a row of highlightPaths' rows) or, with null, all of the last paths:
   * its people and links get the class `path` (wider, brighter, over the rest: their kind
   * colours stay), everything else `faded`. A filtered path element is shown again.
   */
  showPath(row, { animate = true, rightInset = 0 } = {}) {
    const rows = row ? [row] : (this.pathRows ?? []);
    const onPath = this.cy.collection();
    for (const r of rows) {
      for (const id of [...r.nodeIds, ...r.edgeIds]) onPath.merge(this.cy.getElementById(id));
    }
    this.cy.batch(() => {
      this.cy.elements().removeClass('path faded');
      this.cy.elements().difference(onPath).addClass('faded');
      onPath.addClass('path').removeClass('filtered');
    });
    if (!onPath.length) return;
    // Framed in the part of the canvas the path list (rightInset px) leaves free.
    const viewport = this._fitViewport(onPath, 60, rightInset);
    if (!viewport) return;
    this.cy.stop();
    if (animate) this.cy.animate(viewport, { duration: 250 });
    else this.cy.viewport(viewport);
  }

  /** The {zoom, pan} that frames `eles` in the canvas less `rightInset` px on the right. */
  _fitViewport(eles, padding, rightInset = 0) {
    const box = eles.nodes().boundingBox({ includeLabels: false, includeOverlays: false });
    const width = this.cy.width() - rightInset;
    const height = this.cy.height();
    if (width <= 2 * padding || height <= 2 * padding) return null;
    const zoom = Math.min(FIT_MAX_ZOOM, Math.max(this.cy.minZoom(),
      Math.min((width - 2 * padding) / Math.max(box.w, 1), (height - 2 * padding) / Math.max(box.h, 1))));
    return { zoom, pan: { x: (width - zoom * (box.x1 + box.x2)) / 2,
      y: (height - zoom * (box.y1 + box.y2)) / 2 } };
  }

  /** Fill nodes with their community's colour (on) or their usual fill (off). */
  setColourByCommunity(on) {
    this.byCommunity = Boolean(on);
    this.cy.batch(() => {
      const withCommunity = this.cy.nodes('[communityColour]');
      if (this.byCommunity) withCommunity.addClass('community');
      else withCommunity.removeClass('community');
    });
  }

  clearHighlight() {
    this.cy.batch(() => this.cy.elements().removeClass('path faded'));
    // A path element shown through the filters goes back under them.
    if (this.filters) this.applyFilters(this.filters);
  }

  /** Hide what the filters exclude ({kinds, since, until, grading}); resolves with counts. */
  applyFilters(filters) {
    this.filters = filters;
    const nodes = this.cy.nodes().map((n) => ({ id: n.id() }));
    const edges = this.cy.edges().map((e) => e.data());
    const { hiddenEdges, hiddenNodes } = filterVisibility(nodes, edges, filters, this.centreIds);
    this.cy.batch(() => {
      this.cy.elements('.filtered').removeClass('filtered');
      for (const id of hiddenEdges) this.cy.getElementById(id).addClass('filtered');
      for (const id of hiddenNodes) this.cy.getElementById(id).addClass('filtered');
    });
    return { hiddenEdges: hiddenEdges.size, hiddenNodes: hiddenNodes.size };
  }

  /**
   * The time slider: show only the links in force in `month` ('YYYY-MM') among those the
   * filters pass, the people and organisations they join and the centres (class
   * `off-date`); null shows every date again. Returns timeView's figures, or null.
   */
  showAtDate(month) {
    this.month = month ?? null;
    const passing = this.cy.elements().not('.filtered');
    const view = this.month ? timeView(passing.nodes().map((n) => ({ id: n.id() })),
      passing.edges().map((e) => e.data()), this.month, this.centreIds) : null;
    this.cy.batch(() => {
      this.cy.elements().forEach((el) => {
        const off = Boolean(view) && (view.hiddenEdges.has(el.id()) || view.hiddenNodes.has(el.id()));
        if (off !== el.hasClass('off-date')) el.toggleClass('off-date', off);
      });
    });
    return view;
  }

  /** Call `listener` once a frame at most whenever elements are added, removed or re-classed. */
  onDrawnChange(listener) {
    let pending = false;
    this.cy.on('add remove class', () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        listener();
      });
    });
  }

  /** What is on the canvas now (not filtered, not off-date): node and edge data. */
  drawn() {
    const shown = this.cy.elements().not('.filtered').not('.off-date');
    return { nodes: shown.nodes().map((n) => n.data()), edges: shown.edges().map((e) => e.data()),
      centreIds: this.centreIds };
  }

  async setLayout(name) {
    this.layoutName = name;
    await this._runLayout({ randomize: true });
  }

  /** The canvas as a PNG Blob (the whole network, white background). */
  exportPng() {
    return this.cy.png({ output: 'blob-promise', full: true, scale: 2, bg: '#ffffff',
      maxWidth: 4096, maxHeight: 4096 });
  }

  selectedPeople() {
    return this.cy.nodes(':selected').filter((n) => n.data('type') === 'Person')
      .map((n) => ({ id: n.id(), label: n.data('label') }));
  }

  /** Rendered (page-relative) position of a node, for tests and keyboard focus. */
  renderedPosition(id) {
    const node = this.cy.getElementById(id);
    if (node.empty()) return null;
    const box = this.cy.container().getBoundingClientRect();
    const pos = node.renderedPosition();
    return { x: box.left + pos.x, y: box.top + pos.y };
  }

  fit() {
    this._fit(this.cy.elements().not('.filtered'));
    this._sizeKeptLabels();
  }

  /** How a node connects to the centre over what is drawn: see connection.js. */
  connectionTo(id) {
    const shown = this.cy.elements().not('.filtered');
    return connectionPath({
      nodes: shown.nodes().map((n) => ({ id: n.id(), label: n.data('label'), type: n.data('type') })),
      edges: shown.edges().map((e) => e.data()),
    }, this.centreIds, id);
  }

  /** The drawn nodes' boxes in model coordinates (no labels), and their labels' state. */
  geometry() {
    const nodes = this.cy.nodes().not('.filtered');
    const boxes = nodes.map((n) => n.boundingBox({ includeLabels: false, includeOverlays: false }));
    const view = this.cy.extent();
    const inView = boxes.filter((b) => b.x1 >= view.x1 && b.x2 <= view.x2 && b.y1 >= view.y1
      && b.y2 <= view.y2).length;
    const zoom = this.cy.zoom();
    // Cytoscape's own rule (eleTextBiggerThanMin): the font at the texture level's scale.
    const scale = 2 ** Math.ceil(Math.log2(zoom * (window.devicePixelRatio || 1)));
    const labelled = nodes.filter((n) => n.data('displayLabel')
      && n.numericStyle('font-size') * scale >= n.numericStyle('min-zoomed-font-size'));
    return { nodes: boxes.length, inView, zoom, overlaps: countOverlaps(boxes, 1),
      labelled: labelled.length, labelledIds: labelled.map((n) => n.id()) };
  }

  clear() {
    this.cy.elements().remove();
  }

  _setLargeMode(large) {
    const eles = this.cy.elements();
    if (large && eles.filter('.large').length !== eles.length) {
      this.cy.batch(() => eles.addClass('large'));
    } else if (!large && eles.filter('.large').length) {
      this.cy.batch(() => eles.removeClass('large'));
    }
  }

  /** Centre and hubs keep their labels at every zoom (class label-always). */
  _markHubs() {
    const nodes = this.cy.nodes();
    nodes.removeClass('label-always');
    const keep = hubIds(nodes.map((n) => ({ id: n.id(), degree: n.degree(false) })));
    for (const id of [...keep, ...this.centreIds]) this.cy.getElementById(id).addClass('label-always');
    // A small connecting network: the people between the group are the point, so all keep labels.
    if (this.labelAll && nodes.length <= LABEL_ALL_MAX) nodes.addClass('label-always');
  }

  _sizeKeptLabels() {
    const size = labelFontSize(this.cy.zoom());
    this.cy.batch(() => {
      this.cy.nodes('.label-always, :selected').style({ 'font-size': size,
        'text-max-width': Math.round(size * 11) });
    });
  }

  _runSpread(eles, randomize, fresh) {
    const nodes = eles.nodes();
    const index = new Map();
    nodes.forEach((n, i) => index.set(n.id(), i));
    const edges = [];
    eles.edges().forEach((e) => {
      const a = index.get(e.data('source'));
      const b = index.get(e.data('target'));
      if (a != null && b != null) edges.push([a, b]);
    });
    const { x, y } = spreadLayout({
      sizes: nodes.map((n) => Math.max(n.outerWidth(), n.outerHeight())),
      edges,
      roots: this.centreIds.map((id) => index.get(id)).filter((i) => i != null),
      initial: randomize ? null
        : nodes.map((n) => (fresh?.has(n.id()) ? null : { ...n.position() })),
    });
    this.cy.batch(() => nodes.positions((n, i) => ({ x: x[i], y: y[i] })));
  }

  async _runLayout({ randomize, fresh = null }) {
    const eles = this.cy.elements().not('.filtered');
    const options = layoutOptions(this.layoutName, {
      nodeCount: eles.nodes().length, centreIds: this.centreIds, randomize,
    });
    if (options.name === 'spread') {
      this._runSpread(eles, randomize, fresh);
      this._fit(eles);
      this._sizeKeptLabels();
      return;
    }
    // The layout's own fit measures every label; fitting on node boxes alone is much cheaper
    // on big networks and frames the same picture.
    const layout = eles.layout({ ...options, fit: false });
    const done = layout.promiseOn('layoutstop');
    layout.run();
    await done;
    this._fit(eles);
    this._sizeKeptLabels();
  }

  _fit(eles, padding = FIT_PADDING) {
    const box = eles.nodes().boundingBox({ includeLabels: false, includeOverlays: false });
    const width = this.cy.width();
    const height = this.cy.height();
    if (!box.w || !box.h || !width || !height) {
      this.cy.center(eles);
      return;
    }
    const zoom = Math.min(FIT_MAX_ZOOM, Math.max(this.cy.minZoom(),
      Math.min((width - 2 * padding) / box.w, (height - 2 * padding) / box.h)));
    this.cy.viewport({
      zoom,
      pan: { x: (width - zoom * (box.x1 + box.x2)) / 2, y: (height - zoom * (box.y1 + box.y2)) / 2 },
    });
  }

  async _waitForDraw() {
    // Cytoscape draws on its own animation frame; `render` fires once the frame is drawn.
    const rendered = new Promise((resolve) => this.cy.one('render', resolve));
    this.cy.forceRender?.();
    await Promise.race([rendered, nextFrame().then(nextFrame)]);
  }
}
