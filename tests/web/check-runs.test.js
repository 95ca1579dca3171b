// Unit tests of why a run of checks was made, as the Earlier checks panel words it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CASE_MAX, PURPOSE_MAX, oneLine, runPurpose, shorten } from '../../web/src/features/custody/earlier-checks-format.js';

describe('shorten', () => {
  it('leaves short text alone and collapses whitespace', () => {
    assert.equal(shorten('custody check', 20), 'custody check');
    assert.equal(shorten('  custody \n\t check ', 20), 'custody check');
    assert.equal(shorten(null, 5), '');
    assert.equal(oneLine(undefined), '');
  });

  it('cuts long text at a word break, with an ellipsis, within the limit', () => {
    const text = 'arrested on suspicion of robbery at the High Street branch of the bank';
    const short = shorten(text, 30);
    assert.equal(short, 'arrested on suspicion of…');
    assert.ok(Array.from(short).length <= 30);
    assert.ok(text.startsWith(short.slice(0, -1)));
  });

  it('cuts inside a word when there is no break late enough', () => {
    assert.equal(shorten('a Supercalifragilisticexpialidocious', 12), 'a Supercali…');
    assert.equal(shorten('x'.repeat(40), 10), `${'x'.repeat(9)}…`);
  });

  it('never splits a character made of two code units', () => {
    const short = shorten('🚓'.repeat(12), 5);
    assert.equal(short, `${'🚓'.repeat(4)}…`);
  });
});

describe('runPurpose', () => {
  it('says the purpose and the case reference', () => {
    assert.deepEqual(runPurpose({ purpose: 'custody check', caseReference: 'OP-KESTREL/42' }),
      { text: 'for: custody check (case OP-KESTREL/42)', title: null, recorded: true });
  });

  it('says only the purpose when there is no case reference', () => {
    for (const caseReference of [null, undefined, '', '   ']) {
      assert.deepEqual(runPurpose({ purpose: 'custody check', caseReference }),
        { text: 'for: custody check', title: null, recorded: true });
    }
  });

  it('shortens a long purpose and keeps the full wording in the title', () => {
    const purpose = 'intelligence development on the Northside supply network '.repeat(3);
    const { text, title, recorded } = runPurpose({ purpose, caseReference: 'OP-7' });
    assert.equal(recorded, true);
    assert.equal(title, `for: ${oneLine(purpose)} (case OP-7)`);
    assert.equal(text, 'for: intelligence development on the Northside supply network… (case OP-7)');
    const shown = text.slice('for: '.length, text.indexOf(' (case'));
    assert.ok(Array.from(shown).length <= PURPOSE_MAX, shown);
    assert.ok(shown.endsWith('…'));
  });

  it('shortens a long case reference too', () => {
    const caseReference = 'C'.repeat(CASE_MAX + 10);
    const { text, title } = runPurpose({ purpose: 'custody check', caseReference });
    assert.equal(text, `for: custody check (case ${'C'.repeat(CASE_MAX - 1)}…)`);
    assert.equal(title, `for: custody check (case ${caseReference})`);
  });

  it('says when a run was stored without a purpose', () => {
    for (const run of [{}, { purpose: null, caseReference: null }, { purpose: ' ' }, null]) {
      assert.deepEqual(runPurpose(run),
        { text: 'purpose not recorded', title: null, recorded: false });
    }
    assert.deepEqual(runPurpose({ purpose: null, caseReference: 'OP-7' }),
      { text: 'for: case OP-7', title: null, recorded: true });
  });

  it('keeps markup as text (the panel sets textContent)', () => {
    assert.equal(runPurpose({ purpose: '<b>x</b> & y' }).text, 'for: <b>x</b> & y');
  });
});
