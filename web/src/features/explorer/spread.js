// "Spread": the explorer's own layout for ego networks of any size (docs/web.md, issue 18).
// Pure (no DOM, no cytoscape), so node's test runner checks its geometry.
//
// 1. Radial start: a breadth-first tree from the centre(s); each subtree gets a wedge of
//    the circle in proportion to its size, each hop a ring wide enough for its nodes.
// 2. Forces (the d3-force model, on typed arrays): springs along links, Barnes-Hut
//    repulsion scaled by node size, a weak pull to the middle, velocity decay.
// 3. Overlap removal: nodes closer than their radii plus a gap are pushed apart on a grid
//    until none overlap (or the passes run out).
// Spacing, repulsion and link length grow with the nodes' sizes, so a 2,000-node network
// comes out as large as it must be to hold its nodes apart, and Fit frames it.

const TAU = 2 * Math.PI;

/**
 * graph: {sizes: number[] (diameter of each node, px), edges: [sourceIndex, targetIndex][],
 * roots: number[] (centre indices), initial: ({x, y} | null)[] (keep these positions as the
 * start: an expansion), alpha: first temperature (1 from scratch, lower to refine)}.
 * Returns {x: Float64Array, y: Float64Array, ticks}.
 */
export function spreadLayout(graph, options = {}) {
  const n = graph.sizes.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  if (n === 0) return { x, y, ticks: 0 };
  const sizes = Float64Array.from(graph.sizes, (s) => (s > 0 ? s : 30));
  const meanSize = sizes.reduce((a, b) => a + b, 0) / n;
  const gap = options.gap ?? Math.max(6, meanSize * 0.4);
  const linkLength = options.linkLength ?? meanSize * 2.2 + gap;
  const { offsets, targets, degree } = adjacency(n, graph.edges);

  radialStart(n, x, y, { offsets, targets, degree, roots: graph.roots ?? [], sizes, gap,
    linkLength });
  let refining = false;
  if (graph.initial) {
    for (let i = 0; i < n; i += 1) {
      const p = graph.initial[i];
      if (p && Number.isFinite(p.x) && Number.isFinite(p.y)) {
        x[i] = p.x;
        y[i] = p.y;
        refining = true;
      }
    }
    if (refining) placeNewNearNeighbours(n, x, y, graph.initial, offsets, targets, linkLength);
  }
  const ticks = options.ticks ?? (n > 1200 ? 80 : n > 400 ? 160 : 300);
  const alpha0 = options.alpha ?? (refining ? 0.3 : 0.8);
  forces(n, x, y, { edges: graph.edges, degree, sizes, linkLength, ticks, alpha0,
    repulsion: options.repulsion ?? 0.6, gravity: options.gravity ?? 0.06 });
  removeOverlaps(n, x, y, sizes, gap, options.overlapPasses ?? 60);
  return { x, y, ticks };
}

/** Compressed adjacency (both directions) and degrees. */
function adjacency(n, edges) {
  const degree = new Int32Array(n);
  for (const [a, b] of edges) {
    if (a === b) continue;
    degree[a] += 1;
    degree[b] += 1;
  }
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i += 1) offsets[i + 1] = offsets[i] + degree[i];
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(offsets[n]);
  for (const [a, b] of edges) {
    if (a === b) continue;
    targets[fill[a]++] = b;
    targets[fill[b]++] = a;
  }
  return { offsets, targets, degree };
}

