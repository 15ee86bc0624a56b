// `rgs bench counting`: Monte Carlo benchmark of the counting engine's decision rules, a plot, and the
// throughput of the full live engine. A benchmark, not a test: it reports figures.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import {
  type BenchResult,
  type ConfidenceBenchResult,
  type ConfidenceCell,
  createLiveEngine,
  DEFAULT_BENCH,
  DEFAULT_CONFIDENCE_BENCH,
  type KnownBackgroundRow,
  type RuleName,
  runConfidenceBench,
  runKnownBackground,
  runVaryingTissue,
  SprtCalibrationCache,
  type VaryingRow,
} from '@openrgs/counting';
import { createRandom, samplePoisson } from '@openrgs/numeric';
import {
  booleanFlag,
  CliError,
  type Command,
  JSON_OPTION,
  optionalNumber,
  stringFlag,
  writeResult,
} from '../command.js';

export interface Throughput {
  stations: number;
  framesPerStation: number;
  frameSeconds: number;
  framesPerSecond: number;
  /** Frames per second the server needs: 20 stations at 20 Hz. */
  neededFramesPerSecond: number;
  /** The machine's 1-minute load average when measured (the figure depends on it). */
  loadAverage: number;
}

/** Frames through the full live engine: 20 stations, 20 Hz frames, the probe stepping between sites. */
export function measureThroughput(seed: number, framesPerStation: number): Throughput {
  const stations = 20;
  const frameSeconds = 0.05;
  const random = createRandom(seed);
  const calibrations = new SprtCalibrationCache();
  const engines = Array.from({ length: stations }, () =>
    createLiveEngine({
      decision: { rule: 'sprt', ratio: 1.5, alpha: 0.05, beta: 0.05 },
      background: {
        kind: 'sites',
        sites: [
          { counts: 480, durationSeconds: 10 },
          { counts: 530, durationSeconds: 10 },
          { counts: 505, durationSeconds: 10 },
        ],
      },
      calibrations,
    }),
  );
  // Rates alternate every 3 s between normal tissue (50 cps) and a 2.5x hot spot.
  const counts = Array.from({ length: stations }, () =>
    Array.from({ length: framesPerStation }, (_, i) =>
      samplePoisson(random, (Math.floor(i / 60) % 2 === 0 ? 50 : 125) * frameSeconds),
    ),
  );
  // Warm-up (calibration happens on the first frame of a site with a new frame length).
  for (const e of engines) e.push({ startSeconds: -1, durationSeconds: frameSeconds, counts: 2 });
  const started = performance.now();
  for (let i = 0; i < framesPerStation; i++) {
    for (let s = 0; s < stations; s++) {
      engines[s]!.push({
        startSeconds: i * frameSeconds,
        durationSeconds: frameSeconds,
        counts: counts[s]![i]!,
      });
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    stations,
    framesPerStation,
    frameSeconds,
    framesPerSecond: (stations * framesPerStation) / seconds,
    neededFramesPerSecond: 400,
    loadAverage: loadavg()[0] ?? 0,
  };
}

const RULE_LABEL: Record<RuleName, string> = {
  sprt: 'SPRT',
  adaptive: 'adaptive',
  fixed: 'fixed-time',
  currie: 'Currie',
  ratio: 'T/B≥1.5 1s',
  'k-sigma': '3σ 1s',
};

const pct = (x: number) => (x * 100).toFixed(1).padStart(5);
const sec = (x: number) => (x >= 10 ? x.toFixed(1) : x.toFixed(2)).padStart(6);

function knownTable(rows: KnownBackgroundRow[]): string {
  const rules = rows[0]?.rules.map((r) => r.rule) ?? [];
  const head =
    'B cps  T/B | ' +
    rules.map((r) => `${RULE_LABEL[r].padEnd(20)}`).join('| ') +
    '| Wald s  Wald(fr) s  exact α   β    | fixed/SPRT  SPRT/Wald  SPRT/Wald(fr)';
  const sub = '           | ' + rules.map(() => '  FP%   FN%  time s ').join('| ') + '|';
  const lines = rows.map((row) => {
    const cells = row.rules.map(
      (r) =>
        `${pct(r.falsePositive)} ${pct(r.falseNegative)} ${sec((r.meanSecondsNormal + r.meanSecondsTumour) / 2)} `,
    );
    const wald = (row.waldSecondsNormal + row.waldSecondsTumour) / 2;
    const waldFrames = (row.waldWholeFramesSecondsNormal + row.waldWholeFramesSecondsTumour) / 2;
    return (
      `${String(row.backgroundCps).padStart(5)}  ${row.ratio.toFixed(1).padStart(3)} | ` +
      cells.join('| ') +
      `| ${sec(wald)}  ${sec(waldFrames)}     ${pct(row.exactAlpha)} ${pct(row.exactBeta)} | ` +
      `${row.fixedOverSprt.toFixed(2).padStart(9)}  ${row.sprtOverWald.toFixed(2).padStart(9)}  ${row.sprtOverWaldWholeFrames.toFixed(2).padStart(13)}`
    );
  });
  return [head, sub, ...lines].join('\n');
}

function varyingTable(rows: VaryingRow[]): string {
  const rules = rows[0]?.rules.map((r) => r.rule) ?? [];
  const head = 'B cps  T/B  CV% | threshold T/B | ' + rules.map((r) => RULE_LABEL[r].padEnd(12)).join('| ');
  const sub = '                |               | ' + rules.map(() => '  FP%   FN% ').join('| ');
  const lines = rows.map(
    (row) =>
      `${String(row.backgroundCps).padStart(5)}  ${row.ratio.toFixed(1).padStart(3)}  ${String(Math.round(row.cv * 100)).padStart(3)} | ` +
      `${row.meanThresholdRatio.toFixed(2).padStart(13)} | ` +
      row.rules.map((r) => `${pct(r.falsePositive)} ${pct(r.falseNegative)} `).join('| '),
  );
  return [head, sub, ...lines].join('\n');
}

/** Hand-written SVG: time to verdict per configuration, and false positives among varying normal sites. */
export function benchSvg(result: BenchResult): string {
  const w = 1000;
  const h = 440;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="11">`,
    '<title>OpenRGS counting benchmark: time to a verdict per rule, and false positives among varying normal sites</title>',
    `<rect width="${w}" height="${h}" fill="white"/>`,
  ];
  // Panel 1: mean time to verdict (log scale).
  const p1 = { x: 60, y: 40, w: 500, h: 300 };
  const rows = result.knownBackground;
  const series: Array<{ label: string; color: string; dash?: string; values: number[] }> = [
    { label: 'SPRT (simulated)', color: '#c0392b', values: rows.map((r) => mean2(r, 'sprt')) },
    {
      label: "Wald's approximation",
      color: '#c0392b',
      dash: '4 3',
      values: rows.map((r) => (r.waldSecondsNormal + r.waldSecondsTumour) / 2),
    },
    { label: 'matched fixed-time', color: '#2c3e50', values: rows.map((r) => r.fixedSeconds) },
    { label: 'Currie count time', color: '#7f8c8d', values: rows.map((r) => mean2(r, 'currie')) },
    { label: 'adaptive (simulated)', color: '#27ae60', values: rows.map((r) => mean2(r, 'adaptive')) },
  ];
  const all = series.flatMap((s) => s.values).filter((v) => v > 0);
  const lo = Math.floor(Math.log10(Math.min(...all)));
  const hi = Math.ceil(Math.log10(Math.max(...all)));
  const yOf = (v: number) => p1.y + p1.h - ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * p1.h;
  const xOf = (i: number) => p1.x + ((i + 0.5) / rows.length) * p1.w;
  out.push(
    `<text x="${p1.x}" y="22" font-size="13" font-weight="bold">Mean time to a verdict (s, log scale), 0.1 s frames, α = β = ${result.options.alpha}</text>`,
  );
  for (let e = lo; e <= hi; e++) {
    out.push(
      `<line x1="${p1.x}" x2="${p1.x + p1.w}" y1="${yOf(10 ** e)}" y2="${yOf(10 ** e)}" stroke="#ddd"/>`,
    );
    out.push(
      `<text x="${p1.x - 6}" y="${yOf(10 ** e) + 4}" text-anchor="end">${10 ** e >= 1 ? 10 ** e : (10 ** e).toFixed(-e)}</text>`,
    );
  }
  rows.forEach((r, i) => {
    out.push(`<text x="${xOf(i)}" y="${p1.y + p1.h + 14}" text-anchor="middle">${r.ratio}</text>`);
    if (i % result.options.ratios.length === 0) {
      out.push(
        `<text x="${xOf(i + (result.options.ratios.length - 1) / 2)}" y="${p1.y + p1.h + 30}" text-anchor="middle">B = ${r.backgroundCps} cps (T/B below)</text>`,
      );
    }
  });
  out.push(`<rect x="${p1.x}" y="${p1.y}" width="${p1.w}" height="${p1.h}" fill="none" stroke="#333"/>`);
  series.forEach((s, k) => {
    // One line per background (the x axis restarts its T/B sweep for each).
    const perGroup = result.options.ratios.length;
    for (let g = 0; g < s.values.length; g += perGroup) {
      const pts = s.values
        .slice(g, g + perGroup)
        .map((v, k) => `${xOf(g + k).toFixed(1)},${yOf(v).toFixed(1)}`)
        .join(' ');
      out.push(
        `<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
      );
    }
    for (const [i, v] of s.values.entries())
      out.push(`<circle cx="${xOf(i).toFixed(1)}" cy="${yOf(v).toFixed(1)}" r="2.5" fill="${s.color}"/>`);
    out.push(
      `<line x1="${p1.x + 300}" x2="${p1.x + 322}" y1="${p1.y + 12 + k * 14}" y2="${p1.y + 12 + k * 14}" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
    );
    out.push(`<text x="${p1.x + 326}" y="${p1.y + 16 + k * 14}">${s.label}</text>`);
  });
  // Panel 2: FP among varying normal sites vs CV, mean over backgrounds and ratios.
  const p2 = { x: 640, y: 40, w: 330, h: 300 };
  const cvs = result.options.cvs;
  const rules = result.varyingTissue[0]?.rules.map((r) => r.rule) ?? [];
  const colors: Record<string, string> = {
    sprt: '#c0392b',
    adaptive: '#27ae60',
    fixed: '#2c3e50',
    currie: '#7f8c8d',
    ratio: '#8e44ad',
    'k-sigma': '#d35400',
  };
  const fp = (rule: RuleName, cv: number) => {
    const sel = result.varyingTissue.filter((r) => r.cv === cv);
    return (
      sel.reduce((a, r) => a + (r.rules.find((x) => x.rule === rule)?.falsePositive ?? 0), 0) / sel.length
    );
  };
  const maxFp = Math.max(0.1, ...rules.flatMap((r) => cvs.map((c) => fp(r, c))));
  const top = Math.ceil(maxFp * 10) / 10;
  const x2 = (i: number) => p2.x + (cvs.length === 1 ? p2.w / 2 : (i / (cvs.length - 1)) * p2.w);
  const y2 = (v: number) => p2.y + p2.h - (v / top) * p2.h;
  out.push(
    `<text x="${p2.x - 40}" y="22" font-size="13" font-weight="bold">False positives among normal sites (mean over B, T/B)</text>`,
  );
  for (let v = 0; v <= top + 1e-9; v += top / 5) {
    out.push(`<line x1="${p2.x}" x2="${p2.x + p2.w}" y1="${y2(v)}" y2="${y2(v)}" stroke="#ddd"/>`);
    out.push(`<text x="${p2.x - 6}" y="${y2(v) + 4}" text-anchor="end">${(v * 100).toFixed(0)} %</text>`);
  }
  cvs.forEach((c, i) => {
    out.push(
      `<text x="${x2(i)}" y="${p2.y + p2.h + 14}" text-anchor="middle">CV ${Math.round(c * 100)} %</text>`,
    );
  });
  out.push(
    `<line x1="${p2.x}" x2="${p2.x + p2.w}" y1="${y2(result.options.alpha)}" y2="${y2(result.options.alpha)}" stroke="#000" stroke-dasharray="6 4"/>`,
  );
  out.push(
    `<text x="${p2.x + p2.w - 4}" y="${y2(result.options.alpha) - 4}" text-anchor="end">nominal α</text>`,
  );
  out.push(`<rect x="${p2.x}" y="${p2.y}" width="${p2.w}" height="${p2.h}" fill="none" stroke="#333"/>`);
  rules.forEach((rule, k) => {
    const pts = cvs.map((c, i) => `${x2(i).toFixed(1)},${y2(fp(rule, c)).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${pts}" fill="none" stroke="${colors[rule]}" stroke-width="2"/>`);
    out.push(
      `<text x="${p2.x + 8}" y="${p2.y + 16 + k * 14}" fill="${colors[rule]}">${RULE_LABEL[rule]}</text>`,
    );
  });
  out.push(
    `<text x="${p1.x}" y="${h - 30}">Frames 0.1 s. Part B: ${result.options.sitesPerPatient} background sites × ${result.options.siteSeconds} s per patient, normal and tumour sites vary between sites (gamma, CV).</text>`,
    `<text x="${p1.x}" y="${h - 14}">seed ${result.options.seed}, ${result.options.trials} trials per hypothesis (part A) / patients per configuration (part B). rgs bench counting</text>`,
    '</svg>',
  );
  return out.join('\n');
}

