import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plural } from '../../main/resources/static/js/logic/format.js';

test('a total that is only a lower bound is shown with a plus', () => {
  assert.equal(plural(1000, 'user', 'users', false), '1,000+ users');
  assert.equal(plural(1, 'user', 'users', false), '1+ users');
  assert.equal(plural(2500, 'user'), '2,500 users');
  assert.equal(plural(1, 'user'), '1 user');
});
