// `rgs qc nema <test> --data FILE.csv`: a NEMA NU 3-2004 probe test from measured data.

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { messagesOf } from '@openrgs/outcome';
import { findNuclide } from '@openrgs/physics';
import {
  analyseNemaCsv,
  compareWithReferences,
  type Measured,
  NEMA_CSV_COLUMNS,
  NEMA_CSV_TESTS,
  type NemaCsvOptions,
  type NemaCsvTest,
  type NemaTestResult,
  type ProfileBackground,
  renderQcReportPdf,
} from '@openrgs/qc';
import {
  booleanFlag,
  CliError,
  type Command,
  JSON_OPTION,
  optionalNumber,
  parseNumber,
  requireString,
  stringFlag,
  writeResult,
} from '../command.js';

function header(test: NemaCsvTest): string {
  return NEMA_CSV_COLUMNS[test].map((c) => (c.optional ? `[${c.name}]` : c.name)).join(',');
}

function parseBackground(text: string | undefined): ProfileBackground {
  if (text === undefined || text === 'none') return { kind: 'none' };
  const edges = /^edges:(\d+)$/.exec(text);
  if (edges) return { kind: 'edges', points: Number(edges[1]) };
  const constant = /^constant:(.+)$/.exec(text);
  if (constant)
    return { kind: 'constant', level: parseNumber(constant[1]!, '--background constant', { min: 0 }) };
  throw new CliError(`--background: '${text}' is not none, edges:N or constant:COUNTS`, 2);
}

function fmt(v: number | null, digits = 4): string {
  return v === null ? '—' : Number(v.toPrecision(digits)).toString();
}

/** The flat JSON document for a test (named fields with units), plus the full analysis. */
function summary(r: NemaTestResult): Record<string, unknown> {
  const reference = r.reference;
  switch (r.test) {
    case 'resolution':
    case 'angular': {
      const u = r.test === 'resolution' ? 'Mm' : 'Deg';
      const p = r.profile;
      return {
        test: r.test,
        [`fwhm${u}`]: r.fwhm,
        [`fwtm${u}`]: r.fwtm,
        [`fwhmLeft${u}`]: p.fwhm.left,
        [`fwhmRight${u}`]: p.fwhm.right,
        [`fwtmLeft${u}`]: p.fwtm?.left ?? null,
        [`fwtmRight${u}`]: p.fwtm?.right ?? null,
        [`peak${u}`]: p.peakX,
        peakCounts: p.peakCounts,
        backgroundCounts: p.backgroundLevel,
        fwhmAsymmetry: p.fwhmAsymmetry,
        warnings: p.warnings,
        reference,
      };
    }
    case 'count-rate':
      return {
        test: r.test,
        deadTimeSeconds: r.deadTimeSeconds,
        model: r.model,
        rateAt20PercentLossCps: r.rateAt20PercentLossCps,
        fits: r.analysis.fits,
        maxObservedLossPercent: r.analysis.maxObservedLossPercent,
        warnings: r.analysis.warnings,
        reference,
      };
    case 'shielding':
      return {
        test: r.test,
        sideShieldingPercent: r.sideShieldingPercent,
        backShieldingPercent: r.backShieldingPercent,
        frontNetCps: r.analysis.frontNetCps,
        backgroundCps: r.analysis.backgroundCps,
        rows: r.analysis.rows,
        warnings: r.analysis.warnings,
        reference,
      };
    case 'sensitivity':
      return {
        test: r.test,
        medium: r.medium,
        sensitivityCpsPerMBq: r.analysis.atSmallestDistance.sensitivityCpsPerMBq,
        atDistanceMm: r.analysis.atSmallestDistance.distanceMm,
        rows: r.analysis.rows,
        warnings: r.analysis.warnings,
        reference,
      };
    case 'energy':
      return {
        test: r.test,
        resolutionPercent: r.analysis.resolutionPercent,
        peakEnergyKeV: r.analysis.peakEnergyKeV,
        fwhmKeV: r.analysis.fwhmKeV,
        warnings: r.analysis.warnings,
        reference,
      };
  }
}

