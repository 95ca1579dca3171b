// Wording for the explorer's cards (pure: tests/web): the 3x5x2 grading spelled out, the
// dates a link is in force, a link's relation in words, the path to the person in view.

export const SOURCE_EVALUATIONS = {
  1: 'reliable source',
  2: 'untested source',
  3: 'source not reliable',
};
export const INTELLIGENCE_ASSESSMENTS = {
  A: 'known directly to the source',
  B: 'known indirectly to the source, corroborated',
  C: 'known indirectly to the source',
  D: 'not known to the source',
  E: 'suspected to be false',
};
export const HANDLING_CODES = {
  P: 'lawful sharing permitted',
  C: 'sharing only under stated conditions',
};

/** A Grading ({sourceEvaluation, intelligenceAssessment, handlingCode, handlingConditions})
 * in words: {code, parts: [...], conditions}; null grading: "Not graded". */
export function gradingInWords(grading, { derived = false } = {}) {
  if (!grading && derived) {
    return { code: null, parts: ['Not graded: derived from records, not intelligence'],
      conditions: null, poor: false };
  }
  if (!grading) return { code: null, parts: ['Not graded'], conditions: null, poor: true };
  const se = String(grading.sourceEvaluation ?? '');
  const ia = String(grading.intelligenceAssessment ?? '').toUpperCase();
  const hc = String(grading.handlingCode ?? 'P').toUpperCase();
  const parts = [
    `${se}: ${SOURCE_EVALUATIONS[se] ?? 'unknown source evaluation'}`,
    `${ia}: ${INTELLIGENCE_ASSESSMENTS[ia] ?? 'unknown assessment'}`,
    `${hc}: ${HANDLING_CODES[hc] ?? 'unknown handling code'}`,
  ];
  return { code: `${se}${ia} ${hc}`, parts, conditions: grading.handlingConditions ?? null,
    poor: se === '3' || ['D', 'E'].includes(ia) };
}

/** The dates a link is in force, in words. */
export function inForce(since, until) {
  if (since && until) return `${since} to ${until}`;
  if (since) return `since ${since} (no end recorded)`;
  if (until) return `until ${until} (no start recorded)`;
  return 'no dates recorded';
}

const KIND_WORDS = {
  FAMILY: 'family', PARTNER: 'partner', LIVES_WITH: 'lives with', FRIEND: 'friend',
  CO_OFFENDER: 'co-offender', PHONE_CONTACT: 'phone contact',
  SOCIAL_MEDIA: 'social media contact', ASSOCIATE: 'associate', MEMBER_OF: 'member of',
};

/** A link kind in words; MEMBER_OF read from the organisation's side is "has member". */
export function kindWords(kind, { fromOrganisation = false } = {}) {
  if (kind === 'MEMBER_OF' && fromOrganisation) return 'has member';
  return KIND_WORDS[kind] ?? String(kind ?? '').toLowerCase().replace(/_/g, ' ');
}

/** One step of a path in words: "Jane Doe (friend)", "Southside Boys (member of)". */
export function stepWords(step) {
  const fromOrganisation = step.from.type === 'Organisation';
  const relation = kindWords(step.edge.kind, { fromOrganisation })
    + (step.edge.derived ? ', derived' : '');
  return `${step.to.label} (${relation})`;
}

/**
 * How a node connects to the person in view: {summary, chain}. `path` from connectionPath,
 * `centreLabel` the person in view. The chain names every step with its relation:
 * "Liam Cole → Jane Doe (friend) → Southside Boys (member of)".
 */
export function describeConnection(path, centreLabel) {
  if (!path) {
    return { summary: `Not connected to ${centreLabel} by what is drawn (filters may hide the link).`,
      chain: null };
  }
  if (path.hops === 0) return { summary: 'The person in view.', chain: null };
  const start = path.steps[0].from.label;
  const chain = `${start} → ${path.steps.map(stepWords).join(' → ')}`;
  if (path.hops === 1) {
    const first = path.steps[0];
    return { summary: `Direct link to ${start}: ${kindWords(first.edge.kind, {
      fromOrganisation: first.from.type === 'Organisation' })}${first.edge.derived ? ' (derived)' : ''}.`,
    chain };
  }
  const via = path.steps.slice(0, -1).map(stepWords).join(' → ');
  return { summary: `${path.hops} hops from ${start}, via ${via}.`, chain };
}

