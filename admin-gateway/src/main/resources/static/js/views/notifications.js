// The admin's notifications, newest first.

import { get } from '../api.js';
import { h, replace } from '../dom.js';
import { showError } from '../ui.js';
import { formatDateTime } from '../logic/format.js';

export function notificationsView(ctx, view) {
  replace(view, h('h1', { tabindex: -1 }, 'Notifications'), h('p', { className: 'loading' }, 'Loading…'));
  (async () => {
    try {
      const items = (await get(`/api/platforms/${ctx.platformId}/notifications`)).body ?? [];
      replace(view, h('h1', { tabindex: -1 }, 'Notifications'),
        items.length === 0
          ? h('p', { className: 'empty', id: 'no-notifications' }, 'No notifications yet.')
          : h('ul', { className: 'notifications', id: 'notification-list' }, items.map((n) => h('li', {
            className: n.type === 'FOLLOW_UP_CLOSED' ? 'notification done' : 'notification' },
          h('span', { className: 'when' }, formatDateTime(n.createdAt)), ' ', h('span', { className: 'message' }, n.message),
          ' ', h('a', { href: `#/requests/${n.requestId}` }, 'Open the request')))));
    } catch (error) {
      showError(error);
    }
  })();
}
