// The analytics panel: key players (PageRank) and the people at risk (safeguarding).
// Loaded the first time the panel is opened, not at sign-in: each list is an audited
// consultation of people's records, so it is fetched only when someone asks for it.

import { $, clear, h } from '../../shared/dom.js';
import { fetchAnalyticsLists } from './api.js';

export const NOT_RUN = 'Analytics are being computed in the background; they appear here within minutes of new records.';
const LIST_SIZE = 10;

function message(list, text, error = false) {
  clear(list).append(h('li', { class: error ? 'empty error' : 'empty', text }));
}

function personButton(person, detail, onOpen) {
  return h('li', { 'data-id': person.id },
    h('button', { type: 'button', class: 'link', 'data-id': person.id,
      title: `Open ${person.fullName} (${person.id})`,
      onclick: () => onOpen(person.id) }, person.fullName),
    h('span', { class: 'muted small', text: ` ${person.id} · ${detail}` }));
}

/** Wires the panel; onOpen(personId) opens a person. Returns {reset} for sign-out. */
export function setupAnalytics({ onOpen }) {
  const panel = $('analytics');
  const players = $('key-players');
  const atRisk = $('people-at-risk');
  let loaded = false;
  let token = 0;

  async function load() {
    const mine = ++token;
    loaded = true;
    message(players, 'Loading…');
    message(atRisk, 'Loading…');
    let lists;
    try {
      lists = await fetchAnalyticsLists({ first: LIST_SIZE });
    } catch (err) {
      if (mine !== token) return;
      loaded = false; // try again on the next open
      message(players, `Could not load the key players: ${err.message}`, true);
      message(atRisk, `Could not load the people at risk: ${err.message}`, true);
      return;
    }
    if (mine !== token) return;
    if (!lists.keyPlayers.length) {
      // Key players exist once any two people are linked and analytics have run.
      message(players, NOT_RUN);
      message(atRisk, NOT_RUN);
      return;
    }
    clear(players).append(...lists.keyPlayers.map((k) => personButton(k.person,
      `PageRank ${k.value.toFixed(3)}${k.person.highHarm ? ' · high harm' : ''}`, onOpen)));
    if (!lists.atRisk.length) {
      message(atRisk, 'No one meets the at-risk criteria.');
    } else {
      clear(atRisk).append(...lists.atRisk.map((r) => personButton(r.person,
        `${r.offendingAssociates} of ${r.associates} associates with offending`, onOpen)));
      if (lists.atRiskTotal > lists.atRisk.length) {
        atRisk.append(h('li', { class: 'empty',
          text: `Showing ${lists.atRisk.length} of ${lists.atRiskTotal}.` }));
      }
    }
  }

  panel.addEventListener('toggle', () => {
    if (panel.open && !loaded) load();
  });
  $('analytics-refresh').addEventListener('click', load);
  return {
    reset() {
      token += 1;
      loaded = false;
      panel.open = false;
      clear(players);
      clear(atRisk);
    },
  };
}
