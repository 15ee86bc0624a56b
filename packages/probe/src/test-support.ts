// Helpers shared by this package's tests (not exported from the package).
import type { ProbeCodec } from './codecs/codec.js';
import { frameProblem } from './frame-validation.js';
import type { CodecEvent, CodecIssue, DeviceFrame } from './types.js';

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);

export function framesOf(events: readonly CodecEvent[]): DeviceFrame[] {
  return events.flatMap((e) => (e.type === 'frame' ? [e.frame] : []));
}

export function issuesOf(events: readonly CodecEvent[]): CodecIssue[] {
  return events.flatMap((e) => (e.type === 'issue' ? [e.issue] : []));
}

export function issueCodes(events: readonly CodecEvent[]): string[] {
  return issuesOf(events).map((i) => i.code);
}

/** Feeds chunks at the given times (ticking before each) and flushes; returns all events. */
export function feed(
  codec: ProbeCodec,
  chunks: readonly { at: number; bytes: Uint8Array }[],
  endMs?: number,
): CodecEvent[] {
  const events: CodecEvent[] = [];
  for (const c of chunks) {
    events.push(...codec.tick(c.at).events);
    events.push(...codec.received(c.bytes, c.at));
  }
  const end = endMs ?? (chunks[chunks.length - 1]?.at ?? 0) + 5000;
  events.push(...codec.tick(end).events);
  events.push(...codec.flush(end));
  return events;
}

/** Asserts-by-throwing that every frame in the events is valid (used by fuzz properties). */
export function assertValidFrames(events: readonly CodecEvent[]): void {
  for (const f of framesOf(events)) {
    const problem = frameProblem(f);
    if (problem !== undefined) throw new Error(`invalid frame emitted: ${problem}`);
  }
}
