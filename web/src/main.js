// The page's entry (build.mjs bundles it as app.js): sign-in, then one view per hash, shown
// by the router. Each feature builds its own view under features/; this module only creates
// them, hands them to the router and resets them all on sign-out.

import { setupCustody } from './features/custody/view.js';
import { setupDuplicates } from './features/duplicates/view.js';
import { setupExplorer } from './features/explorer/view.js';
import { setupReviews } from './features/reviews/view.js';
import { setupScreening } from './features/screening/view.js';
import { setupSignIn } from './features/signin/view.js';
import { startRouter } from './router.js';
import { $ } from './shared/dom.js';
import { setSession } from './shared/graphql.js';

const state = { user: null };
const session = () => state.user;

const explorer = setupExplorer({ session });
window.nexus = { controller: explorer.controller, state }; // for the browser tests and devtools

const custody = setupCustody($('custody-view'));
const screening = setupScreening($('screening-view'), { session });
const duplicates = setupDuplicates($('duplicates-view'));
const reviews = setupReviews($('reviews-view'));

const router = startRouter({
  ready: () => Boolean(state.user),
  views: {
    explorer: { root: document.querySelector('.layout'), show: (where) => explorer.show(where) },
    custody: { root: $('custody-view'), show: ({ runId }) => custody.show({ runId }) },
    screening: { root: $('screening-view'), show: () => screening.show() },
    duplicates: { root: $('duplicates-view'), show: () => duplicates.show() },
    reviews: { root: $('reviews-view'), show: () => reviews.show() },
  },
});

const signIn = setupSignIn({
  onSignedIn: (user) => {
    state.user = user;
    explorer.signedIn();
    router.route();
  },
  onSignedOut: () => {
    state.user = null;
    for (const view of [explorer, custody, screening, duplicates, reviews]) view.reset();
  },
});
setSession({ onSignedOut: () => signIn.expired() });
signIn.start();
