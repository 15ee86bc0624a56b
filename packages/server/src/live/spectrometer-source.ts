// A simulated spectroscopic probe station: an Open Gamma Detector emulated in real time (the simulator's
// spectrum model → the firmware's serial text, "ch;\r\n" per pulse) read by the real OGD driver of
// @openrgs/probe (codec, session, silence, reconnection), so the frames reach the station exactly as from
// a detector on a USB port: energy calibration, one window per photopeak of the nuclide (physics package),
// counts in the windows as the CountFrame, all events and the pulse heights alongside.
// `--simulate spectrometer:NUCLIDE` (Tc-99m, In-111, Ga-68, …); `rgs start` adds one for Tc-99m.
//
// The simulated detector (each figure stated, none hidden):
// - NaI(Tl) + SiPM with 8 % FWHM at 662 keV (Open Gamma Detector README.md line 35, hardware rev. 4.0);
// - true gain 0.33 keV per channel, offset 2 keV: 4096 channels span 2–1354 keV, the README's "about
//   30 keV to 1300 keV"; trigger threshold 30 keV;
// - SPECTROMETER_INTERACTION_CPS photons interacting in the crystal per second, SPECTROMETER_SCATTER_FRACTION
//   of them scattered once in tissue first (a probe over a node at a few cm depth; an assumption, not a
//   measurement);
// - the station's calibration is what a user measures: the channels of two known peaks (Am-241 59.54 keV,
//   Cs-137 661.66 keV; DDEP) read to 0.1 channel, then a least-squares line (linearCalibration).

import type { StationSpectrum } from '@openrgs/api';
import { createRandom } from '@openrgs/numeric';
import { messagesOf } from '@openrgs/outcome';
import { photopeakWindows } from '@openrgs/physics';
import {
  createCodecFor,
  createProbeDriver,
  linearCalibration,
  type ProbeDriver,
  systemClock,
  type Transport,
  type TransportHandlers,
  type TransportLink,
} from '@openrgs/probe';
import {
  canonicalNuclide,
  OGD_ADC_CHANNELS,
  OGD_FWHM_AT_662,
  type OgdDetectorResponse,
  OgdPulseStream,
  spectrumLinesOf,
} from '@openrgs/sim';
import { hostNowMs } from './frame-ticker.js';
import { mapProbeStatus } from './probe-status.js';
import { SpectrumAccumulator } from './spectrum-accumulator.js';
import type { StationSink, StationSource } from './station-source.js';

export const SPECTROMETER_WINDOW_PERCENT = 20;
export const SPECTROMETER_INTERACTION_CPS = 400;
export const SPECTROMETER_SCATTER_FRACTION = 0.35;

const TRUE_RESPONSE: OgdDetectorResponse = { keVPerChannel: 0.33, offsetKeV: 2, thresholdKeV: 30 };
/** Calibration sources (DDEP recommended energies). */
const CALIBRATION_LINES = [
  { source: 'Am-241', energyKeV: 59.5409 },
  { source: 'Cs-137', energyKeV: 661.657 },
];

/** The detector's serial port, played in real time: every 50 ms, the pulses of the time elapsed. */
class EmulatedOgdPort implements Transport {
  readonly description: string;
  constructor(
    private readonly stream: OgdPulseStream,
    nuclide: string,
  ) {
    this.description = `simulated Open Gamma Detector (${nuclide})`;
  }

  async open(handlers: TransportHandlers): Promise<TransportLink> {
    let last = hostNowMs();
    const encoder = new TextEncoder();
    const timer = setInterval(() => {
      const now = hostNowMs();
      // After a stall (debugger, suspended laptop) send at most 1 s, as a USB buffer would hold.
      const seconds = Math.min(1, (now - last) / 1000);
      last = now;
      const text = this.stream.text(seconds);
      if (text !== '') handlers.data(encoder.encode(text));
    }, 50);
    return {
      description: this.description,
      write: async () => {},
      close: async () => clearInterval(timer),
    };
  }
}

