// The review page: the frozen list (paged), the count, the warnings, and the confirmation: the admin types the
// number of users; the button in the bottom right-hand corner stays disabled until it matches. A refusal from the
// server (wrong number, selection reviewed again elsewhere) is shown and nothing is deleted.

import { call, get } from '../api.js';
import { h, replace } from '../dom.js';
import { pager } from '../pager.js';
import { showError, clearError, actions } from '../ui.js';
import { countMatches, countHint, parseTypedCount } from '../logic/confirm.js';
import { formatNumber, plural, roleLabel } from '../logic/format.js';

const PAGE_SIZE = 50;
const REVIEWED_AGAIN = 'The selection was reviewed again (in another tab, or by another admin) while you were looking at'
  + ' it: this is the new review, from its first page. Nothing was deleted.';

export function reviewView(ctx, view, params, requestId) {
  const base = `/api/platforms/${ctx.platformId}/deletion-requests/${requestId}`;
  const pageNumber = Math.max(0, Number.parseInt(params.get('page') ?? '0', 10) || 0);
  // the review the admin has been paging through: another one's users are never shown under it
  const seen = Number.parseInt(params.get('seen') ?? '', 10);
  let request = null;
  let stopped = false;

  async function load(message, again = false) {
    try {
      let answer = (await get(base)).body;
      if (answer.state === 'DRAFT') {
        // the selection changed since the last review (or none was made): freeze it now
        const headers = answer.version != null ? { 'If-Match': `"${answer.version}"` } : {};
        answer = (await call('POST', `${base}/review`, { headers })).body;
      }
      if (ctx.draft?.request?.requestId === requestId) ctx.draft.request = answer; // the users page's draft too
      if (answer.state === 'CONFIRMED' || answer.state === 'COMPLETED') {
        location.replace(`#/requests/${requestId}`);
        return;
      }
      if (answer.state === 'CANCELLED') {
        replace(view, h('h1', { tabindex: -1 }, 'This deletion request was cancelled'),
          h('p', {}, h('a', { href: '#/users' }, 'Back to the users')));
        return;
      }
      let page = pageNumber;
      if (again || (Number.isInteger(seen) && seen !== answer.reviewVersion)) {
        page = 0;
        message = message ?? REVIEWED_AGAIN;
        history.replaceState(null, '', `#/review/${requestId}`);
      }
      let items;
      try {
        items = (await get(`${base}/items`, new URLSearchParams({ page, size: PAGE_SIZE,
          reviewVersion: answer.reviewVersion }))).body;
      } catch (error) {
        // reviewed again between reading the request and its items: show the new one
        if (error.slug === 'review-changed' && !again) return load(REVIEWED_AGAIN, true);
        throw error;
      }
      request = answer;
      if (!stopped) render(items, message);
    } catch (error) {
      if (!stopped) showError(error);
    }
  }

  function render(items, message) {
    const count = request.count ?? 0;
    const rejections = request.predictedRejections ?? 0;
    replace(view,
      h('h1', { tabindex: -1 }, 'Review the users to delete'),
      message ? h('p', { className: 'callout info', id: 'review-message', role: 'status' }, message) : null,
      h('p', { className: 'lead', id: 'review-count' },
        `You are about to permanently delete ${plural(count, 'user')} from ${ctx.platform?.name ?? ctx.platformId}.`),
      h('div', { className: 'callout warning', id: 'irreversible' },
        h('p', {}, h('strong', {}, 'User deletion is irreversible. '),
          'Make sure you have reviewed every selected user before you go on.'),
        h('p', {}, 'We recommend you let users know before deleting them. If you are unsure how to manage this,'
          + ' contact your Customer Success Manager.'),
        h('p', {}, 'Deleted users are also removed from your platform\'s User Access list.')),
      rejections > 0
        ? h('p', { className: 'callout info', id: 'predicted-rejections' },
          `${plural(rejections, 'user')} of these ${rejections === 1 ? 'belongs' : 'belong'} to several platforms and`
          + ' will not be deleted: they will be passed to your Customer Success Manager, who can remove them from'
          + ' your platform.')
        : null,
      items.totalElements === 0
        ? h('p', { className: 'empty', id: 'review-empty' }, 'No users are selected. Go back to the list to select some.')
        : h('div', { className: 'table-wrap' }, h('table', { className: 'users', id: 'review-items' },
          h('caption', { className: 'visually-hidden' }, 'Users to delete'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Email'), h('th', { scope: 'col' }, 'Role'),
            h('th', { scope: 'col' }, 'Will it be deleted?'))),
          h('tbody', {}, items.items.map((item) => h('tr', {},
            h('td', { className: 'email' }, item.email ?? 'No longer in the directory'),
            h('td', {}, roleLabel(item.role)),
            h('td', {}, item.platformCount > 1
              ? h('span', { className: 'badge warn' }, `No: on ${item.platformCount} platforms, passed to your CSM`)
              : 'Yes')))))),
      pager({ page: items.page, totalPages: items.totalPages, totalElements: items.totalElements,
        onPage: (p) => { location.hash = `#/review/${requestId}?page=${p}&seen=${request.reviewVersion}`; } }),
      h('p', {}, h('a', { href: ctx.usersHash ?? '#/users', id: 'back-to-list' }, '‹ Back to the list to change the selection')));
    renderConfirm(count);
  }

  function renderConfirm(count) {
    const input = h('input', { type: 'text', id: 'typed-count', inputmode: 'numeric', autocomplete: 'off',
      'aria-describedby': 'count-hint', size: 8 });
    const hint = h('span', { id: 'count-hint', className: 'hint', 'aria-live': 'polite' }, '');
    const button = h('button', { type: 'submit', id: 'confirm', className: 'danger big', disabled: true },
      `Delete ${plural(count, 'user')}`);
    input.addEventListener('input', () => {
      button.disabled = !countMatches(input.value, count);
      hint.textContent = countHint(input.value, count);
    });
    const form = h('form', { id: 'confirm-form', className: 'confirm-form', onsubmit: async (e) => {
      e.preventDefault();
      if (!countMatches(input.value, count)) return;
      button.disabled = true;
      clearError();
      try {
        await call('POST', `${base}/confirmation`,
          { body: { typedCount: parseTypedCount(input.value), reviewVersion: request.reviewVersion } });
        if (ctx.draft) ctx.draft.request = null;
        ctx.platformTotal = null;
        ctx.pageTrail = null; // the list's rows are being deleted: its cursors' page numbers will not hold
        location.hash = `#/requests/${requestId}`;
      } catch (error) {
        if (error.slug === 'review-changed') {
          await load(error.message);
        } else {
          showError(error);
          button.disabled = !countMatches(input.value, count);
        }
      }
    } },
    h('label', { for: 'typed-count' }, `Type the number of users to delete (${formatNumber(count)})`),
    input, button, hint);
    replace(actions(), form);
    if (count === 0) button.hidden = true;
  }

  load();
  return () => { stopped = true; };
}
