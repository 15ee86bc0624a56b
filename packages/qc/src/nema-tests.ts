// One entry point per NEMA NU 3 test from a measured CSV table: parse (line-numbered errors),
// compute, and return a result that carries its standard reference. Used by the CLI (`rgs qc nema`),
// the server (CSV import) and the PDF report.
import { type CsvColumn, type CsvRow, num, parseCsv, text } from './csv.js';
import { type DeadTimeAnalysis, fitDeadTime } from './dead-time.js';
import { type EnergyResolutionResult, energyResolution } from './energy-resolution.js';
import { NEMA_NU3_REFERENCES, type NemaReference } from './nema-reference.js';
import {
  type ProfileBackground,
  type ProfileSample,
  type ProfileWidths,
  profileWidths,
} from './profile-width.js';
import { fail, ok, type QcResult } from './result.js';
import { computeSensitivity, type SensitivityMedium, type SensitivityResult } from './sensitivity.js';
import { computeShielding, type ShieldingPosition, type ShieldingResult } from './shielding.js';

export const NEMA_CSV_TESTS = [
  'resolution',
  'angular',
  'count-rate',
  'shielding',
  'sensitivity',
  'energy',
] as const;
export type NemaCsvTest = (typeof NEMA_CSV_TESTS)[number];

/** The CSV header each test expects (columns in brackets are optional). */
export const NEMA_CSV_COLUMNS: Readonly<Record<NemaCsvTest, readonly CsvColumn[]>> = {
  resolution: [
    { name: 'positionMm', kind: 'number' },
    { name: 'counts', kind: 'number', min: 0 },
  ],
  angular: [
    { name: 'angleDeg', kind: 'number' },
    { name: 'counts', kind: 'number', min: 0 },
  ],
  'count-rate': [
    { name: 'trueRateCps', kind: 'number', min: 0, exclusiveMin: true },
    { name: 'measuredRateCps', kind: 'number', min: 0, exclusiveMin: true },
  ],
  shielding: [
    { name: 'position', kind: 'text', oneOf: ['front', 'side', 'back', 'background'] },
    { name: 'counts', kind: 'number', min: 0 },
    { name: 'seconds', kind: 'number', min: 0, exclusiveMin: true },
  ],
  sensitivity: [
    { name: 'distanceMm', kind: 'number', min: 0 },
    { name: 'counts', kind: 'number', min: 0 },
    { name: 'seconds', kind: 'number', min: 0, exclusiveMin: true },
    { name: 'elapsedSeconds', kind: 'number', min: 0, optional: true },
  ],
  energy: [
    { name: 'energyKeV', kind: 'number', min: 0 },
    { name: 'counts', kind: 'number', min: 0 },
  ],
};

export interface ProfileTestResult {
  test: 'resolution' | 'angular';
  reference: NemaReference;
  /** mm for resolution, degrees for angular. */
  unit: 'mm' | 'deg';
  fwhm: number;
  fwtm: number | null;
  profile: ProfileWidths;
  samples: { x: number; counts: number }[];
}

export interface CountRateTestResult {
  test: 'count-rate';
  reference: NemaReference;
  deadTimeSeconds: number;
  model: DeadTimeAnalysis['model'];
  rateAt20PercentLossCps: number;
  analysis: DeadTimeAnalysis;
  pairs: { trueRateCps: number; measuredRateCps: number }[];
}

export interface ShieldingTestResult {
  test: 'shielding';
  reference: NemaReference;
  sideShieldingPercent: number | null;
  backShieldingPercent: number | null;
  analysis: ShieldingResult;
}

export interface SensitivityTestResult {
  test: 'sensitivity';
  reference: NemaReference;
  medium: SensitivityMedium;
  analysis: SensitivityResult;
}

export interface EnergyTestResult {
  test: 'energy';
  reference: NemaReference;
  analysis: EnergyResolutionResult;
  samples: { x: number; counts: number }[];
}

export type NemaTestResult =
  | ProfileTestResult
  | CountRateTestResult
  | ShieldingTestResult
  | SensitivityTestResult
  | EnergyTestResult;

export interface NemaCsvOptions {
  /** For resolution, angular and energy: background handling (explicit; `none` to skip). */
  background?: ProfileBackground;
  /** For energy: photopeak search window, keV. */
  windowKeV?: [number, number];
  /** For sensitivity. */
  sensitivity?: {
    medium: SensitivityMedium;
    sourceActivityMBq: number;
    halfLifeSeconds: number | null;
    backgroundCps: number;
  };
}

