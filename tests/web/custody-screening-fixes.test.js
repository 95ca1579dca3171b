// Issue 18 point 9: nationality by country name, UK local times, no "100%" short of
// certain, the severest single risk first, and a preview that names the bad lines.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { countryCode } from '../../web/src/features/custody/countries.js';
import {
  RISK_SEVERITY, displayScore, isCertain, personInputFromClaim, riskItems, severestRisk, ukTime,
  validateArrival,
} from '../../web/src/features/custody/format.js';
import { csvPreview, listLines, sortScreening } from '../../web/src/features/screening/csv.js';

describe('nationality as typed', () => {
  it('takes country names and codes to ISO alpha-2', () => {
    for (const typed of ['Albania', 'albania', ' ALBANIA ', 'AL', 'al', 'ALB', 'Republic of Albania']) {
      assert.equal(countryCode(typed), 'AL', typed);
    }
    assert.equal(countryCode("Côte d'Ivoire"), 'CI');
    assert.equal(countryCode('United Kingdom'), 'GB');
    assert.equal(countryCode('UK'), 'GB');
    assert.equal(countryCode('Narnia'), null);
    assert.equal(countryCode(''), null);
  });

  it('accepts "Albania" on the custody form and records AL on a new nominal', () => {
    const { claim, errors } = validateArrival({ familyName: 'Markaj', nationality: 'Albania',
      passport: '123456789' });
    assert.deepEqual(errors, []);
    assert.equal(claim.nationality, 'AL');
    assert.equal(claim.passport, 'AL:123456789');
    assert.deepEqual(personInputFromClaim(claim).nationalities, ['AL']);
  });

  it('refuses what is not a country, saying what to type', () => {
    const { errors } = validateArrival({ familyName: 'Markaj', nationality: 'Narnia' });
    assert.equal(errors.length, 1);
    assert.equal(errors[0].field, 'nationality');
    assert.match(errors[0].message, /"Narnia" is not a country.*Albania, AL or ALB/);
  });
});

describe('UK local time', () => {
  it('says BST in summer and GMT in winter', () => {
    assert.equal(ukTime('2025-07-01T23:30:00Z'), '02 Jul 2025, 00:30 BST');
    assert.equal(ukTime('2025-01-15T09:05:00Z'), '15 Jan 2025, 09:05 GMT');
    assert.equal(ukTime('2025-03-30T01:00:00Z'), '30 Mar 2025, 02:00 BST'); // the clocks go forward
    assert.equal(ukTime('not a time'), 'not a time');
  });
});

describe('scores', () => {
  const name = [{ field: 'family_name', outcome: 'exact' }, { field: 'date_of_birth', outcome: 'exact' }];
  const passport = [...name, { field: 'passport', outcome: 'exact' }];

  it('never shows 100% unless an identifier agrees', () => {
    assert.equal(displayScore(1, name), '99%');
    assert.equal(displayScore(0.99996, name), '99%');
    assert.equal(displayScore(0.97, name), '97%');
    assert.equal(displayScore(0.004, name), '0.4%');
    assert.equal(displayScore(null, name), '—');
    assert.equal(isCertain(name), false);
    assert.equal(isCertain(passport), true);
    assert.equal(isCertain([{ field: 'pncId', outcome: 'exact' }]), true);
    assert.equal(isCertain([{ field: 'passport', outcome: 'differs' }]), false);
    assert.equal(displayScore(1, passport), '100% (identifier agrees)');
    assert.equal(displayScore(0.97, passport), '97%');
  });
});

describe('the severest single risk', () => {
  const diffusion = { activeWarrants: [{ kind: 'interpol_diffusion', issuingCountry: 'AL' }],
    activeFlags: 0, convictions: 0, warningMarkers: [] };
  const flagged = { activeWarrants: [], activeFlags: 2, convictions: 9, foreignConvictions: 0,
    warningMarkers: ['weapons', 'violence'], immigrationStatus: 'overstayer' };
  const markers = { activeWarrants: [], activeFlags: 0, convictions: 1, warningMarkers: ['drugs'] };

  it('is defined once, wanted first, then a high-harm flag', () => {
    assert.deepEqual(RISK_SEVERITY.slice(0, 3), ['warrant', 'flag', 'marker']);
    assert.ok(severestRisk([diffusion]) < severestRisk([flagged]));
    assert.ok(severestRisk([flagged]) < severestRisk([markers]));
    assert.equal(severestRisk([]), RISK_SEVERITY.length);
    assert.equal(riskItems(flagged)[0].kind, 'flag');
  });

  it('sorts a person wanted on an Interpol diffusion above a high-harm flag', () => {
    const rows = [
      { line: 2, risk: 'high', candidates: [{ score: 0.99, summary: flagged }] },
      { line: 3, risk: 'high', candidates: [{ score: 0.6, summary: diffusion }] },
      { line: 4, risk: 'medium', candidates: [{ score: 0.99, summary: markers }] },
      { line: 5, risk: 'high', candidates: [{ score: 0.7, summary: markers },
        { score: 0.5, summary: diffusion }] },
      { line: 6, risk: 'none', candidates: [] },
    ];
    assert.deepEqual(sortScreening(rows, 'risk').map((r) => r.line), [5, 3, 2, 4, 6]);
  });
});

describe('screening preview', () => {
  it('names the lines with a different number of values', () => {
    const p = csvPreview('family_name,given_names,nationality\nCole,Liam,GB\nPrifti,Arta\nMarkaj,Sokol,AL,x\n');
    assert.equal(p.errors.length, 0);
    assert.match(p.warnings.join(' '), /2 rows with a different number of values than the header \(3\): lines 3 and 4\./);
  });

  it('catches an empty family name before sending, naming the line', () => {
    const p = csvPreview('family_name,given_names\nCole,Liam\n,Nobody\n  ,Somebody\n');
    assert.equal(p.errors.length, 1);
    assert.match(p.errors[0], /^No family name on lines 3 and 4:/);
    assert.equal(p.total, 3);
  });

  it('lists many lines briefly', () => {
    assert.equal(listLines([2]), '2');
    assert.equal(listLines([2, 5, 9]), '2, 5 and 9');
    assert.equal(listLines([...Array(12).keys()].map((i) => i + 2)), '2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 2 more');
  });
});
