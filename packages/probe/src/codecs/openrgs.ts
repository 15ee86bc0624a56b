// Codec for the OpenRGS line protocol v1 (docs/openrgs-line-protocol.md).
import type { CodecEvent, ProbeIdentity, Spectrum } from '../types.js';
import type { CodecStep, ProbeCodec } from './codec.js';
import { ascii, frame, issue } from './emit.js';
import {
  encodeOpenRgsLine,
  OPENRGS_MAX_LINE_BYTES,
  OPENRGS_PROTOCOL_VERSION,
  parseOpenRgsLine,
} from './openrgs-line.js';

export interface OpenRgsCodecOptions {
  /** Re-send `$HOST` this often until a HELLO arrives, ms. */
  helloRetryMs?: number;
}

const DOLLAR = 0x24;
const LF = 0x0a;
const CR = 0x0d;
const U32 = 2 ** 32;
const MAX_DURATION_US = 3_600_000_000; // one hour: longer frames are not a live probe's
const GARBAGE_REPORT_BYTES = 256;

const ID = /^[A-Za-z0-9._:+-]{1,64}$/;

interface Hello {
  windows: { lowKeV: number; highKeV: number }[];
  histogram: { binCount: number; lowKeV: number; binWidthKeV: number } | undefined;
}

const HOST_LINE = encodeOpenRgsLine('HOST', { v: OPENRGS_PROTOCOL_VERSION });

