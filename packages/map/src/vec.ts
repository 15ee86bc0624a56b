// Small 3-vector helpers for the map (cm, patient frame unless a name says otherwise).
export type Vec3 = readonly [number, number, number];

export function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function norm(a: Vec3): number {
  return Math.sqrt(dot(a, a));
}

export function normalize(a: Vec3): Vec3 {
  const n = norm(a);
  if (!(n > 0)) throw new RangeError('cannot normalise the zero vector');
  return [a[0] / n, a[1] / n, a[2] / n];
}

export function lerp(a: Vec3, b: Vec3, f: number): Vec3 {
  return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])];
}

export function isFiniteVec3(a: readonly number[]): a is Vec3 {
  return a.length === 3 && a.every(Number.isFinite);
}
