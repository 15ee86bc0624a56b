import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freeText, identifierKey, label, lineText, neutraliseCsvCell, personName } from './text.js';

test('labels accept what clinicians write', () => {
  for (const ok of [
    'ileum 2',
    'Lymph node #4 (mesenteric)',
    'Tc-99m 2/3',
    'liver edge, segment 6',
    'Ñandú 10 %',
    '+2 nodes',
    '-2 cm from the margin',
  ]) {
    assert.equal(label().safeParse(ok).success, true, ok);
  }
});

test('free text keeps real clinical notes the old injection blocklist refused (issue 14 point 12)', () => {
  for (const ok of [
    'response = partial',
    'onset = 2 h after injection',
    '+2 nodes found',
    '=2 lesions, both resected',
    '@ 14:05 second pass',
    'Ki-67 < 3 %, margins clear',
    "surgeon's note: node 'A' removed; frozen section -- benign",
    'line one\nline two\r\n\tindented',
  ]) {
    const parsed = freeText().safeParse(ok);
    assert.equal(parsed.success, true, ok);
    assert.equal(parsed.data, ok);
  }
});

test('controls, bidi controls and lone surrogates are refused naming the character', () => {
  const cases: Array<[string, RegExp]> = [
    ['a\u0000b', /NUL character \(U\+0000\) at position 2/],
    ['a\u0001b', /control character \(U\+0001\)/],
    ['a\u007fb', /control character \(U\+007F\)/],
    ['a\u0085b', /control character \(U\+0085\)/], // C1 (NEL)
    ['a\u009bb', /control character \(U\+009B\)/], // C1 CSI
    ['dose\u202E01 ,Gm', /bidirectional control \(U\+202E\)/],
    ['x\u2066y\u2069', /bidirectional control \(U\+2066\)/],
    ['x\u202Ay', /bidirectional control \(U\+202A\)/],
    ['half \uD800 pair', /lone surrogate \(U\+D800\)/],
    ['trail \uDC00', /lone surrogate \(U\+DC00\)/],
  ];
  for (const [value, reason] of cases) {
    for (const schema of [freeText(), label(), lineText(), personName()]) {
      const parsed = schema.safeParse(value);
      assert.equal(parsed.success, false, `${JSON.stringify(value)} accepted`);
      assert.ok(
        parsed.error.issues.some((i) => reason.test(i.message)),
        `${JSON.stringify(value)}: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
      );
    }
  }
  // A well-formed pair (an emoji outside the BMP) is text.
  assert.equal(freeText().safeParse('ok \u{1F600}').success, true);
});

test('tabs and line breaks: only in multi-line free text', () => {
  for (const value of ['a\tb', 'a\nb', 'a\rb']) {
    assert.equal(freeText().safeParse(value).success, true);
    for (const schema of [label(), lineText(), personName()]) {
      const parsed = schema.safeParse(value);
      assert.equal(parsed.success, false, JSON.stringify(value));
      assert.match(parsed.error.issues[0]?.message ?? '', /tab or line break/);
    }
  }
});

test('text is stored in NFC', () => {
  const nfd = 'cafe\u0301 Mu\u0308ller';
  assert.equal(freeText().parse(nfd), 'caf\u00e9 M\u00fcller');
  assert.equal(label().parse(nfd), 'caf\u00e9 M\u00fcller');
  assert.equal(personName().parse('Mu\u0308ller'), 'M\u00fcller');
});

test('identifier keys: look-alikes share one key (Unicode TS #39 skeleton after NFKC)', () => {
  // Cyrillic Р (U+0420) for Latin P; Greek Ο (U+039F) for Latin O; NFD é; full-width digits (U+FF11…).
  assert.equal(identifierKey('\u0420-eba51c'), identifierKey('P-eba51c'));
  assert.equal(identifierKey('PR\u039FBE-1'), identifierKey('PROBE-1'));
  assert.equal(identifierKey('cafe\u0301'), identifierKey('caf\u00e9'));
  assert.equal(identifierKey('P-\uff11\uff12'), identifierKey('P-12'));
  // confusables.txt maps digit one and small L to one prototype: a wrong-patient risk on paper too.
  assert.equal(identifierKey('P-eba51c'), identifierKey('P-eba5lc'));
  // Different identifiers stay different.
  assert.notEqual(identifierKey('P-eba51c'), identifierKey('P-eba52c'));
  assert.notEqual(identifierKey('P-eba51c'), identifierKey('P-eba51d'));
});

test('CSV cells: formula starts get a leading apostrophe (OWASP), numbers untouched', () => {
  for (const start of ['=', '+', '-', '@', '\t', '\r']) {
    assert.equal(neutraliseCsvCell(`${start}1+1`), `'${start}1+1`);
  }
  assert.equal(neutraliseCsvCell('ileum'), 'ileum');
  assert.equal(neutraliseCsvCell(-1.5), -1.5);
  assert.equal(neutraliseCsvCell(''), '');
});
