// Codec for GQ Electronics GMC Geiger counters.
// Sources: GQ-RFC1201 "GQ Geiger Counter Communication Protocol" Ver 1.40, Jan-2015 (GMC-280/300/320) and
// GQ-RFC1801 Ver 1.00, Apr-2018 (GMC-500/500+/600/600+), text in github.com/bernardn/python-libgqe doc/.
//  - Commands are ASCII '<' CMD '>>'. All start from the host.
//  - <GETVER>>: RFC1201 "total 14 bytes ASCII" (7 model + 7 version, e.g. "GMC-300Re 2.10");
//    RFC1801 variable length, e.g. "GMC-600+Re 1.14" (15 bytes) — so the reply ends by quiet time.
//  - <GETCPM>>: u16 big-endian (RFC1201), u32 big-endian (RFC1801).
//  - <HEARTBEAT1>>: every second, the counts of that second: RFC1201 u16 big-endian of which "only lowest
//    14 bits are used", bits 15 and 14 reserved; RFC1801 u32 big-endian. <HEARTBEAT0>> stops it.
//  (RFC1201's own example "10 1C → 28" contradicts its 14-bit rule — 0x101C & 0x3FFF = 4124; we follow the
//  rule as written and mask, and report a `reserved-bits` issue whenever bits 14–15 are set.)
// The heartbeat has no framing and no checksum: beats are told apart by time (a beat is a burst of bytes
// followed by ~1 s of quiet). A burst whose length is not a whole number of words is torn and dropped.
import type { CodecEvent, ProbeIdentity } from '../types.js';
import type { CodecStep, ProbeCodec } from './codec.js';
import { ascii, frame, issue } from './emit.js';

export interface GmcCodecOptions {
  /** Force the heartbeat width instead of deriving it from the model: 14 (RFC1201) or 32 (RFC1801). */
  countBits?: 14 | 32;
  /** Quiet time that ends a reply or a heartbeat burst, ms. */
  burstGapMs?: number;
  /** How long to wait for the <GETVER>> reply before giving up, ms. */
  versionTimeoutMs?: number;
  /**
   * Beats above this are rejected as implausible (32-bit beats only; a 14-bit beat cannot exceed 16383).
   * A GM tube with ~100 µs dead time saturates near 10^4 cps; 10^5 leaves margin.
   */
  maxPlausibleCps?: number;
}

export const GMC_COMMANDS = {
  version: '<GETVER>>',
  cpm: '<GETCPM>>',
  heartbeatOn: '<HEARTBEAT1>>',
  heartbeatOff: '<HEARTBEAT0>>',
} as const;

/** "GMC-320Re 4.19", "GMC-600+Re 1.14", "GMC-500+Re 2.22" → model and firmware. */
export function parseGmcVersion(
  text: string,
): { model: string; firmware: string; countBits: 14 | 32 } | undefined {
  const m = /(GMC-(\d{3})[A-Za-z+]*)\s*Re\s?(\d{1,2}\.\d{1,3})/.exec(text);
  if (!m?.[1] || !m[2] || !m[3]) return undefined;
  const series = Number(m[2]);
  // RFC1801 covers GMC-500/600 (and later 32-bit models); RFC1201 the 2xx/3xx series.
  return { model: m[1], firmware: `Re ${m[3]}`, countBits: series >= 500 ? 32 : 14 };
}

type Mode = 'idle' | 'version' | 'cpm' | 'heartbeat' | 'stopped';

