// OpenIGTLink framing against the protocol's documents (openigtlink/OpenIGTLink):
// - Documents/Protocol/header.md and Source/igtlutil/igtl_header.h (commit a96f05a8) lines 18-24 and
//   56-63: a 58-byte big-endian header — V uint16 at 0, TYPE char[12] at 2, DEVICE_NAME char[20] at 14
//   (unused bytes 0), TIME_STAMP uint64 at 34, BODY_SIZE uint64 at 42, CRC64 uint64 at 50 — then the body.
//   Header version 1, or 2 for protocol version 3 (IGTL_HEADER_VERSION_2, line 19).
// - Documents/Protocol/timestamp.md: seconds in the upper 32 bits, the fraction of a second × 2^32 in the
//   lower 32 bits.
// - igtl_header.h lines 21 and 70-75: version 2's body starts with a 12-byte extended header (size
//   uint16, metadata-header size uint16, metadata size uint32, message id uint32); the content lies
//   between it and the metadata at the body's end (igtlMessageBase.cxx UnpackBody: content at
//   extended_header_size, metadata header at body size − metadata-header size − metadata size).
// - The CRC is CRC-64/ECMA-182 (header.md): computed here bit by bit (polynomial 0x42F0E1EBA9EA3693, MSB
//   first, init 0), checked against the catalogue's check value, so the fake sender below does not use
//   the code under test.
// The messages fed to the decoder are built field by field from those offsets, not with encodeMessage.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeMessage, IGTL_HEADER_BYTES, IgtlDecoder } from './message.js';

function crc64Bitwise(data: Uint8Array): bigint {
  const poly = 0x42f0e1eba9ea3693n;
  const mask = (1n << 64n) - 1n;
  let crc = 0n;
  for (const byte of data) {
    crc ^= BigInt(byte) << 56n;
    for (let i = 0; i < 8; i++) crc = crc & (1n << 63n) ? ((crc << 1n) ^ poly) & mask : (crc << 1n) & mask;
  }
  return crc;
}

