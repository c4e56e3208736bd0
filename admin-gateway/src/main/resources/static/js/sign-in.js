// The local sign-in page: lists the demo accounts the gateway offers and posts the choice with the CSRF token.

import { loadSession } from './api.js';
import { h, replace, byId } from './dom.js';

async function start() {
  try {
    const session = await loadSession();
    if (session.signedIn) {
      location.replace('/');
      return;
    }
    document.querySelector('#sign-in input[name="_csrf"]').value = session.csrf.token;
    const response = await fetch('/sign-in/accounts', { headers: { Accept: 'application/json' } });
    const accounts = await response.json();
    replace(byId('accounts'), accounts.map((account, index) => h('div', { className: 'choice' },
      h('input', { type: 'radio', name: 'account', id: `account-${account.id.replace(/[^a-z0-9]/gi, '-')}`,
        value: account.id, required: true, checked: index === 0 }),
      h('label', { for: `account-${account.id.replace(/[^a-z0-9]/gi, '-')}` }, account.label))));
    const other = byId('account-other');
    const otherPlatform = byId('other-platform');
    otherPlatform.addEventListener('input', () => { other.checked = true; });
    byId('sign-in').addEventListener('submit', () => {
      other.value = `admin:${otherPlatform.value.trim()}`;
    });
    if (new URLSearchParams(location.search).has('unknown-account')) {
      const error = byId('sign-in-error');
      error.textContent = 'That account is not offered here. Choose one of the list.';
      error.hidden = false;
    }
  } catch {
    const error = byId('sign-in-error');
    error.textContent = 'The sign-in cannot be loaded right now. Reload the page in a moment.';
    error.hidden = false;
  }
}

start();
