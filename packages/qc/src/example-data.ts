// Example measurement tables (seeded Poisson noise from @openrgs/numeric, so they look measured yet never
// change).
// Written to packages/qc/examples/*.csv by `npx tsx packages/qc/scripts/write-examples.ts`; used
// by the docs, the CLI tests and the console demo. Truths are stated so results can be checked.

import { createRandom, sampleNormal, samplePoisson } from '@openrgs/numeric';
import { measuredRateCps } from './dead-time.js';

/** Point source scanned across the face at 10 mm: Gaussian σ = 8 mm (FWHM 18.84 mm, FWTM 34.34 mm). */
export function exampleResolutionCsv(): string {
  const random = createRandom(11);
  const lines = [
    '# Spatial resolution: Co-57 point source, 10 mm from the probe face, 10 s per position',
    'positionMm,counts',
  ];
  for (let x = -40; x <= 40; x += 2) {
    const mean = 20000 * Math.exp(-(x * x) / (2 * 8 * 8)) + 30;
    lines.push(`${x},${samplePoisson(random, mean)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Probe rotated about its tip, source at 30 mm: Gaussian σ = 14° (FWHM 32.97°). */
export function exampleAngularCsv(): string {
  const random = createRandom(12);
  const lines = ['# Angular resolution: source 30 mm from the tip, 10 s per angle', 'angleDeg,counts'];
  for (let a = -90; a <= 90; a += 5) {
    const mean = 15000 * Math.exp(-(a * a) / (2 * 14 * 14)) + 20;
    lines.push(`${a},${samplePoisson(random, mean)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Paralysable detector, τ = 4 µs (20 % loss at ln 1.25 / 4 µs = 55,786 cps), 0.3 % rate noise. */
export function exampleCountRateCsv(): string {
  const random = createRandom(13);
  const lines = [
    '# Count-rate capability: true rates from the decaying-source method',
    'trueRateCps,measuredRateCps',
  ];
  for (const n of [500, 1000, 2000, 5000, 10000, 20000, 40000, 60000, 80000, 100000, 130000]) {
    const z = sampleNormal(random);
    lines.push(`${n},${(measuredRateCps('paralysable', n, 4e-6) * (1 + 0.003 * z)).toFixed(1)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Front 80,000 cps; side leaks 0.02–0.05 %; back 0.01 %; background 3 cps. */
export function exampleShieldingCsv(): string {
  const random = createRandom(14);
  const rows: [string, number, number][] = [
    ['front', 80000 + 3, 10],
    ['background', 3, 100],
    ['side', 80000 * 0.0002 + 3, 100],
    ['side', 80000 * 0.0005 + 3, 100],
    ['back', 80000 * 0.0001 + 3, 100],
  ];
  const lines = [
    '# Side and back shielding: Tc-99m source at 30 mm (front, 90 deg side, 180 deg back)',
    'position,counts,seconds',
  ];
  for (const [p, cps, s] of rows) lines.push(`${p},${samplePoisson(random, cps * s)},${s}`);
  return `${lines.join('\n')}\n`;
}

/** Sensitivity in air, 1 MBq Tc-99m, counts started every 120 s (decay-corrected). */
export function exampleSensitivityCsv(): string {
  const random = createRandom(15);
  const halfLife = 6.0067 * 3600;
  const lines = [
    '# Sensitivity in air: 1.000 MBq Tc-99m at the reference time, 10 s counts',
    'distanceMm,counts,seconds,elapsedSeconds',
  ];
  [10, 20, 30, 50, 100].forEach((d, i) => {
    const elapsed = 120 * i;
    const s = 12000 * (10 / d) ** 1.7; // cps/MBq falling with distance
    const a = Math.exp((-Math.LN2 * elapsed) / halfLife);
    lines.push(`${d},${samplePoisson(random, s * a * 10 + 2 * 10)},10,${elapsed}`);
  });
  return `${lines.join('\n')}\n`;
}

/** Tc-99m spectrum, 1 keV channels: photopeak at 140.5 keV with 9 % resolution, Compton continuum. */
export function exampleEnergyCsv(): string {
  const random = createRandom(16);
  const sigma = (0.09 * 140.5) / (2 * Math.sqrt(2 * Math.LN2));
  const lines = ['# Energy spectrum of a Tc-99m point source', 'energyKeV,counts'];
  for (let e = 20; e <= 200; e++) {
    const peak = 30000 * Math.exp(-((e - 140.5) ** 2) / (2 * sigma * sigma));
    const continuum = e < 125 ? 400 * (1 - e / 160) : 0;
    lines.push(`${e},${samplePoisson(random, peak + continuum + 5)}`);
  }
  return `${lines.join('\n')}\n`;
}

export const EXAMPLE_FILES: Readonly<Record<string, () => string>> = {
  'resolution.csv': exampleResolutionCsv,
  'angular.csv': exampleAngularCsv,
  'count-rate.csv': exampleCountRateCsv,
  'shielding.csv': exampleShieldingCsv,
  'sensitivity.csv': exampleSensitivityCsv,
  'energy.csv': exampleEnergyCsv,
};
