// The page's entry (build.mjs bundles it as app.js): sign-in, then one view per hash, shown
// by the router. Each feature builds its own view under features/; this module only creates
// them, hands them to the router and resets them all on sign-out. What the signed-in role
// may use comes from the server (`me { permissions }`): the nav, the start view and the
// router's refusals all follow it.

import { setupAccountability } from './features/accountability/view.js';
import { setupAlerts } from './features/alerts/view.js';
import { setupAudit } from './features/audit/view.js';
import { setupCustody } from './features/custody/view.js';
import { setupDuplicates } from './features/duplicates/view.js';
import { setupExplorer } from './features/explorer/view.js';
import { setupInvestigations } from './features/investigations/view.js';
import { setupRecords } from './features/profile/records.js';
import { configureProfile } from './features/profile/view.js';
import { setupReviews } from './features/reviews/view.js';
import { setupSafeguarding } from './features/safeguarding/view.js';
import { setupScreening } from './features/screening/view.js';
import { fetchMe } from './features/shell/api.js';
import { mayUse, startView } from './features/shell/format.js';
import { applyNav, setupAccess, setupShortcuts } from './features/shell/view.js';
import { setupSignIn } from './features/signin/view.js';
import { setupTopHarm } from './features/topharm/view.js';
import { startRouter } from './router.js';
import { $ } from './shared/dom.js';
import { setSession } from './shared/graphql.js';

const state = { user: null };
const session = () => state.user;
const permissions = () => state.user?.permissions ?? [];

configureProfile({ session });
const explorer = setupExplorer({ session });
window.nexus = { controller: explorer.controller, state }; // for the browser tests and devtools

const records = setupRecords($('records-view'), { session });
const custody = setupCustody($('custody-view'));
const screening = setupScreening($('screening-view'), { session });
const duplicates = setupDuplicates($('duplicates-view'));
const reviews = setupReviews($('reviews-view'));
const topHarm = setupTopHarm($('topharm-view'));
const safeguarding = setupSafeguarding($('safeguarding-view'), { session });
const alerts = setupAlerts($('alerts-view'));
const investigations = setupInvestigations($('investigations-view'));
const accountability = setupAccountability($('accountability-view'));
const audit = setupAudit($('audit-view'));
const access = setupAccess($('access-view'), { session });
const shortcuts = setupShortcuts();

const router = startRouter({
  ready: () => Boolean(state.user?.permissions),
  allowed: (view) => mayUse(view, permissions()),
  start: () => startView(permissions()),
  onRefused: (view) => access.refused(view),
  views: {
    explorer: { root: document.querySelector('.layout'), show: (where) => explorer.show(where) },
    records: { root: $('records-view'), show: (where) => records.show(where) },
    custody: { root: $('custody-view'), show: ({ runId }) => custody.show({ runId }) },
    screening: { root: $('screening-view'), show: () => screening.show() },
    duplicates: { root: $('duplicates-view'), show: () => duplicates.show() },
    reviews: { root: $('reviews-view'), show: () => reviews.show() },
    topharm: { root: $('topharm-view'), show: () => topHarm.show() },
    safeguarding: { root: $('safeguarding-view'), show: () => safeguarding.show() },
    alerts: { root: $('alerts-view'), show: () => alerts.show() },
    investigations: { root: $('investigations-view'), show: () => investigations.show() },
    accountability: { root: $('accountability-view'), show: () => accountability.show() },
    audit: { root: $('audit-view'), show: () => audit.show() },
    access: { root: $('access-view'), show: () => access.show() },
  },
});

const views = [explorer, records, custody, screening, duplicates, reviews, topHarm, safeguarding, alerts, investigations, accountability, audit, access];

function hideAllViews() {
  document.querySelector('.layout').hidden = true;
  for (const id of ['records-view', 'custody-view', 'screening-view', 'duplicates-view',
    'reviews-view', 'topharm-view', 'safeguarding-view', 'alerts-view', 'investigations-view', 'accountability-view', 'audit-view', 'access-view']) $(id).hidden = true;
}

const signIn = setupSignIn({
  onSignedIn: async (user) => {
    state.user = { ...user, permissions: null };
    hideAllViews(); // nothing shows until the role's views are known
    let me;
    try {
      me = await fetchMe();
    } catch (err) {
      if (err.status === 401) return; // the sign-in form is back already
      $('notice-global').hidden = false;
      $('notice-global').textContent = `Could not learn what your role may do: ${err.message}`;
      return;
    }
    if (state.user?.name !== user.name) return; // signed out meanwhile
    $('notice-global').hidden = true;
    state.user = { ...user, ...me };
    applyNav(me.permissions);
    if (mayUse('explorer', me.permissions)) explorer.signedIn();
    if (mayUse('alerts', me.permissions)) alerts.signedIn();
    router.route();
  },
  onSignedOut: () => {
    state.user = null;
    shortcuts.close();
    for (const view of views) view.reset();
  },
});
setSession({ onSignedOut: () => signIn.expired() });
signIn.start();
