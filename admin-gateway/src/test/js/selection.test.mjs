import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSelected, matchesFilter, selectedCount, patchFor, currentDraft } from '../../main/resources/static/js/logic/selection.js';

const ada = { userId: 'a', email: 'Ada.Lovelace@example.com', role: 'MENTEE', lastLoginAt: '2024-06-30T23:59:00Z' };
const alan = { userId: 'b', email: 'alan@example.com', role: 'MENTOR', lastLoginAt: null };

test('a USERS selection ticks exactly its ids, on any page', () => {
  const selection = { mode: 'USERS', userIds: ['a'] };
  assert.equal(isSelected(selection, ada), true);
  assert.equal(isSelected(selection, alan), false);
  assert.equal(isSelected(null, ada), false);
});

test('a FILTER selection ticks matching users that are not excluded', () => {
  const selection = { mode: 'FILTER', filter: { email: 'LOVE', roles: ['MENTEE'] }, excludedUserIds: [] };
  assert.equal(isSelected(selection, ada), true);
  assert.equal(isSelected(selection, alan), false);
  assert.equal(isSelected({ ...selection, excludedUserIds: ['a'] }, ada), false);
});

test('the last-login filter is inclusive in UTC and matches users who never logged in', () => {
  assert.equal(matchesFilter({ lastLoginOnOrBefore: '2024-06-30' }, ada), true);
  assert.equal(matchesFilter({ lastLoginOnOrBefore: '2024-06-29' }, ada), false);
  assert.equal(matchesFilter({ lastLoginOnOrBefore: '2000-01-01' }, alan), true);
});

test('ALL_USERS ticks everyone not excluded', () => {
  const selection = { mode: 'ALL_USERS', excludedUserIds: ['b'] };
  assert.equal(isSelected(selection, ada), true);
  assert.equal(isSelected(selection, alan), false);
});

test('the number selected: ids for USERS, matching less excluded otherwise, unknown until counted', () => {
  assert.equal(selectedCount({ mode: 'USERS', userIds: ['a', 'b'] }), 2);
  assert.equal(selectedCount({ mode: 'FILTER', filter: {}, excludedUserIds: ['a'] }, 120), 119);
  assert.equal(selectedCount({ mode: 'ALL_USERS', excludedUserIds: [] }, 200000), 200000);
  assert.equal(selectedCount({ mode: 'ALL_USERS', excludedUserIds: [] }, null), null);
  assert.equal(selectedCount(null, 5), 0);
});

test('ticking or unticking a set of rows patches only the rows that change', () => {
  const selection = { mode: 'USERS', userIds: ['a'] };
  assert.deepEqual(patchFor(selection, [ada, alan], true), { add: ['b'], remove: [] });
  assert.deepEqual(patchFor(selection, [ada, alan], false), { add: [], remove: ['a'] });
  const all = { mode: 'ALL_USERS', excludedUserIds: [] };
  assert.deepEqual(patchFor(all, [alan], false), { add: [], remove: ['b'] });
});

test('the draft is the newest DRAFT or REVIEWED request', () => {
  const requests = [
    { requestId: '1', state: 'COMPLETED', createdAt: '2026-01-03T00:00:00Z' },
    { requestId: '2', state: 'DRAFT', createdAt: '2026-01-01T00:00:00Z' },
    { requestId: '3', state: 'REVIEWED', createdAt: '2026-01-02T00:00:00Z' },
  ];
  assert.equal(currentDraft(requests).requestId, '3');
  assert.equal(currentDraft([requests[0]]), null);
  assert.equal(currentDraft(undefined), null);
});
