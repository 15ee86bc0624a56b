// Codec for the Open Gamma Detector (open hardware and firmware, NaI(Tl)/CsI(Tl) + SiPM, Raspberry Pi
// Pico, USB serial): pulse-height events in, energy-windowed CountFrames out.
// Source: github.com/OpenGammaProject/Open-Gamma-Detector arduino/opengamma_pico/opengamma_pico.ino
// (commit 073d308): each detected pulse is read as a 12-bit ADC value — line 28
// `uint16_t m = pico.analogCRead(AIN_PIN,5)`, line 55 `analogReadResolution(12); // 12-bit ADC, 4096
// channels` — and printed as one line, line 34 `Serial.println(String(m) + ';')`, i.e. "1234;\r\n".
// Later firmware streams the same `;`-terminated values, several per line ("events" output mode: firmware
// 4.2.0, software/ogd_pico/ogd_pico.ino at commit 0f41837, lines 289-293, once a second, line 173).
// Channel → energy: E = offsetKeV + keVPerChannel × channel (a linear calibration from two known peaks,
// see energy-calibration.ts); no default — a detector must be calibrated.
// Frames are timed on the host: frame k covers [open + k·frameMs, open + (k+1)·frameMs); an event counts
// in the frame its bytes arrived in; a frame is closed by the first bytes after it (never by a timer, so
// a silent link makes no frames and replay closes the same frames). `counts` are the events inside the
// energy windows (the photopeaks: scatter rejected); the spectrum carries each window's counts and, last,
// the detector's whole range (all events), so out-of-window = last − the others; `pulseHeights` carries
// the frame's events by ADC channel with the calibration, for a spectrum view.
import { type Issue, messagesOf, type Outcome } from '@openrgs/outcome';
import type { CodecEvent } from '../types.js';
import type { CodecStep, ProbeCodec } from './codec.js';
import { frame, issue } from './emit.js';

export const OGD_CHANNELS = 4096;

/**
 * Consecutive events at channel 0 that say the detector is in Geiger mode. Firmware 4.x (software/ogd_pico/
 * ogd_pico.ino, `eventInt`, commit 94c949a) sends `uint16_t mean = 0;` for every event unless
 * `!conf.geiger_mode && !adc_lock`: in Geiger mode (a short press of the button, or `set mode geiger`) every
 * event is "0;". In energy mode a 0 comes only from an event while the ADC is locked (the 1 ms baseline
 * and sample-and-hold tasks hold it for microseconds) or below the baseline, so ten in a row do not happen.
 */
export const OGD_GEIGER_RUN = 10;

export interface OgdCodecOptions {
  /** Calibration gain, keV per ADC channel. */
  ogdKeVPerChannel?: number;
  /** Calibration offset, keV at channel 0. */
  ogdOffsetKeV?: number;
  /** Energy windows as text, `low-high` in keV, comma-separated: "126.46-154.56" (from photopeakWindows). */
  ogdWindowsKeV?: string;
  /** Frame length, ms (default 1000). */
  frameMs?: number;
}

export type OgdWindows = { lowKeV: number; highKeV: number }[];

/** Why a window list cannot be read: `bad-window` (a part is not low-high in keV) or `overlap`; each `invalid`. */
export type OgdWindowsIssue = Issue & { code: 'bad-window' | 'overlap' };

const windowsRefused = (
  code: OgdWindowsIssue['code'],
  message: string,
): Outcome<OgdWindows, OgdWindowsIssue> => ({
  ok: false,
  issues: [{ kind: 'invalid', code, message }],
});

/** Parses "126.46-154.56,154.1-188.4" → windows (in the order given), or the one issue why not. */
export function parseWindowsKeV(text: string): Outcome<OgdWindows, OgdWindowsIssue> {
  const windows: OgdWindows = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    const lowKeV = Number(m?.[1]);
    const highKeV = Number(m?.[2]);
    if (!m || !(highKeV > lowKeV))
      return windowsRefused('bad-window', `window '${part}' is not low-high in keV`);
    windows.push({ lowKeV, highKeV });
  }
  const sorted = [...windows].sort((a, b) => a.lowKeV - b.lowKeV);
  for (let i = 1; i < sorted.length; i++)
    if ((sorted[i]?.lowKeV ?? 0) < (sorted[i - 1]?.highKeV ?? 0))
      return windowsRefused('overlap', 'energy windows overlap');
  return { ok: true, value: windows };
}

/** Problems with the options, in words (openProbe refuses them before connecting). */
export function ogdOptionsProblem(options: OgdCodecOptions): string | undefined {
  const gain = options.ogdKeVPerChannel;
  const offset = options.ogdOffsetKeV;
  if (gain === undefined || offset === undefined)
    return 'the Open Gamma Detector needs an energy calibration: keV per channel and offset (e.g. from two known peaks)';
  if (!(Number.isFinite(gain) && gain > 0)) return `keV per channel ${gain} is not > 0`;
  if (!Number.isFinite(offset)) return `calibration offset ${offset} keV is not a number`;
  if (options.ogdWindowsKeV === undefined) return 'the Open Gamma Detector needs energy windows (a nuclide)';
  const parsed = parseWindowsKeV(options.ogdWindowsKeV);
  if (!parsed.ok) return messagesOf(parsed.issues);
  if (options.frameMs !== undefined && !(options.frameMs >= 10))
    return `frame length ${options.frameMs} ms is below 10 ms`;
  return undefined;
}

