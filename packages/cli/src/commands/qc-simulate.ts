// `rgs qc simulate <test>`: a virtual NEMA NU 3-2004 measurement from a sim probe preset, written as the
// CSV `rgs qc nema <test> --data` reads — for demos and for checking the QC arithmetic end to end.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { firstIssue } from '@openrgs/outcome';
import {
  canonicalNuclide,
  findProbePreset,
  PROBE_PRESETS,
  physics,
  simulateVirtualQc,
  VIRTUAL_QC_COLUMNS,
  VIRTUAL_QC_DEFAULTS,
  VIRTUAL_QC_TESTS,
  type VirtualQcMeasurement,
  type VirtualQcOptions,
  type VirtualQcTest,
  virtualQcCsv,
} from '@openrgs/sim';
import {
  booleanFlag,
  CliError,
  type Command,
  JSON_OPTION,
  optionalNumber,
  parseNumber,
  requireNumber,
  requireString,
  stringFlag,
  writeResult,
} from '../command.js';

const D = VIRTUAL_QC_DEFAULTS;

/** The `rgs qc nema` command line that analyses the file (argv after `rgs`). */
export function nemaArgv(m: VirtualQcMeasurement, file: string): string[] {
  const a = m.analysis;
  const argv = ['qc', 'nema', m.test, '--data', file];
  if (a.background !== undefined && a.background !== 'none') argv.push('--background', a.background);
  if (a.windowKeV) argv.push('--window-kev', `${a.windowKeV[0]},${a.windowKeV[1]}`);
  if (a.medium !== undefined) argv.push('--medium', a.medium);
  if (a.sourceActivityMBq !== undefined) argv.push('--source-activity-mbq', String(a.sourceActivityMBq));
  if (a.backgroundCps !== undefined) argv.push('--background-cps', String(a.backgroundCps));
  if (a.nuclide !== undefined) argv.push('--nuclide', a.nuclide);
  return argv;
}

function modelLines(m: VirtualQcMeasurement): string[] {
  return Object.entries(m.model).map(
    ([name, value]) => `model ${name} = ${value === null ? 'not reached' : Number(value.toPrecision(5))}`,
  );
}

function parseDistances(text: string): number[] {
  return text.split(',').map((t, i) => parseNumber(t, `--distances-mm item ${i + 1}`, { min: 0 }));
}

