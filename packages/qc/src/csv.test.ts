import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCsv } from './csv.js';

const COLS = [
  { name: 'positionMm', kind: 'number' },
  { name: 'counts', kind: 'number', min: 0 },
] as const;

test('parses a header in any order, skips comments and blank lines, tolerates CRLF and a BOM', () => {
  const r = parseCsv('\uFEFF# probe 12\r\ncounts,positionMm\r\n10,-2.5\r\n\r\n12,0\r\n', COLS);
  assert.ok(r.ok);
  assert.deepEqual(r.value, [
    { line: 3, counts: 10, positionMm: -2.5 },
    { line: 5, counts: 12, positionMm: 0 },
  ]);
});

test('bad CSV is refused with the line named', () => {
  const cases: [string, RegExp][] = [
    ['positionMm,counts\n0,10\n1,ten\n', /line 3: counts 'ten' is not a number/],
    ['positionMm,counts\n0,10\n1\n', /line 3: 1 field, expected 2/],
    ['positionMm,counts\n0,-4\n', /line 2: counts '-4' must be at least 0/],
    ['position,counts\n0,1\n', /line 1: unknown column 'position'/],
    ['positionMm\n0\n', /line 1: missing column 'counts'/],
    ['positionMm,counts\n0,1e400\n', /line 2: counts '1e400' is not finite/],
    ['positionMm,counts\n0,0x10\n', /line 2: counts '0x10' is not a number/],
    ['positionMm,counts\n', /no data lines/],
    ['', /no header/],
    ['positionMm,counts\n0,"1\n', /line 2: a quoted field is not closed/],
    ['positionMm,counts\n# comment\n0,1"0\n', /line 3: a quote in the middle of a field/],
  ];
  for (const [text, message] of cases) {
    const r = parseCsv(text, COLS);
    assert.ok(!r.ok, text);
    assert.match(r.issues[0]!.message, message);
  }
});

test('quoted fields are read as RFC 4180 says: a comma inside quotes is part of the text', () => {
  const cols = [
    { name: 'position', kind: 'text' },
    { name: 'counts', kind: 'number' },
  ] as const;
  const r = parseCsv('position,counts\n"side, 90 deg",3\n"1,5",2\n', cols);
  assert.ok(r.ok);
  assert.deepEqual(r.value, [
    { line: 2, position: 'side, 90 deg', counts: 3 },
    { line: 3, position: '1,5', counts: 2 },
  ]);
  const bad = parseCsv('position,counts\nfront,"1,5"\n', cols);
  assert.ok(!bad.ok);
  assert.match(bad.issues[0]!.message, /line 2: counts '1,5' is not a number/);
});

test('text columns restricted to a set; optional columns may be absent', () => {
  const cols = [
    { name: 'position', kind: 'text', oneOf: ['front', 'side'] },
    { name: 'counts', kind: 'number' },
    { name: 'seconds', kind: 'number', optional: true },
  ] as const;
  const r = parseCsv('position,counts\nfront,3\n', cols);
  assert.ok(r.ok && r.value[0]?.position === 'front' && !('seconds' in r.value[0]));
  const bad = parseCsv('position,counts\ntop,3\n', cols);
  assert.ok(!bad.ok && bad.issues[0]?.line === 2);
  assert.match(bad.issues[0]!.message, /'top' is not one of front, side/);
});
