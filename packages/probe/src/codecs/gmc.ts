// Codec for GQ Electronics GMC Geiger counters.
// Sources: GQ-RFC1201 "GQ Geiger Counter Communication Protocol" Ver 1.40, Jan-2015 (GMC-280/300/320) and
// GQ-RFC1801 Ver 1.00, Apr-2018 (GMC-500/500+/600/600+), text in github.com/bernardn/python-libgqe doc/.
//  - Commands are ASCII '<' CMD '>>'. All start from the host.
//  - <GETVER>>: RFC1201 "total 14 bytes ASCII" (7 model + 7 version, e.g. "GMC-300Re 2.10");
//    RFC1801 variable length, e.g. "GMC-600+Re 1.14" (15 bytes) — so the reply ends by quiet time.
//    Parsed as tolerantly as the devices are (gmc-version.ts).
//  - <GETCPM>>: u16 big-endian (RFC1201), u32 big-endian (RFC1801). Its length tells the word width.
//  - <HEARTBEAT1>>: every second, the counts of that second: RFC1201 u16 big-endian of which "only lowest
//    14 bits are used", bits 15 and 14 reserved; RFC1801 u32 big-endian. <HEARTBEAT0>> stops it.
//  (RFC1201's own example "10 1C → 28" contradicts its 14-bit rule — 0x101C & 0x3FFF = 4124; we follow the
//  rule as written and mask, and report a `reserved-bits` issue whenever bits 14–15 are set.)
// Quirks handled (GeigerLog gdev_gmc.py; issue 15): the first <GETVER>> after power-up may go unanswered
// (GMC-500+ Re 1.18) — GeigerLog retries three times, so do we; the word width is taken from the <GETCPM>>
// reply, not from the model number (GMC-500 without "+", GMC-600+ below 2.4 send 2-byte words); a counter
// power-cycled with the USB cable in stops its heartbeat — it is re-armed after silence.
// The heartbeat has no framing and no checksum: beats are told apart by time (a beat is a burst of bytes
// followed by ~1 s of quiet). A burst whose length is not a whole number of words is torn and dropped.
// Every time this codec puts on an event comes from recorded times (a byte's arrival, a request's
// sending, or those plus a fixed timeout), never from when a tick happened to notice it: replay is exact.
import type { CodecEvent, ProbeIdentity } from '../types.js';
import type { CodecStep, ProbeCodec } from './codec.js';
import { ascii, frame, issue } from './emit.js';
import { parseGmcVersion } from './gmc-version.js';

export { type GmcVersion, parseGmcVersion } from './gmc-version.js';

export interface GmcCodecOptions {
  /**
   * Force the heartbeat width instead of learning it from the <GETCPM>> reply: 14 (2-byte words,
   * RFC1201) or 32 (4-byte words, RFC1801). The CLI's `--word-bytes 2|4`.
   */
  countBits?: 14 | 32;
  /** Quiet time that ends a reply or a heartbeat burst, ms. */
  burstGapMs?: number;
  /** How long to wait for the <GETVER>> (and <GETCPM>>) reply before trying again, ms. */
  versionTimeoutMs?: number;
  /** <GETVER>> tries before giving up on a connection (GeigerLog: three). */
  versionTries?: number;
  /** No heartbeat byte for this long → <HEARTBEAT1>> again (the counter may have restarted), ms. */
  rearmAfterMs?: number;
  /**
   * Beats above this are rejected as implausible (32-bit beats only; a 14-bit beat cannot exceed 16383).
   * A GM tube with ~100 µs dead time saturates near 10^4 cps; 10^5 leaves margin.
   */
  maxPlausibleCps?: number;
  /** A burst arriving at least this much later than its beat was due counts missing beats, ms. */
  lateBeatToleranceMs?: number;
}

export const GMC_COMMANDS = {
  version: '<GETVER>>',
  cpm: '<GETCPM>>',
  heartbeatOn: '<HEARTBEAT1>>',
  heartbeatOff: '<HEARTBEAT0>>',
} as const;

/** 14-bit heartbeats at or above this are flagged: the next power of two (16384) wraps silently. */
export const GMC_14BIT_WARN_CPS = 12288;

type Mode = 'idle' | 'version' | 'cpm' | 'heartbeat' | 'stopped';

