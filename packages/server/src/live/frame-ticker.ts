// Real-time pacing of simulated frames: frames fall due by the host clock (not by counting timer
// ticks), so timer jitter never drifts the frame rate.

export function hostNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Calls `emit` once per due frame; returns a function that stops the ticker. */
export function startFrameTicker(frameSeconds: number, emit: () => void): () => void {
  const periodMs = frameSeconds * 1000;
  const startedAtMs = hostNowMs();
  let done = 0;
  const timer = setInterval(() => {
    const due = Math.floor((hostNowMs() - startedAtMs) / periodMs);
    // After a long stall (debugger, suspended laptop) skip ahead instead of bursting minutes of frames.
    if (due - done > 40) done = due - 1;
    while (done < due) {
      done += 1;
      emit();
    }
  }, periodMs);
  return () => clearInterval(timer);
}
