// What the admin reads when a call fails: built from the RFC 9457 problem the services (or the gateway) answer,
// never a raw status, stack or JSON dump.

const PREFIX = 'https://user-deletion.example/problems/';

/** Texts for the problems the page can meet where the service's own detail would not say what to do. */
const MESSAGES = {
  'session-expired': 'Your session has ended. Sign in again to continue.',
  unauthenticated: 'You are not signed in (or your session has ended). Sign in again to continue.',
  forbidden: 'You are not allowed to do this: it belongs to another platform or needs another role.',
  'csrf-token-invalid': 'This page was open too long to send that safely. Reload the page and try again.',
  'count-mismatch': 'The number you typed does not match the number of users to delete. Nothing was deleted.',
  'review-changed': 'The selection was reviewed again since this page was loaded, so nothing was deleted.'
    + ' The review has been reloaded: check it and type the number again.',
  'review-required': 'The selection changed since it was reviewed. Review it again before deleting.',
  'precondition-failed': 'The selection was changed in another window or by another admin. It has been'
    + ' reloaded: check it and try again.',
  'concurrent-change': 'Someone changed this selection at the same moment. It has been reloaded: try again.',
  'empty-selection': 'Select at least one user first.',
};

/** The slug of a problem type ("count-mismatch"), or '' if it is not one of ours. */
export function slugOf(problem) {
  const type = problem && typeof problem.type === 'string' ? problem.type : '';
  return type.startsWith(PREFIX) ? type.slice(PREFIX.length) : '';
}

/**
 * One sentence for the admin: a known problem's own text, else the problem's detail (the services write it for
 * people), else its title, else a sentence for the status alone.
 */
export function problemMessage(status, problem) {
  const slug = slugOf(problem);
  if (MESSAGES[slug]) return MESSAGES[slug];
  if (problem && typeof problem.detail === 'string' && problem.detail.trim() !== '') return problem.detail;
  if (problem && typeof problem.title === 'string' && problem.title.trim() !== '') return `${problem.title}.`;
  if (status === 401) return MESSAGES.unauthenticated;
  if (status === 403) return MESSAGES.forbidden;
  if (status === 404) return 'This was not found: it may have been removed. Reload the page.';
  if (status >= 500) return 'Something went wrong on our side; nothing was changed by this request. Try again in a minute.';
  return 'The request could not be completed. Reload the page and try again.';
}

/** Statuses after which the page must send the admin to sign in. */
export function needsSignIn(status) {
  return status === 401;
}

export const NETWORK_MESSAGE = 'The page cannot reach the server. Check your connection and try again.';
