// Pure rules of the page's frame: which views a role may use (derived from the permissions
// the server says the role holds, `me { permissions }`), where each role starts, the words
// for each permission, and which key press is a shortcut. `node --test` covers it
// (tests/web/shell.test.js).

/** What each view needs, by permission name (api/permissions.py Permission). */
export const VIEW_NEEDS = {
  explorer: ['READ_PERSONS'],
  records: ['READ_PERSONS'],
  custody: ['READ_PERSONS'],
  screening: ['READ_PERSONS'],
  duplicates: ['READ_PERSONS'],
  reviews: ['READ_PERSONS'],
  topharm: ['READ_PERSONS'],
  safeguarding: ['READ_PERSONS'],
  alerts: ['READ_PERSONS'],
  investigations: ['READ_PERSONS'],
  accountability: ['READ_DISPROPORTIONALITY'],
  audit: ['READ_AUDIT'],
  access: [],
};

export const VIEW_LABELS = {
  explorer: 'Explorer', records: 'Person records', custody: 'Custody check',
  screening: 'Screening', duplicates: 'Duplicates', reviews: 'Reviews due', topharm: 'Top harm',
  safeguarding: 'Safeguarding', alerts: 'Alerts', investigations: 'Investigations', accountability: 'Who is flagged', audit: 'Audit log',
  access: 'Your access',
};

/** Whether a role holding `permissions` may use `view` (unknown views: no). */
export function mayUse(view, permissions) {
  const needs = VIEW_NEEDS[view];
  if (!needs) return false;
  const held = new Set(permissions ?? []);
  return needs.every((p) => held.has(p));
}

/** The views a role may use, in the nav's order. */
export const usableViews = (permissions) => Object.keys(VIEW_NEEDS)
  .filter((view) => mayUse(view, permissions));

/**
 * Where a role lands: the explorer when it reads persons, the audit log when it reads the
 * whole log (the auditor), else the access page.
 */
export function startView(permissions) {
  if (mayUse('explorer', permissions)) return 'explorer';
  return mayUse('audit', permissions) ? 'audit' : 'access';
}

/** Each permission as the access page says it (unknown names are shown as sent). */
export const PERMISSION_WORDS = {
  READ_PERSONS: 'Search and read people, networks, organisations and incidents',
  READ_INTELLIGENCE_P: 'Receive intelligence and links with handling code P',
  READ_INTELLIGENCE_C: 'Receive intelligence and links with handling code C (stated conditions)',
  GENERATE_HISTORY: 'Generate intelligence histories',
  RECORD: 'Record people, arrests, charges, convictions, incidents, links and intelligence',
  SET_FLAG: 'Set flags',
  REVIEW_FLAG: 'Review and clear flags',
  REVIEW_RECORDS: 'Record MOPI reviews (keep with a new date, or propose disposal)',
  MARK_SENSITIVE_OPERATION: 'Mark a person as the subject of a sensitive operation, or end one',
  READ_AUDIT_OF_PERSON: "See who consulted a person's record, and why",
  READ_AUDIT: 'Read the whole audit log and check its integrity',
  READ_DISPROPORTIONALITY: 'See who is flagged and who tops the harm list, by nationality and borough',
  MANAGE_USERS: 'Manage user accounts',
};

export const permissionWords = (name) => PERMISSION_WORDS[name] ?? name;

/**
 * The shortcut a key press means, or null: '/' focuses the search, '?' opens the help.
 * Never while typing in a field, and never with Ctrl, Alt or Meta held.
 * `event` is {key, ctrlKey, altKey, metaKey, target: {tagName, isContentEditable}}.
 */
export function shortcutOf(event) {
  if (!event || event.ctrlKey || event.altKey || event.metaKey) return null;
  const tag = String(event.target?.tagName ?? '').toUpperCase();
  if (['INPUT', 'TEXTAREA', 'SELECT'].includes(tag) || event.target?.isContentEditable) return null;
  if (event.key === '/') return 'search';
  if (event.key === '?') return 'help';
  return null;
}

export const SHORTCUTS = [
  ['/', 'Search people (focus the search box)'],
  ['?', 'Show this help'],
  ['↑ ↓, Enter', 'Move through the search results and open one'],
  ['Escape', 'Close the results, or this help'],
];
