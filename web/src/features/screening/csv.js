// CSV in (the screening upload and its preview) and out (the results download), and the
// order of screening rows. Pure functions, covered by tests/web/custody.test.js.

import { explanationSummary, riskRank, severestRisk, warrantText } from '../custody/format.js';

// What one screenPeople call accepts (api/types/identity.py MAX_SCREEN_ROWS).
export const MAX_ROWS = 2000;

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** RFC 4180 CSV → rows of cells. Quotes, doubled quotes, CRLF, a BOM. Throws on a bad quote. */
export function parseCsv(text) {
  const src = String(text ?? '').replace(/^\uFEFF/, '');
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  for (let i = 0; i < src.length; i += 1) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') { cell += '"'; i += 1; }
      else if (ch === '"') quoted = false;
      else { if (ch === '\n') line += 1; cell += ch; }
    } else if (ch === '"' && cell === '') { quoted = true; quoteLine = line; }
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i += 1;
      row.push(cell); rows.push(row); row = []; cell = ''; line += 1;
    } else cell += ch;
  }
  if (quoted) throw new Error(`A quoted value opened on line ${quoteLine} is never closed.`);
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

// The header names the server reads (graph/identity/screening.py `_COLUMNS`), normalised
// the same way: lower case, spaces and hyphens as underscores.
const HEADER_ROLES = {
  given: ['given_names', 'given_name', 'forenames', 'forename', 'first_name', 'first_names', 'given'],
  family: ['family_name', 'surname', 'last_name', 'family'],
  dob: ['date_of_birth', 'dob', 'birth_date'],
  nationality: ['nationality', 'nationalities', 'country'],
  passport: ['passport', 'passport_number', 'passport_no'],
};

/** Which role a CSV header plays (given, family, dob, nationality, passport) or null. */
export function headerRole(header) {
  const key = String(header ?? '').trim().toLowerCase().replace(/[\s-]+/g, '_').replace(/^_+|_+$/g, '');
  return Object.keys(HEADER_ROLES).find((role) => HEADER_ROLES[role].includes(key)) ?? null;
}

/**
 * What the screening page previews before sending: the header's roles, the first `limit`
 * rows (line numbers as in the file), and problems a person can fix before screening.
 */
export function csvPreview(text, { limit = 10, maxRows = MAX_ROWS } = {}) {
  let rows;
  try {
    rows = parseCsv(text);
  } catch (err) {
    return { headers: [], roles: [], rows: [], total: 0, errors: [err.message], warnings: [] };
  }
  if (!rows.length) {
    return { headers: [], roles: [], rows: [], total: 0, errors: ['The CSV is empty.'], warnings: [] };
  }
  const headers = rows[0].map((c) => c.trim());
  const roles = headers.map(headerRole);
  const errors = [];
  const warnings = [];
  if (!roles.includes('family')) {
    errors.push('The first line must name the columns, with family_name (or surname); '
      + 'also given_names, date_of_birth, nationality, passport.');
  }
  if (!roles.includes('dob')) warnings.push('No date_of_birth column: matches rest on names alone.');
  const unknown = headers.filter((h, i) => h && !roles[i]);
  if (unknown.length) warnings.push(`Columns not used for matching: ${unknown.join(', ')}.`);
  const body = rows.slice(1);
  const lines = (indexes) => `${indexes.length === 1 ? 'line' : 'lines'} ${listLines(indexes.map((i) => i + 2))}`;
  const ragged = body.map((r, i) => (r.length !== headers.length ? i : -1)).filter((i) => i >= 0);
  if (ragged.length) {
    warnings.push(`${plural(ragged.length, 'row')} with a different number of values than the header `
      + `(${headers.length}): ${lines(ragged)}. Check ${ragged.length === 1 ? 'it' : 'them'} before screening.`);
  }
  const family = roles.indexOf('family');
  const noFamily = family < 0 ? [] : body.map((r, i) => (!(r[family] ?? '').trim() ? i : -1)).filter((i) => i >= 0);
  if (noFamily.length) {
    errors.push(`No family name on ${lines(noFamily)}: fill ${noFamily.length === 1 ? 'it' : 'them'} in `
      + 'or remove the line, then screen.');
  }
  if (!body.length && !errors.length) errors.push('The CSV has a header line but no people.');
  if (body.length > maxRows) {
    errors.push(`${body.length} rows: the page screens at most ${maxRows} at a time. Split the `
      + `file into parts of ${maxRows} rows or fewer and screen each part.`);
  }
  const preview = body.slice(0, limit).map((cells, i) => {
    const values = {};
    roles.forEach((role, j) => { if (role && !values[role]) values[role] = (cells[j] ?? '').trim(); });
    return { line: i + 2, cells, values };
  });
  return { headers, roles, rows: preview, total: body.length, errors, warnings };
}

/** "2, 5 and 9" (at most 10 named, then "and N more"). */
export function listLines(numbers, max = 10) {
  const shown = numbers.slice(0, max).map(String);
  const more = numbers.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}` : shown.join('');
}

/** A cell made safe for spreadsheets: quoted when needed, formulas defused. */
export function csvCell(value) {
  let s = value == null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const SCREENING_COLUMNS = ['line', 'claim', 'risk', 'rank', 'person_id', 'name', 'score',
  'band', 'active_warrants', 'active_flags', 'warning_markers', 'immigration_status',
  'convictions', 'foreign_convictions', 'explanation'];

/** The screening results as CSV: one line per candidate, a line with no candidate kept too. */
export function screeningCsv(rows) {
  const out = [SCREENING_COLUMNS.join(',')];
  for (const row of rows) {
    const candidates = row.candidates?.length ? row.candidates : [null];
    candidates.forEach((c, i) => {
      const s = c?.summary ?? {};
      out.push([row.line, row.claim, row.risk, c ? i + 1 : '', c?.person?.id ?? '',
        c?.person?.fullName ?? '', c ? Number(c.score).toFixed(4) : '', c?.band ?? '',
        (s.activeWarrants ?? []).map(warrantText).join('; '), s.activeFlags ?? '',
        (s.warningMarkers ?? []).join('; '), s.immigrationStatus ?? '', s.convictions ?? '',
        s.foreignConvictions ?? '', c ? explanationSummary(c.fields) : 'no candidate']
        .map(csvCell).join(','));
    });
  }
  return `${out.join('\r\n')}\r\n`;
}

/** The rank of a row's severest single risk among its candidates (custody/format.js RISK_SEVERITY). */
export const rowSeverity = (row) => severestRisk((row.candidates ?? []).map((c) => c.summary));

/**
 * Sort screening rows: by risk (the severest single risk of the row's candidates first, so
 * a person wanted on an Interpol diffusion comes before a high-harm flag; then the
 * server's risk level, then best score), by best score, or by line.
 */
export function sortScreening(rows, key = 'risk') {
  const best = (r) => Number(r.candidates?.[0]?.score ?? 0);
  const sorted = [...rows];
  if (key === 'risk') {
    sorted.sort((a, b) => (rowSeverity(a) - rowSeverity(b)) || (riskRank(a.risk) - riskRank(b.risk))
      || (best(b) - best(a)) || (a.line - b.line));
  }
  else if (key === 'score') sorted.sort((a, b) => (best(b) - best(a)) || (a.line - b.line));
  else sorted.sort((a, b) => a.line - b.line);
  return sorted;
}
