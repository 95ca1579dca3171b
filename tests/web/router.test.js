// Unit tests of the hash routing: what each hash means and the hrefs the views link to
// (node --test).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  ACCESS_HASH, DUPLICATES_HASH, REVIEWS_HASH, VIEWS, VIEW_HASHES, hashForPerson, hashForRecords,
  hashForInvestigation, hashForRun, parseHash,
} from '../../web/src/router.js';

const at = (view, { personId = null, runId = null, investigationId = null } = {}) => (
  { view, personId, runId, investigationId });

describe('parseHash', () => {
  it('knows the explorer and the person in the URL', () => {
    assert.deepEqual(parseHash('#/person/P-000123'), at('explorer', { personId: 'P-000123' }));
    assert.deepEqual(parseHash('#/'), at('explorer'));
    assert.deepEqual(parseHash(''), at('explorer'));
    assert.deepEqual(parseHash(null), at('explorer'));
    assert.deepEqual(parseHash('#/person/<script>'), at('explorer'));
  });

  it('knows the custody, run and screening views', () => {
    assert.deepEqual(parseHash('#/custody'), at('custody'));
    assert.deepEqual(parseHash('#/custody/'), at('custody'));
    assert.deepEqual(parseHash('#/custody/run/CR-1A'), at('custody', { runId: 'CR-1A' }));
    assert.deepEqual(parseHash('#/screening'), at('screening'));
    assert.deepEqual(parseHash('#/custody/run/<x>'), at('explorer'));
  });

  it('knows #/duplicates and #/reviews and nothing like them', () => {
    for (const [view, hash] of [['duplicates', DUPLICATES_HASH], ['reviews', REVIEWS_HASH]]) {
      assert.deepEqual(parseHash(hash), at(view));
      assert.deepEqual(parseHash(`${hash}/`), at(view));
      assert.deepEqual(parseHash(`${hash}X`), at('explorer'));
    }
    assert.deepEqual(parseHash(undefined), at('explorer'));
  });

  it('only ever names a known view', () => {
    for (const hash of ['#/nowhere', '#/person/', '#/custody/run/', '#//reviews', 'reviews']) {
      assert.ok(VIEWS.includes(parseHash(hash).view), hash);
      assert.equal(parseHash(hash).view, 'explorer', hash);
    }
  });
});

describe('hrefs', () => {
  it('round-trips the person and the run', () => {
    assert.equal(hashForPerson('P-000123'), '#/person/P-000123');
    assert.equal(parseHash(hashForPerson('P-000123')).personId, 'P-000123');
    assert.equal(hashForRun('CR-9'), '#/custody/run/CR-9');
    assert.deepEqual(parseHash(hashForRun('CR-9')), at('custody', { runId: 'CR-9' }));
  });
});

describe('the records and access views', () => {
  it('knows #/person/<id>/records and #/access', () => {
    assert.deepEqual(parseHash('#/person/P-000123/records'), at('records', { personId: 'P-000123' }));
    assert.equal(hashForRecords('P-000123'), '#/person/P-000123/records');
    assert.deepEqual(parseHash(hashForRecords('P-9')), at('records', { personId: 'P-9' }));
    assert.deepEqual(parseHash(ACCESS_HASH), at('access'));
    assert.deepEqual(parseHash('#/access/'), at('access'));
    assert.deepEqual(parseHash('#/person/<x>/records'), at('explorer'));
    assert.deepEqual(parseHash('#/person/P-1/recordsX'), at('explorer'));
  });

  it('has a start hash for every view but the records', () => {
    for (const view of VIEWS) {
      if (view === 'records') continue;
      assert.equal(parseHash(VIEW_HASHES[view]).view, view);
    }
  });
});

describe('the accountability views', () => {
  it('knows #/top-harm, #/safeguarding, #/accountability and #/audit', () => {
    for (const [hash, view] of [['#/top-harm', 'topharm'], ['#/safeguarding', 'safeguarding'],
      ['#/accountability', 'accountability'], ['#/audit', 'audit'], ['#/audit/', 'audit']]) {
      assert.deepEqual(parseHash(hash), at(view));
    }
    assert.deepEqual(parseHash('#/auditx'), at('explorer'));
    assert.deepEqual(parseHash('#/top_harm'), at('explorer'));
  });
});

describe('saved investigations', () => {
  it('knows #/investigations and #/investigation/<id>, an explorer route', () => {
    assert.deepEqual(parseHash('#/investigations'), at('investigations'));
    assert.equal(VIEW_HASHES.investigations, '#/investigations');
    assert.equal(hashForInvestigation('INV-1A2B'), '#/investigation/INV-1A2B');
    assert.deepEqual(parseHash('#/investigation/INV-1A2B'), at('explorer', { investigationId: 'INV-1A2B' }));
    assert.deepEqual(parseHash('#/investigation/<x>'), at('explorer'));
  });
});
