// What every view shares: the error banner, the notices in the top right-hand corner, the bottom-right actions.

import { ApiError } from './api.js';
import { h, replace, byId } from './dom.js';

/** Shows a failure as a sentence in the banner at the top of the page (with a sign-in link when needed). */
export function showError(error) {
  const banner = byId('error');
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  replace(banner, h('span', { id: 'error-message' }, message),
    error instanceof ApiError && error.signIn ? [' ', h('a', { href: '/', id: 'sign-in-again' }, 'Sign in again')] : null);
  banner.hidden = false;
}

export function clearError() {
  const banner = byId('error');
  banner.hidden = true;
  banner.replaceChildren();
}

/** A notice in the top right-hand corner; returns it so a view can remove it. */
export function showNotice(id, text, ...actions) {
  byId(id)?.remove();
  const notice = h('div', { className: 'notice', id, role: 'status' },
    h('p', { className: 'notice-text' }, text),
    actions,
    h('button', { type: 'button', className: 'link-button notice-close', 'aria-label': 'Close this notice',
      onclick: () => notice.remove() }, '×'));
  byId('notices').append(notice);
  return notice;
}

/** The bottom right-hand corner's action area, emptied on every view change. */
export function actions() {
  return byId('actions');
}

