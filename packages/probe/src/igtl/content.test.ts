// OpenIGTLink message contents against the protocol's own documents (openigtlink/OpenIGTLink):
// - TRANSFORM: Documents/Protocol/transform.md — 12 big-endian float32 in the order R11 R21 R31 R12 R22
//   R32 R13 R23 R33 TX TY TZ (column by column, then the translation in mm); igtl_transform.h line 20,
//   IGTL_TRANSFORM_SIZE 48.
// - POSITION: Documents/Protocol/position.md — X Y Z (mm) then OX OY OZ W; igtl_position.h (commit
//   1f69833) lines 21-24: 28 bytes, 12 without the quaternion, 24 with three quaternion elements.
// - IMAGE: igtl_image.h (commit 1f69833) lines 22-23 (header version 1, 72 bytes), 36 (float32 = 10),
//   40 (big endian = 1), 44-45 (RAS = 1, LPS = 2), 67-87 (the header: version uint16, components,
//   scalar type, endian, coord (uint8 each), size[3] uint16, matrix[12] float32, subvol_offset[3],
//   subvol_size[3] uint16); Documents/Protocol/image.md: the header is always big-endian.
// - POINT: Documents/Protocol/point.md — per point: name char[64], group name char[32], R G B A uint8,
//   X Y Z float32 (mm), diameter float32 (mm), owner image char[20]; igtl_point.h (Debian
//   libopenigtlink-dev 1.11.0, /usr/include/openigtlink/igtl_point.h) lines 22-26 (element 136 bytes,
//   name 64, group 32, owner 20) and 35-42 (the packed struct in that order; the diameter's field is
//   named `radius` there); line 48: the body is n × 136 bytes.
// Expected bytes are written out here by hand (IEEE-754 single precision: 1 = 3F800000, 1.5 = 3FC00000,
// 2 = 40000000, −2 = C0000000, 3 = 40400000, 10 = 41200000, 20 = 41A00000, 30 = 41F00000).
// Rotations of unit quaternions are hand-worked (a rotation by θ about unit axis u is q = (u sin θ/2,
// cos θ/2)), not computed with the formula under test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodePosition,
  decodeTransform,
  encodeImage,
  encodePoints,
  encodePosition,
  encodeTransform,
  type ImageVolume,
  quaternionToRotation,
  type RigidTransform,
} from './content.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

const S = Math.SQRT1_2;

/** Rotation matrices (row-major) compared to 1e-6 (float32 rounding of the inputs). */
function near(actual: readonly number[], expected: readonly number[], what: string) {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(
      Math.abs((actual[i] as number) - (expected[i] as number)) < 1e-6,
      `${what}[${i}]: ${actual} vs ${expected}`,
    );
  }
}

test('TRANSFORM encodes the rotation column by column, then the translation, big-endian float32', () => {
  // Row-major [[1 2 3] [4 5 6] [7 8 9]] (not a rotation: the codec carries any matrix) → R11 R21 R31 =
  // 1 4 7, R12 R22 R32 = 2 5 8, R13 R23 R33 = 3 6 9; then TX TY TZ = 10 20 30.
  const t: RigidTransform = { rotation: [1, 2, 3, 4, 5, 6, 7, 8, 9], translationMm: [10, 20, 30] };
  const bytes = encodeTransform(t);
  assert.equal(
    hex(bytes),
    '3f800000' +
      '40800000' +
      '40e00000' +
      '40000000' +
      '40a00000' +
      '41000000' +
      '40400000' +
      '40c00000' +
      '41100000' +
      '41200000' +
      '41a00000' +
      '41f00000',
  );
  const back = decodeTransform(bytes);
  assert.ok(back.ok);
  assert.deepEqual(back.value, t);
});

