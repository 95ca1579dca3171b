// Unit tests of the frame's rules (node --test): views by permission, start views,
// shortcuts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { VIEWS } from '../../web/src/router.js';
import {
  VIEW_NEEDS, mayUse, permissionWords, shortcutOf, startView, usableViews,
} from '../../web/src/features/shell/format.js';

const OFFICER = ['GENERATE_HISTORY', 'READ_INTELLIGENCE_P', 'READ_PERSONS', 'RECORD'];
const AUDITOR = ['READ_AUDIT', 'READ_AUDIT_OF_PERSON', 'READ_DISPROPORTIONALITY'];

describe('views by permission', () => {
  it('names a need for every view the router knows', () => {
    assert.deepEqual(Object.keys(VIEW_NEEDS).sort(), [...VIEWS].sort());
  });

  it('gives readers of persons the investigation views and the explorer first', () => {
    const oversight = ['accountability', 'audit']; // supervisors' and auditors' views
    assert.deepEqual(usableViews(OFFICER), Object.keys(VIEW_NEEDS).filter((v) => !oversight.includes(v)));
    assert.equal(startView(OFFICER), 'explorer');
  });

  it('lands the auditor on the audit log, and gives the admin the access page only', () => {
    assert.deepEqual(usableViews(AUDITOR), ['accountability', 'audit', 'access']);
    assert.equal(startView(AUDITOR), 'audit');
    assert.deepEqual(usableViews(['MANAGE_USERS']), ['access']);
    assert.deepEqual(usableViews(undefined), ['access']);
    assert.equal(startView(['MANAGE_USERS']), 'access');
    assert.equal(mayUse('nowhere', OFFICER), false);
  });

  it('words every permission', () => {
    assert.match(permissionWords('READ_AUDIT'), /audit log/);
    assert.equal(permissionWords('SOMETHING_NEW'), 'SOMETHING_NEW');
  });
});

describe('shortcutOf', () => {
  const body = { tagName: 'BODY' };
  it('knows / and ?', () => {
    assert.equal(shortcutOf({ key: '/', target: body }), 'search');
    assert.equal(shortcutOf({ key: '?', target: body }), 'help');
    assert.equal(shortcutOf({ key: 'a', target: body }), null);
  });

  it('leaves typing and modified keys alone', () => {
    for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT', 'input']) {
      assert.equal(shortcutOf({ key: '/', target: { tagName } }), null);
    }
    assert.equal(shortcutOf({ key: '/', target: { tagName: 'DIV', isContentEditable: true } }), null);
    assert.equal(shortcutOf({ key: '/', ctrlKey: true, target: body }), null);
    assert.equal(shortcutOf({ key: '?', metaKey: true, target: body }), null);
  });
});
