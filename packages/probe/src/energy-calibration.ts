// Linear energy calibration of a pulse-height detector from known peaks: E = offsetKeV + keVPerChannel·ch,
// least squares over the peaks (exact through two). The peaks are the user's measurement (e.g. the
// channel of the 140.5 keV Tc-99m peak and of the 662 keV Cs-137 peak); no defaults.
export interface CalibrationPeak {
  channel: number;
  energyKeV: number;
}

export type CalibrationResult =
  | { ok: true; keVPerChannel: number; offsetKeV: number }
  | { ok: false; error: string };

export function linearCalibration(peaks: readonly CalibrationPeak[]): CalibrationResult {
  if (peaks.length < 2) return { ok: false, error: 'an energy calibration needs at least two peaks' };
  for (const p of peaks)
    if (!(Number.isFinite(p.channel) && Number.isFinite(p.energyKeV) && p.energyKeV > 0))
      return {
        ok: false,
        error: `peak ${p.channel} → ${p.energyKeV} keV is not a channel and a positive energy`,
      };
  const n = peaks.length;
  const mx = peaks.reduce((s, p) => s + p.channel, 0) / n;
  const my = peaks.reduce((s, p) => s + p.energyKeV, 0) / n;
  const sxx = peaks.reduce((s, p) => s + (p.channel - mx) ** 2, 0);
  if (sxx === 0) return { ok: false, error: 'the calibration peaks must be at different channels' };
  const sxy = peaks.reduce((s, p) => s + (p.channel - mx) * (p.energyKeV - my), 0);
  const keVPerChannel = sxy / sxx;
  if (!(keVPerChannel > 0)) return { ok: false, error: 'energy must rise with channel' };
  return { ok: true, keVPerChannel, offsetKeV: my - keVPerChannel * mx };
}
