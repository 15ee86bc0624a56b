import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freeText, label, personName } from './text.js';

const hostile = [
  "'; DROP TABLE measurements; --",
  "' OR '1'='1",
  '1; delete from cases',
  'x UNION SELECT password_hash FROM users',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '=HYPERLINK("http://evil")',
  'javascript:alert(1)',
  'a\u0000b',
];

test('labels accept what clinicians write', () => {
  for (const ok of [
    'ileum 2',
    'Lymph node #4 (mesenteric)',
    'Tc-99m 2/3',
    'liver edge, segment 6',
    'Ñandú 10 %',
  ]) {
    assert.equal(label().safeParse(ok).success, true, ok);
  }
});

test('labels and free text refuse injection strings, each with a reason', () => {
  for (const bad of hostile) {
    const asLabel = label().safeParse(bad);
    assert.equal(asLabel.success, false, `label accepted ${JSON.stringify(bad)}`);
    const asText = freeText().safeParse(bad);
    assert.equal(asText.success, false, `free text accepted ${JSON.stringify(bad)}`);
    assert.ok(asText.error.issues[0]?.message, 'a reason is given');
  }
});

test('free text keeps ordinary clinical prose, including < and quotes', () => {
  for (const ok of ['Ki-67 < 3 %, margins clear', "surgeon's note: node 'A' removed", 'line one\nline two']) {
    assert.equal(freeText().safeParse(ok).success, true, ok);
  }
});

test('person names allow apostrophes but not injection', () => {
  assert.equal(personName().safeParse("O'Brien").success, true);
  assert.equal(personName().safeParse("O'Brien' OR '1'='1").success, false);
});