export function createGmcCodec(options: GmcCodecOptions = {}): ProbeCodec {
  const burstGapMs = options.burstGapMs ?? 150;
  const versionTimeoutMs = options.versionTimeoutMs ?? 1500;
  const versionTries = options.versionTries ?? 3;
  const rearmAfterMs = options.rearmAfterMs ?? 3000;
  const maxPlausibleCps = options.maxPlausibleCps ?? 1e5;
  const lateToleranceMs = options.lateBeatToleranceMs ?? 900;
  // Upward creep of the beat-time offset per beat, ms: follows a device clock up to 0.5 % slow.
  const offsetCreepMs = 5;
  let mode: Mode = 'idle';
  let modeSinceMs = 0;
  let buffer: number[] = [];
  let burstFirstMs = 0;
  let burstLastMs = 0;
  let countBits: 14 | 32 | undefined = options.countBits;
  let version: ReturnType<typeof parseGmcVersion>;
  let versionSent = 0;
  let cpmSent = 0;
  /** What the current request step concluded: waiting, done, or needs another try. */
  let step: 'waiting' | 'done' | 'retry' | 'failed' = 'waiting';
  let heartbeatArmedMs: number | undefined;
  let lastRxMs = 0;
  let lastBeat: { second: number; arrivalMs: number } | undefined;
  let beatOffsetMs = 0;
  /** 'high' after a beat near the 14-bit top; the last dropped value while a wrap is suspected. */
  let wrapSuspect: 'high' | number | undefined;
  const looksWrapped = (counts: number) =>
    wrapSuspect === 'high' ||
    (typeof wrapSuspect === 'number' && Math.abs(counts - wrapSuspect) <= 5 * Math.sqrt(counts + 16384));

  const words = () => (countBits === 32 ? 4 : 2);

  /** When the message being collected ended: quiet after its last byte, or the timeout. */
  const endOf = (hostMs: number) =>
    Math.min(hostMs, buffer.length > 0 ? burstLastMs + burstGapMs : modeSinceMs + versionTimeoutMs);

  const finishVersion = (events: CodecEvent[], atMs: number) => {
    const text = String.fromCharCode(...buffer);
    buffer = [];
    const parsed = parseGmcVersion(text);
    if (parsed?.radPro) {
      step = 'failed';
      events.push({
        type: 'fatal',
        reason: `this ${parsed.model} runs Rad Pro firmware (it answered '${printable(text)}' to <GETVER>>): connect with --protocol radpro`,
        hostMs: atMs,
      });
      return;
    }
    if (parsed === undefined) {
      issue(
        events,
        'no-reply',
        text.length === 0
          ? `no reply to <GETVER>> (try ${versionSent} of ${versionTries})`
          : `no GMC version in reply '${printable(text).slice(0, 40)}' to <GETVER>> (wrong baud rate or not a GMC?)`,
        atMs,
        text.length === 0 ? undefined : text.length,
      );
      if (versionSent < versionTries) step = 'retry';
      else if (countBits !== undefined) step = 'done';
      else {
        step = 'failed';
        events.push({
          type: 'fatal',
          reason: `no GMC version reply after ${versionTries} tries of <GETVER>>: check the port and the baud rate, or --protocol (a Rad Pro device needs radpro)`,
          hostMs: atMs,
        });
      }
      return;
    }
    version = parsed;
    step = 'done';
  };

  const identity = (): ProbeIdentity => ({
    protocol: 'gmc',
    model: version?.model ?? 'GMC (no version reply)',
    ...(version?.firmware !== undefined ? { firmware: version.firmware } : {}),
    capabilities: ['heartbeat', 'cpm'],
    ...(countBits !== undefined ? { countBits } : {}),
  });

  const finishCpm = (events: CodecEvent[], atMs: number) => {
    const bytes = buffer;
    buffer = [];
    const forced = options.countBits;
    const width = forced !== undefined ? (forced === 32 ? 4 : 2) : bytes.length;
    if (bytes.length === width && (width === 2 || width === 4)) {
      countBits ??= width === 4 ? 32 : 14;
      events.push({
        type: 'reading',
        name: 'cpm',
        value: readWord(bytes, 0, width),
        unit: 'counts/min',
        hostMs: burstLastMs, // when its last byte arrived
      });
      step = 'done';
      events.push({ type: 'identity', identity: identity() });
      return;
    }
    const expected = forced !== undefined ? `${width}` : '2 or 4';
    issue(
      events,
      'torn',
      `<GETCPM>> reply of ${bytes.length} bytes, expected ${expected}`,
      atMs,
      bytes.length || undefined,
    );
    if (cpmSent < 2) {
      step = 'retry';
      return;
    }
    countBits ??= version?.guessedCountBits;
    if (countBits === undefined) {
      step = 'failed';
      events.push({
        type: 'fatal',
        reason: `cannot tell the heartbeat width of ${version?.model ?? 'this counter'}: <GETCPM>> gave no 2- or 4-byte reply; give --word-bytes 2 or 4`,
        hostMs: atMs,
      });
      return;
    }
    issue(
      events,
      'unexpected-reply',
      forced !== undefined
        ? `no full <GETCPM>> reply; heartbeat width as given with --word-bytes: ${words()}-byte words`
        : `heartbeat width taken from the model ${version?.model ?? ''}: ${words()}-byte words (force with --word-bytes)`,
      atMs,
    );
    step = 'done';
    events.push({ type: 'identity', identity: identity() });
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
    let lastSecond: number;
    if (lastBeat === undefined) {
      lastSecond = beats;
      beatOffsetMs = arrivalMs - lastSecond * 1000;
    } else {
      // The device sends one beat per second of its own clock. A burst is placed by when it was due
      // (offset of the least-delayed beats), so a beat delayed by USB or the OS is just late — not a
      // missing second followed by a shifted timeline. Only a burst later than its due time by nearly
      // a whole beat period means beats were lost.
      const candidate = lastBeat.second + beats;
      const latenessMs = arrivalMs - (beatOffsetMs + candidate * 1000);
      const missing = latenessMs >= lateToleranceMs ? Math.max(1, Math.round(latenessMs / 1000)) : 0;
      lastSecond = candidate + missing;
      if (missing > 0)
        issue(
          events,
          'gap',
          `${missing} heartbeat(s) missing before device second ${lastSecond - beats + 1}`,
          arrivalMs,
        );
      beatOffsetMs = Math.min(arrivalMs - lastSecond * 1000, beatOffsetMs + offsetCreepMs * beats);
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
        // RFC1201: only 14 bits are sent, so above 16 383 counts/s the value wraps without a sign.
        if (counts >= GMC_14BIT_WARN_CPS) {
          wrapSuspect = 'high';
          issue(
            events,
            'implausible',
            `heartbeat ${counts} counts/s is near the 14-bit limit: above 16383 counts/s GQ-RFC1201 heartbeats wrap and read low`,
            arrivalMs,
          );
        } else if (wrapSuspect !== undefined && counts < 16384 - GMC_14BIT_WARN_CPS && looksWrapped(counts)) {
          // A fall from the top of the range to the bottom in one second, or a value that stays where
          // a wrapped rate would (within 5 Poisson SD of the true rate): not shown as a rate.
          wrapSuspect = counts;
          issue(
            events,
            'implausible',
            `heartbeat ${counts} counts/s after ≥ ${GMC_14BIT_WARN_CPS}: probably wrapped past 16383 (true ${counts + 16384}?); frame dropped`,
            arrivalMs,
          );
          continue;
        } else wrapSuspect = undefined;
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
    if (mode === 'version' && step === 'waiting') finishVersion(events, hostMs);
    else if (mode === 'cpm' && step === 'waiting') finishCpm(events, hostMs);
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
      if (command === GMC_COMMANDS.heartbeatOn && mode === 'heartbeat' && heartbeatArmedMs !== undefined) {
        // A re-arm: the counting continues on the same device timeline (a restart shows as a gap).
        finishBurst(events);
        issue(
          events,
          'no-reply',
          `no heartbeat for ${((hostMs - Math.max(lastRxMs, heartbeatArmedMs)) / 1000).toFixed(1)} s; <HEARTBEAT1>> sent again`,
          hostMs,
        );
        heartbeatArmedMs = hostMs;
        return events;
      }
      finishMode(events, hostMs); // a reply cut by our next command is judged on what arrived
      modeSinceMs = hostMs;
      if (command === GMC_COMMANDS.version) {
        mode = 'version';
        step = 'waiting';
        versionSent++;
      } else if (command === GMC_COMMANDS.cpm) {
        mode = 'cpm';
        step = 'waiting';
        cpmSent++;
      } else if (command === GMC_COMMANDS.heartbeatOn) {
        mode = 'heartbeat';
        heartbeatArmedMs = hostMs;
        lastBeat = undefined;
      } else if (command === GMC_COMMANDS.heartbeatOff) mode = 'stopped';
      return events;
    },
    received(chunk, hostMs) {
      const events: CodecEvent[] = [];
      lastRxMs = hostMs;
      if (mode === 'heartbeat' && buffer.length > 0 && hostMs - burstLastMs > burstGapMs) finishBurst(events);
      if (mode === 'idle' || mode === 'stopped') return events; // stale beats after HEARTBEAT0: expected, ignored
      if ((mode === 'version' || mode === 'cpm') && step !== 'waiting') return events; // late bytes of a finished reply
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
      if (mode === 'cpm' && options.countBits !== undefined && buffer.length >= words())
        finishCpm(events, hostMs);
      return events;
    },
    tick(hostMs): CodecStep {
      const events: CodecEvent[] = [];
      const writes: Uint8Array[] = [];
      const quiet = buffer.length > 0 && hostMs - burstLastMs > burstGapMs;
      const timedOut = buffer.length === 0 && hostMs - modeSinceMs > versionTimeoutMs;
      if (mode === 'version' && step === 'waiting' && (quiet || timedOut))
        finishVersion(events, endOf(hostMs));
      if (mode === 'cpm' && step === 'waiting' && (quiet || timedOut)) finishCpm(events, endOf(hostMs));
      if (mode === 'heartbeat' && quiet) finishBurst(events);
      if (mode === 'version' && step === 'retry') writes.push(ascii(GMC_COMMANDS.version));
      else if (mode === 'version' && step === 'done') writes.push(ascii(GMC_COMMANDS.cpm));
      else if (mode === 'cpm' && step === 'retry') writes.push(ascii(GMC_COMMANDS.cpm));
      else if (mode === 'cpm' && step === 'done') writes.push(ascii(GMC_COMMANDS.heartbeatOn));
      else if (
        mode === 'heartbeat' &&
        heartbeatArmedMs !== undefined &&
        hostMs - Math.max(lastRxMs, heartbeatArmedMs) >= rearmAfterMs
      )
        writes.push(ascii(GMC_COMMANDS.heartbeatOn));
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

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}