function samples(rows: CsvRow[], xName: string): ProfileSample[] {
  return rows.map((r) => ({ x: num(r, xName), counts: num(r, 'counts'), line: r.line }));
}

export function analyseNemaRows(
  test: NemaCsvTest,
  rows: CsvRow[],
  options: NemaCsvOptions,
): QcResult<NemaTestResult> {
  const background = options.background ?? { kind: 'none' };
  switch (test) {
    case 'resolution':
    case 'angular': {
      const s = samples(rows, test === 'resolution' ? 'positionMm' : 'angleDeg');
      const w = profileWidths(s, { background });
      if (!w.ok) return w;
      return ok({
        test,
        reference: NEMA_NU3_REFERENCES[test === 'resolution' ? 'spatial-resolution' : 'angular-resolution'],
        unit: test === 'resolution' ? 'mm' : 'deg',
        fwhm: w.value.fwhm.width,
        fwtm: w.value.fwtm?.width ?? null,
        profile: w.value,
        samples: s.map(({ x, counts }) => ({ x, counts })),
      });
    }
    case 'count-rate': {
      const pairs = rows.map((r) => ({
        trueRateCps: num(r, 'trueRateCps'),
        measuredRateCps: num(r, 'measuredRateCps'),
        line: r.line,
      }));
      const f = fitDeadTime(pairs);
      if (!f.ok) return f;
      return ok({
        test,
        reference: NEMA_NU3_REFERENCES['count-rate'],
        deadTimeSeconds: f.value.deadTimeSeconds,
        model: f.value.model,
        rateAt20PercentLossCps: f.value.rateAt20PercentLossCps,
        analysis: f.value,
        pairs: pairs.map(({ trueRateCps, measuredRateCps }) => ({ trueRateCps, measuredRateCps })),
      });
    }
    case 'shielding': {
      const counts = rows.map((r) => ({
        position: text(r, 'position') as ShieldingPosition,
        counts: num(r, 'counts'),
        seconds: num(r, 'seconds'),
        line: r.line,
      }));
      const s = computeShielding(counts);
      if (!s.ok) return s;
      return ok({
        test,
        reference: NEMA_NU3_REFERENCES.shielding,
        sideShieldingPercent: s.value.worstSide?.shieldingPercent ?? null,
        backShieldingPercent: s.value.worstBack?.shieldingPercent ?? null,
        analysis: s.value,
      });
    }
    case 'sensitivity': {
      const o = options.sensitivity;
      if (!o)
        return fail(
          'missing-option',
          'sensitivity needs the medium, the source activity (MBq) and the background rate',
        );
      const s = computeSensitivity({
        ...o,
        counts: rows.map((r) => {
          const e = r.elapsedSeconds;
          const base = {
            distanceMm: num(r, 'distanceMm'),
            counts: num(r, 'counts'),
            seconds: num(r, 'seconds'),
            line: r.line,
          };
          return typeof e === 'number' ? { ...base, elapsedSeconds: e } : base;
        }),
      });
      if (!s.ok) return s;
      return ok({
        test,
        reference: NEMA_NU3_REFERENCES[o.medium === 'air' ? 'sensitivity-air' : 'sensitivity-scatter'],
        medium: o.medium,
        analysis: s.value,
      });
    }
    case 'energy': {
      const spectrum = rows.map((r) => ({
        energyKeV: num(r, 'energyKeV'),
        counts: num(r, 'counts'),
        line: r.line,
      }));
      const e = energyResolution(
        spectrum,
        options.windowKeV ? { windowKeV: options.windowKeV, background } : { background },
      );
      if (!e.ok) return e;
      return ok({
        test,
        reference: NEMA_NU3_REFERENCES['energy-resolution'],
        analysis: e.value,
        samples: spectrum.map((c) => ({ x: c.energyKeV, counts: c.counts })),
      });
    }
  }
}

/** Parses the CSV text of a test and runs it. Errors name the line. */
export function analyseNemaCsv(
  test: NemaCsvTest,
  csvText: string,
  options: NemaCsvOptions = {},
): QcResult<NemaTestResult> {
  const rows = parseCsv(csvText, NEMA_CSV_COLUMNS[test]);
  if (!rows.ok) return rows;
  return analyseNemaRows(test, rows.value, options);
}
