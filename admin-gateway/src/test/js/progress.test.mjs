import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressOf, notDeletedNotice, summary } from '../../main/resources/static/js/logic/progress.js';

test('progress counts already-gone users as deleted and keeps the three parts at 100%', () => {
  const p = progressOf({ state: 'CONFIRMED', count: 10, deleted: 5, alreadyGone: 1, rejected: 2, pending: 2 });
  assert.equal(p.deleted, 6);
  assert.equal(p.notDeleted, 2);
  assert.equal(p.pending, 2);
  assert.equal(p.percent, 80);
  assert.equal(p.finished, false);
  assert.equal(p.widths.deleted + p.widths.notDeleted + p.widths.pending, 100);
});

test('progress of 100,000 users moves by whole percent and finishes when COMPLETED', () => {
  const p = progressOf({ state: 'CONFIRMED', count: 100000, deleted: 33333, alreadyGone: 0, rejected: 0, pending: 66667 });
  assert.equal(p.percent, 33);
  const done = progressOf({ state: 'COMPLETED', count: 100000, deleted: 99990, rejected: 10, pending: 0 });
  assert.equal(done.percent, 100);
  assert.equal(done.finished, true);
});

test('an empty request is complete at once', () => {
  assert.equal(progressOf({ state: 'COMPLETED', count: 0 }).percent, 100);
});

test('the notice says how many could not be deleted and why, only once the request is complete', () => {
  const request = { state: 'COMPLETED', rejected: 2, rejectedByReason: { MULTI_PLATFORM: 2, NOT_A_MEMBER: 0 } };
  assert.equal(notDeletedNotice(request),
    '2 users could not be deleted: they belong to several platforms and were passed to your Customer Success Manager');
  assert.match(notDeletedNotice({ ...request, rejected: 1, rejectedByReason: { MULTI_PLATFORM: 1 } }), /^1 user could not/);
  assert.equal(notDeletedNotice({ ...request, state: 'CONFIRMED' }), null);
  assert.equal(notDeletedNotice({ ...request, rejected: 0 }), null);
  assert.match(notDeletedNotice({ state: 'COMPLETED', rejected: 1, rejectedByReason: { NOT_A_MEMBER: 1 } }),
    /no longer members of this platform/);
});

test('the summary line uses thousands separators', () => {
  assert.equal(summary({ state: 'CONFIRMED', count: 2500, deleted: 1200, rejected: 0, alreadyGone: 0, pending: 1300 }),
    '1,200 deleted, 0 could not be deleted, 1,300 pending');
});