export function createOpenRgsCodec(options: OpenRgsCodecOptions = {}): ProbeCodec {
  const helloRetryMs = options.helloRetryMs ?? 2000;
  const line = new Uint8Array(OPENRGS_MAX_LINE_BYTES);
  let lineLength = -1; // -1: not inside a line
  let skipping = 0; // bytes skipped of an over-long line, until its '\n'
  let garbage = 0;
  let hello: Hello | undefined;
  // An unsupported HELLO came: read only while `hello` is undefined, which after the first valid HELLO
  // only an unsupported one makes it again, so it never needs to be cleared.
  let helloRejected = false;
  let lastSequence: number | undefined;
  let lastEndUs: number | undefined;
  // When $HOST was last sent; +∞ until it has been, so that no retry comes before the first.
  let lastHostSentMs = Number.POSITIVE_INFINITY;

  const flushGarbage = (events: CodecEvent[], hostMs: number) => {
    if (garbage > 0) issue(events, 'garbage', `${garbage} bytes outside any line`, hostMs, garbage);
    garbage = 0;
  };

  const acceptSequence = (events: CodecEvent[], s: number, hostMs: number): boolean => {
    if (lastSequence !== undefined) {
      const distance = (s - lastSequence + U32) % U32;
      if (distance === 0) {
        issue(events, 'duplicate', `sequence ${s} again`, hostMs);
        return false;
      }
      if (distance >= 2 ** 31) {
        issue(events, 'replay', `sequence ${s} goes back from ${lastSequence}`, hostMs);
        return false;
      }
      if (distance > 1) issue(events, 'gap', `${distance - 1} lines lost before sequence ${s}`, hostMs);
    }
    lastSequence = s;
    return true;
  };

  const onHello = (events: CodecEvent[], f: Map<string, string>, hostMs: number) => {
    const v = uint(f.get('v'), 1000);
    if (v === undefined) return issue(events, 'malformed', 'HELLO without a version v=', hostMs);
    if (v !== OPENRGS_PROTOCOL_VERSION) {
      hello = undefined;
      helloRejected = true;
      return issue(
        events,
        'unsupported-version',
        `device speaks OpenRGS v${v}; this host speaks v${OPENRGS_PROTOCOL_VERSION}`,
        hostMs,
      );
    }
    const id = f.get('id');
    const model = f.get('model');
    if (id === undefined || !ID.test(id))
      return issue(events, 'malformed', 'HELLO without a valid id=', hostMs);
    if (model === undefined || !ID.test(model))
      return issue(events, 'malformed', 'HELLO without a valid model=', hostMs);
    const fw = f.get('fw');
    const caps = (f.get('caps') ?? '').split(',').filter((c) => c !== '');
    const windows: Hello['windows'] = [];
    const win = f.get('win');
    if (win !== undefined) {
      for (const range of win.split(',')) {
        const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(range);
        const lowKeV = Number(m?.[1]);
        const highKeV = Number(m?.[2]);
        if (!m || !(highKeV > lowKeV))
          return issue(events, 'malformed', `HELLO window '${range}' is not lowKeV-highKeV`, hostMs);
        windows.push({ lowKeV, highKeV });
      }
    }
    let histogram: Hello['histogram'];
    const hist = f.get('hist');
    if (hist !== undefined) {
      const m = /^(\d{1,5}):(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(hist);
      const binCount = Number(m?.[1]);
      const lowKeV = Number(m?.[2]);
      const binWidthKeV = Number(m?.[3]);
      if (!m || !(binCount > 0 && binCount <= 16384 && binWidthKeV > 0))
        return issue(events, 'malformed', `HELLO hist '${hist}' is not bins:lowKeV:binWidthKeV`, hostMs);
      histogram = { binCount, lowKeV, binWidthKeV };
    }
    hello = { windows, histogram };
    lastSequence = undefined;
    lastEndUs = undefined;
    const identity: ProbeIdentity = {
      protocol: 'openrgs',
      deviceId: id,
      model,
      ...(fw !== undefined ? { firmware: fw } : {}),
      protocolVersion: v,
      capabilities: caps,
    };
    events.push({ type: 'identity', identity });
    const t = uint(f.get('t'), Number.MAX_SAFE_INTEGER);
    if (t !== undefined) events.push({ type: 'clock', deviceSeconds: t / 1e6, hostMs });
  };

  const onCount = (events: CodecEvent[], hello: Hello, f: Map<string, string>, hostMs: number) => {
    const s = uint(f.get('s'), U32 - 1);
    const t = uint(f.get('t'), Number.MAX_SAFE_INTEGER);
    const d = uint(f.get('d'), MAX_DURATION_US);
    const n = uint(f.get('n'), U32 - 1);
    if (s === undefined || t === undefined || d === undefined || n === undefined || d === 0) {
      return issue(events, 'malformed', 'C line needs s=, t=, d= (> 0, <= 1 h in µs) and n=', hostMs);
    }
    const ltText = f.get('lt');
    const lt = uint(ltText, d);
    if (ltText !== undefined && lt === undefined)
      return issue(events, 'malformed', `live time lt=${ltText} µs is not within [0, d=${d}]`, hostMs);
    if (lt === 0) {
      // Dead the whole frame: the detector is paralysed (saturated), so its zero counts mean nothing.
      // That is a hazard to show at once, never a frame.
      if (acceptSequence(events, s, hostMs)) {
        events.push({ type: 'device-fault', reason: `saturated: live time 0 µs in frame ${s}`, hostMs });
      }
      return;
    }
    let spectrum: Spectrum | undefined;
    const w = f.get('w');
    if (w !== undefined) {
      const counts = w.split(',').map((x) => uint(x, U32 - 1));
      if (counts.length !== hello.windows.length || counts.some((c) => c === undefined)) {
        return issue(
          events,
          'malformed',
          `w= has ${counts.length} window counts; HELLO declared ${hello.windows.length}`,
          hostMs,
        );
      }
      spectrum = {
        kind: 'windows',
        windows: hello.windows.map((win, i) => ({ ...win, counts: counts[i] ?? 0 })),
      };
    }
    const h = f.get('h');
    if (h !== undefined) {
      const declared = hello.histogram;
      if (declared === undefined || spectrum !== undefined)
        return issue(events, 'malformed', 'h= without a HELLO hist= (or with w=)', hostMs);
      const bins: { bin: number; counts: number }[] = [];
      for (const pair of h.split(',')) {
        const [binText, countText, extra] = pair.split(':');
        const bin = uint(binText, declared.binCount - 1);
        const counts = uint(countText, U32 - 1);
        const previous = bins[bins.length - 1];
        if (
          bin === undefined ||
          counts === undefined ||
          extra !== undefined ||
          (previous !== undefined && bin <= previous.bin)
        ) {
          return issue(
            events,
            'malformed',
            `histogram entry '${pair.slice(0, 20)}' is not an ascending bin:count`,
            hostMs,
          );
        }
        bins.push({ bin, counts });
      }
      spectrum = { kind: 'histogram', ...declared, bins };
    }
    if (!acceptSequence(events, s, hostMs)) return;
    if (lastEndUs !== undefined && t < lastEndUs) {
      return issue(
        events,
        'replay',
        `frame ${s} starts at device time ${t} µs, before the previous frame ended (${lastEndUs} µs)`,
        hostMs,
      );
    }
    lastEndUs = t + d;
    frame(events, {
      startSeconds: t / 1e6,
      durationSeconds: d / 1e6,
      counts: n,
      ...(lt !== undefined ? { liveTimeSeconds: lt / 1e6 } : {}),
      sequence: s,
      arrivalHostMs: hostMs,
      ...(spectrum !== undefined ? { spectrum } : {}),
    });
    events.push({ type: 'clock', deviceSeconds: (t + d) / 1e6, hostMs });
  };

  const onBattery = (events: CodecEvent[], f: Map<string, string>, hostMs: number) => {
    const s = uint(f.get('s'), U32 - 1);
    const mvText = f.get('mv');
    const pctText = f.get('pct');
    const lowText = f.get('low');
    const mv = uint(mvText, 100_000);
    const pct = uint(pctText, 100);
    if (
      s === undefined ||
      (mvText !== undefined && mv === undefined) ||
      (pctText !== undefined && pct === undefined) ||
      (lowText !== undefined && lowText !== '0' && lowText !== '1')
    ) {
      return issue(
        events,
        'malformed',
        'BAT line needs s= and optional mv= (mV), pct= (0-100), low= (0|1)',
        hostMs,
      );
    }
    if (!acceptSequence(events, s, hostMs)) return;
    events.push({
      type: 'battery',
      hostMs,
      ...(mv !== undefined ? { batteryVolts: mv / 1000 } : {}),
      ...(pct !== undefined ? { batteryPercent: pct } : {}),
      ...(lowText !== undefined ? { low: lowText === '1' } : {}),
    });
  };

  const onStatus = (events: CodecEvent[], f: Map<string, string>, hostMs: number) => {
    const s = uint(f.get('s'), U32 - 1);
    const code = f.get('code');
    if (s === undefined || code === undefined || !/^[a-z][a-z0-9-]{0,31}$/.test(code)) {
      return issue(events, 'malformed', 'STAT line needs s= and code= (ok or a fault word)', hostMs);
    }
    if (!acceptSequence(events, s, hostMs)) return;
    if (code === 'ok') events.push({ type: 'device-ok', hostMs });
    else {
      const detail = f.get('detail');
      events.push({
        type: 'device-fault',
        reason: detail === undefined ? code : `${code}: ${detail}`,
        hostMs,
      });
    }
  };

  const onLine = (events: CodecEvent[], hostMs: number) => {
    const parsed = parseOpenRgsLine(line, lineLength);
    if (!parsed.ok) return issue(events, parsed.code, parsed.message, hostMs, lineLength + 1);
    const { type, fields } = parsed;
    if (type === 'HELLO') return onHello(events, fields, hostMs);
    if (type !== 'C' && type !== 'BAT' && type !== 'STAT')
      return issue(events, 'unknown-message', `line type ${type}`, hostMs);
    if (hello === undefined) {
      const why = helloRejected ? 'after an unsupported HELLO' : 'before any HELLO';
      return issue(events, 'no-hello', `${type} line ${why}`, hostMs);
    }
    if (type === 'C') return onCount(events, hello, fields, hostMs);
    if (type === 'BAT') return onBattery(events, fields, hostMs);
    return onStatus(events, fields, hostMs);
  };

  const received = (chunk: Uint8Array, hostMs: number): CodecEvent[] => {
    const events: CodecEvent[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] ?? 0;
      if (skipping > 0) {
        if (b === LF) {
          issue(
            events,
            'line-too-long',
            `line longer than ${OPENRGS_MAX_LINE_BYTES} bytes`,
            hostMs,
            skipping,
          );
          skipping = 0;
        } else if (b === DOLLAR) {
          issue(
            events,
            'line-too-long',
            `line longer than ${OPENRGS_MAX_LINE_BYTES} bytes`,
            hostMs,
            skipping,
          );
          skipping = 0;
          lineLength = 0;
        } else skipping++;
        continue;
      }
      if (b === DOLLAR) {
        flushGarbage(events, hostMs);
        if (lineLength >= 0)
          issue(
            events,
            'torn',
            `line cut after ${lineLength + 1} bytes by a new '$'`,
            hostMs,
            lineLength + 1,
          );
        lineLength = 0;
      } else if (b === LF) {
        if (lineLength >= 0) {
          if (line[lineLength - 1] === CR) lineLength--; // line[-1] of an empty line is undefined
          onLine(events, hostMs);
          lineLength = -1;
        } else flushGarbage(events, hostMs);
      } else if (lineLength >= 0) {
        if (lineLength >= OPENRGS_MAX_LINE_BYTES - 2) {
          skipping = lineLength + 2;
          lineLength = -1;
        } else line[lineLength++] = b;
      } else if (b !== CR && b !== 0x20 && b !== 0x09) {
        garbage++;
        if (garbage >= GARBAGE_REPORT_BYTES) flushGarbage(events, hostMs);
      }
    }
    flushGarbage(events, hostMs); // report noise when it arrives, not at the next line
    return events;
  };

  return {
    protocol: 'openrgs',
    frameTimeBase: 'device',
    open: () => ({ events: [], writes: [ascii(HOST_LINE)] }),
    sent(bytes, hostMs) {
      // The driver tells the codec only of the lines it wrote itself, whole: $HOST and $STOP.
      if (String.fromCharCode(...bytes) === HOST_LINE) lastHostSentMs = hostMs;
      return [];
    },
    received,
    tick(hostMs): CodecStep {
      const writes: Uint8Array[] = [];
      if (hello === undefined && hostMs - lastHostSentMs >= helloRetryMs) writes.push(ascii(HOST_LINE));
      return { events: [], writes };
    },
    close: () => [ascii(encodeOpenRgsLine('STOP'))],
    flush(hostMs) {
      const events: CodecEvent[] = [];
      flushGarbage(events, hostMs);
      if (lineLength >= 0)
        issue(
          events,
          'torn',
          `line cut after ${lineLength + 1} bytes by the end of input`,
          hostMs,
          lineLength + 1,
        );
      if (skipping > 0)
        issue(events, 'line-too-long', `line longer than ${OPENRGS_MAX_LINE_BYTES} bytes`, hostMs, skipping);
      lineLength = -1;
      skipping = 0;
      return events;
    },
  };
}

/** A decimal whole number in [0, max], digits only; undefined otherwise. */
function uint(text: string | undefined, max: number): number | undefined {
  if (text === undefined || !/^\d{1,16}$/.test(text)) return undefined;
  const value = Number(text);
  return value <= max ? value : undefined;
}
