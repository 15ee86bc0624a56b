// Real-time pacing of simulated frames: frames fall due by the host clock (not by counting timer
// ticks), so timer jitter never drifts the frame rate.

export function hostNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Calls `emit` once per due frame with the frame's own due time (host epoch ms: the start plus n periods);
 * returns a function that stops the ticker. A timer that fires late (a loaded machine) emits the frames
 * that fell due meanwhile one after the other, each with its own time — not all with the time of the
 * late firing, which would count them all at one pose of a simulated sweep, as if the probe had stood
 * still and then jumped. After a stall of more than 40 frames (debugger, suspended laptop) it skips ahead
 * to the last due frame instead of bursting minutes of frames.
 */
export function startFrameTicker(
  frameSeconds: number,
  emit: (dueAtMs: number) => void,
  now: () => number = hostNowMs,
): () => void {
  const periodMs = frameSeconds * 1000;
  const startedAtMs = now();
  let done = 0;
  const timer = setInterval(() => {
    const due = Math.floor((now() - startedAtMs) / periodMs);
    if (due - done > 40) done = due - 1;
    while (done < due) {
      done += 1;
      emit(startedAtMs + done * periodMs);
    }
  }, periodMs);
  return () => clearInterval(timer);
}