/** Breadth-first tree from the roots, then wedges by subtree size and rings by hop. */
function radialStart(n, x, y, { offsets, targets, degree, roots, sizes, gap, linkLength }) {
  const parent = new Int32Array(n).fill(-2); // -2 unseen, -1 a root
  const hop = new Int32Array(n);
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  const starts = [];
  const visit = (root) => {
    parent[root] = -1;
    hop[root] = 0;
    order[tail++] = root;
    starts.push(root);
    while (head < tail) {
      const v = order[head++];
      for (let k = offsets[v]; k < offsets[v + 1]; k += 1) {
        const w = targets[k];
        if (parent[w] === -2) {
          parent[w] = v;
          hop[w] = hop[v] + 1;
          order[tail++] = w;
        }
      }
    }
  };
  for (const r of roots) if (r >= 0 && r < n && parent[r] === -2) visit(r);
  // Other components start from their best-connected node.
  const rest = [...Array(n).keys()].filter((i) => parent[i] === -2)
    .sort((a, b) => degree[b] - degree[a] || a - b);
  for (const r of rest) if (parent[r] === -2) visit(r);

  const weight = new Float64Array(n).fill(1);
  for (let k = n - 1; k >= 0; k -= 1) {
    const v = order[k];
    if (parent[v] >= 0) weight[parent[v]] += weight[v];
  }
  // Ring radii: one link further out per hop, and wide enough for the ring's nodes.
  const lift = starts.length > 1 ? 1 : 0; // several trees: their roots on the first ring
  let maxHop = 0;
  for (let i = 0; i < n; i += 1) maxHop = Math.max(maxHop, hop[i] + lift);
  const needed = new Float64Array(maxHop + 1);
  for (let i = 0; i < n; i += 1) needed[hop[i] + lift] += sizes[i] + gap;
  const radius = new Float64Array(maxHop + 1);
  for (let d = 1; d <= maxHop; d += 1) {
    radius[d] = Math.max(radius[d - 1] + linkLength, needed[d] / TAU);
  }
  const from = new Float64Array(n);
  const span = new Float64Array(n);
  const children = new Map();
  for (let k = 0; k < n; k += 1) {
    const v = order[k];
    if (parent[v] >= 0) {
      if (!children.has(parent[v])) children.set(parent[v], []);
      children.get(parent[v]).push(v);
    }
  }
  const total = starts.reduce((sum, r) => sum + weight[r], 0);
  let angle = 0;
  for (const r of starts) {
    from[r] = angle;
    span[r] = (TAU * weight[r]) / total;
    angle += span[r];
  }
  for (let k = 0; k < n; k += 1) {
    const v = order[k];
    const kids = children.get(v);
    const mid = from[v] + span[v] / 2;
    const r = radius[hop[v] + lift];
    x[v] = r * Math.cos(mid);
    y[v] = r * Math.sin(mid);
    if (!kids) continue;
    const sum = kids.reduce((s, c) => s + weight[c], 0);
    let start = from[v];
    for (const c of kids) {
      from[c] = start;
      span[c] = (span[v] * weight[c]) / sum;
      start += span[c];
    }
  }
}

/** An expansion: nodes without a position start round the placed neighbour they hang off. */
function placeNewNearNeighbours(n, x, y, initial, offsets, targets, linkLength) {
  const placed = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) {
    const p = initial[i];
    placed[i] = p && Number.isFinite(p.x) && Number.isFinite(p.y) ? 1 : 0;
  }
  const count = new Map();
  for (let i = 0; i < n; i += 1) {
    if (placed[i]) continue;
    let anchor = -1;
    for (let k = offsets[i]; k < offsets[i + 1]; k += 1) {
      if (placed[targets[k]]) {
        anchor = targets[k];
        break;
      }
    }
    if (anchor < 0) continue; // keeps its radial start
    const index = count.get(anchor) ?? 0;
    count.set(anchor, index + 1);
    const a = index * 2.399963; // golden angle: a spiral that never stacks two nodes
    const r = linkLength * (1 + 0.15 * Math.sqrt(index));
    x[i] = x[anchor] + r * Math.cos(a);
    y[i] = y[anchor] + r * Math.sin(a);
  }
}

