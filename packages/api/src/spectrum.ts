// The pulse-height spectrum of a spectroscopic station (`GET /api/stations/:id/spectrum`): the events of
// the last `seconds` by ADC channel, the energy calibration that turns channels into keV, and one window
// per photopeak of the nuclide with its counts — in window (the photopeaks) and out (scatter, background).
import { z } from 'zod';

const Count = z.number().int().nonnegative();

export const CalibrationPeak = z.object({
  /** What made the peak (e.g. Cs-137). */
  source: z.string(),
  energyKeV: z.number().positive(),
  /** ADC channel of the peak centre as measured (fractional). */
  channel: z.number().nonnegative(),
});

export const SpectrumWindow = z.object({
  /** Photopeak the window is centred on, keV (physics package, LNHB/DDEP). */
  lineKeV: z.number().positive(),
  lowKeV: z.number(),
  highKeV: z.number(),
  counts: Count,
});
export type SpectrumWindow = z.infer<typeof SpectrumWindow>;

export const StationSpectrum = z.object({
  stationId: z.string(),
  /** The device (e.g. "Open Gamma Detector (simulated)"). */
  device: z.string(),
  nuclide: z.string(),
  /** Full width of each window as a percentage of its line energy. */
  windowPercent: z.number().positive(),
  calibration: z.object({
    /** E = offsetKeV + keVPerChannel · channel (least squares through the peaks). */
    keVPerChannel: z.number().positive(),
    offsetKeV: z.number(),
    peaks: z.array(CalibrationPeak),
  }),
  windows: z.array(SpectrumWindow),
  /** Events inside any window, outside every window, and all events, over the accumulation. */
  inWindowCounts: Count,
  outOfWindowCounts: Count,
  totalCounts: Count,
  /** Frames summed (1 s each for the Open Gamma Detector) and the seconds they cover. */
  frames: Count,
  seconds: z.number().nonnegative(),
  /** Frames received since the station started; identifies this spectrum (it grows by one per frame). */
  throughFrame: Count,
  /** Events per ADC channel, channel 0 first (`channelCount` entries). */
  channelCount: z.number().int().positive(),
  channels: z.array(Count),
});
export type StationSpectrum = z.infer<typeof StationSpectrum>;