/** A message as a sender following header.md writes it. */
function fake(f: {
  version?: number;
  type: string;
  device: string;
  seconds?: number;
  fraction?: number;
  body: Uint8Array;
  bodySize?: bigint;
  crc?: bigint;
}): Uint8Array {
  const out = new Uint8Array(58 + f.body.length);
  const v = new DataView(out.buffer);
  v.setUint16(0, f.version ?? 1);
  for (let i = 0; i < f.type.length; i++) out[2 + i] = f.type.charCodeAt(i);
  for (let i = 0; i < f.device.length; i++) out[14 + i] = f.device.charCodeAt(i);
  v.setUint32(34, f.seconds ?? 0);
  v.setUint32(38, f.fraction ?? 0);
  v.setBigUint64(42, f.bodySize ?? BigInt(f.body.length));
  v.setBigUint64(50, f.crc ?? crc64Bitwise(f.body));
  out.set(f.body, 58);
  return out;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const ascii = (text: string, width: number) =>
  Buffer.concat([Buffer.from(text, 'latin1'), Buffer.alloc(width - text.length)]).toString('hex');

test('the bitwise CRC-64/ECMA-182 of this test matches the catalogue check value', () => {
  // CRC RevEng catalogue, CRC-64/ECMA-182: check = 0x6C40DF5F0B497347 for "123456789".
  assert.equal(crc64Bitwise(new TextEncoder().encode('123456789')), 0x6c40df5f0b497347n);
});

test('encodeMessage writes the 58-byte header field by field, then the content', () => {
  const content = new Uint8Array([1, 2, 3, 4]);
  const bytes = encodeMessage({ type: 'TRANSFORM', deviceName: 'Probe', timestampSeconds: 10.25, content });
  assert.equal(IGTL_HEADER_BYTES, 58);
  assert.equal(bytes.length, 62);
  assert.equal(
    hex(bytes),
    '0001' +
      ascii('TRANSFORM', 12) +
      ascii('Probe', 20) +
      '0000000a' + // 10 s
      '40000000' + // 0.25 × 2^32
      '0000000000000004' +
      crc64Bitwise(content).toString(16).padStart(16, '0') +
      '01020304',
  );
  assert.equal(crc64Bitwise(content), 0x588d5ad42a701db2n);
});

test('names fill their fields exactly at 12 and 20 characters; longer or non-printable names are refused', () => {
  const content = new Uint8Array(0);
  const full = encodeMessage({
    type: 'ABCDEFGHIJKL',
    deviceName: 'ABCDEFGHIJKLMNOPQRST',
    timestampSeconds: 0,
    content,
  });
  assert.equal(hex(full.subarray(2, 34)), ascii('ABCDEFGHIJKL', 12) + ascii('ABCDEFGHIJKLMNOPQRST', 20));
  assert.throws(
    () => encodeMessage({ type: 'ABCDEFGHIJKLM', deviceName: 'P', timestampSeconds: 0, content }),
    new RangeError("OpenIGTLink type name 'ABCDEFGHIJKLM' must be printable ASCII of at most 12 characters"),
  );
  assert.throws(
    () => encodeMessage({ type: 'T', deviceName: 'ABCDEFGHIJKLMNOPQRSTU', timestampSeconds: 0, content }),
    new RangeError(
      "OpenIGTLink device name 'ABCDEFGHIJKLMNOPQRSTU' must be printable ASCII of at most 20 characters",
    ),
  );
  for (const bad of ['T\u0000', 'T\n', 'Tö', '\u007f']) {
    assert.throws(
      () => encodeMessage({ type: bad, deviceName: 'P', timestampSeconds: 0, content }),
      RangeError,
      JSON.stringify(bad),
    );
  }
  // Space (0x20) and tilde (0x7E) are the ends of printable ASCII.
  const edges = encodeMessage({ type: ' ~', deviceName: '~ ', timestampSeconds: 0, content });
  assert.equal(hex(edges.subarray(2, 4)), '207e');
});

test('the timestamp fraction is rounded to 2^-32 s and never carries into the seconds', () => {
  const at = (t: number) =>
    hex(
      encodeMessage({ type: 'T', deviceName: 'D', timestampSeconds: t, content: new Uint8Array(0) }).subarray(
        34,
        42,
      ),
    );
  assert.equal(at(0), '0000000000000000');
  assert.equal(at(1.5), '0000000180000000');
  // 2^-33 s is half a unit: rounds up to 1.
  assert.equal(at(7 + 2 ** -33), '0000000700000001');
  // Just below the next second: the fraction would round to 2^32; it stays at FFFFFFFF.
  assert.equal(at(5 + (1 - 2 ** -40)), '00000005ffffffff');
  // 2106-02-07: the last second the 32-bit field holds (timestamp.md, wrap-around).
  assert.equal(at(4_294_967_295), 'ffffffff00000000');
});

test('the decoder reads every header field (names stop at the first NUL) and the body', () => {
  const body = new Uint8Array([9, 8, 7]);
  const bytes = fake({
    type: 'POSITION',
    device: 'Tool',
    seconds: 1_700_000_000,
    fraction: 0x80000000,
    body,
  });
  const d = new IgtlDecoder();
  assert.equal(d.desynchronised, false);
  const r = d.push(bytes);
  assert.deepEqual(r.issues, []);
  assert.deepEqual(r.messages, [
    { version: 1, type: 'POSITION', deviceName: 'Tool', timestampSeconds: 1_700_000_000.5, content: body },
  ]);
  // Full-width names with no NUL at all.
  const wide = new IgtlDecoder().push(fake({ type: 'ABCDEFGHIJKL', device: 'ABCDEFGHIJKLMNOPQRST', body }));
  assert.equal(wide.messages[0]?.type, 'ABCDEFGHIJKL');
  assert.equal(wide.messages[0]?.deviceName, 'ABCDEFGHIJKLMNOPQRST');
  // Bytes after a NUL are padding, not part of the name.
  const padded = fake({ type: 'STATUS', device: 'A', body });
  padded[2 + 7] = 0x58; // "STATUS\0X…"
  padded[14 + 2] = 0x59;
  const p = new IgtlDecoder().push(padded);
  assert.equal(p.messages[0]?.type, 'STATUS');
  assert.equal(p.messages[0]?.deviceName, 'A');
});

test('byte by byte, three messages back to back, and an empty body: all come out whole, in order', () => {
  const one = fake({ type: 'A', device: 'd1', body: new Uint8Array([1]) });
  const two = fake({ type: 'B', device: 'd2', body: new Uint8Array(0) });
  const three = fake({ type: 'C', device: 'd3', body: new Uint8Array(70).fill(3) });
  const stream = new Uint8Array([...one, ...two, ...three]);
  const d = new IgtlDecoder();
  const got: string[] = [];
  for (let i = 0; i < stream.length; i++) {
    const r = d.push(stream.subarray(i, i + 1));
    assert.deepEqual(r.issues, []);
    for (const m of r.messages) got.push(`${m.type}:${m.content.length}`);
    if (i === 57) assert.deepEqual(got, [], 'a header alone is not a message');
  }
  assert.deepEqual(got, ['A:1', 'B:0', 'C:70']);
  // A whole message and the start of the next in one chunk: the second waits for the rest of its body.
  const split = new IgtlDecoder();
  const cut = one.length + two.length + 58 + 30; // C's header and 30 of its 70 body bytes
  assert.deepEqual(
    split.push(stream.subarray(0, cut)).messages.map((m) => m.type),
    ['A', 'B'],
  );
  const rest = split.push(stream.subarray(cut));
  assert.deepEqual(rest.issues, []);
  assert.deepEqual(
    rest.messages.map((m) => m.type),
    ['C'],
  );
  const all = new IgtlDecoder().push(stream);
  assert.deepEqual(
    all.messages.map((m) => m.deviceName),
    ['d1', 'd2', 'd3'],
  );
  assert.equal(all.messages[2]?.content[69], 3);
});

test('a wrong CRC: that message is skipped and named, the stream stays in step', () => {
  const body = new Uint8Array([1, 2, 3, 4]);
  const bad = fake({ type: 'TRANSFORM', device: 'Probe', body, crc: crc64Bitwise(body) ^ 1n });
  const good = fake({ type: 'TRANSFORM', device: 'Next', body });
  const d = new IgtlDecoder();
  const r = d.push(new Uint8Array([...bad, ...good]));
  assert.deepEqual(r.issues, [{ code: 'bad-crc', type: 'TRANSFORM', deviceName: 'Probe' }]);
  assert.deepEqual(
    r.messages.map((m) => m.deviceName),
    ['Next'],
  );
  assert.equal(d.desynchronised, false);
});

test('an unknown header version stops the decoder: it reports it and reads nothing more', () => {
  for (const version of [0, 3, 0x4141]) {
    const d = new IgtlDecoder();
    const r = d.push(fake({ version, type: 'T', device: 'D', body: new Uint8Array(1) }));
    assert.deepEqual(r, { messages: [], issues: [{ code: 'bad-version', version }] });
    assert.equal(d.desynchronised, true);
    assert.deepEqual(d.push(fake({ type: 'T', device: 'D', body: new Uint8Array(1) })), {
      messages: [],
      issues: [],
    });
  }
});

test('a body larger than the limit stops the decoder; one at the limit is awaited', () => {
  const d = new IgtlDecoder(100);
  const atLimit = fake({ type: 'T', device: 'D', body: new Uint8Array(100) });
  assert.equal(d.push(atLimit.subarray(0, 100)).messages.length, 0);
  assert.equal(d.push(atLimit.subarray(100)).messages.length, 1);
  const over = fake({ type: 'T', device: 'D', body: new Uint8Array(0), bodySize: 101n });
  assert.deepEqual(d.push(over), { messages: [], issues: [{ code: 'too-large', bodyBytes: 101 }] });
  assert.equal(d.desynchronised, true);
  // The default limit is 64 MiB.
  const big = new IgtlDecoder();
  const huge = fake({ type: 'T', device: 'D', body: new Uint8Array(0), bodySize: 64n * 1024n * 1024n + 1n });
  assert.deepEqual(big.push(huge).issues, [{ code: 'too-large', bodyBytes: 64 * 1024 * 1024 + 1 }]);
  const fits = new IgtlDecoder();
  assert.deepEqual(
    fits.push(fake({ type: 'T', device: 'D', body: new Uint8Array(0), bodySize: 64n * 1024n * 1024n }))
      .issues,
    [],
  );
  assert.equal(fits.desynchronised, false);
});

/** A version-2 body: extended header (its size, metadata-header size, metadata size, id), content, metadata. */
function v2Body(
  content: Uint8Array,
  o: { extSize?: number; metaHeader?: Uint8Array; meta?: Uint8Array; declared?: [number, number] } = {},
) {
  const extSize = o.extSize ?? 12;
  const metaHeader = o.metaHeader ?? new Uint8Array(0);
  const meta = o.meta ?? new Uint8Array(0);
  const body = new Uint8Array(extSize + content.length + metaHeader.length + meta.length);
  const v = new DataView(body.buffer);
  v.setUint16(0, extSize);
  v.setUint16(2, o.declared?.[0] ?? metaHeader.length);
  v.setUint32(4, o.declared?.[1] ?? meta.length);
  v.setUint32(8, 77); // message id
  body.set(content, extSize);
  body.set(metaHeader, extSize + content.length);
  body.set(meta, extSize + content.length + metaHeader.length);
  return body;
}

test('header version 2: the content is what lies between the extended header and the metadata', () => {
  const content = new Uint8Array([10, 11, 12, 13, 14]);
  // One metadata entry: header = count (2) + key size (2) + encoding (2) + value size (4); body "k" "v".
  const metaHeader = new Uint8Array([0, 1, 0, 1, 0, 3, 0, 0, 0, 1]);
  const meta = new TextEncoder().encode('kv');
  const r = new IgtlDecoder().push(
    fake({ version: 2, type: 'TRANSFORM', device: 'T', body: v2Body(content, { metaHeader, meta }) }),
  );
  assert.deepEqual(r.issues, []);
  assert.equal(r.messages[0]?.version, 2);
  assert.deepEqual([...(r.messages[0]?.content ?? [])], [10, 11, 12, 13, 14]);
  // A longer extended header (a later protocol's extra fields) is skipped by its declared size.
  const longer = new IgtlDecoder().push(
    fake({ version: 2, type: 'T', device: 'T', body: v2Body(content, { extSize: 16, meta }) }),
  );
  assert.deepEqual([...(longer.messages[0]?.content ?? [])], [10, 11, 12, 13, 14]);
  // No metadata and an empty content.
  const empty = new IgtlDecoder().push(
    fake({ version: 2, type: 'T', device: 'T', body: v2Body(new Uint8Array(0)) }),
  );
  assert.deepEqual(empty.issues, []);
  assert.equal(empty.messages[0]?.content.length, 0);
});

test('header version 2: an extended header that cannot be one is named; the stream goes on', () => {
  const next = fake({ type: 'NEXT', device: 'T', body: new Uint8Array(1) });
  const cases: [string, Uint8Array][] = [
    ['body shorter than an extended header', new Uint8Array(11)],
    ["body shorter than the extended header's size fields", new Uint8Array(5)],
    [
      'extended header claims under 12 bytes',
      v2Body(new Uint8Array(4), { extSize: 12, declared: [0, 0] }).fill(0, 0, 2),
    ],
    ['metadata larger than the body', v2Body(new Uint8Array(4), { declared: [0, 5] })],
    ['metadata header larger than the body', v2Body(new Uint8Array(4), { declared: [17, 0] })],
  ];
  for (const [what, body] of cases) {
    const d = new IgtlDecoder();
    const r = d.push(new Uint8Array([...fake({ version: 2, type: 'IMAGE', device: 'T', body }), ...next]));
    assert.deepEqual(r.issues, [{ code: 'bad-extended-header', type: 'IMAGE' }], what);
    assert.deepEqual(
      r.messages.map((m) => m.type),
      ['NEXT'],
      what,
    );
    assert.equal(d.desynchronised, false, what);
  }
  // Exactly 12 bytes: an extended header and nothing else is a valid, empty message.
  const bare = new IgtlDecoder().push(
    fake({ version: 2, type: 'T', device: 'T', body: v2Body(new Uint8Array(0)) }),
  );
  assert.equal(bare.messages.length, 1);
  // Metadata filling the body exactly up to the extended header leaves an empty content.
  const full = new IgtlDecoder().push(
    fake({
      version: 2,
      type: 'T',
      device: 'T',
      body: v2Body(new Uint8Array(0), { meta: new Uint8Array(3) }),
    }),
  );
  assert.deepEqual(full.issues, []);
  assert.equal(full.messages[0]?.content.length, 0);
});
