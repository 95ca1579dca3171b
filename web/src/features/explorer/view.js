// The explorer (#/, #/person/<id>): loading, empty and error states of the canvas, the
// node card, expanding, shortest paths, PNG export, and the wiring between the search box,
// the profile, the analytics panel, the history dialog, the toolbar and the network
// controller. The router calls show() with the person the hash names.

import { setupAnalytics } from '../analytics/view.js';
import { setupHistory } from '../history/view.js';
import { fetchPerson } from '../profile/api.js';
import { renderProfile, showProfileMessage } from '../profile/view.js';
import { hashForPerson, navigate } from '../../router.js';
import { $, clear, h } from '../../shared/dom.js';
import { hasQueryField } from '../../shared/graphql.js';
import { fetchNetwork, networkSource } from './api.js';
import { NetworkController } from './controller.js';
import { renderLegend } from './legend.js';
import { setupSearch } from './search.js';
import { setupFilters, setupLayoutSelect } from './toolbar.js';
import { markerLabel } from './transform.js';

/** `session()` is the signed-in user (the history dialog's purpose and case reference). */
export function setupExplorer({ session }) {
  const state = { personId: null, person: null, loadToken: 0, busy: false };

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
  });

  function setCanvasButtons(enabled) {
    $('fit-button').disabled = !enabled;
    $('export-png').disabled = !enabled;
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
    $('node-card').hidden = true;
    $('clear-highlight').hidden = true;
    showNotice(null);
    showProfileMessage('Loading…');
    showCanvasState('loading', 'Loading the network…');
    setCanvasButtons(false);
    historyFeature.setEnabled(false);
    const personRequest = fetchPerson(id);
    const networkRequest = fetchNetwork(id);
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
    let network;
    try {
      network = await networkRequest;
    } catch (err) {
      if (token !== state.loadToken) return;
      showCanvasState('error', `The network could not be loaded: ${err.message}`);
      return;
    }
    if (token !== state.loadToken) return;
    controller.clear();
    hideCanvasState();
    const timings = await controller.showNetwork(network.elements, { centreIds: network.centreIds });
    if (token !== state.loadToken) return;
    setCanvasButtons(true);
    if (timings.nodes <= 1) {
      showNotice(`${person.fullName} has no recorded associations.`, 'info');
    } else {
      showNotice(describeTruncation(network));
    }
    updatePathsButton();
  }

  function showNodeCard(id, data) {
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
      h('div', { class: 'actions' },
        isPerson && id !== state.personId ? h('button', { type: 'button', text: 'Open profile',
          onclick: () => navigate(hashForPerson(id)) }) : null,
        isPerson && !data.expanded ? h('button', { type: 'button', text: 'Expand',
          onclick: () => expandNode(id, data) }) : null,
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
      const result = await controller.highlightPaths(people[0].id, people[1].id);
      if (!result.count) {
        showNotice(`No connection between ${people[0].label} and ${people[1].label} within 6 hops.`, 'info');
      } else {
        showNotice(`${result.count} shortest path${result.count > 1 ? 's' : ''} of ${result.length} `
          + `hop${result.length === 1 ? '' : 's'} between ${people[0].label} and ${people[1].label}.`, 'info');
        $('clear-highlight').hidden = false;
      }
    } catch (err) {
      showNotice(`Shortest paths failed: ${err.message}`, 'error');
    } finally {
      state.busy = false;
      updatePathsButton();
    }
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

  /** Show the person the hash names (null: the empty explorer). */
  function show({ personId: id }) {
    if (id && id !== state.personId) {
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
    state.loadToken += 1;
    controller.clear();
    setCanvasButtons(false);
    showNotice(null);
    showCanvasState('empty', canvasText);
    clear($('profile')).append(h('p', { class: 'empty', text: profileText }));
    clear($('timeline')).append(h('li', { class: 'empty', text: 'No person open.' }));
  }

  const historyFeature = setupHistory({ hasField: hasQueryField, personId: () => state.personId,
    person: () => state.person, session, notify: showNotice });

  const openFromList = (id) => {
    if (id !== state.personId) navigate(hashForPerson(id));
  };
  setupSearch({ onOpen: openFromList });
  setupLayoutSelect(controller.layoutName, async (name) => {
    if (!controller.nodeCount) {
      controller.layoutName = name;
      return;
    }
    showNotice('Laying out…', 'info');
    await controller.setLayout(name);
    showNotice(null);
  });
  setupFilters((filters) => {
    const { hiddenEdges, hiddenNodes } = controller.applyFilters(filters);
    if (controller.nodeCount) controller.fit();
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
    controller.clearHighlight();
    $('clear-highlight').hidden = true;
    showNotice(null);
  });
  $('fit-button').addEventListener('click', () => controller.fit());
  $('export-png').addEventListener('click', exportPng);

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
