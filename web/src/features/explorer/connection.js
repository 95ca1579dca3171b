// How a node connects to the person in view, over what is drawn (pure: tests/web).

/**
 * One shortest path over `edges` from any of `centreIds` to `targetId`, as steps
 * [{from: {id, label, type}, to: {...}, edge: {id, kind, derived, grading, source, target}}].
 * Ties go to the path through the lower ids, so the answer is stable. Returns
 * {hops, steps} (hops 0 for a centre), or null when the target is not connected.
 */
export function connectionPath({ nodes, edges }, centreIds, targetId) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  if (!byId.has(targetId)) return null;
  const centres = centreIds.filter((id) => byId.has(id));
  if (centres.includes(targetId)) return { hops: 0, steps: [] };
  const links = new Map();
  const sorted = [...edges].sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));
  for (const edge of sorted) {
    for (const [a, b] of [[edge.source, edge.target], [edge.target, edge.source]]) {
      if (!links.has(a)) links.set(a, []);
      links.get(a).push([b, edge]);
    }
  }
  for (const list of links.values()) list.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const previous = new Map(centres.map((id) => [id, null]));
  const queue = [...centres].sort();
  for (let head = 0; head < queue.length && !previous.has(targetId); head += 1) {
    const current = queue[head];
    for (const [next, edge] of links.get(current) ?? []) {
      if (previous.has(next) || !byId.has(next)) continue;
      previous.set(next, { from: current, edge });
      queue.push(next);
    }
  }
  if (!previous.has(targetId)) return null;
  const steps = [];
  for (let at = targetId; previous.get(at);) {
    const { from, edge } = previous.get(at);
    steps.unshift({ from: byId.get(from), to: byId.get(at), edge });
    at = from;
  }
  return { hops: steps.length, steps };
}
