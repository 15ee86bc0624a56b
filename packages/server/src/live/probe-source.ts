// A real probe as a station: a @openrgs/probe driver (serial port, TCP bridge or recording) adapted to
// StationSource. The driver's own status (connecting, silent, disconnected, low battery, error) becomes
// the station's probe status, so the room sees a failing probe at once.

import type { StationSpectrum } from '@openrgs/api';
import { messagesOf } from '@openrgs/outcome';
import { photopeakWindows } from '@openrgs/physics';
import { OGD_CHANNELS, openProbe, type ProbeDriver, type ProtocolName } from '@openrgs/probe';
import { mapProbeStatus } from './probe-status.js';
import { SpectrumAccumulator } from './spectrum-accumulator.js';
import type { StationSink, StationSource } from './station-source.js';

export interface ProbeStationOptions {
  id: string;
  protocol: ProtocolName;
  /** Serial device (`/dev/ttyUSB0`, `COM3`) or `tcp://host:port`. */
  port: string;
  /** Open Gamma Detector: the user's energy calibration and the nuclide whose photopeaks are windowed. */
  ogd?: OgdStationOptions;
}

export interface OgdStationOptions {
  keVPerChannel: number;
  offsetKeV: number;
  nuclide: string;
  /** Full window width, % of each photopeak energy. */
  windowPercent: number;
}

/** Nominal frame length per protocol, s (GMC heartbeat and Rad Pro poll: 1 s; OpenRGS bridges: 0.1 s). */
const NOMINAL_FRAME_SECONDS: Record<ProtocolName, number> = { gmc: 1, radpro: 1, openrgs: 0.1, ogd: 1 };

export class ProbeStationSource implements StationSource {
  readonly kind = 'probe' as const;
  readonly scenario = null;
  readonly frameSeconds: number;
  private readonly driver: ProbeDriver;
  private unsubscribe: (() => void) | null = null;
  private readonly accumulator: SpectrumAccumulator | null = null;
  /** Open Gamma Detector stations only: the current pulse-height spectrum. */
  readonly spectrum?: () => StationSpectrum;

  constructor(private readonly options: ProbeStationOptions) {
    const { ogd } = options;
    if (options.protocol === 'ogd' && ogd === undefined)
      throw new Error(
        'an Open Gamma Detector needs its energy calibration and a nuclide (--kev-per-channel, --offset-kev, --nuclide, --window-percent)',
      );
    if (options.protocol !== 'ogd' && ogd !== undefined)
      throw new Error(`energy calibration and windows apply to an ogd probe, not ${options.protocol}`);
    let codecOptions: { ogdKeVPerChannel: number; ogdOffsetKeV: number; ogdWindowsKeV: string } | undefined;
    if (ogd !== undefined) {
      const windows = photopeakWindows(ogd.nuclide, { widthPercent: ogd.windowPercent });
      if (!windows.ok) throw new Error(messagesOf(windows.issues));
      codecOptions = {
        ogdKeVPerChannel: ogd.keVPerChannel,
        ogdOffsetKeV: ogd.offsetKeV,
        ogdWindowsKeV: windows.value.map((w) => `${w.lowKeV.toFixed(3)}-${w.highKeV.toFixed(3)}`).join(','),
      };
      const accumulator = new SpectrumAccumulator({
        stationId: options.id,
        device: 'Open Gamma Detector',
        nuclide: ogd.nuclide,
        windowPercent: ogd.windowPercent,
        channelCount: OGD_CHANNELS,
        calibration: { keVPerChannel: ogd.keVPerChannel, offsetKeV: ogd.offsetKeV, peaks: [] },
        // The windows as the codec counts them (rounded to 1 eV in its option text).
        windows: windows.value.map((w) => ({
          lineKeV: w.lineKeV,
          lowKeV: Number(w.lowKeV.toFixed(3)),
          highKeV: Number(w.highKeV.toFixed(3)),
        })),
      });
      this.accumulator = accumulator;
      this.spectrum = () => accumulator.spectrum();
    }
    this.driver = openProbe({
      protocol: options.protocol,
      port: options.port,
      ...(codecOptions !== undefined ? { codecOptions } : {}),
    });
    this.frameSeconds = NOMINAL_FRAME_SECONDS[options.protocol];
  }

  get id(): string {
    return this.options.id;
  }

  get name(): string {
    const identity = this.driver.identity();
    return identity?.model
      ? `${identity.model} (${this.driver.description})`
      : `${this.options.protocol} probe (${this.driver.description})`;
  }

  start(sink: StationSink): void {
    this.unsubscribe = this.driver.subscribe((event) => {
      if (event.type === 'frame') {
        const f = event.frame;
        this.accumulator?.add(f);
        sink.frame(
          {
            startSeconds: f.startSeconds,
            durationSeconds: f.durationSeconds,
            counts: f.counts,
            ...(f.liveTimeSeconds !== undefined ? { liveTimeSeconds: f.liveTimeSeconds } : {}),
          },
          this.driver.startedAtWallMs + f.arrivalHostMs,
        );
      } else if (event.type === 'status') {
        const mapped = mapProbeStatus(event.status);
        if (mapped) sink.status(mapped.status, mapped.reason);
      }
    });
    // connect() keeps retrying by itself; its first result only says whether the first attempt worked.
    void this.driver.connect();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.driver.disconnect();
  }
}

/** `PROTOCOL:PORT` (e.g. `gmc:/dev/ttyUSB0`, `openrgs:tcp://192.168.4.1:7070`) → station options. */
export function parseProbeSpec(spec: string, id: string): ProbeStationOptions {
  const colon = spec.indexOf(':');
  const protocol = spec.slice(0, colon);
  const port = spec.slice(colon + 1);
  if (colon < 1 || port === '' || !(protocol in NOMINAL_FRAME_SECONDS)) {
    throw new Error(
      `'${spec}' is not PROTOCOL:PORT with PROTOCOL one of ${Object.keys(NOMINAL_FRAME_SECONDS).join(', ')} (e.g. gmc:/dev/ttyUSB0, openrgs:tcp://192.168.4.1:7070)`,
    );
  }
  return { id, protocol: protocol as ProtocolName, port };
}
