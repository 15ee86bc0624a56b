// Message contents (big-endian): TRANSFORM (igtl_transform.h: 12 float32, the rotation columns then the
// translation: R11 R21 R31 R12 R22 R32 R13 R23 R33 TX TY TZ), POSITION (igtl_position.h: x y z, then the
// quaternion ox oy oz w — 28 bytes; 24 bytes omit w, 12 bytes carry the position only) and IMAGE
// (igtl_image.h: a 72-byte image header then the voxels). Lengths in the sender's unit, millimetres by
// the convention of 3D Slicer and PLUS.

import type { Issue, Outcome } from '@openrgs/outcome';

/** A rigid transform: rotation (row-major 3×3) and translation (mm). */
export interface RigidTransform {
  rotation: [number, number, number, number, number, number, number, number, number];
  translationMm: [number, number, number];
}

/**
 * Why a message's content cannot be read (each `invalid`, a stream event for the client, never a throw): its
 * length is none the message type allows, or it holds a NaN or infinity. The fields say which message
 * type, how many bytes came and what was expected.
 */
export type ContentIssue = Issue &
  (
    | { code: 'bad-length'; type: string; bytes: number; expected: string }
    | { code: 'not-finite'; type: string }
  );

/** The decoded transform, or the one issue why not. */
export type ContentResult = Outcome<RigidTransform, ContentIssue>;

function badLength(type: string, bytes: number, expected: string): ContentResult {
  const message = `${type} content of ${bytes} bytes; expected ${expected}`;
  return { ok: false, issues: [{ kind: 'invalid', code: 'bad-length', message, type, bytes, expected }] };
}

function notFinite(type: string): ContentResult {
  const message = `${type} content holds a value that is not a finite number`;
  return { ok: false, issues: [{ kind: 'invalid', code: 'not-finite', message, type }] };
}

export function encodeTransform(t: RigidTransform): Uint8Array {
  const out = new Uint8Array(48);
  const v = new DataView(out.buffer);
  const r = t.rotation;
  // Column-major: R[row][col] at col * 3 + row.
  for (let col = 0; col < 3; col++)
    for (let row = 0; row < 3; row++) v.setFloat32((col * 3 + row) * 4, r[row * 3 + col] as number);
  for (let k = 0; k < 3; k++) v.setFloat32((9 + k) * 4, t.translationMm[k] as number);
  return out;
}

export function decodeTransform(content: Uint8Array): ContentResult {
  if (content.length !== 48) return badLength('TRANSFORM', content.length, '48');
  const v = new DataView(content.buffer, content.byteOffset, content.length);
  const f = Array.from({ length: 12 }, (_, i) => v.getFloat32(i * 4));
  if (!f.every(Number.isFinite)) return notFinite('TRANSFORM');
  const rotation = [0, 0, 0, 0, 0, 0, 0, 0, 0] as RigidTransform['rotation'];
  for (let col = 0; col < 3; col++)
    for (let row = 0; row < 3; row++) rotation[row * 3 + col] = f[col * 3 + row] as number;
  return { ok: true, value: { rotation, translationMm: [f[9] as number, f[10] as number, f[11] as number] } };
}

/** Rotation matrix of a unit quaternion (x, y, z, w) — the formula of igtlMath.cxx QuaternionToMatrix. */
export function quaternionToRotation(
  q: readonly [number, number, number, number],
): RigidTransform['rotation'] {
  const [x, y, z, w] = q;
  const n = Math.hypot(x, y, z, w);
  const [a, b, c, d] = n > 0 ? [x / n, y / n, z / n, w / n] : [0, 0, 0, 1];
  return [
    1 - 2 * (b * b + c * c),
    2 * (a * b - c * d),
    2 * (a * c + b * d),
    2 * (a * b + c * d),
    1 - 2 * (a * a + c * c),
    2 * (b * c - a * d),
    2 * (a * c - b * d),
    2 * (b * c + a * d),
    1 - 2 * (a * a + b * b),
  ];
}

export function encodePosition(
  positionMm: readonly [number, number, number],
  quaternion: readonly [number, number, number, number],
): Uint8Array {
  const out = new Uint8Array(28);
  const v = new DataView(out.buffer);
  for (let k = 0; k < 3; k++) v.setFloat32(k * 4, positionMm[k] as number);
  for (let k = 0; k < 4; k++) v.setFloat32(12 + k * 4, quaternion[k] as number);
  return out;
}

export function decodePosition(content: Uint8Array): ContentResult {
  if (content.length !== 12 && content.length !== 24 && content.length !== 28)
    return badLength('POSITION', content.length, '12, 24 or 28');
  const v = new DataView(content.buffer, content.byteOffset, content.length);
  const f = Array.from({ length: content.length / 4 }, (_, i) => v.getFloat32(i * 4));
  if (!f.every(Number.isFinite)) return notFinite('POSITION');
  let q: [number, number, number, number] = [0, 0, 0, 1];
  if (f.length >= 6) {
    const [x, y, z] = [f[3] as number, f[4] as number, f[5] as number];
    q = [x, y, z, f.length === 7 ? (f[6] as number) : Math.sqrt(Math.max(0, 1 - x * x - y * y - z * z))];
  }
  return {
    ok: true,
    value: {
      rotation: quaternionToRotation(q),
      translationMm: [f[0] as number, f[1] as number, f[2] as number],
    },
  };
}

