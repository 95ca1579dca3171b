// Unit tests of the custody-check and screening helpers (node --test).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  csvCell, csvPreview, headerRole, parseCsv, screeningCsv, sortScreening,
} from '../../web/src/features/screening/csv.js';
import {
  bandInfo, checkKindLabel, checkState, earlierRun, earlierSummary, exactTime, explainField,
  explainFields, explanationSummary, formatScore, outcomeLine, runOutcomes, timeAgo, isSeriousMatch, normaliseDateOfBirth, personInputFromClaim, riskItems, riskLevel,
  riskRank, runSummary, sortChecks, validateArrival, warrantText,
} from '../../web/src/features/custody/format.js';

const TODAY = '2025-06-01';
const errorsOf = (values) => validateArrival(values, { today: TODAY }).errors;

describe('new-arrival form', () => {
  it('turns a valid form into an IdentityClaimInput', () => {
    const { claim, errors } = validateArrival({ givenNames: '  Marcus  ', familyName: 'Adeyemy',
      dateOfBirth: '14/03/1992', nationality: 'gb', passport: '123456789',
      reference: '2012/0456789k', fingerprintRef: '' }, { today: TODAY });
    assert.deepEqual(errors, []);
    assert.deepEqual(claim, { familyName: 'Adeyemy', givenNames: 'Marcus',
      dateOfBirth: '1992-03-14', nationality: 'GB', passport: 'GB:123456789',
      pncId: '2012/0456789K' });
  });

  it('requires a family name and says so', () => {
    assert.deepEqual(errorsOf({ familyName: '  ' }),
      [{ field: 'familyName', message: 'Enter the family name (surname) the person gives.' }]);
    assert.equal(errorsOf({ familyName: '1234' })[0].field, 'familyName');
  });

  it('accepts partial dates and refuses impossible or future ones', () => {
    assert.deepEqual(normaliseDateOfBirth('1985-07', TODAY), { value: '1985-07' });
    assert.deepEqual(normaliseDateOfBirth('1985', TODAY), { value: '1985' });
    assert.deepEqual(normaliseDateOfBirth('7/1985', TODAY), { value: '1985-07' });
    assert.deepEqual(normaliseDateOfBirth('', TODAY), { value: null });
    assert.match(normaliseDateOfBirth('31/02/1990', TODAY).error, /not a real date/);
    assert.match(normaliseDateOfBirth('1990-13-01', TODAY).error, /no month 13/);
    assert.match(normaliseDateOfBirth('2030-01-01', TODAY).error, /future/);
    assert.match(normaliseDateOfBirth('1850', TODAY).error, /too early/);
    assert.match(normaliseDateOfBirth('last tuesday', TODAY).error, /YYYY-MM-DD/);
  });

  it('tells a PNC ID from a CRO number and refuses anything else', () => {
    assert.equal(validateArrival({ familyName: 'X', reference: '123456/19K' }).claim.croNumber,
      '123456/19K');
    assert.equal(errorsOf({ familyName: 'X', reference: 'ABC' })[0].field, 'reference');
    assert.equal(errorsOf({ familyName: 'X', fingerprintRef: 'print-1' })[0].field,
      'fingerprintRef');
    assert.equal(validateArrival({ familyName: 'X', fingerprintRef: '2019/0123456x' })
      .claim.fingerprintRef, '2019/0123456X');
  });

  it('checks nationality and passport shapes', () => {
    assert.equal(errorsOf({ familyName: 'X', nationality: 'Polish' })[0].field, 'nationality');
    assert.equal(errorsOf({ familyName: 'X', passport: '12' })[0].field, 'passport');
    // A bare number without a two-letter nationality cannot be placed.
    assert.equal(errorsOf({ familyName: 'X', passport: '123456789' })[0].field, 'passport');
    assert.equal(validateArrival({ familyName: 'X', passport: 'pl: ab1234567' }).claim.passport,
      'PL:AB1234567');
  });

  it('prefills a new nominal from the claim (no fingerprint, alpha-2 nationality only)', () => {
    const input = personInputFromClaim({ familyName: 'Nowak', givenNames: 'Zofia',
      dateOfBirth: '1985-07', nationality: 'PL', passport: 'PL:AB1234567', croNumber: '1/19K',
      fingerprintRef: '1/19K' });
    assert.deepEqual(input, { familyName: 'Nowak', source: 'custody:new-arrival',
      givenNames: 'Zofia', datesOfBirth: ['1985-07'], nationalities: ['PL'],
      passports: ['PL:AB1234567'], croNumber: '1/19K' });
    assert.equal(personInputFromClaim({ familyName: 'A', nationality: 'POL' }).nationalities,
      undefined);
  });
});

