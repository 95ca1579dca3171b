// Sign-in (name, password, and the purpose and its category every consultation is logged
// with) and sign-out.

import { currentUser, signIn, signOut } from '../../shared/graphql.js';
import { $, h } from '../../shared/dom.js';
import { PURPOSE_CATEGORIES, purposeLabel } from '../../shared/purposes.js';

/** Resolves with the user once signed in (at once when a session is already open). */
export function setupSignIn({ onSignedIn, onSignedOut }) {
  const backdrop = $('signin');
  const form = $('signin-form');
  const error = $('signin-error');
  const submit = $('signin-submit');
  const account = $('account');
  const category = $('signin-category');
  category.append(...PURPOSE_CATEGORIES.map(([value, label]) => h('option', { value, text: label })));

  const showAccount = (user) => {
    const stated = user.purposeCategory ? `${purposeLabel(user.purposeCategory)}: ` : '';
    $('account-name').textContent = `${user.name} (${user.role}) · ${stated}${user.purpose}`;
    account.hidden = false;
  };

  const ask = (message = null) => {
    account.hidden = true;
    backdrop.hidden = false;
    error.hidden = !message;
    error.textContent = message ?? '';
    $(($('signin-name').value ? 'signin-password' : 'signin-name')).focus();
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const values = {
      name: $('signin-name').value.trim(),
      password: $('signin-password').value,
      purpose: $('signin-purpose').value.trim(),
      purposeCategory: category.value || null,
      caseReference: $('signin-case').value.trim() || null,
    };
    if (!values.name || !values.password) {
      ask('Enter your user name and password.');
      return;
    }
    if (values.purpose.length < 4) {
      ask('Give the purpose of this session (at least 4 characters): it is logged with every search.');
      $('signin-purpose').focus();
      return;
    }
    if (!values.purposeCategory) {
      ask('Choose the purpose category: other officers working on this person see it, not your words.');
      category.focus();
      return;
    }
    submit.disabled = true;
    try {
      const user = await signIn(values);
      $('signin-password').value = '';
      backdrop.hidden = true;
      showAccount(user);
      onSignedIn(user);
    } catch (err) {
      ask(err.status === 401 ? 'Wrong user name or password.' : err.message);
    } finally {
      submit.disabled = false;
    }
  });

  $('sign-out').addEventListener('click', async () => {
    try {
      await signOut();
    } finally {
      onSignedOut();
      ask();
    }
  });

  return {
    /** Check for an open session; otherwise show the form. */
    async start() {
      let user;
      try {
        user = await currentUser();
      } catch (err) {
        ask(`Cannot reach the Nexus server: ${err.message}`);
        return;
      }
      if (user) {
        showAccount(user);
        onSignedIn(user);
      } else {
        ask();
      }
    },
    expired() {
      onSignedOut();
      ask('Your session has ended: sign in again.');
    },
  };
}