export interface ImageVolume {
  /** Voxels along i, j, k. */
  size: [number, number, number];
  /** Columns: direction × spacing (mm) of i, j, k; then the origin (mm) — igtl_image.h matrix[12]. */
  matrix: [number, number, number, number, number, number, number, number, number, number, number, number];
  /** 'LPS' (2) or 'RAS' (1). */
  coordinate: 'RAS' | 'LPS';
  /** float32 voxels, i fastest. */
  voxels: Float32Array;
}

const IMAGE_HEADER_BYTES = 72;

export function encodeImage(image: ImageVolume): Uint8Array {
  const [nx, ny, nz] = image.size;
  if (image.voxels.length !== nx * ny * nz)
    throw new RangeError('image: voxel count does not match the size');
  if (image.size.some((n) => !(n >= 1 && n <= 65535)))
    throw new RangeError('image: each size must be 1–65535');
  const out = new Uint8Array(IMAGE_HEADER_BYTES + image.voxels.length * 4);
  const v = new DataView(out.buffer);
  v.setUint16(0, 1); // image header version
  v.setUint8(2, 1); // components
  v.setUint8(3, 10); // float32
  v.setUint8(4, 1); // big-endian data
  v.setUint8(5, image.coordinate === 'RAS' ? 1 : 2);
  for (let k = 0; k < 3; k++) v.setUint16(6 + 2 * k, image.size[k] as number);
  for (let k = 0; k < 12; k++) v.setFloat32(12 + 4 * k, image.matrix[k] as number);
  // Sub-volume offset (0, 0, 0) at bytes 60-65: the buffer starts zeroed.
  for (let k = 0; k < 3; k++) v.setUint16(66 + 2 * k, image.size[k] as number);
  for (let i = 0; i < image.voxels.length; i++)
    v.setFloat32(IMAGE_HEADER_BYTES + 4 * i, image.voxels[i] as number);
  return out;
}

/**
 * One element of a POINT message (protocol v2; Documents/Protocol/point.md of openigtlink/OpenIGTLink and
 * igtl_point.h, `igtl_point_element`): a fiducial with its name, group, colour, position and size.
 */
export interface IgtlPoint {
  /** Name or description of the point (printable ASCII, at most 63 characters). */
  name: string;
  /** Group, e.g. "Landmark" or "Fiducial" (printable ASCII, at most 31 characters). */
  group: string;
  /** Colour, 0–255 each. */
  rgba: readonly [number, number, number, number];
  positionMm: readonly [number, number, number];
  /** Diameter in mm (point.md: "Diameter can be 0"; the C struct calls the field `radius`). */
  diameterMm: number;
  /** Device name of the owner image (printable ASCII, at most 19 characters). */
  owner: string;
}

/** igtl_point.h: IGTL_POINT_ELEMENT_SIZE — 64 + 32 + 4 + 12 + 4 + 20 bytes. */
export const IGTL_POINT_ELEMENT_BYTES = 136;

function putText(view: DataView, offset: number, field: number, text: string, what: string): void {
  // One byte is kept for the terminating NUL: the reference library's unpacking (igtlPointMessage.cxx,
  // PointMessage::UnpackContent) copies the field with strncpy and no terminator, so a name that fills
  // its field is read past its end and then refused by SetName — the receiver would get an empty name.
  if (text.length > field - 1 || !/^[\x20-\x7e]*$/.test(text))
    throw new RangeError(
      `OpenIGTLink POINT ${what} '${text}' must be printable ASCII of at most ${field - 1} characters`,
    );
  for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
}

/** The content of a POINT message: one 136-byte big-endian element per point (none: an empty list). */
export function encodePoints(points: readonly IgtlPoint[]): Uint8Array {
  const out = new Uint8Array(points.length * IGTL_POINT_ELEMENT_BYTES);
  const v = new DataView(out.buffer);
  points.forEach((p, n) => {
    const at = n * IGTL_POINT_ELEMENT_BYTES;
    if (!p.rgba.every((c) => Number.isInteger(c) && c >= 0 && c <= 255))
      throw new RangeError(`OpenIGTLink POINT '${p.name}': each RGBA component must be an integer 0–255`);
    if (!p.positionMm.every(Number.isFinite))
      throw new RangeError(`OpenIGTLink POINT '${p.name}': the position (mm) must be finite`);
    if (!(Number.isFinite(p.diameterMm) && p.diameterMm >= 0))
      throw new RangeError(`OpenIGTLink POINT '${p.name}': the diameter (mm) must be finite and ≥ 0`);
    putText(v, at, 64, p.name, 'name');
    putText(v, at + 64, 32, p.group, 'group name');
    for (let k = 0; k < 4; k++) v.setUint8(at + 96 + k, p.rgba[k] as number);
    for (let k = 0; k < 3; k++) v.setFloat32(at + 100 + 4 * k, p.positionMm[k] as number);
    v.setFloat32(at + 112, p.diameterMm);
    putText(v, at + 116, 20, p.owner, 'owner');
  });
  return out;
}
