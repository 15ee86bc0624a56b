import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeOpenRgsLine, parseOpenRgsLine } from './openrgs-line.js';

// Every CRC below was computed independently of this code with Python's binascii.crc_hqx(body, 0xFFFF)
// (CRC-16/IBM-3740: poly 0x1021, init 0xFFFF, no reflection), the same cross-check crc16.test.ts uses.
// The first three are also printed in docs/openrgs-line-protocol.md.

/** The bytes between '$' and the line end, as the codec hands them to parseOpenRgsLine. */
function parse(line: string) {
  const bytes = Uint8Array.from(line, (c) => c.charCodeAt(0));
  return parseOpenRgsLine(bytes, bytes.length);
}

describe('encodeOpenRgsLine', () => {
  test('$TYPE k=v …*CRC\\r\\n (docs/openrgs-line-protocol.md vectors)', () => {
    assert.equal(encodeOpenRgsLine('HOST', { v: 1 }), '$HOST v=1*A42C\r\n');
    assert.equal(encodeOpenRgsLine('STOP'), '$STOP*AF2E\r\n');
    assert.equal(
      encodeOpenRgsLine('C', { s: 1, t: 1000000, d: 100000, n: 37 }),
      '$C s=1 t=1000000 d=100000 n=37*B5BC\r\n',
    );
    assert.equal(encodeOpenRgsLine('C', { n: 1 }), '$C n=1*0C29\r\n', 'CRC padded to four digits');
  });
  test('a type, key or value outside the grammar is a caller bug, named in the error', () => {
    assert.throws(() => encodeOpenRgsLine('host'), { message: "invalid line type 'host'" });
    assert.throws(() => encodeOpenRgsLine('ABCDEFGHIJKLMNOPQ'), /invalid line type/); // 17 characters
    assert.throws(() => encodeOpenRgsLine('C', { N: 1 }), { message: "invalid key 'N'" });
    assert.throws(() => encodeOpenRgsLine('C', { '1s': 1 }), { message: "invalid key '1s'" });
    assert.throws(() => encodeOpenRgsLine('C', { abcdefghijklmnopq: 1 }), /invalid key/); // 17 characters
    for (const bad of ['a b', ' a', 'a ', '', '$x', 'x*', 'k=v', 'é'])
      assert.throws(() => encodeOpenRgsLine('C', { s: bad }), { message: `invalid value for s: '${bad}'` });
  });
});

describe('parseOpenRgsLine', () => {
  test('a well-formed line gives its type and fields', () => {
    const r = parse('C s=1 t=1000000 d=100000 n=37*B5BC');
    assert.ok(r.ok);
    assert.equal(r.type, 'C');
    assert.deepEqual(
      [...r.fields],
      [
        ['s', '1'],
        ['t', '1000000'],
        ['d', '100000'],
        ['n', '37'],
      ],
    );
    const one = parse('X*3A0D'); // the shortest line: a one-letter type
    assert.ok(one.ok && one.type === 'X' && one.fields.size === 0);
  });
  test('no *CRC ending → torn, with the line length counting the $', () => {
    assert.deepEqual(parse('STOP'), {
      ok: false,
      code: 'torn',
      message: "line of 5 bytes has no '*CRC' ending",
    });
    assert.deepEqual(parse('STOPxAF2E'), {
      ok: false,
      code: 'torn',
      message: "line of 10 bytes has no '*CRC' ending",
    });
    // '*FFFF' would carry the right CRC of an empty body (0xFFFF): still no line.
    assert.deepEqual(parse('*FFFF'), {
      ok: false,
      code: 'torn',
      message: "line of 6 bytes has no '*CRC' ending",
    });
  });
  test('a CRC that is not four hex digits → torn, unprintable bytes shown as ?', () => {
    assert.deepEqual(parse('STOP*ZZZZ'), {
      ok: false,
      code: 'torn',
      message: "'ZZZZ' is not a 4-digit hex CRC",
    });
    assert.deepEqual(parse('STOP*\x01F2E'), {
      ok: false,
      code: 'torn',
      message: "'?F2E' is not a 4-digit hex CRC",
    });
  });
  test('a wrong CRC → bad-checksum naming both, upper-case, four digits; lower-case hex is accepted', () => {
    assert.deepEqual(parse('STOP*AF2F'), {
      ok: false,
      code: 'bad-checksum',
      message: 'CRC AF2F does not match AF2E',
    });
    assert.deepEqual(parse('C n=1*0C2A'), {
      ok: false,
      code: 'bad-checksum',
      message: 'CRC 0C2A does not match 0C29',
    });
    assert.ok(parse('STOP*af2e').ok);
  });
  test('a control or non-ASCII byte under a good CRC → malformed naming the byte; ~ (0x7e) is printable', () => {
    assert.deepEqual(parse('A\x01B*BDB6'), { ok: false, code: 'malformed', message: 'byte 0x1 in a line' });
    assert.deepEqual(parse('A\x7fB*96E0'), { ok: false, code: 'malformed', message: 'byte 0x7f in a line' });
    assert.deepEqual(parse('A~B*A5D1'), {
      ok: false,
      code: 'malformed',
      message: "'A~B' is not a line type",
    });
  });
  test('a bad type, a part without key=value, an empty value, a second = and a repeated key → malformed', () => {
    const cases: [string, string][] = [
      ['stop*3C22', "'stop' is not a line type"],
      ['ABCDEFGHIJKLMNOPQ*619E', "'ABCDEFGHIJKLMNOPQ' is not a line type"],
      ['C s*C073', "'s' is not key=value"],
      ['C ab*83B9', "'ab' is not key=value"],
      ['C =1*A2FD', "'=1' is not key=value"],
      ['C s=*4DB2', "'s=' is not key=value"],
      ['C s=1=2*B0DE', "'s=1=2' is not key=value"],
      ['C 1s=1*2CEA', "'1s=1' is not key=value"],
      ['C abcdefghijklmnopq=1*29C5', "'abcdefghijklmnopq=1' is not key=value"],
      ['C s=1 s=2*59DA', "key 's' given twice"],
      // Quoted to 20 characters (a type) and 30 (a part), so that noise cannot flood the log.
      ['ABCDEFGHIJKLMNOPQRSTUVWXYZ*D8E1', "'ABCDEFGHIJKLMNOPQRST' is not a line type"],
      ['C abcdefghijklmnopqrstuvwxyz012345678*13C6', "'abcdefghijklmnopqrstuvwxyz0123' is not key=value"],
    ];
    for (const [line, message] of cases)
      assert.deepEqual(parse(line), { ok: false, code: 'malformed', message }, line);
  });
});
