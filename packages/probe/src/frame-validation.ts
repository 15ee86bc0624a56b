// The last gate before a frame leaves a codec: whatever the bytes were, an emitted frame obeys the
// CountFrame contract (packages/counting/src/frame.ts).
import type { DeviceFrame, PulseHeightHistogram, Spectrum } from './types.js';

/** Returns undefined when valid, else the reason. */
export function frameProblem(frame: DeviceFrame): string | undefined {
  const { startSeconds, durationSeconds, counts, liveTimeSeconds } = frame;
  if (!Number.isFinite(startSeconds)) return `startSeconds ${startSeconds} is not finite`;
  if (!(Number.isFinite(durationSeconds) && durationSeconds > 0))
    return `durationSeconds ${durationSeconds} is not > 0`;
  if (!(Number.isSafeInteger(counts) && counts >= 0)) return `counts ${counts} is not a whole number >= 0`;
  if (liveTimeSeconds !== undefined) {
    // > 0 as the counting engine's frame check requires (packages/counting/src/frame-check.ts).
    if (!(Number.isFinite(liveTimeSeconds) && liveTimeSeconds > 0 && liveTimeSeconds <= durationSeconds)) {
      return `liveTimeSeconds ${liveTimeSeconds} is not within (0, durationSeconds]`;
    }
  }
  if (!Number.isFinite(frame.arrivalHostMs)) return 'arrivalHostMs is not finite';
  if (frame.sequence !== undefined && !(Number.isInteger(frame.sequence) && frame.sequence >= 0))
    return `sequence ${frame.sequence} is not a whole number`;
  if (frame.spectrum !== undefined) {
    const problem = spectrumProblem(frame.spectrum);
    if (problem !== undefined) return problem;
  }
  if (frame.pulseHeights !== undefined) return pulseHeightProblem(frame.pulseHeights);
  return undefined;
}

export function pulseHeightProblem(h: PulseHeightHistogram): string | undefined {
  if (!(Number.isInteger(h.channelCount) && h.channelCount > 0))
    return 'pulse-height channelCount is not > 0';
  if (!(Number.isFinite(h.keVPerChannel) && h.keVPerChannel > 0 && Number.isFinite(h.offsetKeV)))
    return 'pulse-height calibration is not a positive gain and a finite offset';
  let previous = -1;
  for (const c of h.channels) {
    if (!(Number.isInteger(c.channel) && c.channel > previous && c.channel < h.channelCount))
      return `pulse-height channel ${c.channel} is out of order or range`;
    if (!(countOk(c.counts) && c.counts > 0))
      return `pulse-height count ${c.counts} is not a whole number > 0`;
    previous = c.channel;
  }
  return undefined;
}

function countOk(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

export function spectrumProblem(spectrum: Spectrum): string | undefined {
  if (spectrum.kind === 'windows') {
    for (const w of spectrum.windows) {
      if (!countOk(w.counts)) return `window count ${w.counts} is not a whole number >= 0`;
      if (!(Number.isFinite(w.lowKeV) && Number.isFinite(w.highKeV) && w.lowKeV >= 0 && w.highKeV > w.lowKeV))
        return `window ${w.lowKeV}-${w.highKeV} keV is not a valid range`;
    }
    return undefined;
  }
  if (!(spectrum.binCount > 0 && Number.isInteger(spectrum.binCount))) return 'histogram binCount is not > 0';
  if (!(spectrum.binWidthKeV > 0 && spectrum.lowKeV >= 0)) return 'histogram bins are not a valid range';
  let previous = -1;
  for (const b of spectrum.bins) {
    if (!(Number.isInteger(b.bin) && b.bin > previous && b.bin < spectrum.binCount))
      return `histogram bin ${b.bin} is out of order or range`;
    if (!countOk(b.counts)) return `histogram count ${b.counts} is not a whole number >= 0`;
    previous = b.bin;
  }
  return undefined;
}
