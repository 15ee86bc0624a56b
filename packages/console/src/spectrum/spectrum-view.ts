// What the spectrum page draws, computed without React: the energy range shown, the channel histogram
// rebinned into bars of equal width in keV (through the station's calibration), and the figures in words.
import type { StationSpectrum } from '@openrgs/api';

export interface Bar {
  lowKeV: number;
  highKeV: number;
  counts: number;
}

/**
 * Energy range shown: from 0 to 1.5 × the highest window edge, rounded up to a multiple of 50 keV (the
 * photopeaks, the scatter below them and the Compton edge of Ga-68's 511 keV, 340.7 keV, are all in it).
 */
export function displayRangeKeV(windows: readonly { highKeV: number }[]): number {
  const top = Math.max(0, ...windows.map((w) => w.highKeV));
  return Math.max(100, Math.ceil((top * 1.5) / 50) * 50);
}

/**
 * Channels → `barCount` bars of equal width over [0, maxKeV): each channel's counts go to the bar holding
 * the channel's calibrated energy E = offsetKeV + keVPerChannel · channel. Channels outside are left out.
 */
export function rebin(
  channels: readonly number[],
  calibration: { keVPerChannel: number; offsetKeV: number },
  maxKeV: number,
  barCount: number,
): Bar[] {
  const width = maxKeV / barCount;
  const bars: Bar[] = Array.from({ length: barCount }, (_, i) => ({
    lowKeV: i * width,
    highKeV: (i + 1) * width,
    counts: 0,
  }));
  channels.forEach((counts, channel) => {
    if (counts === 0) return;
    const energy = calibration.offsetKeV + calibration.keVPerChannel * channel;
    const i = Math.floor(energy / width);
    const bar = bars[i];
    if (energy >= 0 && bar) bar.counts += counts;
  });
  return bars;
}

/** "126.5–154.6 keV" */
export function windowRangeText(w: { lowKeV: number; highKeV: number }): string {
  return `${w.lowKeV.toFixed(1)}–${w.highKeV.toFixed(1)} keV`;
}

/** In-window share of all events, "73.4 %", or "—" with no events. */
export function inWindowPercentText(s: Pick<StationSpectrum, 'inWindowCounts' | 'totalCounts'>): string {
  if (s.totalCounts === 0) return '—';
  return `${((100 * s.inWindowCounts) / s.totalCounts).toFixed(1)} %`;
}

/** "E = 0.3300 keV/channel × channel + 2.04 keV" */
export function calibrationText(c: { keVPerChannel: number; offsetKeV: number }): string {
  const sign = c.offsetKeV < 0 ? '−' : '+';
  return `E = ${c.keVPerChannel.toFixed(4)} keV/channel × channel ${sign} ${Math.abs(c.offsetKeV).toFixed(2)} keV`;
}