test('TRANSFORM decodes from a view into a larger buffer (a message body), not from its start', () => {
  const inner = encodeTransform({ rotation: [1, 2, 3, 4, 5, 6, 7, 8, 9], translationMm: [10, 20, 30] });
  const outer = new Uint8Array(7 + 48 + 5).fill(0xff);
  outer.set(inner, 7);
  const r = decodeTransform(outer.subarray(7, 55));
  assert.ok(r.ok);
  assert.deepEqual(r.value.rotation, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(r.value.translationMm, [10, 20, 30]);
});

test('TRANSFORM: anything but 48 bytes, or a non-finite element anywhere, is an issue', () => {
  for (const n of [0, 44, 47, 49, 52]) {
    assert.deepEqual(decodeTransform(new Uint8Array(n)), {
      ok: false,
      issues: [
        {
          kind: 'invalid',
          code: 'bad-length',
          message: `TRANSFORM content of ${n} bytes; expected 48`,
          type: 'TRANSFORM',
          bytes: n,
          expected: '48',
        },
      ],
    });
  }
  for (let i = 0; i < 12; i++) {
    const bytes = encodeTransform({ rotation: [1, 0, 0, 0, 1, 0, 0, 0, 1], translationMm: [0, 0, 0] });
    // 7FC00000 is a float32 NaN, 7F800000 +Infinity.
    bytes.set(fromHex(i % 2 ? '7fc00000' : '7f800000'), i * 4);
    assert.deepEqual(
      decodeTransform(bytes),
      {
        ok: false,
        issues: [
          {
            kind: 'invalid',
            code: 'not-finite',
            message: 'TRANSFORM content holds a value that is not a finite number',
            type: 'TRANSFORM',
          },
        ],
      },
      `element ${i}`,
    );
  }
});

test('quaternionToRotation: hand-worked rotations', () => {
  near(quaternionToRotation([0, 0, 0, 1]), [1, 0, 0, 0, 1, 0, 0, 0, 1], 'identity');
  // 90° about z: x → y, y → −x.
  near(quaternionToRotation([0, 0, S, S]), [0, -1, 0, 1, 0, 0, 0, 0, 1], '90° z');
  // 90° about x: y → z, z → −y.
  near(quaternionToRotation([S, 0, 0, S]), [1, 0, 0, 0, 0, -1, 0, 1, 0], '90° x');
  // 90° about y: z → x, x → −z.
  near(quaternionToRotation([0, S, 0, S]), [0, 0, 1, 0, 1, 0, -1, 0, 0], '90° y');
  // 180° about x: diag(1, −1, −1).
  near(quaternionToRotation([1, 0, 0, 0]), [1, 0, 0, 0, -1, 0, 0, 0, -1], '180° x');
  // 120° about (1,1,1)/√3: q = (½, ½, ½, ½); the axes cycle x → y → z → x.
  near(quaternionToRotation([0.5, 0.5, 0.5, 0.5]), [0, 0, 1, 1, 0, 0, 0, 1, 0], '120° (1,1,1)');
  // −90° about z, w negative: q and −q are the same rotation.
  near(quaternionToRotation([0, 0, -S, -S]), [0, -1, 0, 1, 0, 0, 0, 0, 1], '−q');
  near(quaternionToRotation([0, 0, -S, S]), [0, 1, 0, -1, 0, 0, 0, 0, 1], '−90° z');
});

test('quaternionToRotation normalises: (0, 0, 2, 2) is 90° about z; the zero quaternion is the identity', () => {
  near(quaternionToRotation([0, 0, 2, 2]), [0, -1, 0, 1, 0, 0, 0, 0, 1], 'scaled');
  near(quaternionToRotation([0, 0, 0, 0]), [1, 0, 0, 0, 1, 0, 0, 0, 1], 'zero');
  near(quaternionToRotation([0, 0, 0, 5]), [1, 0, 0, 0, 1, 0, 0, 0, 1], 'w only');
  // Every element is divided by the norm: (2, 2, 2, 2) is the 120° rotation about (1,1,1) above,
  // (2, 0, 0, 2) 90° about x, (0, 3, 0, 3) 90° about y.
  near(quaternionToRotation([2, 2, 2, 2]), [0, 0, 1, 1, 0, 0, 0, 1, 0], '2·(½,½,½,½)');
  near(quaternionToRotation([2, 0, 0, 2]), [1, 0, 0, 0, 0, -1, 0, 1, 0], '(2,0,0,2)');
  near(quaternionToRotation([0, 3, 0, 3]), [0, 0, 1, 0, 1, 0, -1, 0, 0], '(0,3,0,3)');
});

test('POSITION encodes x y z then ox oy oz w, 28 bytes big-endian float32', () => {
  const bytes = encodePosition([10, 20, 30], [0, 0, 1, 2]);
  assert.equal(
    hex(bytes),
    '41200000' + '41a00000' + '41f00000' + '00000000' + '00000000' + '3f800000' + '40000000',
  );
});

test('POSITION decodes its three forms: 28 bytes with w, 24 bytes with w derived, 12 bytes position only', () => {
  // 28: 90° about z.
  const full = decodePosition(encodePosition([10, 20, 30], [0, 0, S, S]));
  assert.ok(full.ok);
  assert.deepEqual(full.value.translationMm, [10, 20, 30]);
  near(full.value.rotation, [0, -1, 0, 1, 0, 0, 0, 0, 1], '28-byte');
  // 24: the same rotation without w; a unit quaternion with w ≥ 0 has w = √(1 − x² − y² − z²) = √½.
  const three = decodePosition(encodePosition([10, 20, 30], [0, 0, S, S]).subarray(0, 24));
  assert.ok(three.ok);
  near(three.value.rotation, [0, -1, 0, 1, 0, 0, 0, 0, 1], '24-byte');
  // 24 with 90° about x, in a view at an offset.
  const body = new Uint8Array(4 + 24);
  body.set(encodePosition([1, 2, 3], [S, 0, 0, S]).subarray(0, 24), 4);
  const x = decodePosition(body.subarray(4));
  assert.ok(x.ok);
  assert.deepEqual(x.value.translationMm, [1, 2, 3]);
  near(x.value.rotation, [1, 0, 0, 0, 0, -1, 0, 1, 0], '24-byte x');
  // 28 with w < 0 is taken as sent, not derived: (0, 0, ½√2, −½√2) is −90° about z.
  const negW = decodePosition(encodePosition([0, 0, 0], [0, 0, S, -S]));
  assert.ok(negW.ok);
  near(negW.value.rotation, [0, 1, 0, -1, 0, 0, 0, 0, 1], '28-byte, w < 0');
  // 24 with 90° about y: w = √(1 − ½) again.
  const y = decodePosition(encodePosition([0, 0, 0], [0, S, 0, S]).subarray(0, 24));
  assert.ok(y.ok);
  near(y.value.rotation, [0, 0, 1, 0, 1, 0, -1, 0, 0], '24-byte y');
  // 12: no orientation → the identity.
  const only = decodePosition(fromHex('41200000 41a00000 41f00000'));
  assert.ok(only.ok);
  assert.deepEqual(only.value, { rotation: [1, 0, 0, 0, 1, 0, 0, 0, 1], translationMm: [10, 20, 30] });
});

test('POSITION, 24 bytes: x² + y² + z² a rounding above 1 gives w = 0 (180°), not NaN', () => {
  // oz = 1.0000001 (float32 3F800001): 1 − oz² < 0, so w is taken as 0: 180° about z = diag(−1, −1, 1).
  const r = decodePosition(fromHex('00000000 00000000 00000000 00000000 00000000 3f800001'));
  assert.ok(r.ok);
  near(r.value.rotation, [-1, 0, 0, 0, -1, 0, 0, 0, 1], 'clamped');
});

test('POSITION: other lengths and non-finite values are issues', () => {
  for (const n of [0, 8, 16, 20, 32]) {
    assert.deepEqual(decodePosition(new Uint8Array(n)), {
      ok: false,
      issues: [
        {
          kind: 'invalid',
          code: 'bad-length',
          message: `POSITION content of ${n} bytes; expected 12, 24 or 28`,
          type: 'POSITION',
          bytes: n,
          expected: '12, 24 or 28',
        },
      ],
    });
  }
  for (const n of [12, 24, 28]) {
    const bytes = new Uint8Array(n);
    bytes.set(fromHex('7fc00000'), n - 4);
    assert.deepEqual(
      decodePosition(bytes),
      {
        ok: false,
        issues: [
          {
            kind: 'invalid',
            code: 'not-finite',
            message: 'POSITION content holds a value that is not a finite number',
            type: 'POSITION',
          },
        ],
      },
      `${n}`,
    );
  }
});

test('IMAGE: the 72-byte header as igtl_image.h lays it out, then float32 voxels, i fastest', () => {
  const image: ImageVolume = {
    size: [2, 1, 1],
    matrix: [1, 0, 0, 0, 2, 0, 0, 0, 3, 10, 20, 30],
    coordinate: 'LPS',
    voxels: new Float32Array([1.5, -2]),
  };
  const expected =
    '0001' + // version 1
    '01' + // one component (scalar)
    '0a' + // float32
    '01' + // big-endian data
    '02' + // LPS
    '0002 0001 0001' + // size
    '3f800000 00000000 00000000' + // i: direction × spacing
    '00000000 40000000 00000000' + // j
    '00000000 00000000 40400000' + // k
    '41200000 41a00000 41f00000' + // origin
    '0000 0000 0000' + // sub-volume offset
    '0002 0001 0001' + // sub-volume size = the whole volume
    '3fc00000 c0000000'; // voxels
  assert.equal(hex(encodeImage(image)), expected.replace(/\s+/g, ''));
  const ras = encodeImage({ ...image, coordinate: 'RAS' });
  assert.equal(ras[5], 1);
  assert.equal(ras.length, 72 + 8);
});

test('IMAGE: sizes 1 to 65535 each, and exactly size[0]·size[1]·size[2] voxels', () => {
  const base = {
    matrix: [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0] as ImageVolume['matrix'],
    coordinate: 'RAS' as const,
  };
  assert.throws(
    () => encodeImage({ ...base, size: [2, 2, 1], voxels: new Float32Array(3) }),
    new RangeError('image: voxel count does not match the size'),
  );
  assert.throws(
    () => encodeImage({ ...base, size: [2, 2, 1], voxels: new Float32Array(5) }),
    new RangeError('image: voxel count does not match the size'),
  );
  assert.throws(
    () => encodeImage({ ...base, size: [0, 1, 1], voxels: new Float32Array(0) }),
    new RangeError('image: each size must be 1–65535'),
  );
  assert.throws(
    () => encodeImage({ ...base, size: [1, 65536, 1], voxels: new Float32Array(65536) }),
    new RangeError('image: each size must be 1–65535'),
  );
  const wide = encodeImage({ ...base, size: [1, 1, 65535], voxels: new Float32Array(65535) });
  assert.equal(hex(wide.subarray(6, 12)), '00010001ffff');
  assert.equal(hex(wide.subarray(66, 72)), '00010001ffff');
  assert.equal(wide.length, 72 + 4 * 65535);
});

test('POINT: 136 bytes a point as igtl_point.h lays them out — name, group, RGBA, XYZ, diameter, owner', () => {
  const zeros = (n: number) => '00'.repeat(n);
  const bytes = encodePoints([
    {
      name: 'A',
      group: 'G',
      rgba: [204, 121, 167, 255],
      positionMm: [1.5, -2, 3],
      diameterMm: 10,
      owner: 'OpenRGSMap',
    },
    {
      name: 'PET node',
      group: 'Hotspot',
      rgba: [0, 0, 0, 0],
      positionMm: [0, 0, 0],
      diameterMm: 0,
      owner: '',
    },
  ]);
  // 'A' = 41 then 63 NULs; 'G' = 47 then 31 NULs; CC 79 A7 FF; 1.5 −2 3 (3FC00000 C0000000 40400000);
  // 10 = 41200000; "OpenRGSMap" = 4F 70 65 6E 52 47 53 4D 61 70 then 10 NULs.
  const first =
    `41${zeros(63)}` +
    `47${zeros(31)}` +
    'cc79a7ff' +
    '3fc00000c000000040400000' +
    '41200000' +
    `4f70656e5247534d6170${zeros(10)}`;
  // "PET node" = 50 45 54 20 6E 6F 64 65; "Hotspot" = 48 6F 74 73 70 6F 74; the rest zero.
  // The second point begins at byte 136; its RGBA, XYZ, diameter and owner are 4 + 12 + 4 + 20 zero bytes.
  const second = '504554206e6f6465' + zeros(56) + `486f7473706f74${zeros(25)}` + zeros(40);
  assert.equal(bytes.length, 2 * 136);
  assert.equal(hex(bytes), first + second);
  assert.equal(encodePoints([]).length, 0);
});

test('POINT: names that fill their field, non-ASCII, bad colours, positions or diameters are refused', () => {
  const ok = {
    name: 'x'.repeat(63),
    group: 'g'.repeat(31),
    rgba: [0, 0, 0, 255] as const,
    positionMm: [0, 0, 0] as const,
    diameterMm: 0,
    owner: 'o'.repeat(19),
  };
  assert.equal(encodePoints([ok]).length, 136);
  assert.throws(() => encodePoints([{ ...ok, name: 'x'.repeat(64) }]), /name .* at most 63 characters/);
  assert.throws(() => encodePoints([{ ...ok, group: 'g'.repeat(32) }]), /group name .* at most 31/);
  assert.throws(() => encodePoints([{ ...ok, owner: 'o'.repeat(20) }]), /owner .* at most 19/);
  assert.throws(() => encodePoints([{ ...ok, name: 'Lésion' }]), /printable ASCII/);
  assert.throws(() => encodePoints([{ ...ok, rgba: [0, 0, 256, 0] }]), /RGBA .* 0–255/);
  assert.throws(() => encodePoints([{ ...ok, rgba: [0, 0, 1.5, 0] }]), /RGBA/);
  assert.throws(
    () => encodePoints([{ ...ok, positionMm: [0, Number.NaN, 0] }]),
    /position \(mm\) must be finite/,
  );
  assert.throws(() => encodePoints([{ ...ok, diameterMm: -1 }]), /diameter \(mm\) must be finite and ≥ 0/);
  assert.throws(() => encodePoints([{ ...ok, diameterMm: Number.POSITIVE_INFINITY }]), /diameter/);
});
