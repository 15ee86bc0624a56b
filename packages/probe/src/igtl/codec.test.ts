import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodePosition, decodeTransform, encodeTransform, type RigidTransform } from './content.js';
import { crc64 } from './crc64.js';
import { encodeMessage, IGTL_HEADER_BYTES, IgtlDecoder } from './message.js';
import { pivotCalibration } from './pivot.js';
import { probePoseOf } from './pose.js';

describe('CRC-64/ECMA-182', () => {
  test('check value of "123456789" is 0x6C40DF5F0B497347 (CRC RevEng catalogue, CRC-64/ECMA-182)', () => {
    assert.equal(crc64(new TextEncoder().encode('123456789')), 0x6c40df5f0b497347n);
    assert.equal(crc64(new Uint8Array(0)), 0n);
  });
});

const transform: RigidTransform = { rotation: [0, -1, 0, 1, 0, 0, 0, 0, 1], translationMm: [1, 2, 3] };
const message = () =>
  encodeMessage({
    type: 'TRANSFORM',
    deviceName: 'ProbeToReference',
    timestampSeconds: 10.25,
    content: encodeTransform(transform),
  });

describe('IgtlDecoder', () => {
  test('a message torn across chunks comes out whole; header fields as sent', () => {
    const bytes = message();
    assert.equal(bytes.length, IGTL_HEADER_BYTES + 48);
    const d = new IgtlDecoder();
    const parts = [bytes.subarray(0, 10), bytes.subarray(10, 70), bytes.subarray(70)];
    const out = parts.flatMap((p) => d.push(p).messages);
    assert.equal(out.length, 1);
    const m = out[0];
    assert.ok(m);
    assert.equal(m.type, 'TRANSFORM');
    assert.equal(m.deviceName, 'ProbeToReference');
    assert.equal(m.timestampSeconds, 10.25);
    const t = decodeTransform(m.content);
    assert.ok(t.ok);
    assert.deepEqual(t.value, transform);
  });

  test('a corrupted body is skipped and reported; the next message still decodes', () => {
    const bad = message();
    bad[IGTL_HEADER_BYTES + 5] = (bad[IGTL_HEADER_BYTES + 5] as number) ^ 1;
    const both = new Uint8Array([...bad, ...message()]);
    const r = new IgtlDecoder().push(both);
    assert.deepEqual(
      r.issues.map((i) => i.code),
      ['bad-crc'],
    );
    assert.equal(r.messages.length, 1);
  });

  test('an impossible header stops the decoder (out of step: the link must be reset)', () => {
    const d = new IgtlDecoder();
    const r = d.push(new Uint8Array(IGTL_HEADER_BYTES).fill(0x41));
    assert.equal(r.issues[0]?.code, 'bad-version');
    assert.ok(d.desynchronised);
  });

  test('header version 2 (protocol v3): the extended header and metadata are stripped', () => {
    const content = encodeTransform(transform);
    const meta = new TextEncoder().encode('x');
    const body = new Uint8Array(12 + content.length + 2 + meta.length);
    const v = new DataView(body.buffer);
    v.setUint16(0, 12);
    v.setUint16(2, 2);
    v.setUint32(4, meta.length);
    body.set(content, 12);
    body.set(meta, 12 + content.length + 2);
    const bytes = encodeMessage({ type: 'TRANSFORM', deviceName: 'T', timestampSeconds: 0, content: body });
    new DataView(bytes.buffer).setUint16(0, 2);
    const r = new IgtlDecoder().push(bytes);
    assert.equal(r.messages.length, 1);
    assert.deepEqual(r.messages[0]?.content, content);
  });

  test('POSITION: 28-byte form with the quaternion; w derived in the 24-byte form', () => {
    const body = new Uint8Array(24);
    const v = new DataView(body.buffer);
    for (const [i, x] of [10, 20, 30, 0, 0, Math.SQRT1_2].entries()) v.setFloat32(i * 4, x);
    const p = decodePosition(body);
    assert.ok(p.ok);
    // 90° about z: x → y.
    assert.ok(Math.abs(p.value.rotation[3] - 1) < 1e-6 && Math.abs(p.value.rotation[0]) < 1e-6);
    assert.ok(!decodePosition(new Uint8Array(20)).ok);
  });
});

describe('pivot calibration', () => {
  test('poses rotating about a fixed tip give back the tip and the pivot with ~0 RMS; noise shows in the RMS', () => {
    const tip: [number, number, number] = [3, -4, 150];
    const pivot: [number, number, number] = [100, 50, -20];
    const rot = (ax: number, ay: number): RigidTransform['rotation'] => {
      const [cx, sx, cy, sy] = [Math.cos(ax), Math.sin(ax), Math.cos(ay), Math.sin(ay)];
      // R = Ry · Rx
      return [cy, sy * sx, sy * cx, 0, cx, -sx, -sy, cy * sx, cy * cx];
    };
    const poses: RigidTransform[] = [];
    for (const ax of [-0.4, 0, 0.3])
      for (const ay of [-0.5, 0.1, 0.45]) {
        const r = rot(ax, ay);
        const rt = [0, 1, 2].map(
          (i) =>
            (r[i * 3] as number) * tip[0] +
            (r[i * 3 + 1] as number) * tip[1] +
            (r[i * 3 + 2] as number) * tip[2],
        );
        poses.push({
          rotation: r,
          translationMm: [0, 1, 2].map((i) => (pivot[i] as number) - (rt[i] as number)) as [
            number,
            number,
            number,
          ],
        });
      }
    const exact = pivotCalibration(poses);
    assert.ok(exact.ok);
    for (let k = 0; k < 3; k++) {
      assert.ok(Math.abs((exact.value.tipMm[k] as number) - (tip[k] as number)) < 1e-6);
      assert.ok(Math.abs((exact.value.pivotMm[k] as number) - (pivot[k] as number)) < 1e-6);
    }
    assert.ok(exact.value.rmsErrorMm < 1e-6);
    const noisy = pivotCalibration(
      poses.map((p, i) => ({
        ...p,
        translationMm: [p.translationMm[0] + (i % 2 ? 0.5 : -0.5), p.translationMm[1], p.translationMm[2]],
      })),
    );
    assert.ok(
      noisy.ok && noisy.value.rmsErrorMm > 0.2 && noisy.value.rmsErrorMm < 0.6,
      JSON.stringify(noisy),
    );
    assert.ok(!pivotCalibration(poses.slice(0, 3)).ok);
    // The calibrated tip through the tool pose lands on the pivot (mm → cm).
    const pose = probePoseOf(poses[4] as RigidTransform, { tipMm: exact.value.tipMm, axis: [0, 0, 1] });
    assert.ok(Math.hypot(pose.positionCm[0] - 10, pose.positionCm[1] - 5, pose.positionCm[2] + 2) < 1e-6);
  });
});
