import { test } from 'node:test';
import assert from 'node:assert/strict';
import { problemMessage, slugOf, needsSignIn } from '../../main/resources/static/js/logic/problems.js';

const problem = (slug, detail, status = 400) => ({
  type: `https://user-deletion.example/problems/${slug}`, title: 'Title', status, detail,
});

test('known problems get a sentence that says what happened and what to do', () => {
  assert.match(problemMessage(422, problem('count-mismatch', 'typed 3, count 2')), /does not match.*Nothing was deleted/);
  assert.match(problemMessage(409, problem('review-changed', 'x')), /nothing was deleted/);
  assert.match(problemMessage(401, problem('session-expired', 'x')), /Sign in again/);
});

test('other problems show the service detail, never the JSON', () => {
  const down = problem('service-unavailable', 'The user directory cannot be reached right now', 503);
  assert.equal(problemMessage(503, down), 'The user directory cannot be reached right now');
  assert.equal(problemMessage(400, { title: 'Bad thing' }), 'Bad thing.');
});

test('a body that is not a problem still gives a sentence for its status', () => {
  assert.match(problemMessage(500, null), /Something went wrong on our side/);
  assert.match(problemMessage(502, '<html>'), /Try again in a minute/);
  assert.match(problemMessage(404, undefined), /not found/);
  assert.match(problemMessage(401, undefined), /Sign in again/);
});

test('slugs come from our problem types only', () => {
  assert.equal(slugOf(problem('forbidden')), 'forbidden');
  assert.equal(slugOf({ type: 'about:blank' }), '');
  assert.equal(needsSignIn(401), true);
  assert.equal(needsSignIn(403), false);
});
