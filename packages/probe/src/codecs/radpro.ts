// Codec for the Rad Pro firmware's USB/serial text protocol.
// Source: github.com/Gissio/radpro docs/comm.md ("Rad Pro USB communications protocol"): 115200 8N1,
// ASCII request/response; requests and responses end with "\r\n" in current versions (older versions of
// the document say "\n", so both are accepted); replies are `OK [value]` or `ERROR`.
//  - GET deviceId        → OK [hardware-id];[software-id];[device-id]
//  - GET deviceTime      → OK [unix seconds]
//  - GET tubePulseCount  → OK [lifetime pulse count], "overflows to 0 after 2^32-1"; the document itself
//                          recommends differencing two readings for rates.
//  - GET deviceBatteryVoltage → OK [volts, 3 decimals]
// Replies carry no tag, so the host keeps one request outstanding at a time (stop-and-wait) and matches
// each reply to the oldest request it actually sent (recorded, so replay pairs them identically).
// Frames are timed on the host: a pulse count is taken at the midpoint of its request and its reply.
//  - GET devicePower     → OK 1 | OK 0 (Gissio/radpro platform.io/src/peripherals/comm.c, processCommGet:
//                          `case GET_DEVICE_POWER: pushCommUInt32(isPoweredOn())`; since 2.0rc1). A
//                          device switched off on USB still answers, with a frozen count: polled every
//                          2 s, "off" is a device fault and its frames are not counts. Firmware without it
//                          answers ERROR, and we stop asking.
//  - Devices with a "Data mode" setting (FS2011) open the port only when it is on (comm.c updateComm:
//    `#if defined(DATA_MODE) bool commShouldBeOpen = settings.dataMode;`): silence is then said in words.
//  - tubePulseCount is the device's own lifetime counter: after a reconnection to the same device (same
//    deviceId) the counts of the time in between are kept (one frame spanning it), not lost as a gap.

import type { CodecEvent } from '../types.js';
import { WrappingCounter } from '../wrapping-counter.js';
import type { CodecStep, ProbeCodec } from './codec.js';
import { ascii, frame, issue } from './emit.js';

export interface RadProCodecOptions {
  /** How often to read the pulse counter, ms (one frame per poll). */
  pollIntervalMs?: number;
  /** A request not answered within this is dropped, ms. */
  replyTimeoutMs?: number;
  /** After a dropped request, lines arriving within this are discarded (a late reply must not be paired
   *  with the next request), ms. */
  resyncQuietMs?: number;
  /** Reading the device clock and battery this often, ms. */
  housekeepingIntervalMs?: number;
  /** An increment implying more than this is a counter reset, not a wrap. GM tubes saturate near 10^4 cps. */
  maxPlausibleCps?: number;
  /** Reading `GET devicePower` this often, ms. */
  powerIntervalMs?: number;
  /** Ask `GET devicePower` at all (default true; older firmware answering ERROR is handled anyway). */
  readPowerState?: boolean;
}

/** The device's counter as last read, handed to the next connection's codec. */
export interface RadProCarry {
  deviceId: string;
  pulseCount: number;
  sampleMs: number;
}

type RequestKind =
  | 'deviceId'
  | 'deviceTime'
  | 'tubePulseCount'
  | 'deviceBatteryVoltage'
  | 'devicePower'
  | 'other';

const MAX_LINE = 4096;
const KINDS: readonly RequestKind[] = [
  'deviceId',
  'deviceTime',
  'tubePulseCount',
  'deviceBatteryVoltage',
  'devicePower',
];
/** Unanswered requests, with not one byte received, before the "Data mode" hint. */
const SILENT_REQUESTS_BEFORE_HINT = 3;
export const RADPRO_NO_REPLY_HINT =
  'no reply from the device: on an FS2011 (and other Rad Pro devices with a Data mode setting) turn on Settings → Data mode; otherwise check --port, and that the device runs Rad Pro (a GQ counter with GQ firmware needs --protocol gmc)';

export function radProRequest(kind: Exclude<RequestKind, 'other'>): Uint8Array {
  return ascii(`GET ${kind}\r\n`);
}