describe('scores and explanations', () => {
  it('formats scores without overstating certainty', () => {
    assert.equal(formatScore(0.97), '97%');
    assert.equal(formatScore(0.9996), '>99.9%');
    assert.equal(formatScore(1), '100.0%');
    assert.equal(formatScore(0.993), '99.3%');
    assert.equal(formatScore(0.004), '0.4%');
    assert.equal(formatScore(0.0000001), '<0.1%');
    assert.equal(formatScore(null), '—');
  });

  it('labels bands in words', () => {
    assert.equal(bandInfo('strong').label, 'Strong match');
    assert.equal(bandInfo('possible').tone, 'possible');
    assert.equal(bandInfo('odd').label, 'odd match');
  });

  it('explains a field with a word, a symbol and a signed weight', () => {
    const row = explainField({ field: 'date_of_birth', outcome: 'variant', claimed: '1992-14-03',
      recorded: '1992-03-14', similarity: null, weight: 7.64, explanation: 'day and month transposed' });
    assert.equal(row.label, 'Date of birth');
    assert.equal(row.outcomeLabel, 'Variant');
    assert.equal(row.symbol, '≈');
    assert.equal(row.weightText, '+7.6');
    assert.equal(row.explanation, 'day and month transposed');
    const differs = explainField({ field: 'nationality', outcome: 'differs', weight: -3.1,
      explanation: 'different nationality' });
    assert.equal(differs.weightText, '−3.1');
    assert.equal(differs.tone, 'differs');
    assert.equal(explainField({ field: 'pncId', outcome: 'missing', weight: 0 }).label, 'PNC ID');
  });

  it('orders agreeing fields first and summarises them', () => {
    const fields = [
      { field: 'nationality', outcome: 'differs', weight: -3, explanation: 'x' },
      { field: 'passport', outcome: 'missing', weight: 0, explanation: 'not given' },
      { field: 'family_name', outcome: 'variant', weight: 5, explanation: 'spelling variant' },
      { field: 'given_names', outcome: 'exact', weight: 7, explanation: 'same' },
      { field: 'date_of_birth', outcome: 'exact', weight: 13, explanation: 'same' },
    ];
    assert.deepEqual(explainFields(fields).map((f) => f.field),
      ['date_of_birth', 'given_names', 'family_name', 'nationality', 'passport']);
    assert.equal(explanationSummary(fields),
      'Agrees: date of birth, given names · Near: family name · Differs: nationality');
  });
});

describe('risk summary', () => {
  const warrant = { kind: 'european_arrest_warrant', issuingCountry: 'PL', reference: 'EAW/1',
    offenceDescription: 'fraud', issuedOn: '2021-02-03', status: 'active' };

  it('puts warrants first, in words', () => {
    const items = riskItems({ activeFlags: 1, convictions: 3, foreignConvictions: 1,
      activeWarrants: [warrant], immigrationStatus: 'overstayer', warningMarkers: ['self_harm'],
      lastArrestedAt: '2023-05-02T01:00:00Z' });
    assert.deepEqual(items.map((i) => i.severity),
      ['critical', 'high', 'high', 'high', 'high', 'info', 'info']);
    assert.equal(items[0].text,
      'WANTED: European arrest warrant, issued by PL, ref EAW/1, for fraud, on 2021-02-03');
    assert.ok(items.some((i) => i.text === '⚠ Warning marker: Self harm'));
    assert.ok(items.some((i) => i.text === '1 conviction abroad'));
    assert.ok(items.some((i) => i.text === '3 convictions in all'));
    assert.ok(items.some((i) => i.text === 'Last arrested 02 May 2023')); // UK day (02:00 BST)
    assert.equal(riskLevel({ activeWarrants: [warrant] }), 'high');
  });

  it('grades the risk level', () => {
    assert.equal(riskLevel({ activeFlags: 0, convictions: 0, warningMarkers: ['drugs'],
      activeWarrants: [] }), 'medium');
    assert.equal(riskLevel({ convictions: 2, activeWarrants: [], warningMarkers: [] }), 'low');
    assert.equal(riskLevel({ convictions: 0, activeWarrants: [], warningMarkers: [],
      immigrationStatus: 'british_citizen' }), 'none');
    assert.deepEqual(riskItems(null), []);
    assert.ok(riskRank('high') < riskRank('medium') && riskRank('low') < riskRank('none'));
    assert.ok(riskRank('unheard-of') < riskRank('none'));
    assert.equal(warrantText({ kind: 'interpol_red_notice' }), 'Interpol red notice');
  });
});

