// Frame-arrival-to-screen latency: the server stamps LiveState.receivedAtMs when the frame arrives from the
// probe; the page records the time in the requestAnimationFrame callback that follows the React commit
// showing that frame (the frame paints right after the callback). Both clocks are the host's wall clock,
// so the figure is meaningful when browser and server run on the same machine (loopback).
// Exposed as window.__openrgsLatency for packages/console/scripts/measure-latency.ts.

export interface LatencySample {
  seq: number;
  /** Server receive → painted (the figure that matters). */
  latencyMs: number;
  /** Server receive → message handled in the page (network and server share of it). */
  arrivalMs: number | null;
}

const MAX_SAMPLES = 10_000;
const samples: LatencySample[] = [];
const arrivals = new Map<number, number>();

const hostNowMs = () => performance.timeOrigin + performance.now();

/** Called when the frame's message is handled (before parsing and rendering). */
export function recordArrival(seq: number, receivedAtMs: number): void {
  arrivals.set(seq, hostNowMs() - receivedAtMs);
  if (arrivals.size > 200) arrivals.delete(arrivals.keys().next().value ?? seq);
}

export function recordPaintLatency(seq: number, receivedAtMs: number): void {
  samples.push({ seq, latencyMs: hostNowMs() - receivedAtMs, arrivalMs: arrivals.get(seq) ?? null });
  if (samples.length > MAX_SAMPLES) samples.splice(0, samples.length - MAX_SAMPLES);
}

declare global {
  interface Window {
    __openrgsLatency?: { samples: LatencySample[]; clear: () => void };
  }
}

window.__openrgsLatency = { samples, clear: () => samples.splice(0, samples.length) };
