// The CSM dashboard: follow-up cases (open or closed, per platform) with the users' emails, a CSV download, and
// the removal of one user from one platform, after which the item resolves by itself (through the events).

import { call, get } from '../api.js';
import { h, replace } from '../dom.js';
import { showError, clearError } from '../ui.js';
import { formatDateTime, plural } from '../logic/format.js';

const POLL_MS = 1000;
const PLATFORM = /^[a-z0-9-]{1,64}$/;

export function csmView(ctx, view, params) {
  const state = ['OPEN', 'CLOSED', 'ALL'].includes(params.get('state')) ? params.get('state') : 'OPEN';
  const platform = PLATFORM.test(params.get('platform') ?? '') ? params.get('platform') : '';
  const timers = new Set();
  let stopped = false;

  const go = (next) => {
    const p = new URLSearchParams();
    if (next.state !== 'OPEN') p.set('state', next.state);
    if (next.platform) p.set('platform', next.platform);
    location.hash = p.toString() ? `#/csm?${p}` : '#/csm';
  };

  const stateSelect = h('select', { id: 'case-state' },
    [['OPEN', 'Open'], ['CLOSED', 'Closed'], ['ALL', 'All']].map(([v, t]) => h('option', { value: v, selected: v === state }, t)));
  const platformInput = h('input', { type: 'text', id: 'case-platform', value: platform, pattern: '[a-z0-9-]{1,64}',
    placeholder: 'all platforms', autocomplete: 'off' });
  const form = h('form', { className: 'filters', role: 'search', id: 'case-filters', onsubmit: (e) => {
    e.preventDefault();
    go({ state: stateSelect.value, platform: platformInput.value.trim() });
  } },
  h('div', { className: 'field' }, h('label', { for: 'case-state' }, 'Cases'), stateSelect),
  h('div', { className: 'field' }, h('label', { for: 'case-platform' }, 'Platform id'), platformInput),
  h('div', { className: 'field buttons' }, h('button', { type: 'submit', className: 'primary' }, 'Show')));
  stateSelect.addEventListener('change', () => go({ state: stateSelect.value, platform: platformInput.value.trim() }));
  const list = h('div', { id: 'cases' }, h('p', { className: 'loading' }, 'Loading…'));
  replace(view, h('h1', { tabindex: -1 }, 'Follow-up cases'),
    h('p', { className: 'lead' }, 'Users an admin could not delete because they belong to several platforms. Remove each'
      + ' from the platform that asked; the case closes by itself when all are removed, and the admin is told.'),
    form, list);

  function renderCase(c) {
    const open = c.items.filter((i) => i.state === 'OPEN').length;
    return h('section', { className: 'case', id: `case-${c.caseId}`, dataset: { caseId: c.caseId } },
      h('h2', {}, `${c.platformId}: ${plural(c.items.length, 'user')}`, ' ',
        h('span', { className: c.state === 'OPEN' ? 'badge warn' : 'badge ok' },
          c.state === 'OPEN' ? `${open} to remove` : 'Closed')),
      h('p', { className: 'meta' }, `Opened ${formatDateTime(c.openedAt)}`,
        c.closedAt ? ` · closed ${formatDateTime(c.closedAt)}` : '', ` · deletion request ${c.requestId}`),
      h('p', {}, h('a', { className: 'button', href: `/api/csm/follow-ups/${c.caseId}/emails.csv`, download: `follow-up-${c.caseId}.csv`,
        id: `csv-${c.caseId}` }, 'Download the emails (CSV)')),
      h('div', { className: 'table-wrap' }, h('table', { className: 'users' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Email'), h('th', { scope: 'col' }, 'Why'),
          h('th', { scope: 'col' }, 'State'), h('th', { scope: 'col' }, h('span', { className: 'visually-hidden' }, 'Action')))),
        h('tbody', {}, c.items.map((item) => h('tr', { dataset: { userId: item.userId } },
          h('td', { className: 'email' }, item.email ?? item.userId),
          h('td', {}, item.reason === 'MULTI_PLATFORM' ? 'On several platforms' : item.reason ?? ''),
          h('td', { className: 'item-state' }, item.state === 'RESOLVED' ? 'Removed' : 'To remove'),
          h('td', {}, item.state === 'OPEN'
            ? h('button', { type: 'button', className: 'danger-outline remove-user', id: `remove-${c.caseId}-${item.userId}`,
              'aria-label': `Remove ${item.email ?? item.userId} from ${c.platformId}`,
              onclick: (e) => remove(c, item, e.target) }, `Remove from ${c.platformId}`)
            : '')))))));
  }

  async function remove(c, item, button) {
    clearError();
    button.disabled = true;
    button.textContent = 'Removing…';
    try {
      await call('DELETE', `/api/platforms/${c.platformId}/members/${item.userId}`);
      watch(c.caseId, item.userId);
    } catch (error) {
      showError(error);
      button.disabled = false;
      button.textContent = `Remove from ${c.platformId}`;
    }
  }

  /** The item resolves when the membership change has reached notification-service: follow it until then. */
  async function watch(caseId, userId) {
    if (stopped) return;
    try {
      const c = (await get(`/api/csm/follow-ups/${caseId}`)).body;
      const section = document.getElementById(`case-${caseId}`);
      if (section) section.replaceWith(renderCase(c));
      if (c.items.find((i) => i.userId === userId)?.state !== 'RESOLVED') {
        const t = setTimeout(() => { timers.delete(t); watch(caseId, userId); }, POLL_MS);
        timers.add(t);
      }
    } catch (error) {
      showError(error);
    }
  }

  (async () => {
    try {
      const query = new URLSearchParams();
      if (state !== 'ALL') query.set('state', state);
      if (platform) query.set('platformId', platform);
      const cases = (await get('/api/csm/follow-ups', query)).body ?? [];
      if (stopped) return;
      replace(list, cases.length === 0
        ? h('p', { className: 'empty', id: 'no-cases' }, state === 'OPEN' ? 'No open cases: nothing to remove.' : 'No cases.')
        : cases.map(renderCase));
    } catch (error) {
      replace(list);
      showError(error);
    }
  })();

  return () => {
    stopped = true;
    timers.forEach(clearTimeout);
  };
}