describe('check states', () => {
  it('never lets a failed or unknown check read as nothing found', () => {
    const failed = checkState({ result: 'failed', detail: 'timed out after 3 attempts' });
    assert.equal(failed.state, 'failed');
    assert.equal(failed.label, 'FAILED');
    assert.match(failed.text, /timed out after 3 attempts/);
    assert.match(failed.text, /not a "no match"/);
    assert.equal(checkState({ result: 'failed' }).text.includes('no reason given'), true);
    assert.equal(checkState({ result: 'failed', detail: 'failed: HTTP 503' }).text,
      'Check not completed: HTTP 503. This is not a "no match".');
    const odd = checkState({ result: 'maybe' });
    assert.equal(odd.state, 'failed');
    assert.equal(checkState({ result: null }).label, 'FAILED');
  });

  it('words pending, match, no match and inconclusive', () => {
    assert.equal(checkState({ result: 'pending' }).label, 'Pending…');
    assert.equal(checkState({ result: 'match', detail: 'EAW PL' }).text, 'EAW PL');
    assert.equal(checkState({ result: 'no_match' }).label, 'No match');
    assert.equal(checkState({ result: 'inconclusive' }).state, 'inconclusive');
    assert.equal(checkKindLabel('wanted_abroad'), 'Wanted abroad (EAW / Interpol)');
    assert.equal(checkKindLabel('new_kind'), 'New kind');
  });

  it('orders checks and tells a risky match from an informative one', () => {
    const sorted = sortChecks([{ kind: 'fingerprints', against: 'IDENT1' },
      { kind: 'wanted_abroad', against: 'SIS_II' }, { kind: 'odd', against: 'X' },
      { kind: 'wanted_abroad', against: 'INTERPOL_I24_7' }, { kind: 'foreign_convictions' }]);
    assert.deepEqual(sorted.map((c) => c.against ?? c.kind),
      ['INTERPOL_I24_7', 'SIS_II', 'foreign_convictions', 'IDENT1', 'X']);
    assert.equal(isSeriousMatch({ kind: 'wanted_abroad', result: 'match' }), true);
    assert.equal(isSeriousMatch({ kind: 'immigration_status', result: 'match' }), false);
    assert.equal(isSeriousMatch({ kind: 'wanted_abroad', result: 'no_match' }), false);
  });

  it('summarises a run', () => {
    const run = { complete: false, checks: [{ result: 'match' }, { result: 'no_match' },
      { result: 'failed' }, { result: 'pending' }] };
    assert.equal(runSummary(run), '4 checks (running): 1 match, 1 no match, 1 FAILED; 1 still pending');
    assert.equal(runSummary({ complete: true, checks: [{ result: 'no_match' }] }),
      '1 check: 1 no match');
    assert.equal(runSummary({ complete: false, checks: [] }), 'Starting the checks…');
  });
});

