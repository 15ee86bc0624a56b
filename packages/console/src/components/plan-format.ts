// How plan and dose figures are printed in the console (one place, so the E2E test can check the page against
// the server's JSON printed the same way).

export const fmtCps = (rateCps: number): string => `${rateCps.toFixed(1)} cps`;
export const fmtRatio = (ratio: number): string => ratio.toFixed(2);
export const fmtProbability = (p: number): string => `${(100 * p).toFixed(1)} %`;
export const fmtSeconds = (seconds: number): string => `${seconds.toFixed(1)} s`;
export const fmtHours = (hours: number): string => (Number.isFinite(hours) ? `${hours.toFixed(1)} h` : '∞');
export const fmtMicroSv = (doseMicroSv: number): string => `${doseMicroSv.toFixed(1)} µSv`;
export const fmtMicroSvPerHour = (rate: number): string => `${rate.toFixed(2)} µSv/h`;

/**
 * A sourced constant to three significant figures (its sources give two or three), e.g. 0.023414… →
 * "0.0234". Whole numbers stay whole.
 */
export function fmtSignificant(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (Number.isInteger(value)) return String(value);
  return String(Number.parseFloat(value.toPrecision(3)));
}

/** A value with its unit; a dimensionless one ("1", "") has no unit word: "0.5", not "0.5 1". */
export function fmtWithUnit(value: number, unit: string): string {
  const dimensionless = unit === '' || unit === '1';
  return dimensionless ? fmtSignificant(value) : `${fmtSignificant(value)} ${unit}`;
}

export const ROLE_TEXT: Readonly<Record<string, string>> = {
  'surgeon-hands': 'Surgeon, hands',
  'surgeon-body': 'Surgeon, body',
  'scrub-nurse': 'Scrub nurse',
  anaesthetist: 'Anaesthetist',
};

export type TimingPosition = 'inside' | 'too early' | 'too late' | 'partly outside' | 'no window';

/** Where the operation (hours after injection, start–end) falls in the recommended window. */
export function timingPosition(
  surgery: { surgeryStart: number; surgeryEnd: number },
  window: { fromHours: number; toHours: number } | null,
): TimingPosition {
  if (!window) return 'no window';
  if (surgery.surgeryEnd <= window.fromHours) return 'too early';
  if (surgery.surgeryStart >= window.toHours) return 'too late';
  if (surgery.surgeryStart >= window.fromHours && surgery.surgeryEnd <= window.toHours) return 'inside';
  return 'partly outside';
}
