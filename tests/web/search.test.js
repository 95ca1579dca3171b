// Unit tests of the search rules (node --test): when a search runs, the filters, the words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  activeFilters, checkDateOfBirth, matchedWords, moreText, searchVariables, statusText,
} from '../../web/src/features/search/format.js';

describe('searchVariables', () => {
  it('runs from two characters, or on a date of birth alone', () => {
    assert.deepEqual(searchVariables('Ha', {}), { query: 'Ha',
      variables: { dateOfBirth: null, nationality: null, flaggedOnly: false } });
    assert.equal(searchVariables('H', {}).error, 'Type at least two letters');
    assert.deepEqual(searchVariables('', {}), { error: null, idle: true });
    assert.deepEqual(searchVariables('', { dateOfBirth: '14/03/1992' }).variables,
      { dateOfBirth: '1992-03-14', nationality: null, flaggedOnly: false });
  });

  it('sends the nationality as typed and the flag as a boolean', () => {
    assert.deepEqual(searchVariables(' Hoxha ', { nationality: ' Albania ', flaggedOnly: 1 }),
      { query: 'Hoxha', variables: { dateOfBirth: null, nationality: 'Albania', flaggedOnly: true } });
  });

  it('refuses a date of birth that is not one', () => {
    assert.match(searchVariables('Hoxha', { dateOfBirth: '1992/03' }).error, /DD\/MM\/YYYY/);
    assert.equal(checkDateOfBirth('1992-13').error !== null, true);
    assert.deepEqual(checkDateOfBirth('1992'), { value: '1992', error: null });
    assert.deepEqual(checkDateOfBirth('1/2/1992'), { value: '1992-02-01', error: null });
  });
});

describe('search wording', () => {
  it('says what an exact hit matched', () => {
    assert.equal(matchedWords('pnc_id'), 'Exact PNC ID');
    assert.equal(matchedWords('passport'), 'Exact passport number');
    assert.equal(matchedWords('date_of_birth'), 'Date of birth');
    assert.equal(matchedWords('name'), null);
  });

  it('counts filters and words the status and the more row', () => {
    assert.equal(activeFilters({ dateOfBirth: ' ', nationality: 'AL', flaggedOnly: true }), 2);
    assert.equal(statusText(10, 96), '10 of 96 shown');
    assert.equal(statusText(3, 3), '3 matches');
    assert.equal(statusText(0, 0), 'No match');
    assert.equal(moreText(10, 96, 10), 'Show 10 more (11–20 of 96)');
    assert.equal(moreText(90, 96, 10), 'Show 6 more (91–96 of 96)');
  });
});
