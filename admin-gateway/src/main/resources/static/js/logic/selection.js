// Which rows of the users list are ticked, from the draft deletion request the server keeps (API.md): a USERS
// selection lists ids; FILTER and ALL_USERS select everyone matching, minus excluded ids.

/** True if the user of this row matches a FILTER selection's filter (the API's semantics). */
export function matchesFilter(filter, row) {
  if (!filter) return true;
  if (filter.email && !String(row.email ?? '').toLowerCase().includes(filter.email.toLowerCase())) return false;
  if (filter.roles && filter.roles.length > 0 && !filter.roles.includes(row.role)) return false;
  if (filter.lastLoginOnOrBefore && row.lastLoginAt) {
    // inclusive, in UTC; users who never logged in match
    if (row.lastLoginAt.slice(0, 10) > filter.lastLoginOnOrBefore) return false;
  }
  return true;
}

/** Whether the row is ticked under the draft's selection (no draft: nothing is). */
export function isSelected(selection, row) {
  if (!selection) return false;
  switch (selection.mode) {
    case 'USERS':
      return (selection.userIds ?? []).includes(row.userId);
    case 'FILTER':
      return !(selection.excludedUserIds ?? []).includes(row.userId) && matchesFilter(selection.filter, row);
    case 'ALL_USERS':
      return !(selection.excludedUserIds ?? []).includes(row.userId);
    default:
      return false;
  }
}

/**
 * How many users the selection means: USERS counts its ids; FILTER and ALL_USERS need the number of users
 * matching (`matching`: of the filter, or of the whole platform), less the excluded ones. Null while unknown.
 */
export function selectedCount(selection, matching) {
  if (!selection) return 0;
  if (selection.mode === 'USERS') return (selection.userIds ?? []).length;
  if (matching == null) return null;
  return Math.max(0, matching - (selection.excludedUserIds ?? []).length);
}

/** The PATCH body that ticks (or unticks) these rows: only the ones whose state changes. */
export function patchFor(selection, rows, tick) {
  const ids = rows.filter((row) => isSelected(selection, row) !== tick).map((row) => row.userId);
  return tick ? { add: ids, remove: [] } : { add: [], remove: ids };
}

/** The draft to keep working on: the newest DRAFT or REVIEWED request, if any. */
export function currentDraft(requests) {
  return (requests ?? [])
    .filter((r) => r.state === 'DRAFT' || r.state === 'REVIEWED')
    .sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)))[0] ?? null;
}
