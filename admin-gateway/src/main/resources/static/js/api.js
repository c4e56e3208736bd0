// Calls to /api through the gateway: the session cookie authenticates, the CSRF token goes with every state
// change, and every failure becomes an ApiError whose message is a sentence for the admin.

import { problemMessage, slugOf, needsSignIn, NETWORK_MESSAGE } from './logic/problems.js';

let csrf = null;

export class ApiError extends Error {
  constructor(status, problem, message) {
    super(message);
    this.status = status;
    this.problem = problem;
    this.slug = slugOf(problem);
    this.signIn = needsSignIn(status);
  }
}

/** GET /session: who is signed in, and the CSRF token for later writes. */
export async function loadSession() {
  const response = await fetch('/session', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw new ApiError(response.status, null, problemMessage(response.status, null));
  const session = await response.json();
  csrf = session.csrf;
  return session;
}

export function csrfToken() {
  return csrf;
}

/**
 * One API call. `body` is sent as JSON; `headers` adds e.g. If-Match. Resolves to {status, body, headers} for
 * 2xx answers, rejects with ApiError otherwise.
 */
export async function call(method, path, { body, headers = {}, query } = {}) {
  const url = query && String(query) !== '' ? `${path}?${query}` : path;
  const init = { method, headers: { Accept: 'application/json, application/problem+json', ...headers }, cache: 'no-store' };
  if (method !== 'GET' && csrf) init.headers[csrf.headerName] = csrf.token;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, null, NETWORK_MESSAGE);
  }
  const text = await response.text();
  let parsed = null;
  if (text && /json/.test(response.headers.get('Content-Type') ?? '')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!response.ok) {
    throw new ApiError(response.status, parsed, problemMessage(response.status, parsed));
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

export const get = (path, query) => call('GET', path, { query });
