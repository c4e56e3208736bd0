// One confirmed deletion request: a live progress bar (deleted / could not be deleted / pending, polled), the
// top-right notice when some users could not be deleted with their list on demand, and the admin notifications
// about it ("All users have been removed" once the CSM is done).

import { get } from '../api.js';
import { h, replace } from '../dom.js';
import { pager } from '../pager.js';
import { showError, clearError, showNotice } from '../ui.js';
import { progressOf, notDeletedNotice } from '../logic/progress.js';
import { formatDateTime, formatNumber, plural, roleLabel } from '../logic/format.js';

const POLL_MS = 1000;
const NOTIFICATIONS_POLL_MS = 3000;

export function requestView(ctx, view, params, requestId) {
  const platformBase = `/api/platforms/${ctx.platformId}`;
  const base = `${platformBase}/deletion-requests/${requestId}`;
  const timers = new Set();
  let stopped = false;
  let rejectedPage = null;

  const later = (fn, ms) => {
    const t = setTimeout(() => { timers.delete(t); if (!stopped) fn(); }, ms);
    timers.add(t);
  };

  const heading = h('h1', { tabindex: -1 }, 'Deletion request');
  const status = h('div', { id: 'request-status' }, h('p', { className: 'loading' }, 'Loading…'));
  const rejectedList = h('div', { id: 'not-deleted-list' });
  const notifications = h('section', { id: 'request-notifications', 'aria-labelledby': 'notifications-heading' });
  replace(view, heading, status, rejectedList, notifications,
    h('p', {}, h('a', { href: '#/history' }, 'All deletion requests'), ' · ', h('a', { href: '#/users' }, 'Back to the users')));

  async function poll() {
    try {
      const request = (await get(base)).body;
      if (stopped) return;
      if (request.state === 'DRAFT' || request.state === 'REVIEWED') {
        location.replace(`#/review/${requestId}`);
        return;
      }
      render(request);
      if (request.state === 'CONFIRMED') later(poll, POLL_MS);
      else if (request.state === 'COMPLETED') {
        ctx.platformTotal = null;
        if (request.rejected > 0) loadNotifications(request);
      }
    } catch (error) {
      showError(error);
      if (!error.signIn) later(poll, POLL_MS * 5);
    }
  }

  function render(request) {
    clearError();
    const p = progressOf(request);
    heading.textContent = p.finished ? 'Deletion finished' : `Deleting ${plural(p.count, 'user')}…`;
    const bar = h('div', { className: 'progress', id: 'progress', role: 'progressbar', 'aria-valuemin': 0,
      'aria-valuemax': 100, 'aria-valuenow': p.percent, 'aria-label': 'Deletion progress',
      'aria-valuetext': `${p.percent}%: ${p.deleted} deleted, ${p.notDeleted} could not be deleted, ${p.pending} pending` },
    h('span', { className: 'part deleted' }), h('span', { className: 'part not-deleted' }),
    h('span', { className: 'part pending' }));
    // widths through the CSSOM: allowed by the Content-Security-Policy, unlike inline style attributes
    bar.children[0].style.width = `${p.widths.deleted}%`;
    bar.children[1].style.width = `${p.widths.notDeleted}%`;
    bar.children[2].style.width = `${p.widths.pending}%`;
    replace(status,
      h('p', { className: 'lead' }, p.finished
        ? `Finished ${formatDateTime(request.completedAt)}: ${plural(p.deleted, 'user')} deleted.`
        : `Started ${formatDateTime(request.confirmedAt)}. You can leave this page: the deletion goes on, and this page shows where it stands when you come back.`),
      bar,
      h('dl', { className: 'counts' },
        h('div', { className: 'count deleted' }, h('dt', {}, 'Deleted'), h('dd', { id: 'count-deleted' }, formatNumber(p.deleted))),
        h('div', { className: 'count not-deleted' }, h('dt', {}, 'Could not be deleted'),
          h('dd', { id: 'count-not-deleted' }, formatNumber(p.notDeleted))),
        h('div', { className: 'count pending' }, h('dt', {}, 'Pending'), h('dd', { id: 'count-pending' }, formatNumber(p.pending)))),
      request.stalled
        ? h('p', { className: 'callout warning', id: 'stalled' }, p.failed > 0
          ? `${plural(p.failed, 'user')} could not be processed because of a technical fault. The operations team has been`
            + ' alerted; the rest goes on.'
          : 'This deletion is taking longer than expected. The operations team has been alerted; nothing needs to be done'
            + ' on your side.')
        : null);
    const notice = notDeletedNotice(request);
    if (notice && !document.getElementById('not-deleted-notice')) {
      showNotice('not-deleted-notice', notice,
        h('button', { type: 'button', id: 'show-not-deleted', className: 'link-button',
          onclick: () => showNotDeleted(0) }, 'Show who'));
    }
  }

  async function showNotDeleted(page) {
    try {
      rejectedPage = (await get(`${base}/items`,
        new URLSearchParams({ outcome: 'REJECTED', page, size: 50 }))).body;
      replace(rejectedList, h('h2', { id: 'not-deleted-heading', tabindex: -1 }, 'Users who could not be deleted'),
        h('p', {}, 'They belong to several platforms. Your Customer Success Manager has their list and will remove them'
          + ' from your platform; you will be told here when all have been removed.'),
        h('div', { className: 'table-wrap' }, h('table', { className: 'users', id: 'not-deleted-table' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Email'), h('th', { scope: 'col' }, 'Role'),
            h('th', { scope: 'col' }, 'Why'))),
          h('tbody', {}, rejectedPage.items.map((item) => h('tr', {},
            h('td', { className: 'email' }, item.email ?? 'No longer in the directory'),
            h('td', {}, roleLabel(item.role)),
            h('td', {}, item.reason === 'NOT_A_MEMBER' ? 'No longer a member of this platform'
              : `On ${item.platformCount ?? 'several'} platforms`)))))),
        pager({ page: rejectedPage.page, totalPages: rejectedPage.totalPages, totalElements: rejectedPage.totalElements,
          onPage: showNotDeleted, idPrefix: 'not-deleted-' }));
      document.getElementById('not-deleted-heading').focus();
    } catch (error) {
      showError(error);
    }
  }

  async function loadNotifications(request) {
    try {
      const all = (await get(`${platformBase}/notifications`)).body ?? [];
      const mine = all.filter((n) => n.requestId === request.requestId);
      replace(notifications, h('h2', { id: 'notifications-heading' }, 'Notifications about this request'),
        mine.length === 0
          ? h('p', { className: 'empty' }, 'None yet.')
          : h('ul', { className: 'notifications', id: 'request-notification-list' }, mine.map((n) => h('li', {
            className: n.type === 'FOLLOW_UP_CLOSED' ? 'notification done' : 'notification' },
          h('span', { className: 'when' }, formatDateTime(n.createdAt)), ' ', h('span', { className: 'message' }, n.message)))));
      const closed = mine.some((n) => n.type === 'FOLLOW_UP_CLOSED');
      if (closed) {
        document.getElementById('not-deleted-notice')?.remove();
        showNotice('all-removed-notice', mine.find((n) => n.type === 'FOLLOW_UP_CLOSED').message);
      } else {
        later(() => loadNotifications(request), NOTIFICATIONS_POLL_MS);
      }
    } catch (error) {
      showError(error);
    }
  }

  poll();
  return () => {
    stopped = true;
    timers.forEach(clearTimeout);
    document.getElementById('not-deleted-notice')?.remove();
    document.getElementById('all-removed-notice')?.remove();
  };
}
