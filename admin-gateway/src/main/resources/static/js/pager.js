// "Page 2 of 40 · 2,000 users" with Previous / Next buttons.

import { h } from './dom.js';
import { formatNumber, plural } from './logic/format.js';

export function pager({ page, totalPages, totalElements, noun = 'user', onPage, idPrefix = '' }) {
  const pages = Math.max(totalPages, 1);
  return h('nav', { className: 'pager', 'aria-label': 'Pages' },
    h('button', { type: 'button', id: `${idPrefix}prev-page`, disabled: page <= 0, onclick: () => onPage(page - 1) },
      '‹ Previous'),
    h('span', { className: 'page-status', id: `${idPrefix}page-status` },
      `Page ${formatNumber(page + 1)} of ${formatNumber(pages)} · ${plural(totalElements, noun)}`),
    h('button', { type: 'button', id: `${idPrefix}next-page`, disabled: page + 1 >= pages, onclick: () => onPage(page + 1) },
      'Next ›'));
}
