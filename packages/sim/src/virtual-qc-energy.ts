// Virtual energy spectrum for the NEMA NU 3 energy-resolution test: the photopeaks of the probe model.
//
// The model (probe-model.ts, response.ts) gives, per photon line i, the rate of full-energy events
// R_i = A · y_i · ε_i · p_i (yield, detection probability, photopeak fraction) and a Gaussian energy
// resolution FWHM_i = fwhmKeV(E_i). A spectrum with no counting window is then
//   counts(channel [E_lo, E_hi)) ~ Poisson( T · (m/n) · Σ_i R_i · [Φ((E_hi − E_i)/σ_i) − Φ((E_lo − E_i)/σ_i)] )
// with σ_i = FWHM_i / (2√(2 ln 2)) and m/n the dead-time factor of the total rate. This is ONLY the
// photopeak part of a real spectrum: the model has no Compton continuum, backscatter, escape peaks,
// partial-energy events or spectral shape of the background, so the spectrum tests the FWHM arithmetic of
// a resolution measurement, not a detector.
import { firstIssue } from '@openrgs/outcome';
import { fwhmKeV, normalCdf, type ProbeModel } from './probe-model.js';
import { createProbeResponse, pointSourceCpsPerMBq } from './response.js';
import type { SimPhysics } from './sim-physics.js';
import {
  type TestPart,
  tidy,
  type VirtualCounter,
  type VirtualQcIssue,
  type VirtualQcRow,
  virtualQcIssue,
} from './virtual-qc-setup.js';

const SIGMA_PER_FWHM = 1 / (2 * Math.sqrt(2 * Math.LN2));
/** Lines below this are left out: a probe's housing and entrance window absorb most of them (not modelled). */
export const SPECTRUM_MIN_LINE_KEV = 10;

export interface EnergySpectrumOptions {
  probe: ProbeModel;
  nuclide: string;
  physics: SimPhysics;
  distanceCm: number;
  secondsPerPoint: number;
  counter: VirtualCounter;
  warnings: string[];
}

/** The photopeak spectrum of a point source on the axis in air, 1 keV channels. */
export function energySpectrum(o: EnergySpectrumOptions): TestPart | VirtualQcIssue {
  // No window in spectrum mode: every line's full-energy events, whatever the nuclide setting.
  const open = { ...o.probe, windows: { [o.nuclide]: { lowerKeV: 0, upperKeV: 1e6 } } };
  const physics: SimPhysics = {
    ...o.physics,
    photonLines: (n) => o.physics.photonLines(n).filter((l) => l.energyKeV >= SPECTRUM_MIN_LINE_KEV),
  };
  const made = createProbeResponse({ probe: open, nuclide: o.nuclide, tissue: 'water', physics });
  if (!made.ok) return firstIssue(made.issues);
  const lines = made.value.lines.map((line) => ({
    energyKeV: line.energyKeV,
    fwhmKeV: fwhmKeV(o.probe, line.energyKeV),
    // pointSourceCpsPerMBq multiplies by the window fraction; with this window it is 1 to < 1e-6.
    cpsPerMBq:
      pointSourceCpsPerMBq({ ...made.value, lines: [line] }, 0, o.distanceCm, 0) / line.windowFraction,
  }));
  const totalCpsPerMBq = lines.reduce((a, l) => a + l.cpsPerMBq, 0);
  if (!(totalCpsPerMBq > 0))
    return virtualQcIssue('nothing-in-window', `no ${o.nuclide} photopeak reaches the crystal`);
  const strongest = lines.reduce((a, l) => (l.cpsPerMBq > a.cpsPerMBq ? l : a));
  for (const l of lines) {
    if (
      l !== strongest &&
      l.cpsPerMBq >= 0.05 * strongest.cpsPerMBq &&
      Math.abs(l.energyKeV - strongest.energyKeV) < 1.5 * strongest.fwhmKeV
    )
      o.warnings.push(
        `the ${tidy(l.energyKeV)} keV line lies within 1.5 FWHM of the ${tidy(strongest.energyKeV)} keV photopeak: the measured FWHM is of the blend, wider than the model's single-line figure`,
      );
  }
  const maxKeV = Math.ceil(
    Math.max(
      ...lines.filter((l) => l.cpsPerMBq >= 0.01 * totalCpsPerMBq).map((l) => l.energyKeV + 4 * l.fwhmKeV),
    ),
  );
  // One count of the whole spectrum on the virtual clock: decay and dead time of the total rate.
  const total = o.counter.expect(totalCpsPerMBq, o.secondsPerPoint);
  const rows: VirtualQcRow[] = [];
  for (let k = 1; k <= maxKeV; k++) {
    let share = 0;
    for (const l of lines) {
      const sigma = l.fwhmKeV * SIGMA_PER_FWHM;
      // max(0, …): the erf approximation (|error| < 1.5e-7) could make a far-tail difference negative.
      share +=
        l.cpsPerMBq *
        Math.max(0, normalCdf((k + 0.5 - l.energyKeV) / sigma) - normalCdf((k - 0.5 - l.energyKeV) / sigma));
    }
    const expectedCounts = (total.expectedCounts * share) / totalCpsPerMBq;
    rows.push({
      expectedCounts,
      sourceRateCps: (total.sourceRateCps * share) / totalCpsPerMBq,
      startSeconds: total.startSeconds,
      seconds: total.seconds,
      values: { energyKeV: k, counts: o.counter.sample(expectedCounts) },
    });
  }
  const e = strongest.energyKeV;
  const f = strongest.fwhmKeV;
  return {
    rows,
    geometry: [
      `point source on the axis ${o.distanceCm} cm from the probe tip, in air; spectrum without a counting window, 1 keV channels (centres 1 to ${maxKeV} keV), counted ${o.secondsPerPoint} s`,
      `photopeaks only (lines from ${SPECTRUM_MIN_LINE_KEV} keV up): the model's Gaussian energy resolution (${(100 * o.probe.energyResolution.fwhmFractionAt140KeV).toFixed(1)} % FWHM at 140 keV, ${o.probe.energyResolution.scaling}); no Compton continuum, backscatter, escape peaks or background in the spectrum`,
    ],
    analysis: { background: 'none', windowKeV: [Math.floor(e - 2 * f), Math.ceil(e + 2 * f)] },
    model: { peakEnergyKeV: e, fwhmKeV: f, energyResolutionPercent: (100 * f) / e },
  };
}
