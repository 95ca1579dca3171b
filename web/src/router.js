// The one owner of the URL hash: which view a hash means (#/, #/person/<id>,
// #/person/<id>/records, #/custody, #/custody/run/<id>, #/screening, #/duplicates,
// #/reviews, #/top-harm, #/safeguarding, #/alerts, #/investigations, #/investigation/<id>,
// #/accountability, #/audit, #/access), the hash of each place a link points to, and the dispatch to the
// view that shows it: only views the signed-in role may use are shown, anything else sends
// the page to the role's start view. Every other module links and
// navigates through here, so the shape of a shareable URL is decided in one place.
// parseHash and the href builders are pure: `node --test` covers them (tests/web/router.test.js).

const ID = '([A-Za-z0-9_.:-]+)';
const PERSON = new RegExp(`^#\\/person\\/${ID}$`);
const RUN = new RegExp(`^#\\/custody\\/run\\/${ID}$`);
const RECORDS = new RegExp(`^#\\/person\\/${ID}\\/records$`);
const INVESTIGATION = new RegExp(`^#\\/investigation\\/${ID}$`);

/** The views a hash can name, in the nav's order; anything unknown is the explorer. */
export const VIEWS = ['explorer', 'records', 'custody', 'screening', 'duplicates', 'reviews',
  'topharm', 'safeguarding', 'alerts', 'investigations', 'accountability', 'audit', 'access'];

export const DUPLICATES_HASH = '#/duplicates';
export const REVIEWS_HASH = '#/reviews';
export const ACCESS_HASH = '#/access';
export const TOP_HARM_HASH = '#/top-harm';
export const SAFEGUARDING_HASH = '#/safeguarding';
export const ALERTS_HASH = '#/alerts';
export const INVESTIGATIONS_HASH = '#/investigations';
export const ACCOUNTABILITY_HASH = '#/accountability';
export const AUDIT_HASH = '#/audit';

// The views whose hash is only their name: #/<path> (a trailing / allowed).
const PLAIN = { duplicates: 'duplicates', reviews: 'reviews', topharm: 'top-harm',
  safeguarding: 'safeguarding', alerts: 'alerts', investigations: 'investigations', accountability: 'accountability', audit: 'audit', access: 'access' };

/** The hash that opens each view with nothing chosen (the records view needs a person). */
export const VIEW_HASHES = {
  explorer: '#/', custody: '#/custody', screening: '#/screening', duplicates: DUPLICATES_HASH,
  reviews: REVIEWS_HASH, topharm: TOP_HARM_HASH, safeguarding: SAFEGUARDING_HASH, alerts: ALERTS_HASH,
  investigations: INVESTIGATIONS_HASH, accountability: ACCOUNTABILITY_HASH, audit: AUDIT_HASH, access: ACCESS_HASH,
};

export const hashForPerson = (id) => `#/person/${encodeURIComponent(id)}`;
export const hashForRecords = (id) => `#/person/${encodeURIComponent(id)}/records`;
export const hashForRun = (id) => `#/custody/run/${encodeURIComponent(id)}`;
export const hashForInvestigation = (id) => `#/investigation/${encodeURIComponent(id)}`;

/**
 * What a hash asks for: {view, personId, runId, investigationId}. `personId` is set on the
 * explorer's #/person/<id>, `investigationId` on its #/investigation/<id>, `runId` on
 * #/custody/run/<id>; each is null otherwise.
 */
export function parseHash(hash) {
  const h = String(hash ?? '');
  const route = (view, { personId = null, runId = null, investigationId = null } = {}) => (
    { view, personId, runId, investigationId });
  for (const [view, path] of Object.entries(PLAIN)) {
    if (h === `#/${path}` || h === `#/${path}/`) return route(view);
  }
  const records = RECORDS.exec(h);
  if (records) return route('records', { personId: decodeURIComponent(records[1]) });
  const run = RUN.exec(h);
  if (run) return route('custody', { runId: decodeURIComponent(run[1]) });
  if (/^#\/custody\/?$/.test(h)) return route('custody');
  if (/^#\/screening\/?$/.test(h)) return route('screening');
  const investigation = INVESTIGATION.exec(h);
  if (investigation) return route('explorer', { investigationId: decodeURIComponent(investigation[1]) });
  const person = PERSON.exec(h);
  return route('explorer', { personId: person ? decodeURIComponent(person[1]) : null });
}

/** Whether the page is at `href` now (following a link to it then fires no hashchange). */
export const isCurrent = (href) => location.hash === href;

/** Show `href` in the address bar for what is on the page already: no hashchange, no dispatch. */
export function replaceHash(href) {
  history.replaceState(null, '', href);
}

/** Go to `href`; the hashchange that follows dispatches to its view. */
export function navigate(href) {
  location.hash = href;
}

/**
 * Dispatch every hash change (and each `route()` call) to a view. `views` maps each name
 * of VIEWS to {root: the element shown only for it, show(route)}; `ready()` false (signed
 * out) leaves the page as it is. `allowed(view)` says whether the signed-in role may use a
 * view; a hash naming one it may not (or the bare #/ of a role without the explorer) sends
 * the page to `start()`'s view instead, and `onRefused(view)` is told. The nav link
 * `nav-<name>` of the shown view is marked aria-current (the records view marks the
 * explorer's). Returns {route}: call it when the page becomes ready.
 */
export function startRouter({ views, ready = () => true, allowed = () => true,
  start = () => 'explorer', onRefused = () => {},
  nav = (name) => document.getElementById(`nav-${name}`) }) {
  function route() {
    if (!ready()) return;
    let where = parseHash(location.hash);
    if (!allowed(where.view)) {
      const home = VIEW_HASHES[start()];
      if (!['', '#', '#/'].includes(location.hash)) onRefused(where.view);
      if (location.hash !== home) {
        location.replace(home); // its hashchange routes again
        return;
      }
      where = parseHash(home);
    }
    const marked = where.view === 'records' ? 'explorer' : where.view;
    for (const name of VIEWS) {
      views[name].root.hidden = name !== where.view;
      const link = nav(name);
      if (!link) continue;
      if (name === marked) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    views[where.view].show(where);
  }
  window.addEventListener('hashchange', route);
  return { route };
}
