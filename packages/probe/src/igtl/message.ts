// OpenIGTLink messages (openigtlink.org protocol v1–v3; igtl_header.h, igtl_transform.h, igtl_position.h,
// igtl_image.h of the reference library): a 58-byte big-endian header — version (uint16), type name
// (12 bytes), device name (20 bytes), timestamp (uint64: seconds in the upper 32 bits, fraction of a second
// × 2^32 in the lower), body size (uint64), CRC-64 of the body (uint64) — then the body. Header version 2
// (protocol v3) starts the body with an extended header (size, metadata header size, metadata size, message
// id) and ends it with metadata; the content is what lies between.
import { crc64 } from './crc64.js';

export const IGTL_HEADER_BYTES = 58;

export interface IgtlMessage {
  /** Header version: 1 (protocol v1/v2) or 2 (protocol v3, extended header). */
  version: number;
  type: string;
  deviceName: string;
  /** Seconds (Unix epoch in practice; 0 when the sender sets none). */
  timestampSeconds: number;
  /** The content (without a v3 extended header and metadata). */
  content: Uint8Array;
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let s = '';
  for (let i = start; i < start + length; i++) {
    const c = bytes[i] as number;
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

function writeAscii(view: DataView, offset: number, length: number, text: string, field: string): void {
  if (text.length > length || !/^[\x20-\x7e]*$/.test(text))
    throw new RangeError(
      `OpenIGTLink ${field} '${text}' must be printable ASCII of at most ${length} characters`,
    );
  for (let i = 0; i < length; i++) view.setUint8(offset + i, i < text.length ? text.charCodeAt(i) : 0);
}

/** One message (header version 1) with the body's CRC-64. */
export function encodeMessage(m: {
  type: string;
  deviceName: string;
  timestampSeconds: number;
  content: Uint8Array;
}): Uint8Array {
  const out = new Uint8Array(IGTL_HEADER_BYTES + m.content.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, 1);
  writeAscii(view, 2, 12, m.type, 'type name');
  writeAscii(view, 14, 20, m.deviceName, 'device name');
  const seconds = Math.floor(m.timestampSeconds);
  const fraction = Math.min(0xffffffff, Math.round((m.timestampSeconds - seconds) * 2 ** 32));
  view.setUint32(34, seconds >>> 0);
  view.setUint32(38, fraction >>> 0);
  view.setBigUint64(42, BigInt(m.content.length));
  view.setBigUint64(50, crc64(m.content));
  out.set(m.content, IGTL_HEADER_BYTES);
  return out;
}

export type IgtlIssue =
  | { code: 'bad-crc'; type: string; deviceName: string }
  | { code: 'bad-version'; version: number }
  | { code: 'too-large'; bodyBytes: number }
  | { code: 'bad-extended-header'; type: string };

/**
 * A stream decoder: bytes in (any chunking), messages and issues out. A message with a wrong CRC is skipped
 * and reported. An impossible header (unknown version, a body larger than the limit) means the stream is
 * out of step: the decoder reports it and stops; the connection must be reset (TCP has no resync point).
 */
export class IgtlDecoder {
  private buffer = new Uint8Array(0);
  private broken = false;

  constructor(private readonly maxBodyBytes = 64 * 1024 * 1024) {}

  get desynchronised(): boolean {
    return this.broken;
  }

  push(chunk: Uint8Array): { messages: IgtlMessage[]; issues: IgtlIssue[] } {
    const messages: IgtlMessage[] = [];
    const issues: IgtlIssue[] = [];
    if (this.broken) return { messages, issues };
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer, 0);
    joined.set(chunk, this.buffer.length);
    let offset = 0;
    while (joined.length - offset >= IGTL_HEADER_BYTES) {
      const view = new DataView(joined.buffer, joined.byteOffset + offset);
      const version = view.getUint16(0);
      if (version !== 1 && version !== 2) {
        issues.push({ code: 'bad-version', version });
        this.broken = true;
        break;
      }
      const bodyBig = view.getBigUint64(42);
      if (bodyBig > BigInt(this.maxBodyBytes)) {
        issues.push({ code: 'too-large', bodyBytes: Number(bodyBig) });
        this.broken = true;
        break;
      }
      const bodyBytes = Number(bodyBig);
      if (joined.length - offset < IGTL_HEADER_BYTES + bodyBytes) break;
      const type = ascii(joined, offset + 2, 12);
      const deviceName = ascii(joined, offset + 14, 20);
      const timestampSeconds = view.getUint32(34) + view.getUint32(38) / 2 ** 32;
      const body = joined.slice(offset + IGTL_HEADER_BYTES, offset + IGTL_HEADER_BYTES + bodyBytes);
      offset += IGTL_HEADER_BYTES + bodyBytes;
      if (crc64(body) !== view.getBigUint64(50)) {
        issues.push({ code: 'bad-crc', type, deviceName });
        continue;
      }
      let content = body;
      if (version === 2) {
        if (body.length < 12) {
          issues.push({ code: 'bad-extended-header', type });
          continue;
        }
        const b = new DataView(body.buffer, body.byteOffset);
        const extSize = b.getUint16(0);
        const metaHeaderSize = b.getUint16(2);
        const metaSize = b.getUint32(4);
        const end = body.length - metaHeaderSize - metaSize;
        if (extSize < 12 || end < extSize) {
          issues.push({ code: 'bad-extended-header', type });
          continue;
        }
        content = body.subarray(extSize, end);
      }
      messages.push({ version, type, deviceName, timestampSeconds, content });
    }
    this.buffer = joined.slice(offset);
    return { messages, issues };
  }
}
