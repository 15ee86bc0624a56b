// The sim's probe response model (sim/response.ts: geometry, crystal, energy window, tissue attenuation
// with in-window scatter) resampled on a uniform (ρ, z) grid in the probe frame for the system matrix:
// air response per line, times the tissue factor exp(−μL)(1 + fμL) of that line (sim/scatter.ts) on use.
import type { Issue, Outcome } from '@openrgs/outcome';
import {
  buildResponseTable,
  createProbeResponse,
  type ProbeModel,
  type SimPhysics,
  physics as simPhysics,
  tableCpsPerMBq,
} from '@openrgs/sim';

export interface DetectorLine {
  /** cps per MBq in air, index iRho * nZ + iZ. */
  airCpsPerMBq: Float32Array;
  tissuePerCm: number;
  scatterSlope: number;
}

export interface DetectorModel {
  probeId: string;
  nuclide: string;
  stepCm: number;
  nRho: number;
  nZ: number;
  maxRhoCm: number;
  maxZCm: number;
  lines: DetectorLine[];
  /** Per z row, the largest ρ (cm) at which the air response is still ≥ cutoffFraction × on-axis. */
  cutoffRhoCm: Float32Array;
  cutoffFraction: number;
}

/** Why no detector model can be built (sim's ResponseIssue: @openrgs/outcome's Issue, kind `invalid`). */
export type DetectorModelIssue = Issue & { code: 'unknown-nuclide' | 'no-window' | 'nothing-in-window' };

export interface DetectorModelOptions {
  probe: ProbeModel;
  nuclide: string;
  /** Deepest distance along the axis modelled, cm (the grid's depth plus the tip stand-off). */
  maxZCm: number;
  /** Response below this fraction of the on-axis value at the same depth is left out of the matrix. */
  cutoffFraction: number;
  physics?: SimPhysics;
}

const STEP_CM = 0.05;
const MAX_RHO_CM = 8;

export function buildDetectorModel(
  options: DetectorModelOptions,
): Outcome<DetectorModel, DetectorModelIssue> {
  const made = createProbeResponse({
    probe: options.probe,
    nuclide: options.nuclide,
    tissue: 'soft-tissue',
    physics: options.physics ?? simPhysics,
  });
  if (!made.ok) return { ok: false, issues: made.issues };
  const table = buildResponseTable(made.value);
  const nRho = Math.round(MAX_RHO_CM / STEP_CM) + 1;
  const nZ = Math.round(options.maxZCm / STEP_CM) + 2;
  const lines: DetectorLine[] = table.lines.map((line) => {
    const single = { ...table, lines: [{ ...line, tissuePerCm: 0, scatterSlope: 0 }] };
    const air = new Float32Array(nRho * nZ);
    for (let i = 0; i < nRho; i++)
      for (let j = 0; j < nZ; j++) air[i * nZ + j] = tableCpsPerMBq(single, i * STEP_CM, j * STEP_CM, 0);
    return { airCpsPerMBq: air, tissuePerCm: line.tissuePerCm, scatterSlope: line.scatterSlope };
  });
  const cutoffRhoCm = new Float32Array(nZ);
  for (let j = 0; j < nZ; j++) {
    const total = (i: number) => lines.reduce((s, l) => s + (l.airCpsPerMBq[i * nZ + j] as number), 0);
    const axis = total(0);
    let last = 0;
    for (let i = 0; i < nRho; i++) if (total(i) >= options.cutoffFraction * axis) last = i;
    cutoffRhoCm[j] = Math.min(MAX_RHO_CM, (last + 1) * STEP_CM);
  }
  return {
    ok: true,
    value: {
      probeId: options.probe.id,
      nuclide: options.nuclide,
      stepCm: STEP_CM,
      nRho,
      nZ,
      maxRhoCm: MAX_RHO_CM,
      maxZCm: (nZ - 1) * STEP_CM,
      lines,
      cutoffRhoCm,
      cutoffFraction: options.cutoffFraction,
    },
  };
}

/**
 * cps per MBq of a point at (ρ, z) in the probe frame (z along the axis from the tip) through `tissueCm`
 * of tissue; 0 outside the modelled cone (behind the tip, beyond the cutoff, deeper than the grid).
 */
export function responseCpsPerMBq(
  model: DetectorModel,
  rhoCm: number,
  zCm: number,
  tissueCm: number,
): number {
  if (zCm < 0 || zCm >= model.maxZCm || rhoCm >= model.maxRhoCm) return 0;
  const fz = zCm / model.stepCm;
  const jz = fz | 0;
  if (rhoCm > (model.cutoffRhoCm[jz] as number)) return 0;
  const fr = rhoCm / model.stepCm;
  const ir = fr | 0;
  const tz = fz - jz;
  const tr = fr - ir;
  const i00 = ir * model.nZ + jz;
  const i10 = i00 + model.nZ;
  let cps = 0;
  for (const line of model.lines) {
    const g = line.airCpsPerMBq;
    const air =
      (1 - tr) * ((1 - tz) * (g[i00] as number) + tz * (g[i00 + 1] as number)) +
      tr * ((1 - tz) * (g[i10] as number) + tz * (g[i10 + 1] as number));
    if (tissueCm > 0) {
      const muL = line.tissuePerCm * tissueCm;
      cps += air * Math.exp(-muL) * (1 + line.scatterSlope * muL);
    } else cps += air;
  }
  return cps;
}
