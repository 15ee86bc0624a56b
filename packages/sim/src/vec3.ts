// Three-component vectors in centimetres, as plain tuples (cheap to copy into JSON and typed arrays).

export type Vec3 = readonly [number, number, number];

export function add(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

export function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

export function scale(a: Vec3, s: number): Vec3 {
  return [a[0] * s, a[1] * s, a[2] * s];
}

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function norm(a: Vec3): number {
  return Math.sqrt(dot(a, a));
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/** The unit vector along `a`; throws on a zero or non-finite vector (a direction must be meaningful). */
export function normalize(a: Vec3): Vec3 {
  const n = norm(a);
  if (!Number.isFinite(n) || n === 0) throw new RangeError(`cannot normalise vector [${a.join(', ')}]`);
  return [a[0] / n, a[1] / n, a[2] / n];
}

export function isFiniteVec3(a: readonly number[]): a is Vec3 {
  return a.length === 3 && a.every((v) => Number.isFinite(v));
}

/** Two unit vectors that, with `axis`, form a right-handed orthonormal frame (u, v, axis). */
export function orthonormalFrame(axis: Vec3): { u: Vec3; v: Vec3 } {
  const w = normalize(axis);
  const helper: Vec3 = Math.abs(w[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const u = normalize(cross(helper, w));
  const v = cross(w, u);
  return { u, v };
}