describe('earlier check runs', () => {
  const NOW = new Date('2025-06-04T12:00:00Z');

  it('says how long ago, and the exact time in UK local time with the zone', () => {
    assert.equal(timeAgo('2025-06-01T11:30:00Z', NOW), '3 days ago');
    assert.equal(timeAgo('2025-06-03T12:00:00+00:00', NOW), '1 day ago');
    assert.equal(timeAgo('2025-06-04T11:59:30Z', NOW), 'just now');
    assert.equal(timeAgo('2025-06-04T12:00:30Z', NOW), 'just now'); // a clock a little ahead
    assert.equal(timeAgo('2025-06-04T11:59:00Z', NOW), '1 minute ago');
    assert.equal(timeAgo('2025-06-04T10:15:00Z', NOW), '1 hour ago');
    assert.equal(timeAgo('2025-06-04T01:00:00Z', NOW), '11 hours ago');
    assert.equal(timeAgo('2025-04-01T12:00:00Z', NOW), '2 months ago');
    assert.equal(timeAgo('2023-06-01T12:00:00Z', NOW), '2 years ago');
    assert.equal(timeAgo(null, NOW), '');
    assert.equal(timeAgo('not a date', NOW), '');
    assert.equal(exactTime('2025-06-01T11:30:05.123+00:00'), '01 Jun 2025, 12:30 BST');
    assert.equal(exactTime('2025-06-01T13:30:00+02:00'), '01 Jun 2025, 12:30 BST');
    assert.equal(exactTime('2025-12-01T11:30:00Z'), '01 Dec 2025, 11:30 GMT');
    assert.equal(exactTime('garbage'), 'garbage');
  });

  const run = { id: 'RUN-1A', startedAt: '2025-06-01T11:30:00+00:00', startedBy: 'pc-smith',
    complete: true,
    checks: [
      { kind: 'immigration_status', against: 'HO_CID', result: 'failed',
        detail: 'failed: the source answered HTTP 503; gave up after 3 attempts' },
      { kind: 'foreign_convictions', against: 'ECRIS', result: 'no_match', detail: 'No trace' },
      { kind: 'wanted_abroad', against: 'INTERPOL_I24_7', result: 'match', detail: 'WANTED' },
      { kind: 'fingerprints', against: 'IDENT1', result: 'match', detail: 'PNC 2019/0123456X' },
      { kind: 'wanted_abroad', against: 'SIS_II', result: 'no_match' },
    ] };

  it('gives each source its outcome, matches and failures unmistakable', () => {
    const outcomes = runOutcomes(run);
    assert.deepEqual(outcomes.map((o) => [o.source, o.word, o.serious]), [
      ['Interpol I-24/7', 'MATCH', true], ['SIS II', 'no match', false],
      ['ECRIS', 'no match', false], ['Home Office CID', 'FAILED', false],
      ['IDENT1', 'MATCH', false]]);
    assert.equal(outcomes[3].reason, 'the source answered HTTP 503; gave up after 3 attempts');
    assert.equal(outcomeLine(run), 'Interpol I-24/7 MATCH · SIS II no match · ECRIS no match · '
      + 'Home Office CID FAILED (the source answered HTTP 503; gave up after 3 attempts) · '
      + 'IDENT1 MATCH');
  });

  it('never lets an unknown or reasonless failure read as nothing found', () => {
    const odd = runOutcomes({ checks: [{ kind: 'wanted_abroad', against: 'SIS_II', result: 'maybe' },
      { kind: 'fingerprints', against: 'IDENT1', result: 'failed' },
      { kind: 'foreign_convictions', against: 'ECRIS', result: 'pending' }] });
    assert.deepEqual(odd.map((o) => [o.word, o.reason]), [['FAILED', 'unknown result "maybe"'],
      ['pending', ''], ['FAILED', 'no reason given']]);
    assert.deepEqual(runOutcomes(null), []);
  });

  it('lists a run with when, who, whether it is still running, and its link', () => {
    const item = earlierRun(run, NOW);
    assert.deepEqual({ ...item, outcomes: item.outcomes.length }, { id: 'RUN-1A',
      href: '#/custody/run/RUN-1A', ago: '3 days ago', at: '01 Jun 2025, 12:30 BST',
      by: 'pc-smith', running: false, outcomes: 5 });
    assert.equal(earlierRun({ ...run, complete: false, startedBy: '' }, NOW).running, true);
    assert.equal(earlierRun({ ...run, startedBy: '' }, NOW).by, 'unknown officer');
    assert.equal(earlierSummary(0, 0), 'No checks have been run for this person.');
    assert.equal(earlierSummary(1, 1), '1 run of checks, newest first.');
    assert.equal(earlierSummary(2, 2), '2 runs of checks, newest first.');
    assert.equal(earlierSummary(5, 12), 'The latest 5 of 12 runs of checks, newest first.');
  });
});

