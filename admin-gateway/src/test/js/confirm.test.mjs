import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTypedCount, countMatches, countHint } from '../../main/resources/static/js/logic/confirm.js';

test('only exactly the reviewed number enables the confirm button', () => {
  assert.equal(countMatches('2', 2), true);
  assert.equal(countMatches(' 2 ', 2), true);
  assert.equal(countMatches('3', 2), false);
  assert.equal(countMatches('', 2), false);
  assert.equal(countMatches('2', null), false);
});

test('signs, decimals, separators and words are not numbers', () => {
  for (const text of ['-2', '2.0', '2,000', '1e3', 'two', '+2', '0x2']) {
    assert.equal(parseTypedCount(text), null, text);
  }
  assert.equal(parseTypedCount('2000'), 2000);
  assert.equal(countMatches('100000', 100000), true);
});

test('the hint says what is wrong, and nothing while empty or right', () => {
  assert.equal(countHint('', 2), '');
  assert.equal(countHint('2', 2), '');
  assert.match(countHint('3', 2), /not the number of users shown \(2\)/);
  assert.match(countHint('2.5', 2), /digits only/);
});
