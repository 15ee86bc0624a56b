// The response table resampled for speed: ε on two uniform grids (near: 0.05 cm steps within 8 cm of the
// axis and −8…+12 cm along it; far: 0.5 cm steps out to 100 cm), linear interpolation, and the tissue
// factor exp(−μL)(1 + fμL) tabulated against L. A lookup is index arithmetic and a few multiplications
// (no log or exp), which is what makes a pose evaluate in well under a millisecond. The values are
// interpolated from the logarithmic table (response-table.ts); fast-response.test.ts bounds the difference.
import type { ResponseTable } from './response-table.js';

const NEAR_STEP = 0.05;
const NEAR_RHO_MAX = 8;
const NEAR_Z_MIN = -8;
const NEAR_Z_MAX = 12;
const FAR_STEP = 0.5;
const FAR_RHO_MAX = 100;
const FAR_Z_MIN = -30;
const FAR_Z_MAX = 100;
const PATH_STEP = 0.05;
const PATH_MAX = 80;

const NEAR_NR = Math.round(NEAR_RHO_MAX / NEAR_STEP) + 1;
const NEAR_NZ = Math.round((NEAR_Z_MAX - NEAR_Z_MIN) / NEAR_STEP) + 1;
const FAR_NR = Math.round(FAR_RHO_MAX / FAR_STEP) + 1;
const FAR_NZ = Math.round((FAR_Z_MAX - FAR_Z_MIN) / FAR_STEP) + 1;
const PATH_N = Math.round(PATH_MAX / PATH_STEP) + 1;

export interface FastLine {
  /** cps per MBq (already × y·p·w·1e6) on the near grid, index iRho * NEAR_NZ + iZ. */
  near: Float64Array;
  far: Float64Array;
  /** Tissue factor on the path grid. */
  tissue: Float64Array;
  tissuePerCm: number;
  scatterSlope: number;
}

export interface FastResponse {
  lines: FastLine[];
}

export function buildFastResponse(
  table: ResponseTable,
  lookup: (rho: number, z: number, line: number) => number,
): FastResponse {
  return {
    lines: table.lines.map((line, index) => {
      const near = new Float64Array(NEAR_NR * NEAR_NZ);
      for (let i = 0; i < NEAR_NR; i++) {
        for (let j = 0; j < NEAR_NZ; j++)
          near[i * NEAR_NZ + j] = lookup(i * NEAR_STEP, NEAR_Z_MIN + j * NEAR_STEP, index);
      }
      const far = new Float64Array(FAR_NR * FAR_NZ);
      for (let i = 0; i < FAR_NR; i++) {
        for (let j = 0; j < FAR_NZ; j++)
          far[i * FAR_NZ + j] = lookup(i * FAR_STEP, FAR_Z_MIN + j * FAR_STEP, index);
      }
      const tissue = new Float64Array(PATH_N);
      for (let k = 0; k < PATH_N; k++) {
        const muL = line.tissuePerCm * k * PATH_STEP;
        tissue[k] = Math.exp(-muL) * (1 + line.scatterSlope * muL);
      }
      return { near, far, tissue, tissuePerCm: line.tissuePerCm, scatterSlope: line.scatterSlope };
    }),
  };
}

/** cps per MBq at (ρ, z) in the probe frame through `pathCm` of tissue. Allocation-free. */
export function fastCpsPerMBq(fast: FastResponse, rhoCm: number, zCm: number, pathCm: number): number {
  let grid: 'near' | 'far';
  let fr: number;
  let fz: number;
  let nz: number;
  let scale = 1;
  if (rhoCm < NEAR_RHO_MAX && zCm >= NEAR_Z_MIN && zCm < NEAR_Z_MAX) {
    grid = 'near';
    fr = rhoCm / NEAR_STEP;
    fz = (zCm - NEAR_Z_MIN) / NEAR_STEP;
    nz = NEAR_NZ;
  } else {
    let rho = rhoCm;
    let z = zCm;
    if (rho >= FAR_RHO_MAX || z < FAR_Z_MIN || z >= FAR_Z_MAX) {
      const rc = Math.min(rho, FAR_RHO_MAX - 1e-9);
      const zc = Math.min(Math.max(z, FAR_Z_MIN), FAR_Z_MAX - 1e-9);
      scale = (rc * rc + zc * zc) / (rho * rho + z * z);
      rho = rc;
      z = zc;
    }
    grid = 'far';
    fr = rho / FAR_STEP;
    fz = (z - FAR_Z_MIN) / FAR_STEP;
    nz = FAR_NZ;
  }
  const ir = fr | 0;
  const jz = fz | 0;
  const tr = fr - ir;
  const tz = fz - jz;
  const i00 = ir * nz + jz;
  const i10 = i00 + nz;
  let fp = pathCm / PATH_STEP;
  if (fp > PATH_N - 1.000001) fp = PATH_N - 1.000001;
  const kp = fp | 0;
  const tp = fp - kp;
  let cps = 0;
  const lines = fast.lines;
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l] as FastLine;
    const g = grid === 'near' ? line.near : line.far;
    const eps =
      (1 - tr) * ((1 - tz) * (g[i00] as number) + tz * (g[i00 + 1] as number)) +
      tr * ((1 - tz) * (g[i10] as number) + tz * (g[i10 + 1] as number));
    const t = line.tissue;
    const tissue =
      pathCm > PATH_MAX
        ? Math.exp(-line.tissuePerCm * pathCm) * (1 + line.scatterSlope * line.tissuePerCm * pathCm)
        : (1 - tp) * (t[kp] as number) + tp * (t[kp + 1] as number);
    cps += eps * tissue;
  }
  return cps * scale;
}