function text(r: NemaTestResult): string {
  const ref = `${r.reference.standard}, "${r.reference.test}" (clause number not verified)`;
  const lines: string[] = [];
  switch (r.test) {
    case 'resolution':
    case 'angular': {
      const u = r.test === 'resolution' ? 'mm' : '°';
      const p = r.profile;
      lines.push(
        `${r.test === 'resolution' ? 'spatial' : 'angular'} resolution — ${ref}`,
        `FWHM  ${fmt(r.fwhm)} ${u}  (crossings ${fmt(p.fwhm.left)} and ${fmt(p.fwhm.right)} ${u}; peak ${fmt(p.peakX)} ${u})`,
        `FWTM  ${r.fwtm === null ? 'not reached inside the scan' : `${fmt(r.fwtm)} ${u}  (crossings ${fmt(p.fwtm!.left)} and ${fmt(p.fwtm!.right)} ${u})`}`,
        `background ${fmt(p.backgroundLevel)} counts subtracted; asymmetry ${(100 * p.fwhmAsymmetry).toFixed(1)} %`,
        ...p.warnings.map((w) => `note: ${w}`),
      );
      break;
    }
    case 'count-rate':
      lines.push(
        `count-rate capability — ${ref}`,
        `model ${r.model}, dead time ${fmt(r.deadTimeSeconds * 1e6)} µs`,
        `true rate at 20 % loss ${fmt(r.rateAt20PercentLossCps)} cps (measured ${fmt(0.8 * r.rateAt20PercentLossCps)} cps)`,
        `rms relative residual: paralysable ${(100 * r.analysis.fits.paralysable.rmsRelativeResidual).toFixed(2)} %, non-paralysable ${(100 * r.analysis.fits.nonParalysable.rmsRelativeResidual).toFixed(2)} %`,
        ...r.analysis.warnings.map((w) => `note: ${w}`),
      );
      break;
    case 'shielding':
      lines.push(
        `side and back shielding — ${ref}`,
        `front net ${fmt(r.analysis.frontNetCps)} cps, background ${fmt(r.analysis.backgroundCps)} cps`,
        ...r.analysis.rows.map(
          (x) =>
            `${x.position.padEnd(5)} ${x.source.padEnd(8)} ${x.shieldingPercent.toFixed(4)} %  (95 %: ${x.shielding95Percent[0].toFixed(4)} – ${x.shielding95Percent[1].toFixed(4)} %)`,
        ),
        ...r.analysis.warnings.map((w) => `note: ${w}`),
      );
      break;
    case 'sensitivity':
      lines.push(
        `sensitivity in ${r.medium === 'air' ? 'air' : 'scattering medium'} — ${ref}`,
        ...r.analysis.rows.map(
          (x) =>
            `${String(x.distanceMm).padStart(5)} mm  ${fmt(x.sensitivityCpsPerMBq)} ± ${fmt(x.uncertaintyCpsPerMBq, 2)} cps/MBq${x.decayCorrected ? '  (decay-corrected)' : ''}`,
        ),
        ...r.analysis.warnings.map((w) => `note: ${w}`),
      );
      break;
    case 'energy':
      lines.push(
        `energy resolution — ${ref}`,
        `photopeak ${fmt(r.analysis.peakEnergyKeV)} keV, FWHM ${fmt(r.analysis.fwhmKeV)} keV → ${r.analysis.resolutionPercent.toFixed(2)} %`,
        ...r.analysis.warnings.map((w) => `note: ${w}`),
      );
      break;
  }
  return lines.join('\n');
}

function measured(r: NemaTestResult): Measured {
  switch (r.test) {
    case 'resolution':
      return { spatialFwhmMm: r.fwhm };
    case 'angular':
      return { angularFwhmDeg: r.fwhm };
    case 'count-rate':
      return { rateAt20PercentLossCps: r.rateAt20PercentLossCps };
    case 'shielding':
      return {
        ...(r.sideShieldingPercent === null ? {} : { sideShieldingPercent: r.sideShieldingPercent }),
        ...(r.backShieldingPercent === null ? {} : { backShieldingPercent: r.backShieldingPercent }),
      };
    case 'sensitivity':
      return { sensitivityCpsPerMBq: r.analysis.atSmallestDistance.sensitivityCpsPerMBq };
    case 'energy':
      return { energyResolutionPercent: r.analysis.resolutionPercent };
  }
}