/** d3-force's model: links, many-body (Barnes-Hut), centring pull, velocity decay. */
function forces(n, x, y, { edges, degree, sizes, linkLength, ticks, alpha0, repulsion, gravity }) {
  const vx = new Float64Array(n);
  const vy = new Float64Array(n);
  const m = edges.length;
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  const strength = new Float64Array(m);
  const bias = new Float64Array(m);
  const length = new Float64Array(m);
  let links = 0;
  for (const [a, b] of edges) {
    if (a === b) continue;
    src[links] = a;
    dst[links] = b;
    strength[links] = 1 / Math.min(degree[a], degree[b]);
    bias[links] = degree[a] / (degree[a] + degree[b]);
    // Big nodes need longer links to sit apart.
    length[links] = linkLength + (sizes[a] + sizes[b]) / 4;
    links += 1;
  }
  // Charge grows with the square of the link length (the layout then scales with it) and
  // with the node's size.
  const base = -30 * (linkLength / 30) ** 2 * repulsion;
  const charge = new Float64Array(n);
  for (let i = 0; i < n; i += 1) charge[i] = base * (0.6 + 0.4 * sizes[i] / 30);
  const tree = new QuadTree(n);
  const alphaMin = 0.002;
  const decay = 1 - (alphaMin / alpha0) ** (1 / Math.max(1, ticks));
  let alpha = alpha0;
  const distMin2 = (linkLength / 4) ** 2;
  for (let t = 0; t < ticks; t += 1) {
    for (let e = 0; e < links; e += 1) {
      const a = src[e];
      const b = dst[e];
      let dx = x[b] + vx[b] - x[a] - vx[a];
      let dy = y[b] + vy[b] - y[a] - vy[a];
      let l = Math.sqrt(dx * dx + dy * dy) || 1e-6;
      l = ((l - length[e]) / l) * alpha * strength[e];
      dx *= l;
      dy *= l;
      vx[b] -= dx * bias[e];
      vy[b] -= dy * bias[e];
      vx[a] += dx * (1 - bias[e]);
      vy[a] += dy * (1 - bias[e]);
    }
    tree.build(x, y, charge);
    tree.apply(x, y, vx, vy, alpha, distMin2);
    const pull = gravity * alpha;
    for (let i = 0; i < n; i += 1) {
      vx[i] -= x[i] * pull;
      vy[i] -= y[i] * pull;
      vx[i] *= 0.6;
      vy[i] *= 0.6;
      x[i] += vx[i];
      y[i] += vy[i];
    }
    alpha -= alpha * decay;
  }
}

/** Barnes-Hut quadtree over typed arrays, rebuilt every tick (theta 0.9, as d3). */
class QuadTree {
  constructor(n) {
    this.n = n;
    this.capacity = 0;
    this.grow(Math.max(64, 8 * n));
    this.next = new Int32Array(n); // bodies sharing a leaf
    this.theta2 = 1.0; // theta 1: coarser than d3's 0.9, and the radial start carries the shape
    this.stack = new Int32Array(64 * 4 + 16);
  }

  grow(capacity) {
    const old = this;
    const copy = (Type, prev, size) => {
      const arr = new Type(size);
      if (prev) arr.set(prev.subarray(0, Math.min(prev.length, size)));
      return arr;
    };
    this.child = copy(Int32Array, old.child, capacity * 4);
    this.body = copy(Int32Array, old.body, capacity);
    this.half = copy(Float64Array, old.half, capacity);
    this.cx = copy(Float64Array, old.cx, capacity);
    this.cy = copy(Float64Array, old.cy, capacity);
    this.value = copy(Float64Array, old.value, capacity);
    this.mx = copy(Float64Array, old.mx, capacity);
    this.my = copy(Float64Array, old.my, capacity);
    this.capacity = capacity;
  }

  cell(cx, cy, half) {
    if (this.count >= this.capacity) this.grow(this.capacity * 2);
    const c = this.count++;
    this.child.fill(-1, c * 4, c * 4 + 4);
    this.body[c] = -1;
    this.cx[c] = cx;
    this.cy[c] = cy;
    this.half[c] = half;
    return c;
  }

  build(x, y, charge) {
    const n = this.n;
    const [x0, y0, x1, y1] = bounds(n, x, y);
    this.charges = charge;
    this.count = 0;
    this.cell((x0 + x1) / 2, (y0 + y1) / 2, Math.max(x1 - x0, y1 - y0, 1) / 2 + 1);
    this.next.fill(-1);
    for (let i = 0; i < n; i += 1) this.insert(i, x, y);
    // Children are always created after their parent: sum them in reverse order.
    const { child, body, value, mx, my, next } = this;
    for (let c = this.count - 1; c >= 0; c -= 1) {
      let v = 0;
      let sx = 0;
      let sy = 0;
      let w = 0;
      if (body[c] >= 0) {
        for (let i = body[c]; i >= 0; i = next[i]) {
          const q = Math.abs(charge[i]);
          v += charge[i];
          sx += x[i] * q;
          sy += y[i] * q;
          w += q;
        }
      } else {
        for (let k = 0; k < 4; k += 1) {
          const d = child[c * 4 + k];
          if (d < 0) continue;
          const q = Math.abs(value[d]);
          v += value[d];
          sx += mx[d] * q;
          sy += my[d] * q;
          w += q;
        }
      }
      value[c] = v;
      mx[c] = w ? sx / w : this.cx[c];
      my[c] = w ? sy / w : this.cy[c];
    }
  }

