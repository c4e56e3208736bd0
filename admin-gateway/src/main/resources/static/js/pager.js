// "Page 2 of 40 · 2,000 users" with Previous / Next buttons; "Page 2 of 20+ · 1,000+ users" when the total is only a
// lower bound (a list with an email term is counted up to 1,000), and then Next stays open while pages are full.

import { h } from './dom.js';
import { formatNumber, plural } from './logic/format.js';

export function pager({ page, totalPages, totalElements, totalIsExact = true, full = false, noun = 'user', onPage,
  idPrefix = '' }) {
  const pages = Math.max(totalPages, 1);
  const more = totalIsExact ? page + 1 < pages : page + 1 < pages || full;
  return h('nav', { className: 'pager', 'aria-label': 'Pages' },
    h('button', { type: 'button', id: `${idPrefix}prev-page`, disabled: page <= 0, onclick: () => onPage(page - 1) },
      '‹ Previous'),
    h('span', { className: 'page-status', id: `${idPrefix}page-status` },
      `Page ${formatNumber(page + 1)} of ${formatNumber(pages)}${totalIsExact ? '' : '+'} · `
        + plural(totalElements, noun, `${noun}s`, totalIsExact)),
    h('button', { type: 'button', id: `${idPrefix}next-page`, disabled: !more, onclick: () => onPage(page + 1) },
      'Next ›'));
}