function mean2(row: KnownBackgroundRow, rule: RuleName): number {
  const r = row.rules.find((x) => x.rule === rule);
  return r ? (r.meanSecondsNormal + r.meanSecondsTumour) / 2 : Number.NaN;
}

export const command: Command = {
  name: 'bench counting',
  summary: 'Monte Carlo benchmark of the decision rules (error rates, time to verdict) and engine throughput',
  usage:
    '[--json] [--plot FILE.svg] [--seed N] [--trials N] [--patients N] [--confidence-patients N] [--eb-patients N]',
  details: [
    'Part A: known background 10, 50, 200 cps; T/B 1.2, 1.5, 2, 3; 0.1 s frames; α = β = 0.05. Per rule the',
    'false-positive (normal tissue called positive) and false-negative rates and the mean time to a verdict,',
    "beside Wald's approximation of the SPRT's expected time, the exact (dynamic-programming) figures of the",
    'calibrated SPRT and the matched fixed-time count. Part B: normal tissue varying between sites (CV 0, 15,',
    "30 %), background estimated from 5 sites × 10 s per patient; each rule's false-positive rate among normal",
    'sites. Part C (issue 12): stated vs measured error rates of the live rule (liveDecisionConfig: adaptive, T/B 1.5, α 5 %) with',
    'CV 0, 10, 30, 50 % and 1, 2, 3, 5, 8 background sites: per scenario and per bin of stated confidence, the',
    'measured error with its exact 95 % interval against the mean stated error, pass or FAIL; and',
    'the empirical-Bayes figure (CV 30 %, 3 sites, a site at 2× the mean: sensitivity with the learnt spread',
    'prior against without, false positives alongside). Then the throughput of the full live engine.',
  ].join('\n'),
  options: {
    json: JSON_OPTION,
    plot: { type: 'string', description: 'write the plot to this file (SVG; .svg)' },
    seed: { type: 'string', description: `random seed, integer (default ${DEFAULT_BENCH.seed})` },
    trials: {
      type: 'string',
      description: 'simulated sites per hypothesis and configuration in part A (default 1000)',
    },
    patients: { type: 'string', description: 'simulated patients per configuration in part B (default 150)' },
    'confidence-patients': {
      type: 'string',
      description: `simulated patients per scenario in part C (default ${DEFAULT_CONFIDENCE_BENCH.patients})`,
    },
    'eb-patients': {
      type: 'string',
      description: `simulated patients of the empirical-Bayes figure (default ${DEFAULT_CONFIDENCE_BENCH.eb.patients})`,
    },
  },
  run(io, args) {
    const seed = optionalNumber(args, 'seed', { integer: true, min: 0 }) ?? DEFAULT_BENCH.seed;
    const trials = optionalNumber(args, 'trials', { integer: true, min: 10 }) ?? 1000;
    const patients = optionalNumber(args, 'patients', { integer: true, min: 10 }) ?? 150;
    const plot = stringFlag(args, 'plot');
    if (plot !== undefined && !plot.toLowerCase().endsWith('.svg')) {
      throw new CliError(`--plot: '${plot}' must end in .svg (the plot is written as SVG)`, 2);
    }
    const started = performance.now();
    const calibrations = new SprtCalibrationCache(8192);
    const options = { ...DEFAULT_BENCH, seed };
    const result: BenchResult = {
      options: { ...options, trials },
      knownBackground: runKnownBackground({ ...options, trials }, calibrations),
      varyingTissue: runVaryingTissue({ ...options, trials: patients }, calibrations),
    };
    const confidencePatients =
      optionalNumber(args, 'confidence-patients', { integer: true, min: 2 }) ??
      DEFAULT_CONFIDENCE_BENCH.patients;
    const ebPatients =
      optionalNumber(args, 'eb-patients', { integer: true, min: 2 }) ?? DEFAULT_CONFIDENCE_BENCH.eb.patients;
    const confidence = runConfidenceBench(
      {
        seed: DEFAULT_CONFIDENCE_BENCH.seed + seed - DEFAULT_BENCH.seed,
        patients: confidencePatients,
        eb: { ...DEFAULT_CONFIDENCE_BENCH.eb, patients: ebPatients },
      },
      calibrations,
    );
    const throughput = measureThroughput(seed, 600);
    const elapsedSeconds = (performance.now() - started) / 1000;
    if (plot !== undefined) writeFileSync(resolve(io.cwd, plot), benchSvg(result));
    writeResult(
      io,
      booleanFlag(args, 'json'),
      { ...result, patients, confidence, throughput, elapsedSeconds },
      () =>
        [
          `Part A — known background, ${trials} simulated sites per hypothesis (seed ${seed}); FP: normal called positive, FN: tumour not called positive; time: mean of normal and tumour`,
          knownTable(result.knownBackground),
          '',
          `Part B — normal tissue varying between sites, background from ${result.options.sitesPerPatient} sites × ${result.options.siteSeconds} s, ${patients} patients per row`,
          varyingTable(result.varyingTissue),
          '',
          ...confidenceLines(confidence),
          '',
          `Throughput: ${Math.round(throughput.framesPerSecond).toLocaleString('en-US')} frames/s through the full live engine (${throughput.stations} stations × ${throughput.framesPerStation} frames of ${throughput.frameSeconds} s; the server needs ${throughput.neededFramesPerSecond}; load average ${throughput.loadAverage.toFixed(1)} on ${cpus().length} cores).`,
          `Elapsed ${elapsedSeconds.toFixed(0)} s.${plot ? ` Plot: ${plot}` : ''}`,
        ].join('\n'),
    );
    return 0;
  },
};

