import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { crc16Ccitt, crc16Hex } from './crc16.js';
import { text } from './test-support.js';

describe('CRC-16/IBM-3740 (CCITT-FALSE)', () => {
  test('check value of "123456789" is 0x29B1 (reveng CRC catalogue, CRC-16/IBM-3740)', () => {
    assert.equal(crc16Ccitt(text('123456789')), 0x29b1);
  });
  test('empty input gives the init value 0xFFFF', () => {
    assert.equal(crc16Ccitt(new Uint8Array()), 0xffff);
  });
  test('a sub-range is the CRC of that range only', () => {
    assert.equal(crc16Ccitt(text('xx123456789yy'), 2, 11), 0x29b1);
  });
  test('hex is four upper-case digits', () => {
    assert.equal(crc16Hex(0x29b1), '29B1');
    assert.equal(crc16Hex(0x000f), '000F');
  });
  // Vectors printed in docs/openrgs-line-protocol.md; computed independently with Python's
  // binascii.crc_hqx(data, 0xFFFF) (same polynomial, init 0xFFFF, no reflection).
  test('protocol doc vectors (docs/openrgs-line-protocol.md, cross-checked with binascii.crc_hqx)', () => {
    assert.equal(crc16Hex(crc16Ccitt(text('HOST v=1'))), 'A42C');
    assert.equal(crc16Hex(crc16Ccitt(text('C s=1 t=1000000 d=100000 n=37'))), 'B5BC');
    assert.equal(crc16Hex(crc16Ccitt(text('STOP'))), 'AF2E');
  });
  test('the table-driven routine agrees with a bit-at-a-time one on random input', () => {
    let seed = 7;
    for (let n = 0; n < 200; n++) {
      const bytes = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        bytes[i] = seed >>> 24;
      }
      assert.equal(crc16Ccitt(bytes), bitwise(bytes));
    }
  });
});

function bitwise(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}
