// The console's one error reader on answers written by hand as the server sends them (the ErrorBody of
// @openrgs/api: `{ error: { code, message, path?, issues? } }`), and on what a proxy or a dead server sends.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CsvFile, FhirBundle, HtmlPage, PdfFile } from '@openrgs/api';
import { z } from 'zod';
import { ApiError, onUnauthorized, readAnswer, readError, readFileAnswer, unreachable } from './api-error.js';
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

describe('readFileAnswer: a file answer read by its api schema', () => {
  // A PDF file begins with the header "%PDF-" and its version (ISO 32000-1 §7.5.2); these five bytes and a
  // version are all the reader looks at.
  const pdfBytes = new TextEncoder().encode('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n');

  test('a PDF comes back byte for byte, as application/pdf', async () => {
    const answer = await readFileAnswer(
      new Response(pdfBytes, { status: 200, headers: { 'content-type': 'application/pdf' } }),
      '/api/cases/c1/report.pdf',
      PdfFile,
    );
    assert.deepEqual([...answer.bytes], [...pdfBytes]);
    assert.equal(answer.mediaType, 'application/pdf');
  });

  test("a proxy's HTML page where a PDF was due is an error, not a saved file", async () => {
    await assert.rejects(
      readFileAnswer(
        new Response('<html><body>502 Bad Gateway</body></html>', { status: 200 }),
        '/api/cases/c1/report.pdf',
        PdfFile,
      ),
      {
        name: 'ApiError',
        message:
          'Unexpected answer from /api/cases/c1/report.pdf — (root): is not a PDF: it does not begin with %PDF- (ISO 32000-1 §7.5.2)',
      },
    );
  });

  test('the printable report is text that is an HTML document; a fragment is refused', async () => {
    const page = '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"></head></html>';
    const answer = await readFileAnswer(new Response(page), '/api/cases/c1/report.html', HtmlPage);
    assert.equal(answer.value, page);
    assert.equal(answer.mediaType, 'text/html');
    await assert.rejects(readFileAnswer(new Response('<p>hi</p>'), '/x.html', HtmlPage), {
      message:
        'Unexpected answer from /x.html — (root): is not an HTML document: it does not begin with <!doctype html>',
    });
  });

  test('the FHIR export is read as JSON and must be a Bundle (R4 Bundle.type is one of nine codes)', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ fullUrl: 'urn:uuid:1', resource: { resourceType: 'Patient', gender: 'female' } }],
    };
    const answer = await readFileAnswer(
      new Response(JSON.stringify(bundle)),
      '/api/cases/c1/fhir',
      FhirBundle,
    );
    assert.deepEqual(answer.value, bundle, 'every field of the resources kept');
    assert.equal(answer.mediaType, 'application/fhir+json');
    await assert.rejects(
      readFileAnswer(new Response(JSON.stringify({ resourceType: 'Patient' })), '/f', FhirBundle),
      { message: 'Unexpected answer from /f — resourceType: Invalid input: expected "Bundle"' },
    );
    await assert.rejects(readFileAnswer(new Response('{"resourceType":'), '/f', FhirBundle), {
      message: 'Unexpected answer from /f — not JSON',
    });
  });

  test('the measurements CSV is text', async () => {
    const csv = 'site,counts,rate_cps\r\nbowel wall,120,60\r\n';
    const answer = await readFileAnswer(new Response(csv), '/api/cases/c1/measurements.csv', CsvFile);
    assert.equal(answer.value, csv);
    assert.equal(answer.mediaType, 'text/csv');
  });
});