/** Part C as text: per scenario, stated vs measured error per verdict kind, and the honesty per bin. */
export function confidenceLines(c: ConfidenceBenchResult): string[] {
  const d = c.options.decision;
  const lines = [
    `Part C — honest confidence: rule ${d.rule} (T/B ${d.ratio}, α ${d.alpha}, β ${d.beta}), ${c.options.patients} patients per scenario, background ${c.options.backgroundCps} cps at ${c.options.siteSeconds} s per site (seed ${c.options.seed})`,
    '  CV  sites | positives: stated err %  measured FP % (95 % CI)     | negatives: stated err %  measured FN % (95 % CI)     | untestable | pass',
  ];
  const cell = (x: ConfidenceCell) =>
    `${x.statedErrorPercent.toFixed(2).padStart(17)}  ${x.measuredErrorPercent.toFixed(2).padStart(13)} (${x.measuredLowPercent.toFixed(2)}–${x.measuredHighPercent.toFixed(2)})`.padEnd(
      48,
    );
  for (const s of c.scenarios) {
    lines.push(
      `${(s.cv * 100).toFixed(0).padStart(4)} ${String(s.sites).padStart(6)} | ${cell(s.positive)} | ${cell(s.negative)} | ${String(s.untestable).padStart(10)} | ${s.honest ? 'pass' : 'FAIL'}`,
    );
  }
  const failing = c.scenarios.flatMap((s) =>
    s.bins
      .filter((b) => !b.honest)
      .map(
        (b) =>
          `  FAIL CV ${(s.cv * 100).toFixed(0)} %, ${s.sites} site${s.sites === 1 ? '' : 's'}, ${b.verdict}s stated ≥ ${b.statedPercent} %: ${b.errors}/${b.trials} errors = ${b.errorPercent.toFixed(1)} % (${b.errorLowPercent.toFixed(1)}–${b.errorHighPercent.toFixed(1)}) against a stated ${b.allowedErrorPercent.toFixed(2)} %`,
      ),
  );
  lines.push(
    "Pass: the measured error's exact 95 % interval (Clopper–Pearson) reaches down to the mean stated error, over the scenario and in every bin of stated confidence (≥ 99, 95, 90, 80, 50, 0 %).",
    ...(failing.length === 0 ? ['  every bin passes'] : failing),
  );
  const e = c.empiricalBayes;
  lines.push(
    `Empirical Bayes (CV ${(e.cv * 100).toFixed(0)} %, ${e.sites} sites, a site at ${e.lesionRatio}× the mean, α ${e.alphaPercent} %, ${e.patients} patients; prior from ${e.prior?.cases ?? 0} past cases): sensitivity ${e.withoutPrior.sensitivityPercent.toFixed(1)} % without → ${e.withPrior.sensitivityPercent.toFixed(1)} % with the prior (×${e.gain.toFixed(2)}); false positives ${e.withoutPrior.falsePositivePercent.toFixed(1)} % → ${e.withPrior.falsePositivePercent.toFixed(1)} %`,
  );
  return lines;
}
