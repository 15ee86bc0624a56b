// Where a hotspot lies seen from the probe tip, in the words a surgeon uses: depth along the probe's axis
// and the sideways offset in patient directions (patient frame: +x patient left, +y head, +z anterior).
import { dot, sub, type Vec3 } from './vec.js';

export interface FromTip {
  distanceMm: number;
  /** Along the probe's axis: > 0 in front of the tip (deeper). */
  depthMm: number;
  /** Offset across the axis, patient frame, mm. */
  lateralMm: Vec3;
  /** "18 mm deeper, 6 mm toward the head". */
  words: string;
}

const AXES: ReadonlyArray<readonly [string, string]> = [
  ["toward the patient's left", "toward the patient's right"],
  ['toward the head', 'toward the feet'],
  ['anterior', 'posterior'],
];

export function fromTip(tipCm: Vec3, direction: Vec3, targetCm: Vec3): FromTip {
  const d = sub(targetCm, tipCm);
  const depthCm = dot(d, direction);
  const lateral: Vec3 = [
    d[0] - depthCm * direction[0],
    d[1] - depthCm * direction[1],
    d[2] - depthCm * direction[2],
  ];
  const lateralMm: Vec3 = [lateral[0] * 10, lateral[1] * 10, lateral[2] * 10];
  const parts: string[] = [];
  const depthMm = depthCm * 10;
  parts.push(`${Math.round(Math.abs(depthMm))} mm ${depthMm >= 0 ? 'deeper' : 'behind the tip'}`);
  const sideways = [0, 1, 2]
    .map((a) => ({ a, v: lateralMm[a] as number }))
    .filter((c) => Math.abs(c.v) >= 1.5)
    .sort((p, q) => Math.abs(q.v) - Math.abs(p.v))
    .slice(0, 2);
  for (const c of sideways) {
    const words = AXES[c.a] as readonly [string, string];
    parts.push(`${Math.round(Math.abs(c.v))} mm ${c.v > 0 ? words[0] : words[1]}`);
  }
  return { distanceMm: Math.hypot(d[0], d[1], d[2]) * 10, depthMm, lateralMm, words: parts.join(', ') };
}
