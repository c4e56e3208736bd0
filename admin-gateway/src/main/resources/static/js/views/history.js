// The platform's deletion requests, newest first: state and counts, each linked to its page.

import { get } from '../api.js';
import { h, replace } from '../dom.js';
import { showError } from '../ui.js';
import { progressOf } from '../logic/progress.js';
import { formatDateTime, formatNumber } from '../logic/format.js';

const STATE_LABELS = {
  DRAFT: 'Draft', REVIEWED: 'Reviewed, not confirmed', CONFIRMED: 'Deleting', COMPLETED: 'Finished', CANCELLED: 'Cancelled',
};

export function historyView(ctx, view) {
  replace(view, h('h1', { tabindex: -1 }, 'Deletion history'), h('p', { className: 'loading' }, 'Loading…'));
  (async () => {
    try {
      const requests = (await get(`/api/platforms/${ctx.platformId}/deletion-requests`)).body ?? [];
      const confirmed = (r) => r.state === 'CONFIRMED' || r.state === 'COMPLETED';
      replace(view, h('h1', { tabindex: -1 }, 'Deletion history'),
        requests.length === 0
          ? h('p', { className: 'empty', id: 'no-history' }, 'No deletion requests yet. Select users on the Users page to start one.')
          : h('div', { className: 'table-wrap' }, h('table', { className: 'history', id: 'history' },
            h('thead', {}, h('tr', {}, ['Created', 'State', 'Users', 'Deleted', 'Could not be deleted', 'Pending', '']
              .map((t) => h('th', { scope: 'col' }, t)))),
            h('tbody', {}, requests.map((r) => {
              const p = progressOf(r);
              return h('tr', { dataset: { requestId: r.requestId } },
                h('td', {}, formatDateTime(r.createdAt)),
                h('td', {}, STATE_LABELS[r.state] ?? r.state, r.stalled ? ' (delayed)' : ''),
                h('td', {}, r.count == null ? '–' : formatNumber(r.count)),
                h('td', {}, confirmed(r) ? formatNumber(p.deleted) : '–'),
                h('td', {}, confirmed(r) ? formatNumber(p.notDeleted) : '–'),
                h('td', {}, confirmed(r) ? formatNumber(p.pending) : '–'),
                h('td', {}, r.state === 'CANCELLED' ? '' : h('a', {
                  href: confirmed(r) ? `#/requests/${r.requestId}` : `#/review/${r.requestId}`,
                }, confirmed(r) ? 'Open' : 'Review')));
            })))));
    } catch (error) {
      showError(error);
    }
  })();
}
