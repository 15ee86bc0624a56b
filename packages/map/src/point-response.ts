// The probe's response to a point (cps per MBq) in a posed frame, from the full detector model, through the
// medium: the one evaluation every fitted column (point sources, spheres, local body refinements) sums.
import type { PosedFrame } from './align.js';
import { type DetectorModel, responseCpsPerMBq } from './detector-model.js';
import { type Medium, tissuePathCm } from './medium.js';

/** Scratch point for tissuePathCm (only its z is read): no array per evaluation on the hot path. */
const SCRATCH: [number, number, number] = [0, 0, 0];

export function pointResponse(
  o: { model: DetectorModel; medium: Medium },
  f: PosedFrame,
  x: number,
  y: number,
  z: number,
): number {
  const rx = x - f.tipCm[0];
  const ry = y - f.tipCm[1];
  const rz = z - f.tipCm[2];
  const along = rx * f.direction[0] + ry * f.direction[1] + rz * f.direction[2];
  const r2 = rx * rx + ry * ry + rz * rz;
  const rho2 = Math.max(0, r2 - along * along);
  SCRATCH[0] = x;
  SCRATCH[1] = y;
  SCRATCH[2] = z;
  return responseCpsPerMBq(
    o.model,
    Math.sqrt(rho2),
    along,
    tissuePathCm(o.medium, SCRATCH, f.tipCm, Math.sqrt(r2)),
  );
}
