// Count rate of a probe from a point source: geometry and shield (detector.ts), interaction in the crystal
// and energy window (this file), tissue attenuation and in-window scatter (scatter.ts).
//
// For a source of activity A (Bq) at (ρ, z) in the probe frame behind L cm of tissue:
//   rate = A · Σ_lines y_i · ε_i(ρ, z) · p_i · w_i · exp(−μ_i L) · (1 + f_i μ_i L)
// y_i photons per decay (physics), ε_i detection probability (detector.ts), w_i fraction of the photopeak
// inside the window (Gaussian resolution, probe-model.ts), μ_i tissue attenuation (physics, NIST), f_i the
// in-window scatter slope (scatter.ts) and p_i the photopeak fraction of interactions:
//   p = (μ_pe + (μ_incoh + μ_coh) · κ) / μ_tot,  κ = 1 − exp(−μ_tot · c̄),  c̄ = 4V/S (Cauchy mean chord)
// — a photoelectric event deposits the full energy; a scattered photon is absorbed in the crystal with
// probability κ (single escape chance over the mean chord). This is the "photopeak-ish" assumption: it
// neglects multiple escapes and, for windows whose lower threshold lies far below the photopeak, the
// partial-energy events that would still count.
import type { Issue, Outcome } from '@openrgs/outcome';
import {
  type DetectorCoefficients,
  type DetectorGeometry,
  detectorGeometry,
  pointDetectionProbability,
} from './detector.js';
import { type EnergyWindow, type ProbeModel, windowFraction } from './probe-model.js';
import { inWindowScatterFraction } from './scatter.js';
import type { SimMaterial, SimPhysics } from './sim-physics.js';

export interface LineResponse {
  energyKeV: number;
  photonsPerDecay: number;
  windowFraction: number;
  peakFraction: number;
  coefficients: DetectorCoefficients;
  /** Tissue linear attenuation coefficient, 1/cm. */
  tissuePerCm: number;
  /** In-window scatter build-up slope f_w. */
  scatterSlope: number;
}

export interface ProbeResponse {
  probe: ProbeModel;
  nuclide: string;
  window: EnergyWindow;
  tissue: SimMaterial;
  geometry: DetectorGeometry;
  lines: LineResponse[];
}

/** Why a probe cannot count a nuclide (@openrgs/outcome's Issue, kind `invalid`). */
export type ResponseIssue = Issue & { code: 'unknown-nuclide' | 'no-window' | 'nothing-in-window' };

export function createProbeResponse(options: {
  probe: ProbeModel;
  nuclide: string;
  tissue: SimMaterial;
  physics: SimPhysics;
}): Outcome<ProbeResponse, ResponseIssue> {
  const { probe, nuclide, tissue, physics } = options;
  if (!physics.nuclides().includes(nuclide)) {
    return {
      ok: false,
      issues: [
        {
          kind: 'invalid',
          code: 'unknown-nuclide',
          message: `unknown nuclide '${nuclide}' (known: ${physics.nuclides().join(', ')})`,
        },
      ],
    };
  }
  const window = probe.windows[nuclide];
  if (!window) {
    return {
      ok: false,
      issues: [
        {
          kind: 'invalid',
          code: 'no-window',
          message: `probe '${probe.id}' has no energy window for ${nuclide} (windows: ${Object.keys(probe.windows).join(', ')})`,
        },
      ],
    };
  }
  const geometry = detectorGeometry(probe);
  const r = probe.crystal.diameterCm / 2;
  const t = probe.crystal.thicknessCm;
  const meanChordCm = (2 * r * t) / (r + t); // 4V/S for a cylinder
  const lines: LineResponse[] = [];
  for (const line of physics.photonLines(nuclide)) {
    const w = windowFraction(probe, window, line.energyKeV);
    if (w < 1e-6) continue;
    const crystal = physics.attenuation(probe.crystal.material, line.energyKeV);
    const shield = physics.attenuation(probe.shield.material, line.energyKeV);
    const medium = physics.attenuation(tissue, line.energyKeV);
    const kappa = -Math.expm1(-crystal.totalPerCm * meanChordCm);
    const peakFraction =
      (crystal.photoelectricPerCm + (crystal.incoherentPerCm + crystal.coherentPerCm) * kappa) /
      crystal.totalPerCm;
    lines.push({
      energyKeV: line.energyKeV,
      photonsPerDecay: line.photonsPerDecay,
      windowFraction: w,
      peakFraction,
      coefficients: { crystalPerCm: crystal.totalPerCm, shieldPerCm: shield.totalPerCm },
      tissuePerCm: medium.totalPerCm,
      scatterSlope: inWindowScatterFraction({
        energyKeV: line.energyKeV,
        windowLowerKeV: window.lowerKeV,
        incoherentPerCm: medium.incoherentPerCm,
        coherentPerCm: medium.coherentPerCm,
        totalPerCm: medium.totalPerCm,
      }),
    });
  }
  if (lines.length === 0) {
    return {
      ok: false,
      issues: [
        {
          kind: 'invalid',
          code: 'nothing-in-window',
          message: `no ${nuclide} line falls in the ${window.lowerKeV}–${window.upperKeV} keV window of '${probe.id}'`,
        },
      ],
    };
  }
  return { ok: true, value: { probe, nuclide, window, tissue, geometry, lines } };
}

export interface PointSourceOptions {
  /** Include in-window scatter build-up (default true); false gives narrow-beam attenuation. */
  scatter?: boolean;
}

/** Tissue factor exp(−μL)·(1 + f μL) of one line. */
export function tissueFactor(line: LineResponse, tissuePathCm: number, scatter = true): number {
  const muL = line.tissuePerCm * tissuePathCm;
  return Math.exp(-muL) * (scatter ? 1 + line.scatterSlope * muL : 1);
}

/**
 * Expected count rate per MBq (cps/MBq, before dead time and without background) for a point source at
 * (ρ, z) in the probe frame with `tissuePathCm` of the response's tissue between source and probe.
 * Exact quadrature (no table): about 0.2 ms per line; for sums over many sources use ResponseTable.
 */
export function pointSourceCpsPerMBq(
  response: ProbeResponse,
  rhoCm: number,
  zCm: number,
  tissuePathCm: number,
  options: PointSourceOptions = {},
): number {
  let cps = 0;
  for (const line of response.lines) {
    const eps = pointDetectionProbability(response.geometry, line.coefficients, rhoCm, zCm);
    cps +=
      line.photonsPerDecay *
      eps *
      line.peakFraction *
      line.windowFraction *
      tissueFactor(line, tissuePathCm, options.scatter);
  }
  return cps * 1e6;
}

/** Observed rate after non-paralysable dead time τ: m = n / (1 + nτ) (Knoll, 4th ed., eq. 4.23). */
export function applyDeadTime(trueRateCps: number, deadTimeSeconds: number): number {
  return trueRateCps / (1 + trueRateCps * deadTimeSeconds);
}
