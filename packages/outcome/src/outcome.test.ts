import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failure, invalid, issue, messagesOf, ok } from '@openrgs/outcome';

test('an issue names only the places given (no undefined keys: they would travel as JSON holes)', () => {
  assert.deepEqual(issue('invalid', 'bad-row', 'counts must be a number', { line: 3, column: 'counts' }), {
    kind: 'invalid',
    code: 'bad-row',
    message: 'counts must be a number',
    line: 3,
    column: 'counts',
  });
  const bare = issue('not-found', 'no-nuclide', "no nuclide 'Tc-98m'", { path: undefined });
  assert.deepEqual(Object.keys(bare), ['kind', 'code', 'message']);
});

test('ok carries the value; a failure carries its issues in order; invalid is one invalid issue', () => {
  assert.deepEqual(ok(42), { ok: true, value: 42 });
  const a = issue('invalid', 'a', 'first');
  const b = issue('conflict', 'b', 'second', { path: 'x.y' });
  assert.deepEqual(failure(a, b), { ok: false, issues: [a, b] });
  assert.deepEqual(invalid('too-short', 'need 3 points', { line: 2 }), {
    ok: false,
    issues: [{ kind: 'invalid', code: 'too-short', message: 'need 3 points', line: 2 }],
  });
});

test('messagesOf joins the messages with "; " (the CLI and server wording)', () => {
  assert.equal(messagesOf([issue('invalid', 'a', 'one'), issue('invalid', 'b', 'two')]), 'one; two');
  assert.equal(messagesOf([]), '');
});