/** The facts of a `link` query result as [label, value] rows for the edge card. */
export function linkFacts(link) {
  const rows = [];
  const fromOrganisation = link.source.type === 'Organisation';
  rows.push(['Kind', kindWords(link.kind, { fromOrganisation })
    + (link.role ? ` (${String(link.role).replace(/_/g, ' ')})` : '')]);
  if (link.detail) rows.push(['Detail', link.detail]);
  rows.push(['In force', inForce(link.since, link.until)]);
  rows.push(['Derived', link.derived
    ? 'yes: found by Nexus from shared incidents (a fact of the records, not intelligence)'
    : 'no: recorded']);
  const prov = link.provenance ?? {};
  rows.push(['Source', prov.source ?? 'unknown']);
  rows.push(['Recorded by', prov.recordedBy ?? 'unknown']);
  rows.push(['Recorded at', prov.recordedAt ? String(prov.recordedAt).replace('T', ' ').slice(0, 16) + ' UTC'
    : 'unknown']);
  return rows;
}

/** A shared incident in words: "2017-03-25 · robbery · Windsor Station · A: suspect, arrested; B: suspect". */
export function incidentWords(incident, link) {
  const roles = (list) => (list?.length ? list.join(', ') : 'none recorded');
  return [incident.occurredAt ? String(incident.occurredAt).slice(0, 10) : 'undated',
    incident.type ? String(incident.type).replace(/_/g, ' ') : null, incident.location,
    `${link.source.label}: ${roles(incident.sourceRoles)}; ${link.target.label}: ${roles(incident.targetRoles)}`,
  ].filter(Boolean).join(' · ');
}

/**
 * The weakest link of a path (`pathRow(...).weakest`) in words: "3D: source not reliable,
 * not known to the source"; a derived link "derived from records (not intelligence)"; a
 * recorded link without a grading "not graded".
 */
export function weakestWords(edge) {
  if (!edge) return 'no links';
  if (edge.derived) return 'derived from records (not intelligence)';
  const match = /^\s*([123])\s*([A-E])/i.exec(String(edge.grading ?? ''));
  if (!match) return 'not graded';
  const se = match[1];
  const ia = match[2].toUpperCase();
  return `${se}${ia}: ${SOURCE_EVALUATIONS[se]}, ${INTELLIGENCE_ASSESSMENTS[ia]}`;
}

/**
 * The grading a path carries (docs/flags.md, "Grading carried through"): the weakest source
 * evaluation, the weakest assessment and the most restrictive handling code of its graded
 * links, each part possibly from a different link, as the API's Network.grading computes
 * it. Derived links add nothing; an ungraded intelligence link makes the path ungraded.
 * Returns "Path grading: 3D C (weakest of each part)", or why there is none.
 */
export function pathGradingWords(edges) {
  let se = 0;
  let ia = '';
  let hc = '';
  let graded = 0;
  for (const edge of edges) {
    if (edge.derived) continue;
    const match = /^\s*([123])\s*([A-E])\s*([A-Z]*)/i.exec(String(edge.grading ?? ''));
    if (!match) return 'Path grading: not graded (a link on it carries no grading)';
    graded += 1;
    se = Math.max(se, Number(match[1]));
    ia = match[2].toUpperCase() > ia ? match[2].toUpperCase() : ia;
    hc = moreRestrictive(hc, (match[3] || 'P').toUpperCase());
  }
  if (!graded) return 'Path grading: none (every link is derived from records)';
  return `Path grading: ${se}${ia} ${hc} (weakest of each part)`;
}

// C over P; a code this UI does not know counts as more restrictive still.
function moreRestrictive(a, b) {
  const rank = (code) => (code === '' ? -1 : { P: 0, C: 1 }[code] ?? 2);
  return rank(b) > rank(a) ? b : a;
}

/**
 * A path row (transform.js pathRow) for the path list: {people: "A → B → C", kinds:
 * "friend · phone contact", weakest: "Weakest link: 3D: …", weakestLink: "A — B (friend)",
 * grading: "Path grading: 3D C (weakest of each part)"}.
 */
export function pathWords(row) {
  const people = row.nodes.map((n) => n.label ?? n.id).join(' → ');
  const kinds = row.hops.map((hop) => kindWords(hop.edge.kind, {
    fromOrganisation: hop.from.type === 'Organisation' })).join(' · ');
  const hop = row.hops.find((h) => h.edge === row.weakest);
  const weakestLink = hop ? `${hop.from.label ?? hop.from.id} — ${hop.to.label ?? hop.to.id} `
    + `(${kindWords(hop.edge.kind, { fromOrganisation: hop.from.type === 'Organisation' })})` : null;
  return { people, kinds, weakest: `Weakest link: ${weakestWords(row.weakest)}`, weakestLink,
    grading: pathGradingWords(row.hops.map((h) => h.edge)) };
}
