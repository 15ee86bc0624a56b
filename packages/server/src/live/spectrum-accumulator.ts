// The current spectrum of a pulse-height probe station (Open Gamma Detector): the last SPECTRUM_SECONDS of
// its driver's frames summed — events by ADC channel (frame.pulseHeights), the counts in each photopeak
// window and in the whole range (frame.spectrum, windows then the range) — as @openrgs/api StationSpectrum.
import type { StationSpectrum } from '@openrgs/api';
import type { ProbeFrame } from '@openrgs/probe';

/** Seconds of frames the spectrum sums (a rolling accumulation). */
export const SPECTRUM_SECONDS = 60;

interface FrameFigures {
  durationSeconds: number;
  counts: number;
  windowCounts: number[];
  total: number;
  channels: readonly { channel: number; counts: number }[];
}

export interface SpectrumSetup {
  stationId: string;
  device: string;
  nuclide: string;
  windowPercent: number;
  channelCount: number;
  calibration: StationSpectrum['calibration'];
  windows: readonly { lineKeV: number; lowKeV: number; highKeV: number }[];
}

export class SpectrumAccumulator {
  private readonly recent: FrameFigures[] = [];
  private framesSeen = 0;

  constructor(private readonly setup: SpectrumSetup) {}

  add(frame: ProbeFrame): void {
    const windows = frame.spectrum?.kind === 'windows' ? frame.spectrum.windows : [];
    this.recent.push({
      durationSeconds: frame.durationSeconds,
      counts: frame.counts,
      // The codec's windows first, in the order given; the last entry is the whole range (all events).
      windowCounts: windows.slice(0, this.setup.windows.length).map((w) => w.counts),
      total: windows[windows.length - 1]?.counts ?? 0,
      channels: frame.pulseHeights?.channels ?? [],
    });
    this.framesSeen++;
    let seconds = this.recent.reduce((s, f) => s + f.durationSeconds, 0);
    while (seconds > SPECTRUM_SECONDS + 1e-9 && this.recent.length > 1) {
      seconds -= this.recent.shift()?.durationSeconds ?? 0;
    }
  }

  spectrum(): StationSpectrum {
    const channels = new Array<number>(this.setup.channelCount).fill(0);
    const windowCounts = this.setup.windows.map(() => 0);
    let inWindow = 0;
    let total = 0;
    let seconds = 0;
    for (const f of this.recent) {
      inWindow += f.counts;
      total += f.total;
      seconds += f.durationSeconds;
      f.windowCounts.forEach((c, i) => {
        windowCounts[i] = (windowCounts[i] ?? 0) + c;
      });
      for (const c of f.channels) channels[c.channel] = (channels[c.channel] ?? 0) + c.counts;
    }
    return {
      stationId: this.setup.stationId,
      device: this.setup.device,
      nuclide: this.setup.nuclide,
      windowPercent: this.setup.windowPercent,
      calibration: this.setup.calibration,
      windows: this.setup.windows.map((w, i) => ({ ...w, counts: windowCounts[i] ?? 0 })),
      inWindowCounts: inWindow,
      outOfWindowCounts: total - inWindow,
      totalCounts: total,
      frames: this.recent.length,
      seconds: Math.round(seconds * 1e6) / 1e6,
      throughFrame: this.framesSeen,
      channelCount: this.setup.channelCount,
      channels,
    };
  }
}
