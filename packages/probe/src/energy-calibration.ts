// Linear energy calibration of a pulse-height detector from known peaks: E = offsetKeV + keVPerChannel·ch,
// least squares over the peaks (exact through two). The peaks are the user's measurement (e.g. the
// channel of the 140.5 keV Tc-99m peak and of the 662 keV Cs-137 peak); no defaults.
import { invalid, type Outcome } from '@openrgs/outcome';
export interface CalibrationPeak {
  channel: number;
  energyKeV: number;
}

/** The line, or why the peaks give none (@openrgs/outcome: one `invalid` issue). */
export type CalibrationResult = Outcome<{ keVPerChannel: number; offsetKeV: number }>;

export function linearCalibration(peaks: readonly CalibrationPeak[]): CalibrationResult {
  if (peaks.length < 2) return invalid('too-few-peaks', 'an energy calibration needs at least two peaks');
  for (const p of peaks)
    if (!(Number.isFinite(p.channel) && Number.isFinite(p.energyKeV) && p.energyKeV > 0))
      return invalid(
        'bad-peak',
        `peak ${p.channel} → ${p.energyKeV} keV is not a channel and a positive energy`,
      );
  const n = peaks.length;
  const mx = peaks.reduce((s, p) => s + p.channel, 0) / n;
  const my = peaks.reduce((s, p) => s + p.energyKeV, 0) / n;
  const sxx = peaks.reduce((s, p) => s + (p.channel - mx) ** 2, 0);
  if (sxx === 0) return invalid('same-channel', 'the calibration peaks must be at different channels');
  const sxy = peaks.reduce((s, p) => s + (p.channel - mx) * (p.energyKeV - my), 0);
  const keVPerChannel = sxy / sxx;
  if (!(keVPerChannel > 0)) return invalid('energy-not-rising', 'energy must rise with channel');
  return { ok: true, value: { keVPerChannel, offsetKeV: my - keVPerChannel * mx } };
}