export class SpectrometerSource implements StationSource {
  readonly kind = 'simulated' as const;
  readonly frameSeconds = 1;
  readonly nuclide: string;
  private readonly driver: ProbeDriver;
  private readonly windows: { lineKeV: number; lowKeV: number; highKeV: number }[];
  private readonly calibration: StationSpectrum['calibration'];
  private readonly accumulator: SpectrumAccumulator;
  private unsubscribe: (() => void) | null = null;

  constructor(
    readonly id: string,
    nuclideText: string,
    seed: number,
  ) {
    const nuclide = canonicalNuclide(nuclideText);
    if (nuclide === undefined) throw new Error(`spectrometer: '${nuclideText}' is not a known nuclide`);
    this.nuclide = nuclide;
    const windows = photopeakWindows(nuclide, { widthPercent: SPECTROMETER_WINDOW_PERCENT });
    if (!windows.ok) throw new Error(`spectrometer: ${messagesOf(windows.issues)}`);
    this.windows = windows.value;
    const peaks = CALIBRATION_LINES.map((l) => ({
      ...l,
      channel: Math.round(((l.energyKeV - TRUE_RESPONSE.offsetKeV) / TRUE_RESPONSE.keVPerChannel) * 10) / 10,
    }));
    const fit = linearCalibration(peaks);
    if (!fit.ok) throw new Error(`spectrometer calibration: ${messagesOf(fit.issues)}`);
    this.calibration = { keVPerChannel: fit.value.keVPerChannel, offsetKeV: fit.value.offsetKeV, peaks };
    this.accumulator = new SpectrumAccumulator({
      stationId: id,
      device: 'Open Gamma Detector (simulated)',
      nuclide,
      windowPercent: SPECTROMETER_WINDOW_PERCENT,
      channelCount: OGD_ADC_CHANNELS,
      calibration: this.calibration,
      windows: this.windows,
    });
    const stream = new OgdPulseStream({
      model: {
        lines: spectrumLinesOf(nuclide),
        fwhmFractionAt662: OGD_FWHM_AT_662,
        scatterFraction: SPECTROMETER_SCATTER_FRACTION,
        crystal: 'NaI',
      },
      response: TRUE_RESPONSE,
      interactionRateCps: SPECTROMETER_INTERACTION_CPS,
      random: createRandom(seed),
    });
    const codecOptions = {
      ogdKeVPerChannel: fit.value.keVPerChannel,
      ogdOffsetKeV: fit.value.offsetKeV,
      ogdWindowsKeV: this.windows.map((w) => `${w.lowKeV}-${w.highKeV}`).join(','),
    };
    this.driver = createProbeDriver({
      protocol: 'ogd',
      transport: new EmulatedOgdPort(stream, nuclide),
      clock: systemClock(),
      createCodec: () => createCodecFor('ogd', codecOptions),
    });
  }

  get name(): string {
    return `Spectrometer ${this.id} (simulated Open Gamma Detector, ${this.nuclide}, ${SPECTROMETER_WINDOW_PERCENT} % window)`;
  }

  get scenario(): string {
    return `spectrometer:${this.nuclide}`;
  }

  start(sink: StationSink): void {
    this.unsubscribe = this.driver.subscribe((event) => {
      if (event.type === 'frame') {
        this.accumulator.add(event.frame);
        sink.frame(
          {
            startSeconds: event.frame.startSeconds,
            durationSeconds: event.frame.durationSeconds,
            counts: event.frame.counts,
          },
          this.driver.startedAtWallMs + event.frame.arrivalHostMs,
        );
      } else if (event.type === 'status') {
        const mapped = mapProbeStatus(event.status);
        if (mapped) sink.status(mapped.status, mapped.reason);
      }
    });
    void this.driver.connect();
  }

  spectrum(): StationSpectrum {
    return this.accumulator.spectrum();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.driver.disconnect();
  }
}
