// Finding a GMC counter's baud rate. GQ-RFC1201: GMC-300 V3.xx and earlier fixed at 57600; GMC-300 Plus
// V4.xx and later 115200; GMC-320 (and RFC1801 GMC-500/600) variable, one of 1200 … 115200, factory 115200.
// We try the likely ones first, sending <HEARTBEAT0>> then <GETVER>> and accepting a reply starting "GMC".
// A rate that stays silent is tried again (GeigerLog gdev_gmc.py: the first <GETVER>> after power-up of a
// GMC-500+ Re 1.18 goes unanswered; GeigerLog retries three times), and a reply is awaited until it has
// ended (150 ms of quiet) or replyWaitMs passed, so a version reply slower than 800 ms is still heard.
// A rate that answers garbage is the wrong rate: no retry there.
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

export type GmcBaudResult =
  | { ok: true; baudRate: number; model: string; firmware: string | undefined }
  | { ok: false; tried: { baudRate: number; result: string }[]; radProModel?: string };

const POLL_MS = 25;

export async function detectGmcBaud(options: GmcBaudOptions): Promise<GmcBaudResult> {
  const candidates = options.candidates ?? GMC_BAUD_CANDIDATES;
  const waitMs = options.replyWaitMs ?? 1500;
  const tries = options.triesPerRate ?? 3;
  const quietMs = options.quietMs ?? 150;
  const { clock } = options;
  const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimer(resolve, ms));
  const tried: { baudRate: number; result: string }[] = [];
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
      return { ok: false, tried };
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
        if (version?.radPro) return { ok: false, tried, radProModel: version.model };
        if (version) return { ok: true, baudRate, model: version.model, firmware: version.firmware };
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
  return { ok: false, tried };
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
        if (!result.ok) {
          if (result.radProModel !== undefined)
            throw new Error(
              `this ${result.radProModel} runs Rad Pro firmware (it answered 'Re RADP' to <GETVER>>): connect with --protocol radpro`,
            );
          const tried = result.tried.map((t) => `${t.baudRate}: ${t.result}`).join('; ');
          throw new Error(`no GMC counter answered <GETVER>> (${tried})`);
        }
        known = result.baudRate;
        options.onDetected?.(known);
      }
      return options.transportAt(known).open(handlers);
    },
  };
}
