// The users list's query: what the filter form holds, as the page's address (#/users?...) and as the
// user-query-service parameters (API.md). Pure functions: unit-tested with `node --test`.

export const ROLES = ['MENTOR', 'MENTEE'];
export const SORTS = ['email,asc', 'email,desc', 'lastLoginAt,desc', 'lastLoginAt,asc'];
export const SIZES = [25, 50, 100, 200];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// a page cursor as the API makes them (base64url); the API decides whether it is one of its own
const CURSOR = /^[A-Za-z0-9_-]{16,1024}$/;

export const DEFAULT_QUERY = Object.freeze({
  email: '', roles: [], lastLoginOnOrBefore: '', sort: 'email,asc', page: 0, size: 50, after: '',
});

/**
 * A query from URL parameters (the page's hash or any URLSearchParams); anything invalid takes its default.
 * `after` is the cursor the page starts after (a page reached with Next), kept only with the page number it shows.
 */
export function parseQuery(params) {
  const p = params instanceof URLSearchParams ? params : new URLSearchParams(params ?? '');
  const page = Number.parseInt(p.get('page') ?? '', 10);
  const size = Number.parseInt(p.get('size') ?? '', 10);
  const date = p.get('lastLoginOnOrBefore') ?? '';
  const after = p.get('after') ?? '';
  const valid = Number.isInteger(page) && page >= 0;
  return {
    email: (p.get('email') ?? '').trim(),
    roles: ROLES.filter((r) => p.getAll('role').includes(r)),
    lastLoginOnOrBefore: DATE.test(date) && !Number.isNaN(Date.parse(date)) ? date : '',
    sort: SORTS.includes(p.get('sort')) ? p.get('sort') : DEFAULT_QUERY.sort,
    page: valid ? page : 0,
    size: SIZES.includes(size) ? size : DEFAULT_QUERY.size,
    after: valid && page > 0 && CURSOR.test(after) ? after : '',
  };
}

/**
 * Whether a date field's value is one to search with: empty (the filter cleared) or a date of this era. While a
 * person types a year digit by digit the field already holds 0002-06-30, 0020-06-30, 0202-06-30 and fires `change`
 * each time; searching then re-draws the form under their fingers and loses the rest of the year.
 */
export function isSettledDate(value) {
  return value === '' || (DATE.test(value) && Number(value.slice(0, 4)) >= 1900);
}

/** The filter parameters only (email, role, lastLoginOnOrBefore), as for GET .../users/count. */
export function filterParams(query) {
  const p = new URLSearchParams();
  if (query.email) p.set('email', query.email);
  for (const role of query.roles) p.append('role', role);
  if (query.lastLoginOnOrBefore) p.set('lastLoginOnOrBefore', query.lastLoginOnOrBefore);
  return p;
}

/**
 * Every parameter of GET .../users, in the API's names: the page by its cursor where the query has one (keyset
 * paging, as fast at page 1,000 as at page 2), otherwise by number.
 */
export function listParams(query) {
  const p = filterParams(query);
  p.set('sort', query.sort);
  if (query.after) {
    p.set('after', query.after);
  } else {
    p.set('page', String(query.page));
  }
  p.set('size', String(query.size));
  return p;
}

/** The same parameters, as the page's address keeps them (defaults left out). */
export function toHashParams(query) {
  const p = filterParams(query);
  if (query.sort !== DEFAULT_QUERY.sort) p.set('sort', query.sort);
  if (query.page !== 0) p.set('page', String(query.page));
  if (query.size !== DEFAULT_QUERY.size) p.set('size', String(query.size));
  if (query.after) p.set('after', query.after);
  return p;
}

export function hasFilter(query) {
  return query.email !== '' || query.roles.length > 0 || query.lastLoginOnOrBefore !== '';
}

/** The filter as a FILTER selection carries it (PUT .../selection). */
export function selectionFilter(query) {
  const filter = {};
  if (query.email) filter.email = query.email;
  if (query.roles.length > 0) filter.roles = [...query.roles];
  if (query.lastLoginOnOrBefore) filter.lastLoginOnOrBefore = query.lastLoginOnOrBefore;
  return filter;
}

/** A changed filter starts again at page 0; paging keeps it. */
export function withFilter(query, change) {
  return { ...query, ...change, page: 0, after: '' };
}

/** What makes one list apart from its page: the cursors seen while paging belong to it (see pageQuery). */
export function listKey(query) {
  const { page, after, ...list } = query;
  return JSON.stringify({ ...list, roles: [...list.roles].sort() });
}

/**
 * The query of page `target` of the same list: Next starts after the shown page's last row (its `nextCursor`);
 * any other page starts after a cursor seen on the way there (`trail`: page number -> cursor), so Previous after
 * Next is keyset paging too; a page no cursor is known for (a page typed into the address, or after a reload) is
 * asked for by number.
 */
export function pageQuery(query, target, { nextCursor = null, trail = new Map() } = {}) {
  const cursor = target === query.page + 1 && nextCursor ? nextCursor : trail.get(target);
  return { ...query, page: target, after: target > 0 && cursor ? cursor : '' };
}

/**
 * Keeps `trail` (page number -> cursor) true to the page just shown. A page shown by cursor is remembered; a page
 * shown by number ends the trail: its numbers count the rows as they are now, the cursors seen before it were
 * numbered as the rows were then (users deleted since would shift them), and Previous must not mix the two.
 */
export function recordPage(trail, query) {
  if (query.after) {
    trail.set(query.page, query.after);
  } else {
    trail.clear();
  }
}