  insert(i, x, y) {
    let c = 0;
    for (let depth = 0; ; depth += 1) {
      const base = c * 4;
      const hasChildren = this.child[base] >= 0 || this.child[base + 1] >= 0
        || this.child[base + 2] >= 0 || this.child[base + 3] >= 0;
      if (!hasChildren) {
        const j = this.body[c];
        if (j < 0) {
          this.body[c] = i;
          return;
        }
        // Same spot (or too deep to split): share the leaf.
        if (depth > 48 || (x[i] === x[j] && y[i] === y[j])) {
          this.next[i] = this.body[c];
          this.body[c] = i;
          return;
        }
        // Split: the leaf's bodies go one level down, then try again.
        this.body[c] = -1;
        for (let b = j; b >= 0;) {
          const after = this.next[b];
          this.next[b] = -1;
          const q = this.quadrant(c, x[b], y[b]);
          const d = this.childOf(c, q);
          this.next[b] = this.body[d];
          this.body[d] = b;
          b = after;
        }
      }
      c = this.childOf(c, this.quadrant(c, x[i], y[i]));
    }
  }

  quadrant(c, px, py) {
    return (px >= this.cx[c] ? 1 : 0) + (py >= this.cy[c] ? 2 : 0);
  }

  childOf(c, q) {
    const slot = c * 4 + q;
    let d = this.child[slot];
    if (d < 0) {
      const h = this.half[c] / 2;
      d = this.cell(this.cx[c] + (q & 1 ? h : -h), this.cy[c] + (q & 2 ? h : -h), h);
      this.child[slot] = d;
    }
    return d;
  }

  apply(x, y, vx, vy, alpha, distMin2) {
    const { child, body, half, value, mx, my, next, theta2, charges } = this;
    let stack = this.stack;
    for (let i = 0; i < this.n; i += 1) {
      let top = 0;
      stack[top++] = 0;
      let fx = 0;
      let fy = 0;
      while (top > 0) {
        const c = stack[--top];
        if (value[c] === 0) continue;
        const dx = mx[c] - x[i];
        const dy = my[c] - y[i];
        let l = dx * dx + dy * dy;
        const w = half[c] * 2;
        const leaf = body[c] >= 0;
        if (!leaf && (w * w) / theta2 < l) {
          if (l < distMin2) l = Math.sqrt(distMin2 * l);
          const f = (value[c] * alpha) / l;
          fx += dx * f;
          fy += dy * f;
          continue;
        }
        if (leaf) {
          for (let j = body[c]; j >= 0; j = next[j]) {
            if (j === i) continue;
            let ex = x[j] - x[i];
            let ey = y[j] - y[i];
            let d2 = ex * ex + ey * ey;
            if (d2 === 0) { // same spot: a deterministic nudge
              ex = ((i * 7919 + j) % 13) - 6 || 1;
              ey = ((j * 104729 + i) % 11) - 5 || 1;
              d2 = ex * ex + ey * ey;
            }
            if (d2 < distMin2) d2 = Math.sqrt(distMin2 * d2);
            const f = (charges[j] * alpha) / d2;
            fx += ex * f;
            fy += ey * f;
          }
          continue;
        }
        if (top + 4 > stack.length) {
          const bigger = new Int32Array(stack.length * 2);
          bigger.set(stack);
          stack = bigger;
          this.stack = stack;
        }
        for (let k = 0; k < 4; k += 1) {
          const d = child[c * 4 + k];
          if (d >= 0) stack[top++] = d;
        }
      }
      vx[i] += fx;
      vy[i] += fy;
    }
  }
}

/** Push apart every pair closer than their radii plus `gap`, on a uniform grid. */
/** [minX, minY, maxX, maxY] of the first n points. */
function bounds(n, x, y) {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i += 1) {
    if (x[i] < x0) x0 = x[i];
    if (x[i] > x1) x1 = x[i];
    if (y[i] < y0) y0 = y[i];
    if (y[i] > y1) y1 = y[i];
  }
  return [x0, y0, x1, y1];
}

