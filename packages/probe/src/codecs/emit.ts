// Small helpers every codec uses to emit events.
import { frameProblem } from '../frame-validation.js';
import type { CodecEvent, DeviceFrame, IssueCode } from '../types.js';

export function issue(
  events: CodecEvent[],
  code: IssueCode,
  message: string,
  hostMs: number,
  bytes?: number,
): void {
  events.push({
    type: 'issue',
    issue: bytes === undefined ? { code, message, hostMs } : { code, message, hostMs, bytes },
  });
}

/** Emits the frame only if it obeys the CountFrame contract; otherwise an `invalid-frame` issue. */
export function frame(events: CodecEvent[], candidate: DeviceFrame): void {
  const problem = frameProblem(candidate);
  if (problem === undefined) events.push({ type: 'frame', frame: candidate });
  else issue(events, 'invalid-frame', problem, candidate.arrivalHostMs);
}

const encoder = new TextEncoder();
export function ascii(text: string): Uint8Array {
  return encoder.encode(text);
}
