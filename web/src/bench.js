// Bench-only entry (bench.html): draws a network JSON file with the real controller and
// reports timings, so bench/web_draw.py measures exactly what the app does.

import { NetworkController } from './features/explorer/controller.js';

const controller = new NetworkController(document.getElementById('canvas'));
const cache = new Map();

async function load(url) {
  if (!cache.has(url)) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`cannot load ${url}: ${response.status}`);
    cache.set(url, await response.json());
  }
  return cache.get(url);
}

/** One measured draw: {addMs, layoutMs, drawMs, totalMs, nodes, edges}. */
window.benchRun = async ({ url, layout = 'fcose' }) => {
  const elements = await load(url);
  controller.clear();
  controller.layoutName = layout;
  const centreIds = elements.nodes.filter((n) => n.depth === 0).map((n) => n.id);
  return controller.showNetwork(elements, { centreIds });
};
window.benchController = controller;
window.benchReady = true;
