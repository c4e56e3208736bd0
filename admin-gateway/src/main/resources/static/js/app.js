// The admin page and the CSM dashboard: one static page, views chosen by the address's hash, everything loaded
// from /api through the gateway with the session cookie.

import { loadSession, get } from './api.js';
import { h, replace, byId } from './dom.js';
import { showError, clearError, actions } from './ui.js';
import { usersView } from './views/users.js';
import { reviewView } from './views/review.js';
import { requestView } from './views/request.js';
import { historyView } from './views/history.js';
import { notificationsView } from './views/notifications.js';
import { csmView } from './views/csm.js';

let cleanup = () => {};

function routes(ctx) {
  const admin = ctx.user.roles.includes('PLATFORM_ADMIN') && ctx.user.platformId;
  const csm = ctx.user.roles.includes('CSM');
  const table = [];
  if (admin) {
    table.push({ pattern: /^\/users$/, nav: 'Users', path: '/users', render: usersView });
    table.push({ pattern: /^\/review\/([0-9a-f-]{36})$/, render: reviewView });
    table.push({ pattern: /^\/requests\/([0-9a-f-]{36})$/, render: requestView });
    table.push({ pattern: /^\/history$/, nav: 'Deletion history', path: '/history', render: historyView });
    table.push({ pattern: /^\/notifications$/, nav: 'Notifications', path: '/notifications', render: notificationsView });
  }
  if (csm) {
    table.push({ pattern: /^\/csm$/, nav: 'Follow-up cases', path: '/csm', render: csmView });
  }
  return table;
}

function parseHash() {
  const hash = location.hash.replace(/^#/, '') || '';
  const [path, query = ''] = hash.split('?');
  return { path: path || '', params: new URLSearchParams(query) };
}

function renderNav(ctx, table, current) {
  replace(byId('nav'), h('ul', {}, table.filter((r) => r.nav).map((r) => h('li', {},
    h('a', { href: `#${r.path}`, 'aria-current': current === r ? 'page' : null }, r.nav)))));
}

function route(ctx) {
  cleanup();
  cleanup = () => {};
  clearError();
  actions().replaceChildren();
  const table = routes(ctx);
  const { path, params } = parseHash();
  const match = table.map((r) => ({ r, m: path.match(r.pattern) })).find((x) => x.m);
  if (!match) {
    if (table.length === 0) {
      replace(byId('view'), h('h1', {}, 'Nothing to see here'),
        h('p', {}, 'Your account has neither the platform admin nor the Customer Success Manager role.'));
      return;
    }
    location.replace(`#${table.find((r) => r.path).path}`);
    return;
  }
  renderNav(ctx, table, match.r);
  const view = byId('view');
  view.replaceChildren(h('p', { className: 'loading' }, 'Loading…'));
  const done = match.r.render(ctx, view, params, ...match.m.slice(1));
  if (typeof done === 'function') cleanup = done;
  byId('main').focus({ preventScroll: true });
}

async function start() {
  let session;
  try {
    session = await loadSession();
  } catch (e) {
    showError(e);
    return;
  }
  if (!session.signedIn) {
    location.replace('/');
    return;
  }
  document.querySelector('#sign-out input[name="_csrf"]').value = session.csrf.token;
  const user = session.user;
  const ctx = { user, platformId: user.platformId };
  byId('signed-in-as').textContent = user.roles.includes('CSM') ? 'Customer Success Manager'
    : `Admin (${user.sub})`;
  if (ctx.platformId) {
    byId('platform-name').textContent = ctx.platformId;
    get(`/api/platforms/${ctx.platformId}`).then((r) => {
      ctx.platform = r.body;
      byId('platform-name').textContent = r.body.name;
    }).catch(() => { /* the id is shown instead */ });
  }
  window.addEventListener('hashchange', () => route(ctx));
  route(ctx);
}

start();