export function removeOverlaps(n, x, y, sizes, gap, passes = 60) {
  let maxSize = 0;
  for (let i = 0; i < n; i += 1) maxSize = Math.max(maxSize, sizes[i]);
  const cellSize = maxSize + gap;
  const grid = new CellGrid(n);
  for (let pass = 0; pass < passes; pass += 1) {
    grid.build(x, y, cellSize);
    let moved = 0;
    for (let i = 0; i < n; i += 1) {
      grid.near(i, (j) => {
        if (j <= i) return;
        let dx = x[j] - x[i];
        let dy = y[j] - y[i];
        const want = (sizes[i] + sizes[j]) / 2 + gap;
        let d = Math.sqrt(dx * dx + dy * dy);
        if (d >= want) return;
        if (d === 0) {
          dx = ((i * 31 + j) % 7) - 3 || 1;
          dy = ((j * 17 + i) % 5) - 2 || 1;
          d = Math.sqrt(dx * dx + dy * dy);
        }
        const push = ((want - d) / d / 2) * 1.05;
        x[i] -= dx * push;
        y[i] -= dy * push;
        x[j] += dx * push;
        y[j] += dy * push;
        moved += 1;
      });
    }
    if (!moved) return pass;
    // A core packed past its room does not clear by local pushes alone: give it room.
    if (pass % 15 === 14) {
      let cx = 0;
      let cy = 0;
      for (let i = 0; i < n; i += 1) {
        cx += x[i] / n;
        cy += y[i] / n;
      }
      for (let i = 0; i < n; i += 1) {
        x[i] = cx + (x[i] - cx) * 1.15;
        y[i] = cy + (y[i] - cy) * 1.15;
      }
    }
  }
  return passes;
}

/** Points bucketed into square cells (counting sort), for neighbour look-ups. */
class CellGrid {
  constructor(n) {
    this.n = n;
    this.cellOf = new Int32Array(n);
    this.sorted = new Int32Array(n);
  }

  build(x, y, size) {
    const n = this.n;
    const [x0, y0, x1, y1] = bounds(n, x, y);
    // Cells at least `size` wide, and not more cells than a few per point.
    let s = size;
    while (((x1 - x0) / s + 1) * ((y1 - y0) / s + 1) > 8 * n + 64) s *= 1.5;
    this.size = s;
    this.x0 = x0;
    this.y0 = y0;
    this.w = Math.floor((x1 - x0) / s) + 1;
    this.h = Math.floor((y1 - y0) / s) + 1;
    const cells = this.w * this.h;
    if (!this.start || this.start.length < cells + 1) this.start = new Int32Array(cells + 1);
    const start = this.start;
    start.fill(0, 0, cells + 1);
    for (let i = 0; i < n; i += 1) {
      const c = Math.floor((y[i] - y0) / s) * this.w + Math.floor((x[i] - x0) / s);
      this.cellOf[i] = c;
      start[c + 1] += 1;
    }
    for (let c = 0; c < cells; c += 1) start[c + 1] += start[c];
    const fill = start.slice(0, cells);
    for (let i = 0; i < n; i += 1) this.sorted[fill[this.cellOf[i]]++] = i;
  }

  near(i, visit) {
    const { w, h, start, sorted } = this;
    const c = this.cellOf[i];
    const cx = c % w;
    const cy = (c - cx) / w;
    for (let gy = Math.max(0, cy - 1); gy <= Math.min(h - 1, cy + 1); gy += 1) {
      for (let gx = Math.max(0, cx - 1); gx <= Math.min(w - 1, cx + 1); gx += 1) {
        const cell = gy * w + gx;
        for (let k = start[cell]; k < start[cell + 1]; k += 1) visit(sorted[k]);
      }
    }
  }
}

/**
 * Overlapping pairs among drawn nodes, each given by its box {x1, y1, x2, y2}: nodes are
 * drawn as ellipses (and small rounded rectangles), so each counts as the circle of its
 * mean width and height, less `tolerance` px. What the browser test and the bench count.
 */
export function countOverlaps(boxes, tolerance = 0) {
  const n = boxes.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const r = new Float64Array(n);
  let maxR = 0.5;
  boxes.forEach((b, i) => {
    x[i] = (b.x1 + b.x2) / 2;
    y[i] = (b.y1 + b.y2) / 2;
    r[i] = Math.max(0, ((b.x2 - b.x1) + (b.y2 - b.y1)) / 4 - tolerance);
    maxR = Math.max(maxR, r[i]);
  });
  const grid = new CellGrid(n);
  if (n) grid.build(x, y, 2 * maxR);
  let count = 0;
  for (let i = 0; i < n; i += 1) {
    grid.near(i, (j) => {
      if (j <= i) return;
      const dx = x[j] - x[i];
      const dy = y[j] - y[i];
      const want = r[i] + r[j];
      if (dx * dx + dy * dy < want * want) count += 1;
    });
  }
  return count;
}
