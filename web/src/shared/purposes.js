// Purpose categories: the reason code asked at sign-in beside the free-text purpose, and
// shown to other officers on the deconfliction card in place of that text. The same set as
// graph/audit/purposes.py (tests/web/test_purposes.py compares them).

export const PURPOSE_CATEGORIES = [
  ['custody', 'Custody: a detained person'],
  ['investigation', 'Criminal investigation'],
  ['intelligence', 'Intelligence development'],
  ['safeguarding', 'Safeguarding or vulnerability'],
  ['immigration', 'Immigration enforcement'],
  ['review', 'Review, supervision or audit'],
  ['other', 'Other'],
];

const LABELS = new Map(PURPOSE_CATEGORIES);

/** The words for a category ("not_stated", unknown or missing: "purpose not stated"). */
export function purposeLabel(category) {
  return LABELS.get(category) ?? 'purpose not stated';
}
