// The unit of data from one detector: counts in an interval of monotonic device time.
// Shared contract (DESIGN.md): probe drivers and the simulator produce it, the counting engine consumes it.

export interface CountFrame {
  /** Start of the interval, seconds of monotonic device time (same clock for a whole stream). */
  startSeconds: number;
  /** Real (clock) length of the interval, seconds, > 0. */
  durationSeconds: number;
  /** Whole number of counts registered in the interval, >= 0. */
  counts: number;
  /** Live time in seconds when the device measures it (for dead-time correction), <= durationSeconds. */
  liveTimeSeconds?: number;
}