export function createGmcCodec(options: GmcCodecOptions = {}): ProbeCodec {
  const burstGapMs = options.burstGapMs ?? 150;
  const versionTimeoutMs = options.versionTimeoutMs ?? 1500;
  const maxPlausibleCps = options.maxPlausibleCps ?? 1e5;
  let mode: Mode = 'idle';
  let modeSinceMs = 0;
  let buffer: number[] = [];
  let burstFirstMs = 0;
  let burstLastMs = 0;
  let countBits: 14 | 32 | undefined = options.countBits;
  let identity: ProbeIdentity | undefined;
  let versionDone = false;
  let cpmDone = false;
  let heartbeatRequested = false;
  let lastBeat: { second: number; arrivalMs: number } | undefined;

  const words = () => (countBits === 32 ? 4 : 2);

  const finishVersion = (events: CodecEvent[], hostMs: number) => {
    const text = String.fromCharCode(...buffer.filter((b) => b >= 0x20 && b <= 0x7e));
    buffer = [];
    versionDone = true;
    const parsed = parseGmcVersion(text);
    if (parsed === undefined) {
      issue(
        events,
        'no-reply',
        `no GMC version in reply '${text.slice(0, 40)}' to <GETVER>> (wrong baud rate or not a GMC?)`,
        hostMs,
      );
      if (countBits === undefined)
        events.push({
          type: 'fatal',
          reason: 'no GMC version reply; cannot tell the heartbeat width',
          hostMs,
        });
      return;
    }
    countBits = options.countBits ?? parsed.countBits;
    identity = {
      protocol: 'gmc',
      model: parsed.model,
      firmware: parsed.firmware,
      capabilities: ['heartbeat', 'cpm'],
      countBits,
    };
    events.push({ type: 'identity', identity });
  };

  const finishCpm = (events: CodecEvent[], hostMs: number) => {
    const expected = countBits === 32 ? 4 : 2;
    const bytes = buffer;
    buffer = [];
    cpmDone = true;
    if (bytes.length !== expected) {
      issue(
        events,
        'torn',
        `<GETCPM>> reply of ${bytes.length} bytes, expected ${expected}`,
        hostMs,
        bytes.length,
      );
      return;
    }
    events.push({
      type: 'reading',
      name: 'cpm',
      value: readWord(bytes, 0, expected),
      unit: 'counts/min',
      hostMs,
    });
  };

  const finishBurst = (events: CodecEvent[]) => {
    const bytes = buffer;
    buffer = [];
    if (bytes.length === 0) return;
    const width = words();
    const arrivalMs = burstFirstMs;
    if (bytes.length % width !== 0) {
      issue(
        events,
        'torn',
        `heartbeat burst of ${bytes.length} bytes is not whole ${width}-byte beats`,
        arrivalMs,
        bytes.length,
      );
      return;
    }
    const beats = bytes.length / width;
    const stepsByTime =
      lastBeat === undefined ? 1 : Math.max(1, Math.round((arrivalMs - lastBeat.arrivalMs) / 1000));
    const advance = Math.max(stepsByTime, beats);
    const lastSecond = (lastBeat?.second ?? 0) + advance;
    if (lastBeat !== undefined && advance > beats) {
      issue(
        events,
        'gap',
        `${advance - beats} heartbeat(s) missing before device second ${lastSecond - beats + 1}`,
        arrivalMs,
      );
    }
    for (let k = 0; k < beats; k++) {
      const raw = readWord(bytes, k * width, width);
      const second = lastSecond - beats + 1 + k;
      let counts = raw;
      if (countBits !== 32) {
        if (raw & 0xc000)
          issue(
            events,
            'reserved-bits',
            `heartbeat 0x${raw.toString(16)} has reserved bits 14-15 set; masked`,
            arrivalMs,
          );
        counts = raw & 0x3fff;
      } else if (raw > maxPlausibleCps) {
        issue(
          events,
          'implausible',
          `heartbeat of ${raw} counts in 1 s exceeds ${maxPlausibleCps} cps`,
          arrivalMs,
        );
        continue;
      }
      frame(events, { startSeconds: second - 1, durationSeconds: 1, counts, arrivalHostMs: arrivalMs });
    }
    events.push({ type: 'clock', deviceSeconds: lastSecond, hostMs: arrivalMs });
    lastBeat = { second: lastSecond, arrivalMs };
  };

  /** Ends whatever message is being collected (on a new command, on quiet time, at the end). */
  const finishMode = (events: CodecEvent[], hostMs: number) => {
    if (mode === 'version' && !versionDone) finishVersion(events, hostMs);
    else if (mode === 'cpm' && !cpmDone) finishCpm(events, hostMs);
    else if (mode === 'heartbeat') finishBurst(events);
    buffer = [];
  };

  return {
    protocol: 'gmc',
    frameTimeBase: 'device',
    open: () => ({ events: [], writes: [ascii(GMC_COMMANDS.heartbeatOff), ascii(GMC_COMMANDS.version)] }),
    sent(bytes, hostMs) {
      const command = String.fromCharCode(...bytes);
      const events: CodecEvent[] = [];
      finishMode(events, hostMs); // a reply cut by our next command is judged on what arrived
      modeSinceMs = hostMs;
      if (command === GMC_COMMANDS.version) {
        mode = 'version';
        versionDone = false;
      } else if (command === GMC_COMMANDS.cpm) {
        mode = 'cpm';
        cpmDone = false;
      } else if (command === GMC_COMMANDS.heartbeatOn) {
        mode = 'heartbeat';
        heartbeatRequested = true;
        lastBeat = undefined;
      } else if (command === GMC_COMMANDS.heartbeatOff) mode = 'stopped';
      return events;
    },
    received(chunk, hostMs) {
      const events: CodecEvent[] = [];
      if (mode === 'heartbeat' && buffer.length > 0 && hostMs - burstLastMs > burstGapMs) finishBurst(events);
      if (mode === 'idle' || mode === 'stopped') return events; // stale beats after HEARTBEAT0: expected, ignored
      if (buffer.length === 0) burstFirstMs = hostMs;
      burstLastMs = hostMs;
      for (const b of chunk) buffer.push(b);
      if (buffer.length > 4096) {
        issue(
          events,
          'garbage',
          `${buffer.length} bytes without a pause in ${mode} mode`,
          hostMs,
          buffer.length,
        );
        buffer = [];
      }
      if (mode === 'cpm' && countBits !== undefined && buffer.length >= words()) finishCpm(events, hostMs);
      return events;
    },
    tick(hostMs): CodecStep {
      const events: CodecEvent[] = [];
      const writes: Uint8Array[] = [];
      const quiet = buffer.length > 0 && hostMs - burstLastMs > burstGapMs;
      if (mode === 'version' && !versionDone && (quiet || hostMs - modeSinceMs > versionTimeoutMs))
        finishVersion(events, hostMs);
      if (mode === 'cpm' && !cpmDone && (quiet || hostMs - modeSinceMs > versionTimeoutMs))
        finishCpm(events, hostMs);
      if (mode === 'heartbeat' && quiet) finishBurst(events);
      if (mode === 'version' && versionDone && countBits !== undefined) writes.push(ascii(GMC_COMMANDS.cpm));
      else if (mode === 'cpm' && cpmDone && !heartbeatRequested) writes.push(ascii(GMC_COMMANDS.heartbeatOn));
      return { events, writes };
    },
    close: () => [ascii(GMC_COMMANDS.heartbeatOff)],
    flush(hostMs) {
      const events: CodecEvent[] = [];
      finishMode(events, hostMs);
      return events;
    },
  };
}

function readWord(bytes: readonly number[], offset: number, width: number): number {
  let value = 0;
  for (let i = 0; i < width; i++) value = value * 256 + (bytes[offset + i] ?? 0);
  return value;
}