describe('screening CSV', () => {
  it('parses quotes, commas, CRLF and a BOM', () => {
    const rows = parseCsv('\uFEFFfamily_name,given_names\r\n"O\'Brien, Jr","Sean ""Red"""\r\n\r\nNowak,Zofia');
    assert.deepEqual(rows, [['family_name', 'given_names'], ['O\'Brien, Jr', 'Sean "Red"'],
      ['Nowak', 'Zofia']]);
    assert.throws(() => parseCsv('a,"b\nc'), /line 1 is never closed/);
  });

  it('recognises header names', () => {
    assert.equal(headerRole('Family Name'), 'family');
    assert.equal(headerRole('surname'), 'family');
    assert.equal(headerRole('DOB'), 'dob');
    assert.equal(headerRole(' Date of birth '), 'dob');
    assert.equal(headerRole('first-name'), 'given');
    assert.equal(headerRole('name'), null); // the server needs family names apart
    assert.equal(headerRole('given_names'), 'given');
    assert.equal(headerRole('shoe size'), null);
  });

  it('previews rows with line numbers and says what is wrong', () => {
    const p = csvPreview('family_name,given_names,date_of_birth,nationality,notes\n'
      + 'Adeyemi,Marcus,1992-03-14,GB,x\nNowak,Zofia\nKhan,Aisha,1990,GB,y', { limit: 2 });
    assert.equal(p.total, 3);
    assert.deepEqual(p.rows.map((r) => r.line), [2, 3]);
    assert.deepEqual(p.rows[0].values, { family: 'Adeyemi', given: 'Marcus', dob: '1992-03-14',
      nationality: 'GB' });
    assert.deepEqual(p.errors, []);
    assert.ok(p.warnings.some((w) => w.includes('notes')));
    assert.ok(p.warnings.some((w) => w.startsWith('1 row with a different number')));
    assert.match(csvPreview('a,b\n1,2').errors[0], /family_name/);
    assert.match(csvPreview('surname\nA\nB\nC', { maxRows: 2 }).errors[0], /3 rows: .* at most 2/);
    assert.deepEqual(csvPreview('').errors, ['The CSV is empty.']);
    assert.deepEqual(csvPreview('family_name\n').errors, ['The CSV has a header line but no people.']);
    assert.match(csvPreview('family_name\n"x').errors[0], /never closed/);
  });

  it('writes results safely, one line per candidate', () => {
    assert.equal(csvCell('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell(null), '');
    const csv = screeningCsv([
      { line: 2, claim: 'Marcus Adeyemy, 1992-03-14', risk: 'high', candidates: [
        { person: { id: 'P-1', fullName: 'Marcus Adeyemi' }, score: 0.98, band: 'strong',
          fields: [{ field: 'family_name', outcome: 'variant', weight: 5 }],
          summary: { activeFlags: 1, convictions: 1, foreignConvictions: 0,
            activeWarrants: [{ kind: 'interpol_red_notice', issuingCountry: 'FR' }],
            warningMarkers: ['violence', 'weapons'], immigrationStatus: null } }] },
      { line: 3, claim: 'Nobody', risk: 'none', candidates: [] },
    ]);
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[1], '2,"Marcus Adeyemy, 1992-03-14",high,1,P-1,Marcus Adeyemi,0.9800,strong,'
      + '"Interpol red notice, issued by FR",1,violence; weapons,,1,0,Near: family name');
    assert.equal(lines[2], '3,Nobody,none,,,,,,,,,,,,no candidate');
  });

  it('sorts by risk, then best score, then line', () => {
    const rows = [
      { line: 2, risk: 'none', candidates: [{ score: 0.99 }] },
      { line: 3, risk: 'high', candidates: [{ score: 0.6 }] },
      { line: 4, risk: 'high', candidates: [{ score: 0.9 }] },
      { line: 5, risk: 'low', candidates: [] },
    ];
    assert.deepEqual(sortScreening(rows, 'risk').map((r) => r.line), [4, 3, 5, 2]);
    assert.deepEqual(sortScreening(rows, 'score').map((r) => r.line), [2, 4, 3, 5]);
    assert.deepEqual(sortScreening(rows, 'line').map((r) => r.line), [2, 3, 4, 5]);
  });
});
