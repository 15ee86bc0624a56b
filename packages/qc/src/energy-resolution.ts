// Energy resolution (NEMA NU 3-2004 "Energy resolution", for probes that give a spectrum; see
// nema-reference.ts): FWHM of the photopeak divided by the photopeak energy, in percent.
// The photopeak is the largest peak inside the search window; its FWHM comes from the same
// interpolated-crossing method as the spatial profiles (profile-width.ts). A Compton continuum
// under the peak can be removed with an edge background taken inside the window.
import { type ProfileBackground, profileWidths } from './profile-width.js';
import { fail, ok, type QcResult } from './result.js';

export interface SpectrumChannel {
  energyKeV: number;
  counts: number;
  line?: number;
}

export interface EnergyResolutionOptions {
  /** Search window for the photopeak, keV (e.g. 110–170 for Tc-99m at 140.5 keV). */
  windowKeV?: [number, number];
  background: ProfileBackground;
}

export interface EnergyResolutionResult {
  peakEnergyKeV: number;
  fwhmKeV: number;
  resolutionPercent: number;
  /** FWHM crossings, keV. */
  leftKeV: number;
  rightKeV: number;
  warnings: string[];
}

export function energyResolution(
  spectrum: readonly SpectrumChannel[],
  options: EnergyResolutionOptions,
): QcResult<EnergyResolutionResult> {
  let channels = spectrum;
  if (options.windowKeV) {
    const [lo, hi] = options.windowKeV;
    if (!(lo < hi)) return fail('bad-window', `window ${lo}–${hi} keV is empty`);
    channels = spectrum.filter((c) => c.energyKeV >= lo && c.energyKeV <= hi);
  }
  const w = profileWidths(
    channels.map((c) =>
      c.line === undefined
        ? { x: c.energyKeV, counts: c.counts }
        : { x: c.energyKeV, counts: c.counts, line: c.line },
    ),
    { background: options.background },
  );
  if (!w.ok) return w;
  if (!(w.value.peakX > 0)) return fail('bad-peak', `the photopeak is at ${w.value.peakX} keV`);
  return ok({
    peakEnergyKeV: w.value.peakX,
    fwhmKeV: w.value.fwhm.width,
    resolutionPercent: (100 * w.value.fwhm.width) / w.value.peakX,
    leftKeV: w.value.fwhm.left,
    rightKeV: w.value.fwhm.right,
    warnings: w.value.warnings,
  });
}
