// The explorer (#/, #/person/<id>, #/investigation/<id>): loading, empty and error states of
// the canvas, the node card, expanding, shortest paths, PNG export, saving and reopening
// investigations, and the wiring between the search box, the profile, the analytics panel,
// the history dialog, the toolbar and the network controller. The router calls show() with
// the person or the saved investigation the hash names.

import { setupAnalytics } from '../analytics/view.js';
import { setupHistory } from '../history/view.js';
import { openInvestigation } from '../investigations/api.js';
import { positionsById, toolbarFilters } from '../investigations/format.js';
import { renderInvestigationBar, setupSaveDialog } from '../investigations/view.js';
import { fetchPerson } from '../profile/api.js';
import { renderProfile, showProfileMessage } from '../profile/view.js';
import { hashForInvestigation, hashForPerson, navigate, replaceHash } from '../../router.js';
import { $, clear, h } from '../../shared/dom.js';
import { hasQueryField } from '../../shared/graphql.js';
import { fetchConnectingNetwork, fetchLink, fetchNetwork, networkSource } from './api.js';
import { NetworkController } from './controller.js';
import { describeConnection, gradingInWords, incidentWords, linkFacts } from './format.js';
import { setupGroup } from './group.js';
import { renderLegend } from './legend.js';
import { setupPathList } from './paths.js';
import { setupSearch } from './search.js';
import { setupTextView } from './textview.js';
import { setupTimeSlider } from './timeslider.js';
import { setupFilters, setupLayoutSelect } from './toolbar.js';
import { groupComponents, markerLabel, openingDepth } from './transform.js';

