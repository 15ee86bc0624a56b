// Pivot calibration: the tool is rotated about its tip held in a fixed divot; every pose satisfies
// R_i · p_tip + t_i = p_pivot. Least squares over all poses for p_tip (tool coordinates) and p_pivot
// (reference coordinates) — the stacked system [R_i  −I] [p_tip; p_pivot] = −t_i, solved through its
// normal equations — and the RMS of the residuals |R_i p_tip + t_i − p_pivot| (as PLUS reports it).
import { invalid, type Outcome } from '@openrgs/outcome';
import type { RigidTransform } from './content.js';
import { applyRotation } from './pose.js';

export interface PivotCalibration {
  tipMm: [number, number, number];
  pivotMm: [number, number, number];
  rmsErrorMm: number;
  poses: number;
}

/** The calibration, or why the poses give none (@openrgs/outcome: one `invalid` issue). */
export type PivotResult = Outcome<PivotCalibration>;

/** Solves A x = b (n×n, Gaussian elimination with partial pivoting); null when singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++)
      if (Math.abs((m[r] as number[])[c] as number) > Math.abs((m[p] as number[])[c] as number)) p = r;
    const pivot = (m[p] as number[])[c] as number;
    if (Math.abs(pivot) < 1e-9) return null;
    [m[c], m[p]] = [m[p] as number[], m[c] as number[]];
    const rowC = m[c] as number[];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const row = m[r] as number[];
      const f = (row[c] as number) / pivot;
      for (let k = c; k <= n; k++) row[k] = (row[k] as number) - f * (rowC[k] as number);
    }
  }
  return m.map((row, i) => (row[n] as number) / (row[i] as number));
}

export function pivotCalibration(poses: readonly RigidTransform[]): PivotResult {
  if (poses.length < 4)
    return invalid('too-few-poses', `pivot calibration needs at least 4 poses, got ${poses.length}`);
  // Normal equations: Σ M_iᵀ M_i x = Σ M_iᵀ (−t_i), with M_i = [R_i  −I] (3×6).
  const ata = Array.from({ length: 6 }, () => new Array<number>(6).fill(0));
  const atb = new Array<number>(6).fill(0);
  for (const p of poses) {
    const r = p.rotation;
    for (let row = 0; row < 3; row++) {
      const m = [r[row * 3] as number, r[row * 3 + 1] as number, r[row * 3 + 2] as number, 0, 0, 0];
      m[3 + row] = -1;
      const rhs = -(p.translationMm[row] as number);
      for (let i = 0; i < 6; i++) {
        atb[i] = (atb[i] as number) + (m[i] as number) * rhs;
        const ai = ata[i] as number[];
        for (let j = 0; j < 6; j++) ai[j] = (ai[j] as number) + (m[i] as number) * (m[j] as number);
      }
    }
  }
  const x = solve(ata, atb);
  if (!x)
    return invalid(
      'unconstrained',
      'the poses do not constrain the tip: rotate the tool about at least two axes',
    );
  const tipMm: [number, number, number] = [x[0] as number, x[1] as number, x[2] as number];
  const pivotMm: [number, number, number] = [x[3] as number, x[4] as number, x[5] as number];
  let sum = 0;
  for (const p of poses) {
    const q = applyRotation(p.rotation, tipMm);
    sum +=
      (q[0] + p.translationMm[0] - pivotMm[0]) ** 2 +
      (q[1] + p.translationMm[1] - pivotMm[1]) ** 2 +
      (q[2] + p.translationMm[2] - pivotMm[2]) ** 2;
  }
  return {
    ok: true,
    value: { tipMm, pivotMm, rmsErrorMm: Math.sqrt(sum / poses.length), poses: poses.length },
  };
}
