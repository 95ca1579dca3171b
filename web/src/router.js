// The one owner of the URL hash: which view a hash means (#/, #/person/<id>, #/custody,
// #/custody/run/<id>, #/screening, #/duplicates, #/reviews), the hash of each place a link
// points to, and the dispatch to the view that shows it. Every other module links and
// navigates through here, so the shape of a shareable URL is decided in one place.
// parseHash and the href builders are pure: `node --test` covers them (tests/web/router.test.js).

const ID = '([A-Za-z0-9_.:-]+)';
const PERSON = new RegExp(`^#\\/person\\/${ID}$`);
const RUN = new RegExp(`^#\\/custody\\/run\\/${ID}$`);

/** The views a hash can name, in the nav's order; anything unknown is the explorer. */
export const VIEWS = ['explorer', 'custody', 'screening', 'duplicates', 'reviews'];

export const DUPLICATES_HASH = '#/duplicates';
export const REVIEWS_HASH = '#/reviews';

export const hashForPerson = (id) => `#/person/${encodeURIComponent(id)}`;
export const hashForRun = (id) => `#/custody/run/${encodeURIComponent(id)}`;

/**
 * What a hash asks for: {view, personId, runId}. `personId` is set on the explorer's
 * #/person/<id>, `runId` on #/custody/run/<id>; both are null otherwise.
 */
export function parseHash(hash) {
  const h = String(hash ?? '');
  const route = (view, { personId = null, runId = null } = {}) => ({ view, personId, runId });
  if (/^#\/duplicates\/?$/.test(h)) return route('duplicates');
  if (/^#\/reviews\/?$/.test(h)) return route('reviews');
  const run = RUN.exec(h);
  if (run) return route('custody', { runId: decodeURIComponent(run[1]) });
  if (/^#\/custody\/?$/.test(h)) return route('custody');
  if (/^#\/screening\/?$/.test(h)) return route('screening');
  const person = PERSON.exec(h);
  return route('explorer', { personId: person ? decodeURIComponent(person[1]) : null });
}

/** Whether the page is at `href` now (following a link to it then fires no hashchange). */
export const isCurrent = (href) => location.hash === href;

/** Go to `href`; the hashchange that follows dispatches to its view. */
export function navigate(href) {
  location.hash = href;
}

/**
 * Dispatch every hash change (and each `route()` call) to a view. `views` maps each name
 * of VIEWS to {root: the element shown only for it, show(route)}; `ready()` false (signed
 * out) leaves the page as it is. The nav link `nav-<name>` of the shown view is marked
 * aria-current. Returns {route}: call it when the page becomes ready.
 */
export function startRouter({ views, ready = () => true, nav = (name) => document.getElementById(`nav-${name}`) }) {
  function route() {
    if (!ready()) return;
    const where = parseHash(location.hash);
    for (const name of VIEWS) {
      views[name].root.hidden = name !== where.view;
      const link = nav(name);
      if (name === where.view) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    views[where.view].show(where);
  }
  window.addEventListener('hashchange', route);
  return { route };
}