export const command: Command = {
  name: 'qc nema',
  summary:
    'NEMA NU 3-2004 probe test from a measured CSV: resolution, angular, count-rate, shielding, sensitivity, energy',
  usage: '<test> --data FILE.csv [--json] [--out report.pdf]',
  details: [
    'tests and CSV headers (a header line is required; # lines are comments):',
    ...NEMA_CSV_TESTS.map((t) => `  ${t.padEnd(12)} ${header(t)}`),
    'resolution → { fwhmMm, fwtmMm }, angular → { fwhmDeg, fwtmDeg }: crossings interpolated linearly between',
    '  samples, peak from a parabola through the maximum and its neighbours (NEMA NU 1/NU 2 convention).',
    'count-rate → { deadTimeSeconds, model, rateAt20PercentLossCps }: paralysable and non-paralysable models',
    '  fitted by least squares on relative residuals; the smaller residual wins.',
    'shielding: position is front | side | back | background (several side rows allowed; the worst is reported);',
    '  shielding % = 100 × (1 − net side / net front).',
    'sensitivity: needs --medium, --source-activity-mbq, --background-cps (and --nuclide with an elapsedSeconds column).',
    'energy: photopeak FWHM / energy; --window-kev narrows the search (e.g. 110,170 for Tc-99m).',
    'A bad CSV is refused with its line named (exit 1).',
  ].join('\n'),
  positionals: true,
  options: {
    data: { type: 'string', description: 'the measured table (CSV file)' },
    background: {
      type: 'string',
      description:
        'resolution/angular/energy: none (default) | edges:N (mean of N outer samples each side) | constant:COUNTS',
    },
    medium: { type: 'string', description: 'sensitivity: air | scatter' },
    'source-activity-mbq': {
      type: 'string',
      description: 'sensitivity: source activity at the reference time (MBq)',
    },
    'background-cps': {
      type: 'string',
      description: 'sensitivity: background rate to subtract (cps; 0 if negligible)',
    },
    nuclide: {
      type: 'string',
      description: 'sensitivity: source nuclide, for decay correction with elapsedSeconds',
    },
    'window-kev': { type: 'string', description: 'energy: photopeak search window LO,HI (keV)' },
    out: { type: 'string', description: 'also write a PDF report of the test to this file' },
    'probe-model': { type: 'string', description: 'probe model for the PDF report' },
    'probe-serial': { type: 'string', description: 'probe serial number for the PDF report' },
    json: JSON_OPTION,
  },
  async run(io, args) {
    const test = args.positionals[0];
    if (test === undefined || !(NEMA_CSV_TESTS as readonly string[]).includes(test))
      throw new CliError(
        `${test === undefined ? 'missing test' : `unknown test '${test}'`}; one of: ${NEMA_CSV_TESTS.join(', ')}`,
        2,
      );
    if (args.positionals.length > 1) throw new CliError(`unexpected argument '${args.positionals[1]}'`, 2);
    const nemaTest = test as NemaCsvTest;
    const file = requireString(args, 'data');
    let csv: string;
    try {
      csv = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (error) {
      throw new CliError(
        `--data: cannot read '${file}': ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const options: NemaCsvOptions = { background: parseBackground(stringFlag(args, 'background')) };
    const window = stringFlag(args, 'window-kev');
    if (window !== undefined) {
      const parts = window.split(',');
      if (parts.length !== 2) throw new CliError(`--window-kev: '${window}' is not LO,HI`, 2);
      options.windowKeV = [
        parseNumber(parts[0]!, '--window-kev LO', { min: 0 }),
        parseNumber(parts[1]!, '--window-kev HI', { min: 0 }),
      ];
    }
    if (nemaTest === 'sensitivity') {
      const medium = requireString(args, 'medium');
      if (medium !== 'air' && medium !== 'scatter')
        throw new CliError(`--medium: '${medium}' is not air or scatter`, 2);
      const nuclideName = stringFlag(args, 'nuclide');
      let halfLifeSeconds: number | null = null;
      if (nuclideName !== undefined) {
        const n = findNuclide(nuclideName);
        if (!n.ok) throw new CliError(`--nuclide: ${messagesOf(n.issues)}`);
        halfLifeSeconds = n.value.halfLifeSeconds;
      }
      const activity = optionalNumber(args, 'source-activity-mbq', { min: 0, exclusiveMin: true });
      if (activity === undefined) throw new CliError('--source-activity-mbq is required for sensitivity', 2);
      const backgroundCps = optionalNumber(args, 'background-cps', { min: 0 });
      if (backgroundCps === undefined)
        throw new CliError(
          '--background-cps is required for sensitivity (give 0 if measured and negligible)',
          2,
        );
      options.sensitivity = { medium, sourceActivityMBq: activity, halfLifeSeconds, backgroundCps };
    }
    const r = analyseNemaCsv(nemaTest, csv, options);
    if (!r.ok) throw new CliError(`${file}: ${r.issues.map((i) => i.message).join('; ')}`);
    const doc = summary(r.value);
    const comparison = compareWithReferences({ measured: measured(r.value) });
    doc.comparison = comparison;
    const out = stringFlag(args, 'out');
    if (out !== undefined) {
      const pdf = await renderQcReportPdf({
        probe: {
          model: stringFlag(args, 'probe-model') ?? 'not given',
          serial: stringFlag(args, 'probe-serial') ?? 'not given',
        },
        performedAt: new Date().toISOString(),
        performedBy: io.env.USER ?? 'not given',
        tests: [r.value],
        comparison,
        software: 'OpenRGS rgs qc nema',
      });
      try {
        writeFileSync(resolve(io.cwd, out), pdf);
      } catch (error) {
        throw new CliError(
          `--out: cannot write '${out}': ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      doc.reportPdf = out;
    }
    writeResult(io, booleanFlag(args, 'json'), doc, () => {
      const criteria = comparison
        .filter((c) => c.criterion)
        .map(
          (c) =>
            `criterion ${c.criterion!.kind === 'min' ? '>' : '<'} ${c.criterion!.limit} ${c.criterion!.unit}${c.criterion!.condition ? ` ${c.criterion!.condition}` : ''}: ${c.meetsCriterion ? 'met' : 'NOT met'} (purchaser criteria, Klinikum Augsburg)`,
        );
      return [text(r.value), ...criteria, ...(out ? [`report written to ${out}`] : [])].join('\n');
    });
    return 0;
  },
};
