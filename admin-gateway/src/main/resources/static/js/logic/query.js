// The users list's query: what the filter form holds, as the page's address (#/users?...) and as the
// user-query-service parameters (API.md). Pure functions: unit-tested with `node --test`.

export const ROLES = ['MENTOR', 'MENTEE'];
export const SORTS = ['email,asc', 'email,desc', 'lastLoginAt,desc', 'lastLoginAt,asc'];
export const SIZES = [25, 50, 100, 200];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const DEFAULT_QUERY = Object.freeze({
  email: '', roles: [], lastLoginOnOrBefore: '', sort: 'email,asc', page: 0, size: 50,
});

/** A query from URL parameters (the page's hash or any URLSearchParams); anything invalid takes its default. */
export function parseQuery(params) {
  const p = params instanceof URLSearchParams ? params : new URLSearchParams(params ?? '');
  const page = Number.parseInt(p.get('page') ?? '', 10);
  const size = Number.parseInt(p.get('size') ?? '', 10);
  const date = p.get('lastLoginOnOrBefore') ?? '';
  return {
    email: (p.get('email') ?? '').trim(),
    roles: ROLES.filter((r) => p.getAll('role').includes(r)),
    lastLoginOnOrBefore: DATE.test(date) && !Number.isNaN(Date.parse(date)) ? date : '',
    sort: SORTS.includes(p.get('sort')) ? p.get('sort') : DEFAULT_QUERY.sort,
    page: Number.isInteger(page) && page >= 0 ? page : 0,
    size: SIZES.includes(size) ? size : DEFAULT_QUERY.size,
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

/** Every parameter of GET .../users, in the API's names. */
export function listParams(query) {
  const p = filterParams(query);
  p.set('sort', query.sort);
  p.set('page', String(query.page));
  p.set('size', String(query.size));
  return p;
}

/** The same parameters, as the page's address keeps them (defaults left out). */
export function toHashParams(query) {
  const p = filterParams(query);
  if (query.sort !== DEFAULT_QUERY.sort) p.set('sort', query.sort);
  if (query.page !== 0) p.set('page', String(query.page));
  if (query.size !== DEFAULT_QUERY.size) p.set('size', String(query.size));
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
  return { ...query, ...change, page: 0 };
}
