// A confirmed request's progress and outcome as the page shows them (API.md: count = deleted + rejected +
// alreadyGone + pending once confirmed). Users already gone count as deleted for the admin: they are gone.

import { plural, formatNumber } from './format.js';

export function progressOf(request) {
  const count = request.count ?? 0;
  const deleted = (request.deleted ?? 0) + (request.alreadyGone ?? 0);
  const notDeleted = request.rejected ?? 0;
  const pending = Math.max(0, count - deleted - notDeleted);
  const done = count - pending;
  return {
    count,
    deleted,
    notDeleted,
    pending,
    failed: request.failed ?? 0,
    done,
    percent: count === 0 ? 100 : Math.floor((done * 100) / count),
    finished: request.state === 'COMPLETED',
    // widths of the bar's three parts, in percent, summing to 100
    widths: count === 0 ? { deleted: 0, notDeleted: 0, pending: 0 } : {
      deleted: (deleted * 100) / count,
      notDeleted: (notDeleted * 100) / count,
      pending: (pending * 100) / count,
    },
  };
}

/** The top-right notice once a request has finished with users that could not be deleted, else null. */
export function notDeletedNotice(request) {
  if (request.state !== 'COMPLETED' || !request.rejected) return null;
  const byReason = request.rejectedByReason ?? {};
  const multi = byReason.MULTI_PLATFORM ?? 0;
  const notMember = byReason.NOT_A_MEMBER ?? 0;
  const parts = [];
  if (multi > 0) {
    parts.push(`${plural(multi, 'user')} could not be deleted: they belong to several platforms and were passed`
      + ' to your Customer Success Manager');
  }
  if (notMember > 0) {
    parts.push(`${plural(notMember, 'user')} could not be deleted: they are no longer`
      + ' members of this platform');
  }
  if (parts.length === 0) {
    parts.push(`${plural(request.rejected, 'user')} could not be deleted`);
  }
  return parts.join('. ');
}

/** One line for the history table and the progress text. */
export function summary(request) {
  const p = progressOf(request);
  return `${formatNumber(p.deleted)} deleted, ${formatNumber(p.notDeleted)} could not be deleted, `
    + `${formatNumber(p.pending)} pending`;
}
