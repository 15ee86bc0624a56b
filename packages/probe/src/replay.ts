// Exact replay of a recording through the same session code the live driver uses.
import { type CodecOptionsFor, createCodecFor } from './codecs/create.js';
import type { Recording } from './recording.js';
import { ProbeSession } from './session.js';
import type { ProbeEvent } from './types.js';

export interface ReplayOptions {
  /** Override the recorded codec options (normally not: the recorded ones reproduce the live run). */
  codecOptions?: CodecOptionsFor;
  /** Ticks are emulated at this period between recorded events, as the live driver ticks, ms. */
  tickMs?: number;
  silenceGraceMs?: number;
  firstFrameTimeoutMs?: number;
  lowBatteryVolts?: number;
  /** Called for each event as it is produced (otherwise they are only returned). */
  onEvent?: (event: ProbeEvent) => void;
}

/** Replays every entry in order; returns all events (frames, issues, statuses, identities). */
export function replayRecording(recording: Recording, options: ReplayOptions = {}): ProbeEvent[] {
  const events: ProbeEvent[] = [];
  const tickMs = options.tickMs ?? 100;
  const codecOptions =
    options.codecOptions ?? (recording.header.codecOptions as CodecOptionsFor | undefined) ?? {};
  const session = new ProbeSession({
    protocol: recording.header.protocol,
    createCodec: () => createCodecFor(recording.header.protocol, codecOptions),
    originMs: 0,
    emit: (event) => {
      events.push(event);
      options.onEvent?.(event);
    },
    ...(options.silenceGraceMs !== undefined ? { silenceGraceMs: options.silenceGraceMs } : {}),
    ...(options.firstFrameTimeoutMs !== undefined
      ? { firstFrameTimeoutMs: options.firstFrameTimeoutMs }
      : {}),
    ...(options.lowBatteryVolts !== undefined ? { lowBatteryVolts: options.lowBatteryVolts } : {}),
  });
  let open = false;
  let lastTick = 0;
  for (const entry of recording.entries) {
    if (open) {
      for (let t = lastTick + tickMs; t < entry.hostMs; t += tickMs) {
        session.tick(t);
        lastTick = t;
      }
      session.tick(entry.hostMs);
    }
    switch (entry.kind) {
      case 'open':
        if (open) session.disconnected(entry.hostMs);
        session.connected(entry.hostMs, entry.transport);
        open = true;
        lastTick = entry.hostMs;
        break;
      case 'rx':
        if (open) session.received(entry.bytes, entry.hostMs);
        break;
      case 'tx':
        if (open) session.sent(entry.bytes, entry.hostMs);
        break;
      case 'close':
        if (open) {
          session.disconnected(entry.hostMs);
          session.status({
            kind: 'disconnected',
            reason: entry.reason,
            retryInMs: null,
            hostMs: entry.hostMs,
          });
        }
        open = false;
        break;
    }
  }
  const last = recording.entries[recording.entries.length - 1];
  if (open && last !== undefined) session.disconnected(last.hostMs);
  return events;
}
