// The console's one error reader on answers written by hand as the server sends them (the ErrorBody of
// @openrgs/api: `{ error: { code, message, path?, issues? } }`), and on what a proxy or a dead server sends.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { ApiError, onUnauthorized, readAnswer, readError, unreachable } from './api-error.js';
import { planningErrorText, planningIssues } from './components/planning-api.js';

const json = (status: number, body: unknown, statusText = '') =>
  new Response(JSON.stringify(body), { status, statusText, headers: { 'content-type': 'application/json' } });

describe('readError', () => {
  test('one refusal at a place: the message says where; code and place kept', async () => {
    const error = await readError(
      json(404, { error: { code: 'not-found', message: "case 'c1' does not exist", path: 'params.id' } }),
      '/api/cases/c1',
    );
    assert.ok(error instanceof ApiError);
    assert.equal(error.message, "case 'c1' does not exist (params.id)");
    assert.equal(error.status, 404);
    assert.equal(error.path, '/api/cases/c1');
    assert.equal(error.code, 'not-found');
    assert.deepEqual(error.issues, []);
    assert.deepEqual(error.body, { message: "case 'c1' does not exist", path: 'params.id' });
  });

  test('several issues: listed after the message, each at its path, and kept for a form', async () => {
    const issues = [
      { path: 'body.csv:line 3:site', message: "'colon' is not a lesion site" },
      { path: 'body.csv:line 5:counts', message: 'must be at least 0' },
    ];
    const error = await readError(
      json(400, {
        error: { code: 'validation', message: 'the file has 2 problems', path: 'body.csv', issues },
      }),
      '/api/registry/import',
    );
    assert.equal(
      error.message,
      "the file has 2 problems: body.csv:line 3:site: 'colon' is not a lesion site; body.csv:line 5:counts: must be at least 0",
    );
    assert.deepEqual(error.issues, issues);
  });

  test('one issue: the message alone (the issue is where), the issue kept', async () => {
    const issue = { path: 'body.probe', message: "unknown probe 'x'" };
    const error = await readError(
      json(400, {
        error: {
          code: 'validation',
          message: "body.probe: unknown probe 'x'",
          path: 'body.probe',
          issues: [issue],
        },
      }),
      '/api/planning/plan',
    );
    assert.equal(error.message, "body.probe: unknown probe 'x'");
    assert.deepEqual(error.issues, [issue]);
  });

  test('not the error body (a proxy page, an unknown code): its text; nothing: the status line', async () => {
    const proxy = await readError(new Response('  <h1>502 Bad Gateway</h1>\n', { status: 502 }), '/api/x');
    assert.equal(proxy.message, '<h1>502 Bad Gateway</h1>');
    assert.equal(proxy.code, null);
    const unknown = await readError(
      json(418, { error: { code: 'teapot', message: 'short and stout' } }),
      '/api/x',
    );
    assert.equal(unknown.message, '{"error":{"code":"teapot","message":"short and stout"}}');
    assert.equal(unknown.code, null);
    const empty = await readError(
      new Response(null, { status: 503, statusText: 'Service Unavailable' }),
      '/api/x',
    );
    assert.equal(empty.message, '503 Service Unavailable');
  });

  test('a 401 tells the listeners (the session ended), a failed sign-in does not', async () => {
    let told = 0;
    const stop = onUnauthorized(() => {
      told += 1;
    });
    const body = { error: { code: 'unauthenticated', message: 'sign in first' } };
    await readError(json(401, body), '/api/probes/p/qc/gate');
    assert.equal(told, 1);
    await readError(json(401, body), '/api/auth/login');
    assert.equal(told, 1);
    stop();
    await readError(json(401, body), '/api/cases');
    assert.equal(told, 1);
  });
});

describe('the rest of the one reader', () => {
  test('no answer at all: status 0, the reason in words', () => {
    const error = unreachable('/api/cases', new TypeError('Failed to fetch'));
    assert.equal(error.message, 'The server did not answer (Failed to fetch)');
    assert.equal(error.status, 0);
  });

  test('an answer the contract does not describe names the first field', async () => {
    const schema = z.object({ id: z.string(), counts: z.number() });
    await assert.rejects(readAnswer(json(200, { id: 'm1', counts: 'many' }), '/api/m', schema), {
      message: 'Unexpected answer from /api/m — counts: Invalid input: expected number, received string',
    });
    await assert.rejects(readAnswer(new Response('<html>', { status: 200 }), '/api/m', schema), {
      message: 'Unexpected answer from /api/m — not JSON',
    });
    assert.deepEqual(await readAnswer(json(200, { id: 'm1', counts: 3 }), '/api/m', schema), {
      id: 'm1',
      counts: 3,
    });
  });

  test('planning: the issues by body path, or the one error at its path; text as the form shows it', async () => {
    const atPath = await readError(
      json(400, { error: { code: 'validation', message: 'must be positive', path: 'body.activityMBq' } }),
      '/api/planning/dose',
    );
    assert.deepEqual(planningIssues(atPath), [{ path: 'body.activityMBq', message: 'must be positive' }]);
    assert.equal(planningErrorText(atPath), 'body.activityMBq: must be positive');
    const nowhere = await readError(
      json(503, { error: { code: 'unavailable', message: 'planning failed: worker stopped' } }),
      '/api/planning/plan',
    );
    assert.deepEqual(planningIssues(nowhere), []);
    assert.equal(planningErrorText(nowhere), 'planning failed: worker stopped');
    assert.deepEqual(planningIssues(new Error('plain')), []);
  });
});