export const command: Command = {
  name: 'qc simulate',
  summary: 'virtual NEMA NU 3 measurement from a sim probe preset, as the CSV rgs qc nema reads (demos)',
  usage:
    '<test> --probe PRESET --nuclide N --activity-mbq A --seed N --out FILE.csv [--medium air|water] [--seconds-per-point S] [--json]',
  details: [
    `tests: ${VIRTUAL_QC_TESTS.join(', ')}; each writes the header rgs qc nema <test> reads:`,
    ...VIRTUAL_QC_TESTS.map((t) => `  ${t.padEnd(12)} ${VIRTUAL_QC_COLUMNS[t].join(',')}`),
    "Set-ups (NEMA NU 3-2004 test titles; the standard's clauses were not read — see docs/qc.md):",
    `  resolution   point source --distance-cm (default ${D.resolutionDistanceCm} cm) in front of the tip (water: that deep, tip on the`,
    `               surface), moved across the face in --step-mm steps (default ${D.resolutionStepMm} mm) to where the model rate`,
    `               is below ${100 * D.profileTailFraction} % of the peak, + ${D.profileMarginMm} mm (at most ±${D.resolutionMaxHalfRangeMm} mm)`,
    `  angular      source on a circle of --distance-cm (default ${D.angularDistanceCm} cm) around the tip, probe rotated`,
    `               ±${D.angularMaxDeg}° in --step-deg steps (default ${D.angularStepDeg}°)`,
    `  sensitivity  source on the axis at --distances-mm (default ${D.sensitivityDistancesMm.join(',')} mm), air or water depth`,
    `  shielding    air only; front, side (beside the crystal) and back at --distance-cm (default ${D.shieldingDistanceCm} cm) + crystal`,
    `               radius from the crystal; front counted S, side/back/background ${D.shieldingLongCountFactor} × S`,
    `  count-rate   air only; dilution series ${D.countRateFractions.join(', ')} × A on the axis at --distance-cm`,
    `               (default ${D.countRateDistanceCm} cm); trueRateCps = model rate + background`,
    `  energy       air only; photopeak spectrum (the model's Gaussian resolution; no Compton continuum) of a`,
    `               source at --distance-cm (default ${D.energyDistanceCm} cm), 1 keV channels, counted S seconds in all`,
    "Every count: decay from the start of the first count (counts back to back), the preset's background and",
    'non-paralysable dead time, then Poisson noise from --seed (same flags → same file, bit for bit).',
    "The output names the model's own figure for the geometry and the rgs qc nema command that analyses the file.",
    'The file is marked VIRTUAL in its comment lines. An existing --out file is not overwritten without --force.',
  ].join('\n'),
  positionals: true,
  options: {
    probe: { type: 'string', description: `probe preset (${PROBE_PRESETS.map((p) => p.id).join(', ')})` },
    nuclide: { type: 'string', description: 'source nuclide, e.g. Tc-99m, Co-57, In-111, Ga-68' },
    'activity-mbq': {
      type: 'string',
      description:
        'source activity at the start of the first count, MBq (> 0; count-rate: the largest source)',
    },
    seed: { type: 'string', description: 'random seed, a whole number 0 … 2^53 − 1' },
    out: { type: 'string', description: 'CSV file to write' },
    medium: {
      type: 'string',
      description: 'air (default) or water (resolution, angular, sensitivity; water = scattering medium)',
    },
    'seconds-per-point': {
      type: 'string',
      description:
        'counting time per point, s (default 10; energy: the whole spectrum; shielding: the front count)',
    },
    'distance-cm': { type: 'string', description: 'source distance, cm (> 0; default per test, see above)' },
    'step-mm': { type: 'string', description: `resolution: scan step, mm (default ${D.resolutionStepMm})` },
    'step-deg': {
      type: 'string',
      description: `angular: rotation step, degrees (default ${D.angularStepDeg})`,
    },
    'distances-mm': {
      type: 'string',
      description: `sensitivity: comma-separated distances, mm (default ${D.sensitivityDistancesMm.join(',')})`,
    },
    force: { type: 'boolean', description: 'overwrite --out if it exists' },
    json: JSON_OPTION,
  },
  run(io, args) {
    const test = args.positionals[0];
    if (test === undefined || !(VIRTUAL_QC_TESTS as readonly string[]).includes(test))
      throw new CliError(
        `${test === undefined ? 'missing test' : `unknown test '${test}'`}; one of: ${VIRTUAL_QC_TESTS.join(', ')}`,
        2,
      );
    if (args.positionals.length > 1) throw new CliError(`unexpected argument '${args.positionals[1]}'`, 2);
    const probeId = requireString(args, 'probe');
    const probe = findProbePreset(probeId);
    if (!probe)
      throw new CliError(
        `--probe: unknown preset '${probeId}' (known: ${PROBE_PRESETS.map((p) => p.id).join(', ')})`,
        2,
      );
    const nuclideText = requireString(args, 'nuclide');
    const nuclide = canonicalNuclide(nuclideText);
    if (nuclide === undefined)
      throw new CliError(
        `--nuclide: unknown nuclide '${nuclideText}' (known: ${physics.nuclides().join(', ')})`,
        2,
      );
    const activityMBq = requireNumber(args, 'activity-mbq', { min: 0, exclusiveMin: true });
    const seed = requireNumber(args, 'seed', { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true });
    const out = requireString(args, 'out');
    const medium = stringFlag(args, 'medium') ?? 'air';
    if (medium !== 'air' && medium !== 'water')
      throw new CliError(`--medium: '${medium}' is not air or water`, 2);
    const secondsPerPoint = optionalNumber(args, 'seconds-per-point', { min: 0, exclusiveMin: true }) ?? 10;
    const options: VirtualQcOptions = {
      test: test as VirtualQcTest,
      probe,
      nuclide,
      activityMBq,
      seed,
      medium,
      secondsPerPoint,
      physics,
    };
    const distanceCm = optionalNumber(args, 'distance-cm', { min: 0, exclusiveMin: true });
    if (distanceCm !== undefined) options.distanceCm = distanceCm;
    const stepMm = optionalNumber(args, 'step-mm', { min: 0, exclusiveMin: true, max: 20 });
    if (stepMm !== undefined) options.stepMm = stepMm;
    const stepDeg = optionalNumber(args, 'step-deg', { min: 0, exclusiveMin: true, max: 30 });
    if (stepDeg !== undefined) options.stepDeg = stepDeg;
    const distances = stringFlag(args, 'distances-mm');
    if (distances !== undefined) options.distancesMm = parseDistances(distances);
    for (const [flag, given, tests] of [
      ['--step-mm', stepMm, ['resolution']],
      ['--step-deg', stepDeg, ['angular']],
      ['--distances-mm', distances, ['sensitivity']],
      ['--distance-cm', distanceCm, ['resolution', 'angular', 'shielding', 'count-rate', 'energy']],
    ] as const) {
      if (given !== undefined && !(tests as readonly string[]).includes(test))
        throw new CliError(`${flag} does not apply to ${test} (only ${tests.join(', ')})`, 2);
    }

    const made = simulateVirtualQc(options);
    if (!made.ok) {
      const flag: Record<string, string> = {
        'unknown-nuclide': '--nuclide',
        'no-window': '--nuclide',
        'nothing-in-window': '--nuclide',
        'medium-not-modelled': '--medium',
        'too-few-counts': '--activity-mbq',
        'bad-geometry': test === 'sensitivity' ? '--distances-mm' : '--distance-cm',
      };
      throw new CliError(`${flag[firstIssue(made.issues).code] ?? test}: ${firstIssue(made.issues).message}`);
    }
    const m = made.value;
    try {
      writeFileSync(resolve(io.cwd, out), virtualQcCsv(m), { flag: booleanFlag(args, 'force') ? 'w' : 'wx' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(
        code === 'EEXIST'
          ? `--out: '${out}' exists; choose another name or add --force`
          : `--out: cannot write '${out}': ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const analyse = nemaArgv(m, out);
    const doc = {
      virtual: true,
      test: m.test,
      out,
      probe: m.probeId,
      nuclide: m.nuclide,
      activityMBq: m.activityMBq,
      seed: m.seed,
      medium: m.medium,
      secondsPerPoint: m.secondsPerPoint,
      points: m.rows.length,
      totalSeconds: m.totalSeconds,
      geometry: m.geometry,
      model: m.model,
      maxDeadTimeLossPercent: m.maxDeadTimeLossPercent,
      analyse: { argv: analyse, command: `rgs ${analyse.join(' ')}` },
      warnings: m.warnings,
    };
    writeResult(io, booleanFlag(args, 'json'), doc, () =>
      [
        `virtual ${m.test} measurement: ${m.probeId}, ${m.nuclide} ${m.activityMBq} MBq, ${m.medium}, seed ${m.seed} → ${out}`,
        ...m.geometry,
        `${m.rows.length} points, ${Number(m.totalSeconds.toPrecision(6))} s of virtual counting; dead-time loss up to ${m.maxDeadTimeLossPercent.toFixed(2)} %`,
        ...modelLines(m),
        ...m.warnings.map((w) => `note: ${w}`),
        `analyse with: rgs ${analyse.join(' ')}`,
      ].join('\n'),
    );
    return 0;
  },
};