export function createRadProCodec(options: RadProCodecOptions = {}, carry?: RadProCarry): ProbeCodec {
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const replyTimeoutMs = options.replyTimeoutMs ?? 1000;
  const resyncQuietMs = options.resyncQuietMs ?? 500;
  const housekeepingIntervalMs = options.housekeepingIntervalMs ?? 60_000;
  const powerIntervalMs = options.powerIntervalMs ?? 2000;
  const counter = new WrappingCounter(32, options.maxPlausibleCps ?? 1e5);
  if (!(pollIntervalMs > 0 && replyTimeoutMs > 0))
    throw new Error('radpro: pollIntervalMs and replyTimeoutMs must be > 0');

  const pending: { kind: RequestKind; sentMs: number }[] = [];
  const lastSentMs: Partial<Record<RequestKind, number>> = {};
  let quarantineUntilMs = Number.NEGATIVE_INFINITY;
  let identified = false;
  let previousSampleMs: number | undefined;
  let line: number[] = [];
  let overlong = 0;
  let txText = '';
  let deviceId: string | undefined;
  let lastCount: { value: number; sampleMs: number } | undefined;
  let pendingCarry = carry;
  let powerSupported = options.readPowerState ?? true;
  let poweredOff = false;
  let anyByte = false;
  let unanswered = 0;
  let hinted = false;

  const expire = (events: CodecEvent[], hostMs: number) => {
    for (
      let head = pending[0];
      head !== undefined && hostMs > head.sentMs + replyTimeoutMs;
      head = pending[0]
    ) {
      pending.shift();
      issue(
        events,
        'no-reply',
        `no reply to GET ${head.kind} within ${replyTimeoutMs} ms`,
        head.sentMs + replyTimeoutMs,
      );
      quarantineUntilMs = head.sentMs + replyTimeoutMs + resyncQuietMs;
      unanswered++;
      if (!anyByte && !hinted && unanswered >= SILENT_REQUESTS_BEFORE_HINT) {
        hinted = true;
        events.push({
          type: 'device-fault',
          reason: RADPRO_NO_REPLY_HINT,
          hostMs: head.sentMs + replyTimeoutMs,
        });
      }
    }
  };

  const onReply = (events: CodecEvent[], text: string, hostMs: number) => {
    expire(events, hostMs);
    if (hostMs < quarantineUntilMs) {
      quarantineUntilMs = Math.max(quarantineUntilMs, hostMs + resyncQuietMs);
      return issue(
        events,
        'unexpected-reply',
        `'${text.slice(0, 40)}' discarded while resynchronising`,
        hostMs,
        text.length,
      );
    }
    const isOk = text === 'OK' || text.startsWith('OK ');
    if (!isOk && text !== 'ERROR')
      return issue(
        events,
        'garbage',
        `'${text.slice(0, 40)}' is neither OK nor ERROR`, // text: printable ASCII only (checked in received)
        hostMs,
        text.length,
      );
    const request = pending.shift();
    if (request === undefined)
      return issue(
        events,
        'unexpected-reply',
        `'${text.slice(0, 40)}' with no request outstanding`,
        hostMs,
        text.length,
      );
    if (!isOk && request.kind === 'devicePower') {
      powerSupported = false; // firmware before 2.0rc1: no power state to read
      return;
    }
    if (!isOk) return issue(events, 'device-error', `device answered ERROR to GET ${request.kind}`, hostMs);
    const value = text.slice(3); // comm.c writes "OK " and the value, unpadded
    switch (request.kind) {
      case 'deviceId': {
        const [hardware, software, id, ...rest] = value.split(';');
        if (!hardware || !software || !id || rest.length > 0)
          return issue(events, 'malformed', `deviceId '${value.slice(0, 60)}' is not hw;sw;id`, hostMs);
        identified = true;
        deviceId = id;
        if (pendingCarry !== undefined && pendingCarry.deviceId !== id) pendingCarry = undefined;
        events.push({
          type: 'identity',
          identity: {
            protocol: 'radpro',
            deviceId: id,
            model: hardware,
            firmware: software,
            capabilities: ['tubePulseCount'],
            countBits: 32,
          },
        });
        return;
      }
      case 'devicePower': {
        if (value !== '0' && value !== '1')
          return issue(events, 'malformed', `devicePower '${value.slice(0, 20)}' is not 0 or 1`, hostMs);
        const off = value === '0';
        if (off && !poweredOff)
          events.push({
            type: 'device-fault',
            reason:
              'the device is switched off (Rad Pro GET devicePower = 0): its count is frozen; switch it on',
            hostMs,
          });
        else if (!off && poweredOff) events.push({ type: 'device-ok', hostMs });
        poweredOff = off;
        return;
      }
      case 'deviceTime': {
        if (!/^\d{1,10}$/.test(value))
          return issue(events, 'malformed', `deviceTime '${value.slice(0, 20)}' is not unix seconds`, hostMs);
        events.push({
          type: 'reading',
          name: 'deviceTimeUnixSeconds',
          value: Number(value),
          unit: 's',
          hostMs,
        });
        return;
      }
      case 'deviceBatteryVoltage': {
        if (!/^\d{1,3}(\.\d{1,6})?$/.test(value))
          return issue(events, 'malformed', `battery '${value.slice(0, 20)}' is not volts`, hostMs);
        events.push({ type: 'battery', batteryVolts: Number(value), hostMs });
        return;
      }
      case 'tubePulseCount': {
        if (!/^\d{1,10}$/.test(value) || Number(value) > 0xffffffff) {
          return issue(
            events,
            'malformed',
            `tubePulseCount '${value.slice(0, 20)}' is not a 32-bit count`,
            hostMs,
          );
        }
        const sampleMs = (request.sentMs + hostMs) / 2;
        if (pendingCarry !== undefined && identified) {
          // Same device as before the reconnection: its counter kept counting. (The carry is dropped at the
          // first count read, so this is always before any count of this connection.)
          counter.seed(pendingCarry.pulseCount, pendingCarry.sampleMs / 1000);
          previousSampleMs = pendingCarry.sampleMs;
        }
        pendingCarry = undefined;
        const step = counter.next(Number(value), sampleMs / 1000);
        const startMs = previousSampleMs;
        previousSampleMs = sampleMs;
        lastCount = { value: Number(value), sampleMs };
        if (step.kind === 'reset') return issue(events, 'counter-reset', step.reason, hostMs);
        if (step.kind === 'increment' && startMs !== undefined && poweredOff) {
          return issue(
            events,
            'device-error',
            `${step.counts} counts over ${((sampleMs - startMs) / 1000).toFixed(1)} s not used: the device is switched off`,
            hostMs,
          );
        }
        if (step.kind === 'increment' && startMs !== undefined) {
          frame(events, {
            startSeconds: startMs / 1000,
            durationSeconds: (sampleMs - startMs) / 1000,
            counts: step.counts,
            arrivalHostMs: hostMs,
          });
        }
        return;
      }
      // 'other': a reply to a request we did not make ourselves, nothing to decode
    }
  };

  const nextRequest = (hostMs: number): Exclude<RequestKind, 'other'> | undefined => {
    if (pending.length > 0 || hostMs < quarantineUntilMs) return undefined;
    const since = (kind: RequestKind) => hostMs - (lastSentMs[kind] ?? Number.NEGATIVE_INFINITY);
    if (!identified && since('deviceId') >= 5000) return 'deviceId';
    if (since('tubePulseCount') >= pollIntervalMs) return 'tubePulseCount';
    if (powerSupported && since('devicePower') >= powerIntervalMs) return 'devicePower';
    if (since('deviceTime') >= housekeepingIntervalMs) return 'deviceTime';
    if (since('deviceBatteryVoltage') >= housekeepingIntervalMs) return 'deviceBatteryVoltage';
    return undefined;
  };

  return {
    protocol: 'radpro',
    frameTimeBase: 'host',
    open: () => ({ events: [], writes: [radProRequest('deviceId')] }),
    sent(bytes, hostMs) {
      txText += String.fromCharCode(...bytes);
      for (let nl = txText.indexOf('\n'); nl >= 0; nl = txText.indexOf('\n')) {
        const request = txText.slice(0, nl).replace(/\r$/, '');
        txText = txText.slice(nl + 1);
        const kind = KINDS.find((k) => request === `GET ${k}`) ?? 'other';
        pending.push({ kind, sentMs: hostMs });
        lastSentMs[kind] = hostMs;
      }
      if (txText.length > MAX_LINE) txText = '';
      return [];
    },
    received(chunk, hostMs) {
      const events: CodecEvent[] = [];
      if (chunk.length > 0) anyByte = true;
      for (const b of chunk) {
        if (b === 0x0a) {
          if (overlong > 0)
            issue(events, 'line-too-long', `reply longer than ${MAX_LINE} bytes`, hostMs, overlong);
          else {
            if (line[line.length - 1] === 0x0d) line.pop();
            if (line.length > 0) {
              const bad = line.some((c) => c < 0x20 || c > 0x7e);
              if (bad)
                issue(
                  events,
                  'garbage',
                  `${line.length} bytes of non-text in a reply line`,
                  hostMs,
                  line.length,
                );
              else onReply(events, String.fromCharCode(...line), hostMs);
            }
          }
          line = [];
          overlong = 0;
        } else if (overlong > 0) overlong++;
        else if (line.length >= MAX_LINE) {
          overlong = line.length + 1;
          line = [];
        } else line.push(b);
      }
      return events;
    },
    tick(hostMs): CodecStep {
      const events: CodecEvent[] = [];
      expire(events, hostMs);
      const kind = nextRequest(hostMs);
      return { events, writes: kind === undefined ? [] : [radProRequest(kind)] };
    },
    close: () => [],
    flush(hostMs) {
      const events: CodecEvent[] = [];
      if (line.length > 0 || overlong > 0)
        issue(
          events,
          'torn',
          `reply cut after ${line.length + overlong} bytes`,
          hostMs,
          line.length + overlong,
        );
      line = [];
      overlong = 0;
      return events;
    },
    handover() {
      if (deviceId === undefined || lastCount === undefined) return undefined;
      return { radpro: { deviceId, pulseCount: lastCount.value, sampleMs: lastCount.sampleMs } };
    },
  };
}
