// Finding a GMC counter's baud rate. GQ-RFC1201: GMC-300 V3.xx and earlier fixed at 57600; GMC-300 Plus
// V4.xx and later 115200; GMC-320 (and RFC1801 GMC-500/600) variable, one of 1200 … 115200, factory 115200.
// We try the likely ones first, sending <HEARTBEAT0>> then <GETVER>> and accepting a reply starting "GMC".
// A rate that stays silent is tried again (GeigerLog gdev_gmc.py: the first <GETVER>> after power-up of a
// GMC-500+ Re 1.18 goes unanswered; GeigerLog retries three times), and a reply is awaited until it has
// ended (150 ms of quiet) or replyWaitMs passed, so a version reply slower than 800 ms is still heard.
// A rate that answers garbage is the wrong rate: no retry there.
// The answer is an @openrgs/outcome Outcome: the rate with the counter's model and firmware, or one issue
// that lists every rate tried and what it answered.
import { firstIssue, type Issue, type Outcome } from '@openrgs/outcome';
import type { Clock } from './clock.js';
import { GMC_COMMANDS, parseGmcVersion } from './codecs/gmc.js';
import type { Transport, TransportLink } from './transports/transport.js';

export const GMC_BAUD_CANDIDATES: readonly number[] = [
  115200, 57600, 19200, 38400, 9600, 28800, 14400, 4800, 2400, 1200,
];

export interface GmcBaudOptions {
  transportAt: (baudRate: number) => Transport;
  clock: Clock;
  candidates?: readonly number[];
  /** Longest wait for a <GETVER>> reply at each try, ms. */
  replyWaitMs?: number;
  /** Tries per rate while the rate stays silent. */
  triesPerRate?: number;
  /** Quiet time that ends a reply, ms. */
  quietMs?: number;
}

/** One rate tried and what it answered ('no reply to 3 tries', '3 bytes, no GMC version', 'cannot open: …'). */
export interface GmcBaudTry {
  baudRate: number;
  result: string;
}

/**
 * Why no rate was found: the port cannot be opened (`cannot-open`, unavailable), no rate answered with a GMC
 * version (`no-gmc-answer`, unavailable: a counter switched off or on another port), or the counter runs Rad
 * Pro firmware (`rad-pro-firmware`, invalid: the wrong protocol was chosen). The rates tried are kept.
 */
export interface GmcBaudIssue extends Issue {
  code: 'cannot-open' | 'no-gmc-answer' | 'rad-pro-firmware';
  tried: GmcBaudTry[];
  /** The model a Rad Pro counter named (rad-pro-firmware). */
  radProModel?: string;
}

export type GmcBaudResult = Outcome<
  { baudRate: number; model: string; firmware: string | undefined },
  GmcBaudIssue
>;

function noAnswer(code: 'cannot-open' | 'no-gmc-answer', tried: GmcBaudTry[]): GmcBaudResult {
  const list = tried.map((t) => `${t.baudRate}: ${t.result}`).join('; ');
  return {
    ok: false,
    issues: [{ kind: 'unavailable', code, message: `no GMC counter answered <GETVER>> (${list})`, tried }],
  };
}

function radPro(model: string, tried: GmcBaudTry[]): GmcBaudResult {
  return {
    ok: false,
    issues: [
      {
        kind: 'invalid',
        code: 'rad-pro-firmware',
        message: `this ${model} runs Rad Pro firmware (it answered 'Re RADP' to <GETVER>>): connect with --protocol radpro`,
        tried,
        radProModel: model,
      },
    ],
  };
}

const POLL_MS = 25;

export async function detectGmcBaud(options: GmcBaudOptions): Promise<GmcBaudResult> {
  const candidates = options.candidates ?? GMC_BAUD_CANDIDATES;
  const waitMs = options.replyWaitMs ?? 1500;
  const tries = options.triesPerRate ?? 3;
  const quietMs = options.quietMs ?? 150;
  const { clock } = options;
  const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimer(resolve, ms));
  const tried: GmcBaudTry[] = [];
  for (const baudRate of candidates) {
    let bytes: number[] = [];
    let lastByteMs = 0;
    let link: TransportLink;
    try {
      link = await options.transportAt(baudRate).open({
        data: (chunk) => {
          bytes.push(...chunk);
          lastByteMs = clock.nowMs();
        },
        closed: () => undefined,
      });
    } catch (error) {
      tried.push({
        baudRate,
        result: `cannot open: ${error instanceof Error ? error.message : String(error)}`,
      });
      // A port that cannot be opened at all will not open at another rate either.
      return noAnswer('cannot-open', tried);
    }
    let result = 'no reply';
    try {
      await link.write(new TextEncoder().encode(GMC_COMMANDS.heartbeatOff));
      for (let attempt = 1; attempt <= tries; attempt++) {
        bytes = [];
        const sentMs = clock.nowMs();
        await link.write(new TextEncoder().encode(GMC_COMMANDS.version));
        for (;;) {
          await sleep(POLL_MS);
          const now = clock.nowMs();
          if (bytes.length > 0 && now - lastByteMs >= quietMs) break;
          if (now - sentMs >= waitMs) break;
        }
        const text = String.fromCharCode(...bytes);
        const version = parseGmcVersion(text);
        if (version?.radPro) return radPro(version.model, tried);
        if (version)
          return { ok: true, value: { baudRate, model: version.model, firmware: version.firmware } };
        if (bytes.length > 0) {
          result = `${bytes.length} bytes, no GMC version`;
          break; // an answer that is not a version: wrong rate
        }
        result = attempt === 1 ? 'no reply' : `no reply to ${attempt} tries`;
      }
    } finally {
      await link.close();
    }
    tried.push({ baudRate, result });
  }
  return noAnswer('no-gmc-answer', tried);
}

/** A transport that finds the baud rate on first open and reuses it afterwards. */
export function gmcAutoBaudTransport(
  options: GmcBaudOptions & { description: string; onDetected?: (baudRate: number) => void },
): Transport {
  let known: number | undefined;
  return {
    description: `${options.description} (GMC baud rate auto-detected)`,
    async open(handlers) {
      if (known === undefined) {
        const result = await detectGmcBaud(options);
        if (!result.ok) throw new Error(firstIssue(result.issues).message);
        known = result.value.baudRate;
        options.onDetected?.(known);
      }
      return options.transportAt(known).open(handlers);
    },
  };
}