/** `session()` is the signed-in user (the history dialog's purpose and case reference). */
export function setupExplorer({ session }) {
  const state = { personId: null, person: null, loadToken: 0, busy: false, depth: 2,
    edgeToken: 0, investigation: null };
  const investigationBar = $('investigation-bar');

  /** The saved investigation on the canvas (null: none), and its bar above the canvas. */
  function setInvestigation(investigation) {
    state.investigation = investigation;
    renderInvestigationBar(investigationBar, investigation);
  }

  const canvasState = $('canvas-state');
  const notice = $('notice');

  function showCanvasState(kind, text) {
    canvasState.hidden = false;
    canvasState.className = `canvas-state ${kind}`;
    clear(canvasState).append(h('div', {},
      kind === 'loading' ? h('div', { class: 'spinner', 'aria-hidden': 'true' }) : null,
      h('p', { text })));
  }

  function hideCanvasState() {
    canvasState.hidden = true;
  }

  function showNotice(text, kind = 'warn') {
    if (!text) {
      notice.hidden = true;
      return;
    }
    notice.hidden = false;
    notice.className = `notice ${kind}`;
    notice.textContent = text;
  }

  renderLegend(); // before the canvas, so cytoscape measures its final size

  const controller = new NetworkController($('canvas'), {
    source: networkSource,
    onSelectionChange: (people) => updatePathsButton(people),
    onNodeActivate: (id, data) => expandNode(id, data),
    onNodeTap: (id, data) => showNodeCard(id, data),
    onEdgeTap: (id, data) => showEdgeCard(data),
    onBackgroundTap: () => { $('edge-card').hidden = true; },
  });
  const depthSelect = $('depth-select');
  const timeSlider = setupTimeSlider(controller);
  setupTextView(controller);
  const pathList = setupPathList($('canvas').parentElement, {
    onShow: (row) => controller.showPath(row, { rightInset: pathList.width() + 20 }),
    onClose: () => {
      controller.clearHighlight();
      $('clear-highlight').hidden = true;
    },
  });

  function setDepth(depth) {
    state.depth = depth;
    depthSelect.value = String(depth);
  }

  /**
   * The network a person opens with: 1 hop first; a hub stays there (offering 2), anyone
   * else gets 2 hops (no second request when nobody has links beyond the first hop).
   */
  async function openingNetwork(id) {
    const first = await fetchNetwork(id, { depth: 1 });
    const choice = openingDepth(first);
    if (choice.hub) return { network: first, depth: 1, hub: choice };
    if (choice.complete) return { network: first, depth: 2, hub: null };
    return { network: await fetchNetwork(id, { depth: 2 }), depth: 2, hub: null };
  }

  function showHubNotice(name, hub) {
    notice.hidden = false;
    notice.className = 'notice info';
    clear(notice).append(
      `${name} is a hub: ${hub.neighbours} people and organisations at 1 hop`
      + `${hub.hiddenAtCentre ? ` (${hub.hiddenAtCentre} more connections not drawn)` : ''}, `
      + `so the network opens at 1 hop; 2 hops would draw up to ${Math.min(hub.estimate, 500)}. `,
      h('button', { type: 'button', id: 'show-two-hops', text: 'Show 2 hops',
        onclick: () => redrawAtDepth(2) }));
  }

  function setCanvasButtons(enabled) {
    $('fit-button').disabled = !enabled;
    $('export-png').disabled = !enabled;
    $('save-investigation').disabled = !enabled;
  }

  function updatePathsButton(people = controller.selectedPeople()) {
    const button = $('paths-button');
    button.disabled = people.length !== 2 || state.busy;
    button.title = people.length === 2
      ? `Shortest paths between ${people[0].label} and ${people[1].label}`
      : 'Select two people (click one, Shift+click another)';
  }

  function describeTruncation(network) {
    if (!network.truncated) return null;
    const capped = network.truncatedNodes ?? [];
    const hidden = capped.reduce((sum, t) => sum + t.hiddenCount, 0);
    if (!capped.length) return `The network was capped at ${network.nodeCount} nodes.`;
    return `${capped.length} supernode${capped.length > 1 ? 's are' : ' is'} shown as a preview `
      + `(${hidden} more connections not drawn). Double-click one to expand it.`;
  }

  async function openPerson(id) {
    const token = ++state.loadToken;
    state.personId = id;
    state.person = null;
    setInvestigation(null);
    $('node-card').hidden = true;
    $('edge-card').hidden = true;
    $('clear-highlight').hidden = true;
    pathList.hide();
    showNotice(null);
    showProfileMessage('Loading…');
    showCanvasState('loading', 'Loading the network…');
    setCanvasButtons(false);
    historyFeature.setEnabled(false);
    const personRequest = fetchPerson(id);
    const networkRequest = openingNetwork(id);
    let person;
    try {
      person = await personRequest;
    } catch (err) {
      if (token !== state.loadToken) return;
      showProfileMessage(`Could not load ${id}: ${err.message}`, { error: true });
      showCanvasState('error', `Could not load ${id}: ${err.message}`);
      return;
    }
    if (token !== state.loadToken) return;
    if (!person) {
      showProfileMessage(`No person with id ${id}.`, { error: true });
      showCanvasState('error', `No person with id ${id}. Check the link or search again.`);
      controller.clear();
      networkRequest.catch(() => {});
      return;
    }
    state.person = person;
    document.title = `${person.fullName} — Nexus`;
    renderProfile(person);
    historyFeature.setEnabled(true);
    let opening;
    try {
      opening = await networkRequest;
    } catch (err) {
      if (token !== state.loadToken) return;
      showCanvasState('error', `The network could not be loaded: ${err.message}`);
      return;
    }
    if (token !== state.loadToken) return;
    setDepth(opening.depth);
    await drawNetwork(opening.network, token, opening.hub);
  }

  async function drawNetwork(network, token, hub = null) {
    timeSlider.reset();
    controller.clear();
    hideCanvasState();
    // The notice first: it takes room above the canvas, and the fit must see the final size.
    const name = state.person?.fullName ?? state.personId;
    if ((network.elements?.nodes ?? []).length <= 1) {
      showNotice(`${name} has no recorded associations.`, 'info');
    } else if (hub) {
      showHubNotice(name, hub);
    } else {
      showNotice(describeTruncation(network));
    }
    controller.cy.resize();
    await controller.showNetwork(network.elements, { centreIds: network.centreIds });
    if (token !== state.loadToken) return;
    setCanvasButtons(true);
    updatePathsButton();
  }

  /** The sidebar's profile of `id` (a saved investigation's first centre). */
  async function showProfileOf(id, token) {
    showProfileMessage('Loading…');
    historyFeature.setEnabled(false);
    let person;
    try {
      person = await fetchPerson(id);
    } catch (err) {
      if (token === state.loadToken) showProfileMessage(`Could not load ${id}: ${err.message}`, { error: true });
      return;
    }
    if (token !== state.loadToken) return;
    if (!person) {
      showProfileMessage(`${id} is not a person: open one from the canvas.`);
      return;
    }
    state.person = person;
    renderProfile(person);
    historyFeature.setEnabled(true);
  }

  /**
   * A saved investigation, read again with the signed-in role's clearance: drawn where it
   * was saved (preset positions), its depth and filters restored, the bar saying what
   * changed since it was saved, the sidebar showing its first centre.
   */
  async function openSaved(id) {
    const token = ++state.loadToken;
    $('node-card').hidden = true;
    $('edge-card').hidden = true;
    $('clear-highlight').hidden = true;
    pathList.hide();
    showNotice(null);
    showCanvasState('loading', 'Opening the investigation…');
    setCanvasButtons(false);
    let found;
    try {
      found = await openInvestigation(id);
    } catch (err) {
      if (token !== state.loadToken) return;
      showCanvasState('error', `The investigation could not be opened: ${err.message}`);
      return;
    }
    if (token !== state.loadToken) return;
    if (!found) {
      setInvestigation(null);
      state.personId = null;
      controller.clear();
      showCanvasState('error', 'There is no such investigation, or it is not shared with you.');
      return;
    }
    const nodes = found.network.elements?.nodes ?? [];
    const first = found.network.centreIds[0] ?? nodes[0]?.id ?? null;
    state.personId = first;
    state.person = null;
    setDepth(found.depth);
    setInvestigation(found);
    document.title = `${found.name} — Nexus`;
    timeSlider.reset();
    controller.clear();
    hideCanvasState();
    controller.cy.resize();
    await controller.showSaved(found.network.elements, { centreIds: found.network.centreIds,
      positions: positionsById(found.positions) });
    if (token !== state.loadToken) return;
    filterControls.set(toolbarFilters(found));
    setCanvasButtons(nodes.length > 0);
    updatePathsButton();
    if (!nodes.length) showCanvasState('empty', 'Nothing saved on this investigation is shown to you.');
    if (first) showProfileOf(first, token);
  }

  /** The person in view again, `depth` hops out (the depth control, "Show 2 hops"). */
  async function redrawAtDepth(depth) {
    if (!state.personId || !state.person) {
      setDepth(depth);
      return;
    }
    const token = ++state.loadToken;
    setDepth(depth);
    $('node-card').hidden = true;
    $('edge-card').hidden = true;
    $('clear-highlight').hidden = true;
    pathList.hide();
    showNotice(null);
    showCanvasState('loading', `Loading the network at ${depth} hop${depth === 1 ? '' : 's'}…`);
    setCanvasButtons(false);
    let network;
    try {
      network = await fetchNetwork(state.personId, { depth });
    } catch (err) {
      if (token !== state.loadToken) return;
      showCanvasState('error', `The network could not be loaded: ${err.message}`);
      return;
    }
    if (token !== state.loadToken) return;
    await drawNetwork(network, token);
  }

  function connectionBlock(id) {
    if (!state.person || id === state.personId) return null;
    const { summary, chain } = describeConnection(controller.connectionTo(id), state.person.fullName);
    return h('div', { class: 'connection' },
      h('p', { class: 'connection-summary', text: summary }),
      chain ? h('p', { class: 'muted small connection-chain', text: chain }) : null);
  }

  function factList(rows) {
    return h('dl', { class: 'facts' }, rows.flatMap(([label, value]) => [
      h('dt', { text: label }), h('dd', { text: value })]));
  }

  async function showEdgeCard(data) {
    const card = clear($('edge-card'));
    $('node-card').hidden = true;
    const token = ++state.edgeToken;
    const close = h('button', { type: 'button', text: 'Close', onclick: () => { card.hidden = true; } });
    card.append(h('h3', { id: 'edge-card-title', text: 'Link' }), h('p', { class: 'muted', text: 'Loading…' }));
    card.hidden = false;
    let link;
    try {
      link = await fetchLink(data.recordId);
    } catch (err) {
      if (token !== state.edgeToken) return;
      clear(card).append(h('h3', { id: 'edge-card-title', text: 'Link' }),
        h('p', { class: 'error', text: `Could not load the link: ${err.message}` }),
        h('div', { class: 'actions' }, close));
      return;
    }
    if (token !== state.edgeToken) return;
    clear(card);
    if (!link) {
      card.append(h('h3', { id: 'edge-card-title', text: 'Link' }),
        h('p', { text: 'This link is no longer available to you.' }), h('div', { class: 'actions' }, close));
      return;
    }
    const grading = gradingInWords(link.grading, { derived: link.derived });
    const evidence = [];
    if (link.sharedIncidents.length) {
      evidence.push(h('h4', { text: `Shared incidents (${link.sharedIncidents.length})` }),
        h('ul', { class: 'evidence shared-incidents' }, link.sharedIncidents.map((i) => h('li', {},
          h('span', { class: 'person-id', text: `${i.id} ` }), incidentWords(i, link)))));
    }
    if (link.reports.length) {
      evidence.push(h('h4', { text: `Intelligence naming both (${link.reports.length})` }),
        h('ul', { class: 'evidence reports' }, link.reports.map((r) => h('li', {},
          h('span', { class: 'person-id', text: `${r.id} ` }),
          [r.reportedAt ? String(r.reportedAt).slice(0, 10) : 'undated', r.grading?.code ?? 'ungraded',
            r.summary].filter(Boolean).join(' · ')))));
    }
    if (!evidence.length) {
      evidence.push(h('h4', { text: 'Evidence' }), h('p', { class: 'muted small',
        text: link.derived ? 'No shared incident is visible to you.'
          : 'The record itself (above); no intelligence report names both.' }));
    }
    card.append(
      h('h3', { id: 'edge-card-title', text: `${link.source.label} — ${link.target.label}` }),
      h('div', { class: 'person-id', text: `${link.id}` }),
      factList(linkFacts(link)),
      h('h4', { text: `Grading${grading.code ? `: ${grading.code}` : ''}` }),
      h('ul', { class: `evidence grading${grading.poor ? ' grading-poor' : ''}` },
        grading.parts.map((part) => h('li', { text: part })),
        grading.conditions ? h('li', { text: `Conditions: ${grading.conditions}` }) : null),
      ...evidence,
      h('div', { class: 'actions' }, close));
  }

  function showNodeCard(id, data) {
    $('edge-card').hidden = true;
    const card = clear($('node-card'));
    const isPerson = data.type === 'Person';
    const flags = [];
    if (data.highHarm) flags.push(h('span', { class: 'chip high-harm', text: 'High harm' }));
    for (const m of data.warningMarkers ?? []) {
      flags.push(h('span', { class: 'chip warning', text: `⚠ ${markerLabel(m)}` }));
    }
    if (data.gangMember) flags.push(h('span', { class: 'chip', text: 'Gang member' }));
    if (data.atRisk) flags.push(h('span', { class: 'chip at-risk', text: 'At risk (safeguarding)' }));
    const scores = [
      data.harmScore != null ? `harm score ${Number(data.harmScore).toFixed(1)}` : null,
      data.pagerank != null ? `PageRank ${Number(data.pagerank).toFixed(3)}` : null,
      data.community != null ? `community ${data.community}` : null,
    ].filter(Boolean);
    card.append(...[
      h('h3', { text: data.label }),
      h('div', { class: 'person-id', text: `${data.type} · ${id}` }),
      flags.length ? h('div', { class: 'chips' }, flags) : null,
      scores.length ? h('p', { class: 'muted small', text: scores.join(' · ') }) : null,
      data.hiddenCount > 0 ? h('p', { text: `${data.hiddenCount} more connections not drawn.` }) : null,
      connectionBlock(id),
      h('div', { class: 'actions' },
        isPerson && id !== state.personId ? h('button', { type: 'button', text: 'Open profile',
          onclick: () => navigate(hashForPerson(id)) }) : null,
        isPerson && !data.expanded ? h('button', { type: 'button', text: 'Expand',
          onclick: () => expandNode(id, data) }) : null,
        isPerson ? h('button', { type: 'button', class: 'add-to-group', text: 'Add to group',
          title: 'Add to the people whose connecting network to draw',
          onclick: () => addToCanvas({ id, label: data.label }) }) : null,
        h('button', { type: 'button', text: 'Close', onclick: () => { card.hidden = true; } })),
    ].filter(Boolean));
    card.hidden = false;
  }

  async function expandNode(id, data) {
    if (data.type !== 'Person') {
      showNotice(`${data.label} is an organisation: open one of its members to explore further.`, 'info');
      return;
    }
    if (state.busy) return;
    state.busy = true;
    showNotice(`Expanding ${data.label}…`, 'info');
    try {
      const { added, hiddenCount } = await controller.expand(id);
      const more = hiddenCount ? ` ${hiddenCount} more connections are not drawn.` : '';
      const what = added === 1 ? 'person or organisation' : 'people and organisations';
      showNotice(added ? `Added ${added} ${what} around ${data.label}.${more}`
        : `Everyone connected to ${data.label} is already drawn.${more}`, 'info');
      $('node-card').hidden = true;
    } catch (err) {
      showNotice(`Could not expand ${data.label}: ${err.message}`, 'error');
    } finally {
      state.busy = false;
      updatePathsButton();
    }
  }

  async function highlightPaths() {
    const people = controller.selectedPeople();
    if (people.length !== 2) return;
    state.busy = true;
    updatePathsButton(people);
    showNotice(`Looking for the shortest paths between ${people[0].label} and ${people[1].label}…`, 'info');
    try {
      const kinds = controller.filters?.kinds ?? null;
      const result = await controller.highlightPaths(people[0].id, people[1].id, { kinds });
      const over = kinds ? ' over the association kinds the filters keep' : '';
      if (!result.count) {
        pathList.hide();
        showNotice(`No connection between ${people[0].label} and ${people[1].label} within 6 hops${over}.`, 'info');
      } else {
        showNotice(`${result.count} shortest path${result.count > 1 ? 's' : ''} of ${result.length} `
          + `hop${result.length === 1 ? '' : 's'} between ${people[0].label} and ${people[1].label}${over}: `
          + 'listed strongest first; step through them with Previous and Next.', 'info');
        pathList.show(result.rows, { from: people[0].label, to: people[1].label, length: result.length });
        $('clear-highlight').hidden = false;
      }
    } catch (err) {
      showNotice(`Shortest paths failed: ${err.message}`, 'error');
    } finally {
      state.busy = false;
      updatePathsButton();
    }
  }

  /**
   * "Add to canvas" (a search hit, a node card): into the group to connect. The first one
   * added brings the person in view along, so one search and one click connect two people.
   */
  function addToCanvas(person) {
    if (!group.size && state.person && person.id !== state.personId) {
      group.add({ id: state.personId, label: state.person.fullName });
    }
    group.add(person);
  }

  /** The connecting network of the group, drawn in place of the canvas. */
  async function drawGroup(people, { maxHops }) {
    const token = ++state.loadToken;
    const ids = people.map((p) => p.id);
    const names = new Map(people.map((p) => [p.id, p.label]));
    $('node-card').hidden = true;
    $('edge-card').hidden = true;
    $('clear-highlight').hidden = true;
    pathList.hide();
    showNotice(null);
    showCanvasState('loading', `Looking for how ${people.length} people connect…`);
    setCanvasButtons(false);
    group.setBusy(true);
    let network;
    try {
      network = await fetchConnectingNetwork(ids, { maxHops, kinds: controller.filters?.kinds ?? null });
    } catch (err) {
      if (token !== state.loadToken) return;
      showCanvasState('error', `The connecting network could not be loaded: ${err.message}`);
      return;
    } finally {
      group.setBusy(false);
    }
    if (token !== state.loadToken) return;
    controller.clear();
    hideCanvasState();
    const components = groupComponents(network.elements, ids);
    const hops = `${maxHops} hop${maxHops === 1 ? '' : 's'}`;
    const apart = components.slice(1).flat().map((id) => names.get(id) ?? id);
    const text = `Connecting network of ${people.length} people within ${hops}: `
      + `${network.nodeCount} people and organisations, ${network.edgeCount} links. `
      + (apart.length ? `Not connected to ${names.get(components[0][0])}'s group within ${hops}: `
        + `${apart.join(', ')}. ` : 'Everyone is connected. ');
    notice.hidden = false;
    notice.className = 'notice info';
    clear(notice).append(text, state.person ? h('button', { type: 'button', id: 'back-to-person',
      text: `Back to ${state.person.fullName}'s network`,
      onclick: () => redrawAtDepth(state.depth) }) : '');
    controller.cy.resize();
    await controller.showNetwork(network.elements, { centreIds: network.centreIds, labelAll: true });
    if (token !== state.loadToken) return;
    setCanvasButtons(true);
    updatePathsButton();
  }

  async function exportPng() {
    try {
      const blob = await controller.exportPng();
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: `nexus-network-${state.personId ?? 'view'}.png` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (err) {
      showNotice(`Export failed: ${err.message}`, 'error');
    }
  }

  /** Show the person or investigation the hash names (neither: the empty explorer). */
  function show({ personId: id, investigationId = null }) {
    if (investigationId) {
      if (investigationId !== state.investigation?.id) openSaved(investigationId);
      else document.title = `${state.investigation.name} — Nexus`;
      return;
    }
    if (id && (id !== state.personId || state.investigation)) {
      openPerson(id);
    } else if (id && state.person) {
      document.title = `${state.person.fullName} — Nexus`; // back from another view
    } else if (!id) {
      showEmpty('Search for a person above, then pick them from the list to draw their network.',
        'Search for a person to see their profile and network.');
      document.title = 'Nexus — network explorer';
    }
  }

  /** No person open: an empty canvas and profile saying `canvasText` and `profileText`. */
  function showEmpty(canvasText, profileText) {
    state.personId = null;
    setInvestigation(null);
    state.loadToken += 1;
    $('edge-card').hidden = true;
    timeSlider.reset({ visible: false });
    pathList.hide();
    controller.clear();
    setCanvasButtons(false);
    showNotice(null);
    showCanvasState('empty', canvasText);
    clear($('profile')).append(h('p', { class: 'empty', text: profileText }));
    clear($('timeline')).append(h('li', { class: 'empty', text: 'No person open.' }));
    clear($('timeline-axis')).hidden = true;
  }

  const historyFeature = setupHistory({ hasField: hasQueryField, personId: () => state.personId,
    person: () => state.person, session, notify: showNotice });

  const openFromList = (id) => {
    if (id !== state.personId) navigate(hashForPerson(id));
  };
  const group = setupGroup({ onDraw: drawGroup });
  setupSearch({ onOpen: openFromList, onAdd: (person) => addToCanvas(person) });
  setupLayoutSelect(controller.layoutName, async (name) => {
    if (!controller.nodeCount) {
      controller.layoutName = name;
      return;
    }
    showNotice('Laying out…', 'info');
    await controller.setLayout(name);
    showNotice(null);
  });
  const filterControls = setupFilters((filters) => {
    const { hiddenEdges, hiddenNodes } = controller.applyFilters(filters);
    filterControls.showHidden({ hiddenEdges, hiddenNodes, edges: controller.edgeCount,
      nodes: controller.nodeCount, rangeError: filters.rangeError });
    if (pathList.visible) pathList.select(pathList.current); // the path stays shown
    else if (controller.nodeCount) controller.fit();
    showNotice(hiddenEdges || hiddenNodes
      ? `Filters hide ${hiddenEdges} associations and ${hiddenNodes} people or organisations.` : null,
    'info');
  });
  $('colour-by-community').addEventListener('change', (event) => {
    controller.setColourByCommunity(event.target.checked);
  });
  const analytics = setupAnalytics({ onOpen: openFromList });
  $('paths-button').addEventListener('click', highlightPaths);
  $('clear-highlight').addEventListener('click', () => {
    pathList.hide();
    controller.clearHighlight();
    $('clear-highlight').hidden = true;
    showNotice(null);
  });
  $('fit-button').addEventListener('click', () => controller.fit());
  depthSelect.addEventListener('change', () => redrawAtDepth(Number(depthSelect.value)));
  $('export-png').addEventListener('click', exportPng);
  const saveDialog = setupSaveDialog({
    canvas: () => ({ positions: controller.positions(),
      centreIds: controller.centreIds.length ? controller.centreIds : [state.personId].filter(Boolean),
      depth: state.depth, filters: filterControls.read() }),
    current: () => state.investigation,
    onSaved: (saved) => {
      const changes = { since: saved.savedAt, linksAmongCount: 0, linksAroundCount: 0, recordsCount: 0 };
      setInvestigation({ ...saved, withheld: false, changes, network: state.investigation?.network });
      replaceHash(hashForInvestigation(saved.id));
      document.title = `${saved.name} — Nexus`;
      showNotice(`Saved the investigation "${saved.name}".`, 'info');
    },
  });
  $('save-investigation').addEventListener('click', () => saveDialog.open());

  return {
    controller,
    show,
    /** After sign-in: ask whether the server offers histories. */
    signedIn: () => historyFeature.check(),
    /** After sign-out: nothing of the last person stays on the page. */
    reset() {
      analytics.reset();
      showEmpty('Signed out.', 'Sign in to search.');
    },
  };
}
