// The frames CSV that `rgs detect` reads and `rgs simulate` / `rgs probe read` write:
// header `startSeconds,durationSeconds,counts`, one frame per line, seconds as decimals.
import type { CountFrame } from '@openrgs/counting';

export const FRAMES_CSV_HEADER = 'startSeconds,durationSeconds,counts';

/** Shortest decimal that round-trips at microsecond resolution (no exponent notation). */
function seconds(value: number): string {
  const rounded = Math.round(value * 1e6) / 1e6;
  return Object.is(rounded, -0) ? '0' : rounded.toFixed(6).replace(/\.?0+$/, '');
}

export function frameCsvLine(frame: CountFrame): string {
  return `${seconds(frame.startSeconds)},${seconds(frame.durationSeconds)},${frame.counts}`;
}