export function createOgdCodec(options: OgdCodecOptions): ProbeCodec {
  const problem = ogdOptionsProblem(options);
  const gain = options.ogdKeVPerChannel ?? Number.NaN;
  const offset = options.ogdOffsetKeV ?? Number.NaN;
  const parsed = options.ogdWindowsKeV !== undefined ? parseWindowsKeV(options.ogdWindowsKeV) : undefined;
  const windows: OgdWindows = parsed?.ok ? parsed.value : [];
  const frameMs = options.frameMs ?? 1000;
  const rangeLowKeV = offset;
  const rangeHighKeV = offset + gain * OGD_CHANNELS;
  let openedMs = 0;
  let frameIndex = 0;
  let windowCounts = windows.map(() => 0);
  let total = 0;
  let channelCounts = new Map<number, number>();
  let token: number[] = [];
  let started = false;
  /** Consecutive events at channel 0; Geiger mode from OGD_GEIGER_RUN of them to the next non-zero one. */
  let zeroRun = 0;
  let geiger = false;
  /** Whether the frame being collected had events in Geiger mode: it is withheld, not sent with 0 counts. */
  let frameGeiger = false;

  const closeFramesBefore = (events: CodecEvent[], hostMs: number) => {
    const index = Math.floor((hostMs - openedMs) / frameMs);
    while (frameIndex < index) {
      const startMs = openedMs + frameIndex * frameMs;
      // The frame of the first bytes may have begun before the detector was streaming: start at the
      // first full frame after the first byte.
      if (started && !frameGeiger)
        frame(events, {
          startSeconds: startMs / 1000,
          durationSeconds: frameMs / 1000,
          counts: windowCounts.reduce((a, b) => a + b, 0),
          arrivalHostMs: hostMs,
          spectrum: {
            kind: 'windows',
            windows: [
              ...windows.map((w, i) => ({
                lowKeV: w.lowKeV,
                highKeV: w.highKeV,
                counts: windowCounts[i] ?? 0,
              })),
              { lowKeV: Math.max(0, rangeLowKeV), highKeV: rangeHighKeV, counts: total },
            ],
          },
          pulseHeights: {
            channelCount: OGD_CHANNELS,
            keVPerChannel: gain,
            offsetKeV: offset,
            channels: [...channelCounts.entries()]
              .sort((a, b) => a[0] - b[0])
              .map(([channel, counts]) => ({ channel, counts })),
          },
        });
      started = true;
      frameIndex++;
      frameGeiger = geiger;
      windowCounts = windows.map(() => 0);
      total = 0;
      channelCounts = new Map();
    }
  };

  const onValue = (events: CodecEvent[], text: string, hostMs: number) => {
    if (!/^\d{1,4}$/.test(text) || Number(text) >= OGD_CHANNELS) {
      issue(events, 'garbage', `'${text.slice(0, 20)}' is not a 12-bit ADC channel`, hostMs, text.length);
      return;
    }
    const channel = Number(text);
    if (channel === 0) zeroRun++;
    else {
      zeroRun = 0;
      if (geiger) {
        geiger = false;
        events.push({ type: 'device-ok', hostMs });
      }
    }
    if (zeroRun >= OGD_GEIGER_RUN && !geiger) {
      geiger = true;
      // The events of this frame so far were Geiger events too (the run began in it or before).
      frameGeiger = true;
      events.push({
        type: 'device-fault',
        reason:
          'Geiger mode: every event comes as channel 0, without its energy, so no photopeak count can be given; no frames until it is back in energy mode (a short press of its button, or "set mode energy")',
        hostMs,
      });
    }
    const energyKeV = offset + gain * channel;
    total++;
    channelCounts.set(channel, (channelCounts.get(channel) ?? 0) + 1);
    const i = windows.findIndex((w) => energyKeV >= w.lowKeV && energyKeV < w.highKeV);
    if (i >= 0) windowCounts[i] = (windowCounts[i] ?? 0) + 1;
  };

  return {
    protocol: 'ogd',
    frameTimeBase: 'host',
    open(hostMs) {
      openedMs = hostMs;
      const events: CodecEvent[] = [];
      if (problem !== undefined) events.push({ type: 'fatal', reason: problem, hostMs });
      else
        events.push({
          type: 'identity',
          identity: {
            protocol: 'ogd',
            model: 'Open Gamma Detector',
            capabilities: ['pulse-height', 'energy-windows'],
          },
        });
      return { events, writes: [] };
    },
    sent: () => [],
    received(chunk, hostMs) {
      const events: CodecEvent[] = [];
      if (problem !== undefined) return events;
      closeFramesBefore(events, hostMs);
      for (const b of chunk) {
        if (b === 0x3b /* ; */) {
          onValue(events, String.fromCharCode(...token).trim(), hostMs);
          token = [];
        } else if (b === 0x0a || b === 0x0d) {
          if (token.some((c) => c > 0x20))
            issue(events, 'torn', 'a value without its ";"', hostMs, token.length);
          token = [];
        } else if (token.length < 32) token.push(b);
        else {
          issue(events, 'garbage', 'more than 32 bytes without ";"', hostMs, token.length);
          token = [];
        }
      }
      return events;
    },
    tick: (): CodecStep => ({ events: [], writes: [] }),
    close: () => [],
    flush: () => [],
  };
}
