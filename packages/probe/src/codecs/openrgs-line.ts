// One line of the OpenRGS line protocol (docs/openrgs-line-protocol.md):
//   '$' BODY '*' CRC '\r'? '\n'     BODY = TYPE *(' ' key '=' value)     CRC = CRC-16/IBM-3740 of BODY, 4 hex
// Pure helpers shared by the codec, by tests and by anyone writing a bridge in TypeScript.
import { crc16Ccitt, crc16Hex } from '../crc16.js';

export const OPENRGS_PROTOCOL_VERSION = 1;
/** Longest line accepted, bytes from '$' to '\n' inclusive. */
export const OPENRGS_MAX_LINE_BYTES = 2048;

const KEY = /^[a-z][a-z0-9]{0,15}$/;
const VALUE = /^[\x21-\x7e]+$/;
const TYPE = /^[A-Z][A-Z0-9]{0,15}$/;

export type LineFields = Readonly<Record<string, string | number>>;

/** Encodes `$TYPE k=v …*CRC\r\n`. Throws on a key or value the grammar does not allow (a caller bug). */
export function encodeOpenRgsLine(type: string, fields: LineFields = {}): string {
  if (!TYPE.test(type)) throw new Error(`invalid line type '${type}'`);
  const parts = [type];
  for (const [key, raw] of Object.entries(fields)) {
    const value = String(raw);
    if (!KEY.test(key)) throw new Error(`invalid key '${key}'`);
    if (!VALUE.test(value) || /[$*=]/.test(value)) throw new Error(`invalid value for ${key}: '${value}'`);
    parts.push(`${key}=${value}`);
  }
  const body = parts.join(' ');
  return `$${body}*${crc16Hex(crc16Ccitt(Buffer.from(body, 'latin1')))}\r\n`;
}

export type ParsedLine =
  | { ok: true; type: string; fields: Map<string, string> }
  | { ok: false; code: 'torn' | 'bad-checksum' | 'malformed'; message: string };

const HEX = /^[0-9A-Fa-f]{4}$/;

/**
 * Parses the bytes between '$' and the line end (no '$', no '\r', no '\n').
 * Checks the CRC before looking at anything else.
 */
export function parseOpenRgsLine(bytes: Uint8Array, length: number): ParsedLine {
  const star = length - 5;
  if (star < 1 || bytes[star] !== 0x2a) {
    return { ok: false, code: 'torn', message: `line of ${length + 1} bytes has no '*CRC' ending` };
  }
  const crcText = String.fromCharCode(
    bytes[star + 1] ?? 0,
    bytes[star + 2] ?? 0,
    bytes[star + 3] ?? 0,
    bytes[star + 4] ?? 0,
  );
  if (!HEX.test(crcText))
    return { ok: false, code: 'torn', message: `'${printable(crcText)}' is not a 4-digit hex CRC` };
  const expected = Number.parseInt(crcText, 16);
  const actual = crc16Ccitt(bytes, 0, star);
  if (expected !== actual) {
    return {
      ok: false,
      code: 'bad-checksum',
      message: `CRC ${crcText} does not match ${actual.toString(16).toUpperCase().padStart(4, '0')}`,
    };
  }
  for (let i = 0; i < star; i++) {
    const b = bytes[i] ?? 0;
    if (b < 0x20 || b > 0x7e)
      return { ok: false, code: 'malformed', message: `byte 0x${b.toString(16)} in a line` };
  }
  const body = String.fromCharCode.apply(null, bytes.subarray(0, star) as unknown as number[]);
  const parts = body.split(' ');
  const type = parts[0] ?? '';
  if (!TYPE.test(type))
    return { ok: false, code: 'malformed', message: `'${type.slice(0, 20)}' is not a line type` };
  const fields = new Map<string, string>();
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const eq = part.indexOf('=');
    const key = eq > 0 ? part.slice(0, eq) : '';
    const value = eq > 0 ? part.slice(eq + 1) : '';
    if (!KEY.test(key) || value === '' || value.includes('=')) {
      return { ok: false, code: 'malformed', message: `'${part.slice(0, 30)}' is not key=value` };
    }
    if (fields.has(key)) return { ok: false, code: 'malformed', message: `key '${key}' given twice` };
    fields.set(key, value);
  }
  return { ok: true, type, fields };
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}
