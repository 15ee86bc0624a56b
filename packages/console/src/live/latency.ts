// Frame-arrival-to-screen latency: the server stamps LiveState.receivedAtMs when the frame arrives from the
// probe; the page records the time in the requestAnimationFrame callback that follows the React commit
// showing that frame (the frame paints right after the callback). Both clocks are the host's wall clock,
// so the figure is meaningful when browser and server run on the same machine (loopback).
// Exposed as window.__openrgsLatency for packages/console/scripts/measure-latency.ts.

export interface LatencySample {
  seq: number;
  latencyMs: number;
}

const MAX_SAMPLES = 10_000;
const samples: LatencySample[] = [];

export function recordPaintLatency(seq: number, receivedAtMs: number): void {
  const nowMs = performance.timeOrigin + performance.now();
  samples.push({ seq, latencyMs: nowMs - receivedAtMs });
  if (samples.length > MAX_SAMPLES) samples.splice(0, samples.length - MAX_SAMPLES);
}

declare global {
  interface Window {
    __openrgsLatency?: { samples: LatencySample[]; clear: () => void };
  }
}

window.__openrgsLatency = { samples, clear: () => samples.splice(0, samples.length) };
