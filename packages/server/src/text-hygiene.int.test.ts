// Text hygiene through the API (issue 14 point 12): clinical notes the old blocklist refused are stored
// as written (in NFC); NUL, controls, bidi controls and lone surrogates are refused with a 400 naming
// the field — also on PostgreSQL, where NUL used to answer 500 — and CSV cells cannot become formulas.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_ENGINES } from '@openrgs/store/testing';
import { parse } from 'csv-parse/sync';
import { as, errorOf, type TestApp, testApp } from './test-support.js';

for (const engine of TEST_ENGINES) {
  describe(`text hygiene on ${engine}`, () => {
    let t: TestApp;
    let caseId: string;
    before(async () => {
      t = await testApp(engine);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: as(t.tokens.surgeon),
        payload: { label: 'TEXT-1' },
      });
      caseId = (res.json() as { id: string }).id;
    });
    after(() => t.close());

    test('real clinical notes are accepted and stored as written', async () => {
      for (const text of ['response = partial', 'onset = 2 h after injection', '+2 nodes found']) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/cases/${caseId}/notes`,
          headers: as(t.tokens.surgeon),
          payload: { text },
        });
        assert.equal(res.statusCode, 201, res.body);
        assert.equal((res.json() as { text: string }).text, text);
      }
      const followUp = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${caseId}/follow-ups`,
        headers: as(t.tokens.surgeon),
        payload: { date: '2026-06-01', recurrence: false, note: 'CgA = 2x ULN, no lesion' },
      });
      assert.equal(followUp.statusCode, 201, followUp.body);
    });

    test('NFD input is stored in NFC', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${caseId}/notes`,
        headers: as(t.tokens.surgeon),
        payload: { text: 'Mu\u0308ller: cafe\u0301 au lait spots' },
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal((res.json() as { text: string }).text, 'M\u00fcller: caf\u00e9 au lait spots');
    });

    test('non-text characters are refused with 400 naming the field, in every free-text field', async () => {
      const bad: Array<[string, RegExp]> = [
        ['a\u0000b', /NUL character \(U\+0000\)/],
        ['dose\u202E01 ,Gm', /bidirectional control \(U\+202E\)/],
        ['half \uD800', /lone surrogate \(U\+D800\)/],
        ['next\u0085line', /control character \(U\+0085\)/],
      ];
      for (const [value, reason] of bad) {
        const targets: Array<[string, string, Record<string, unknown>, string]> = [
          ['POST', `/api/cases/${caseId}/notes`, { text: value }, 'body.text'],
          [
            'POST',
            `/api/cases/${caseId}/follow-ups`,
            { date: '2026-06-01', recurrence: false, note: value },
            'body.note',
          ],
          ['PATCH', `/api/cases/${caseId}`, { indication: value }, 'body.indication'],
          [
            'POST',
            `/api/cases/${caseId}/lesions`,
            { label: 'L1', pathologyNote: value },
            'body.pathologyNote',
          ],
        ];
        for (const [method, url, payload, path] of targets) {
          const res = await t.app.inject({
            method: method as 'POST' | 'PATCH',
            url,
            headers: as(t.tokens.surgeon),
            payload,
          });
          assert.equal(res.statusCode, 400, `${url} ${JSON.stringify(value)}: ${res.body}`);
          assert.equal(errorOf(res).path, path);
          assert.match(errorOf(res).message, reason);
        }
      }
    });

    test('labels starting with - + = @ reach the CSV as text, not formulas (OWASP)', async () => {
      for (const [i, siteLabel] of ['-2 cm margin', '+2 nodes', 'ileum'].entries()) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/cases/${caseId}/measurements`,
          headers: as(t.tokens.surgeon, { 'idempotency-key': `hygiene-000${i}` }),
          payload: {
            kind: 'in-vivo',
            siteLabel,
            counts: 100,
            durationSeconds: 2,
            measuredAt: '2025-03-04T09:00:00Z',
          },
        });
        assert.equal(res.statusCode, 201, res.body);
      }
      const csv = await t.app.inject({
        method: 'GET',
        url: `/api/cases/${caseId}/measurements.csv`,
        headers: as(t.tokens.viewer),
      });
      const rows = parse(csv.body, { columns: true }) as Array<Record<string, string>>;
      assert.deepEqual(rows.map((r) => r.siteLabel).sort(), ["'+2 nodes", "'-2 cm margin", 'ileum']);
      // Numbers stay numbers (a negative number would be a value, not a formula start).
      assert.ok(rows.every((r) => /^\d+$/.test(r.counts ?? '')));
    });

    test('look-alike identifiers are refused naming the existing one (NFKC + TS #39 skeleton)', async () => {
      const post = (url: string, payload: Record<string, unknown>) =>
        t.app.inject({ method: 'POST', url, headers: as(t.tokens.admin), payload });
      assert.equal((await post('/api/patients', { pseudonym: 'P-eba51c' })).statusCode, 201);
      assert.equal((await post('/api/patients', { pseudonym: 'caf\u00e9-7' })).statusCode, 201);
      assert.equal((await post('/api/patients', { pseudonym: 'P-12' })).statusCode, 201);
      const lookAlikes: Array<[string, string]> = [
        ['\u0420-eba51c', 'P-eba51c'], // Cyrillic Р
        ['cafe\u0301-7', 'caf\u00e9-7'], // NFD
        ['P-\uff11\uff12', 'P-12'], // full-width digits
        ['P-eba5lc', 'P-eba51c'], // small L for digit one
      ];
      for (const [attempt, existing] of lookAlikes) {
        const res = await post('/api/patients', { pseudonym: attempt });
        assert.equal(res.statusCode, 409, `${attempt}: ${res.body}`);
        assert.equal(errorOf(res).path, 'body.pseudonym');
        assert.ok(errorOf(res).message.includes(`'${existing}'`), errorOf(res).message);
      }
      // A different pseudonym is still fine; the exact duplicate says so plainly.
      assert.equal((await post('/api/patients', { pseudonym: 'P-eba52c' })).statusCode, 201);
      assert.match(errorOf(await post('/api/patients', { pseudonym: 'P-12' })).message, /is already used/);

      assert.equal((await post('/api/probes', { name: 'PROBE-1', detector: 'gamma' })).statusCode, 201);
      const probe = await post('/api/probes', { name: 'PR\u039fBE-1', detector: 'gamma' }); // Greek Ο
      assert.equal(probe.statusCode, 409, probe.body);
      assert.ok(errorOf(probe).message.includes("'PROBE-1'"));
    });
  });
}
