// Pure rules of the people search: when a search may run (two characters, or a date of
// birth alone), the filters' checks and variables, and what each hit matched in words.
// `node --test` covers it (tests/web/search.test.js).

const ISO = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
const UK = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** A date of birth as typed (DD/MM/YYYY, YYYY-MM-DD, YYYY-MM, YYYY) checked: {value, error}. */
export function checkDateOfBirth(text) {
  const value = String(text ?? '').trim();
  if (!value) return { value: null, error: null };
  const uk = UK.exec(value);
  const iso = uk ? `${uk[3]}-${uk[2].padStart(2, '0')}-${uk[1].padStart(2, '0')}` : value;
  if (!ISO.test(iso)) {
    return { value: null, error: 'Date of birth: DD/MM/YYYY, YYYY-MM-DD, YYYY-MM or YYYY' };
  }
  return { value: iso, error: null };
}

/**
 * The variables of a search from the form, or {error}. `filters` is {dateOfBirth,
 * nationality, flaggedOnly} as typed; the nationality goes as typed (the server takes a
 * country name or an ISO code).
 */
export function searchVariables(query, filters = {}) {
  const text = String(query ?? '').trim();
  const dob = checkDateOfBirth(filters.dateOfBirth);
  if (dob.error) return { error: dob.error };
  const nationality = String(filters.nationality ?? '').trim() || null;
  if (text.length < 2 && !dob.value) {
    return { error: text ? 'Type at least two letters' : null, idle: !text };
  }
  return { query: text, variables: { dateOfBirth: dob.value, nationality,
    flaggedOnly: Boolean(filters.flaggedOnly) } };
}

/** How many filters are set (the badge on the Filters button). */
export const activeFilters = (filters = {}) => [filters.dateOfBirth, filters.nationality,
  filters.flaggedOnly].filter((v) => (typeof v === 'string' ? v.trim() : v)).length;

const MATCHED = {
  id: 'Exact id', pnc_id: 'Exact PNC ID', cro_number: 'Exact CRO number',
  ho_reference: 'Exact HO reference', passport: 'Exact passport number',
  date_of_birth: 'Date of birth',
};

/** The words for what a hit matched, or null for a name hit (the usual case). */
export const matchedWords = (matched) => MATCHED[matched] ?? null;

/** The status line: "10 of 96 shown", "3 matches", "No match". */
export function statusText(shown, total) {
  if (!total) return 'No match';
  if (total > shown) return `${shown} of ${total} shown`;
  return `${total} ${total === 1 ? 'match' : 'matches'}`;
}

/** The "more" row's text: "Show 10 more (11–20 of 96)". */
export function moreText(shown, total, page) {
  const next = Math.min(page, total - shown);
  return `Show ${next} more (${shown + 1}–${shown + next} of ${total})`;
}
