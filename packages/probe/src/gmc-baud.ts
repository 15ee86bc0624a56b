// Finding a GMC counter's baud rate. GQ-RFC1201: GMC-300 V3.xx and earlier fixed at 57600; GMC-300 Plus
// V4.xx and later 115200; GMC-320 (and RFC1801 GMC-500/600) variable, one of 1200 … 115200, factory 115200.
// We try the likely ones first, sending <HEARTBEAT0>> then <GETVER>> and accepting a plausible version.
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
  /** How long to collect the <GETVER>> reply at each rate, ms. */
  replyWaitMs?: number;
}

export type GmcBaudResult =
  | { ok: true; baudRate: number; model: string; firmware: string }
  | { ok: false; tried: { baudRate: number; result: string }[] };

export async function detectGmcBaud(options: GmcBaudOptions): Promise<GmcBaudResult> {
  const candidates = options.candidates ?? GMC_BAUD_CANDIDATES;
  const waitMs = options.replyWaitMs ?? 700;
  const tried: { baudRate: number; result: string }[] = [];
  for (const baudRate of candidates) {
    const bytes: number[] = [];
    let link: TransportLink;
    try {
      link = await options
        .transportAt(baudRate)
        .open({ data: (chunk) => bytes.push(...chunk), closed: () => undefined });
    } catch (error) {
      tried.push({
        baudRate,
        result: `cannot open: ${error instanceof Error ? error.message : String(error)}`,
      });
      // A port that cannot be opened at all will not open at another rate either.
      return { ok: false, tried };
    }
    try {
      await link.write(new TextEncoder().encode(GMC_COMMANDS.heartbeatOff));
      await link.write(new TextEncoder().encode(GMC_COMMANDS.version));
      await new Promise<void>((resolve) => options.clock.setTimer(resolve, waitMs));
    } finally {
      await link.close();
    }
    const text = String.fromCharCode(...bytes.filter((b) => b >= 0x20 && b <= 0x7e));
    const version = parseGmcVersion(text);
    if (version) return { ok: true, baudRate, model: version.model, firmware: version.firmware };
    tried.push({
      baudRate,
      result: bytes.length === 0 ? 'no reply' : `${bytes.length} bytes, no GMC version`,
    });
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
