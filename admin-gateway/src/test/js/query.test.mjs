import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_QUERY, parseQuery, listParams, filterParams, toHashParams, hasFilter, selectionFilter, withFilter,
  isSettledDate,
} from '../../main/resources/static/js/logic/query.js';

test('the API gets every filter, with role repeated, sort, page and size', () => {
  const q = { email: 'ada', roles: ['MENTOR', 'MENTEE'], lastLoginOnOrBefore: '2025-01-31', sort: 'lastLoginAt,desc', page: 2, size: 100 };
  assert.equal(listParams(q).toString(),
    'email=ada&role=MENTOR&role=MENTEE&lastLoginOnOrBefore=2025-01-31&sort=lastLoginAt%2Cdesc&page=2&size=100');
});

test('the count gets the filters only', () => {
  assert.equal(filterParams({ ...DEFAULT_QUERY, roles: ['MENTEE'], page: 3 }).toString(), 'role=MENTEE');
});

test('an email with %, _ and + reaches the API as typed', () => {
  const p = listParams({ ...DEFAULT_QUERY, email: 'a+b%_c' });
  assert.equal(new URLSearchParams(p.toString()).get('email'), 'a+b%_c');
});

test('the address round-trips and leaves defaults out', () => {
  const q = { email: 'lovelace', roles: ['MENTEE'], lastLoginOnOrBefore: '2024-12-31', sort: 'email,desc', page: 1, size: 25 };
  assert.deepEqual(parseQuery(toHashParams(q)), q);
  assert.equal(toHashParams(DEFAULT_QUERY).toString(), '');
});

test('invalid address parameters fall back to their defaults', () => {
  assert.deepEqual(parseQuery('page=-1&size=7&sort=name&role=ADMIN&lastLoginOnOrBefore=2024-13-45'), DEFAULT_QUERY);
  assert.deepEqual(parseQuery('page=abc&size=201'), DEFAULT_QUERY);
  assert.deepEqual(parseQuery(undefined), DEFAULT_QUERY);
});

test('a filter is present when any of email, role or date is set', () => {
  assert.equal(hasFilter(DEFAULT_QUERY), false);
  assert.equal(hasFilter({ ...DEFAULT_QUERY, sort: 'email,desc', page: 4 }), false);
  assert.equal(hasFilter({ ...DEFAULT_QUERY, roles: ['MENTOR'] }), true);
  assert.equal(hasFilter({ ...DEFAULT_QUERY, lastLoginOnOrBefore: '2024-01-01' }), true);
});

test('a FILTER selection carries only the filters that are set', () => {
  assert.deepEqual(selectionFilter({ ...DEFAULT_QUERY, roles: ['MENTEE'] }), { roles: ['MENTEE'] });
  assert.deepEqual(selectionFilter({ ...DEFAULT_QUERY, email: 'x', lastLoginOnOrBefore: '2024-01-01' }),
    { email: 'x', lastLoginOnOrBefore: '2024-01-01' });
});

test('changing a filter goes back to the first page', () => {
  assert.equal(withFilter({ ...DEFAULT_QUERY, page: 5 }, { email: 'a' }).page, 0);
});

test('a date is searched with once its year is typed in full, and a cleared date at once', () => {
  for (const typing of ['0002-06-30', '0020-06-30', '0202-06-30', '2024-13', 'x']) {
    assert.equal(isSettledDate(typing), false, typing);
  }
  assert.equal(isSettledDate('2024-06-30'), true);
  assert.equal(isSettledDate('1999-12-31'), true);
  assert.equal(isSettledDate(''), true);
});
