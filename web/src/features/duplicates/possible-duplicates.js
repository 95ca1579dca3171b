// The custody page's warning after a new nominal is recorded: the records the server's
// duplicate check paired it with (recordPerson's possibleDuplicates), each a profile link,
// and the way to the Duplicates page where the pairs are decided.

import { DUPLICATES_HASH, hashForPerson } from '../../router.js';
import { h } from '../../shared/dom.js';
import { possibleDuplicatesNotice } from './format.js';

/** The warning block, or null when the check found nobody. */
export function possibleDuplicatesBlock(duplicates) {
  const notice = possibleDuplicatesNotice(duplicates);
  if (!notice) return null;
  return h('div', { id: 'possible-duplicates', class: 'notice warn', role: 'alert' },
    h('p', { text: notice.heading }),
    h('ul', {}, notice.items.map((item) => h('li', { 'data-person-id': item.id },
      h('a', { href: hashForPerson(item.id), text: item.name }),
      h('span', { class: 'muted', text: ` ${item.id} · ` }),
      h('strong', { text: item.text })))),
    h('p', {}, h('a', { href: DUPLICATES_HASH, text: 'Review on the Duplicates page' })));
}
