// Performance figures of a probe model, measured on the model the way NEMA NU 3-2004 style tests measure
// a real probe (setups as described in research-notes.md §3.2; the standard's clauses were not read):
// sensitivity to a point source on the axis, spatial resolution (FWHM of a lateral scan), angular
// resolution (FWHM of the response as the source moves on a circle around the tip) and side shielding
// (rate with the source beside the detector over the rate on the axis at the same distance).
import { type ProbeResponse, pointSourceCpsPerMBq } from './response.js';

export interface ProbeFigures {
  nuclide: string;
  /** cps/MBq, point source on the axis in air at 1 cm and 3 cm from the tip. */
  sensitivityAt1CmCpsPerMBq: number;
  sensitivityAt3CmCpsPerMBq: number;
  /** FWHM of the lateral profile of a point source 1 cm in front of the tip, in air, mm. */
  spatialFwhmAt1CmMm: number;
  /** FWHM of the angular profile, source 3 cm from the tip, in air, degrees. */
  angularFwhmDeg: number;
  /** 1 − (rate with the source 3 cm beside the crystal)/(rate 3 cm on the axis), percent. */
  sideShieldingPercent: number;
}

/** Full width at half maximum of a symmetric profile sampled at xs (ascending from 0), by linear interpolation. */
function halfWidth(xs: number[], ys: number[]): number {
  const peak = ys[0] as number;
  for (let i = 1; i < xs.length; i++) {
    const y = ys[i] as number;
    if (y <= peak / 2) {
      const x0 = xs[i - 1] as number;
      const y0 = ys[i - 1] as number;
      return x0 + ((y0 - peak / 2) / (y0 - y)) * ((xs[i] as number) - x0);
    }
  }
  return Number.POSITIVE_INFINITY;
}

export function probeFigures(response: ProbeResponse): ProbeFigures {
  const rate = (rho: number, z: number) => pointSourceCpsPerMBq(response, rho, z, 0);
  const lateral = Array.from({ length: 121 }, (_, i) => i * 0.05);
  const spatialHalf = halfWidth(
    lateral,
    lateral.map((x) => rate(x, 1)),
  );
  const angles = Array.from({ length: 181 }, (_, i) => i * 0.5);
  const angularHalf = halfWidth(
    angles,
    angles.map((deg) => rate(3 * Math.sin((deg * Math.PI) / 180), 3 * Math.cos((deg * Math.PI) / 180))),
  );
  const g = response.geometry;
  const crystalMidZ = (g.crystalFrontZCm + g.crystalBackZCm) / 2;
  const side = rate(g.crystalRadiusCm + 3, crystalMidZ);
  const front = rate(0, g.crystalFrontZCm + 3 + g.crystalRadiusCm);
  return {
    nuclide: response.nuclide,
    sensitivityAt1CmCpsPerMBq: rate(0, 1),
    sensitivityAt3CmCpsPerMBq: rate(0, 3),
    spatialFwhmAt1CmMm: 20 * spatialHalf,
    angularFwhmDeg: 2 * angularHalf,
    sideShieldingPercent: 100 * (1 - side / front),
  };
}
