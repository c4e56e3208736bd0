import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_QUERY, parseQuery, listParams, filterParams, toHashParams, hasFilter, selectionFilter, withFilter,
  isSettledDate, listKey, pageQuery, recordPage,
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
  const q = { email: 'lovelace', roles: ['MENTEE'], lastLoginOnOrBefore: '2024-12-31', sort: 'email,desc', page: 1, size: 25,
    after: 'AbC-_0123456789xyz' };
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

const CURSOR_2 = 'c2-aaaaaaaaaaaaaaaaaaaa';
const CURSOR_3 = 'c3-bbbbbbbbbbbbbbbbbbbb';

test('a page with a cursor is asked for by the cursor alone, and the address keeps both', () => {
  const q = { ...DEFAULT_QUERY, roles: ['MENTOR'], page: 2, after: CURSOR_2 };
  assert.equal(listParams(q).toString(), `role=MENTOR&sort=email%2Casc&after=${CURSOR_2}&size=50`);
  assert.equal(toHashParams(q).toString(), `role=MENTOR&page=2&after=${CURSOR_2}`);
});

test('a cursor in the address is dropped on the first page, with a bad page, or when it is not a cursor', () => {
  assert.equal(parseQuery(`after=${CURSOR_2}`).after, '');
  assert.equal(parseQuery(`page=x&after=${CURSOR_2}`).after, '');
  assert.equal(parseQuery('page=3&after=short').after, '');
  assert.equal(parseQuery('page=3&after=has%20space%20and%3Cscript%3Eabcdef').after, '');
  assert.equal(parseQuery(`page=3&after=${'a'.repeat(1025)}`).after, '');
  assert.equal(parseQuery(`page=3&after=${CURSOR_3}`).after, CURSOR_3);
});

test('Next goes by the shown page\'s nextCursor', () => {
  const q = { ...DEFAULT_QUERY, page: 1, after: CURSOR_2 };
  assert.deepEqual(pageQuery(q, 2, { nextCursor: CURSOR_3 }), { ...q, page: 2, after: CURSOR_3 });
});

test('Previous goes by a cursor seen on the way, the first page and unknown pages by number', () => {
  const trail = new Map([[1, CURSOR_2], [2, CURSOR_3]]);
  const q = { ...DEFAULT_QUERY, page: 3, after: 'c4-cccccccccccccccccccc' };
  assert.deepEqual(pageQuery(q, 2, { nextCursor: 'c5-dddddddddddddddddddd', trail }), { ...q, page: 2, after: CURSOR_3 });
  assert.deepEqual(pageQuery({ ...q, page: 1, after: CURSOR_2 }, 0, { trail }), { ...q, page: 0, after: '' });
  assert.deepEqual(pageQuery({ ...q, page: 9 }, 8, { trail }), { ...q, page: 8, after: '' });
  assert.deepEqual(pageQuery(DEFAULT_QUERY, 1, {}), { ...DEFAULT_QUERY, page: 1, after: '' });
});

test('a changed filter, order or page size is another list: its cursors are not reused', () => {
  const q = { ...DEFAULT_QUERY, roles: ['MENTOR', 'MENTEE'], page: 4, after: CURSOR_2 };
  assert.equal(listKey(q), listKey({ ...q, roles: ['MENTEE', 'MENTOR'], page: 0, after: '' }));
  assert.notEqual(listKey(q), listKey({ ...q, sort: 'email,desc' }));
  assert.notEqual(listKey(q), listKey({ ...q, size: 25 }));
  assert.notEqual(listKey(q), listKey({ ...q, email: 'ada' }));
  assert.equal(withFilter(q, { email: 'ada' }).after, '');
});

test('a page shown by cursor is remembered for Previous; one shown by number ends the trail', () => {
  const trail = new Map();
  recordPage(trail, { ...DEFAULT_QUERY, page: 1, after: CURSOR_2 });
  recordPage(trail, { ...DEFAULT_QUERY, page: 2, after: CURSOR_3 });
  assert.deepEqual([...trail], [[1, CURSOR_2], [2, CURSOR_3]]);
  // e.g. the cursor's rows were deleted and page 2 was asked for by number: page 1 is then asked for by number too
  recordPage(trail, { ...DEFAULT_QUERY, page: 2 });
  assert.equal(trail.size, 0);
  assert.equal(pageQuery({ ...DEFAULT_QUERY, page: 2 }, 1, { trail }).after, '');
});
