// `rgs detect`: verdicts for recorded count streams (one per stream of the frames CSV).

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type BackgroundInput,
  type BackgroundIssue,
  buildBackgroundModel,
  cutoffSafety,
  type DecisionConfig,
  detectStream,
  formatBackgroundSummary,
  parseFramesCsv,
  parseSitesCsv,
  RULE_NAMES,
  type RuleName,
  SprtCalibrationCache,
  summarizeBackground,
} from '@openrgs/counting';
import { firstIssue } from '@openrgs/outcome';
import {
  booleanFlag,
  CliError,
  type CliIo,
  type Command,
  JSON_OPTION,
  optionalNumber,
  requireNumber,
  requireString,
  stringFlag,
  writeResult,
} from '../command.js';

function readText(io: CliIo, path: string, flag: string): string {
  try {
    return readFileSync(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new CliError(`--${flag}: cannot read '${path}' (${reason})`);
  }
}

export interface DetectRow {
  stream: string | null;
  verdict: 'positive' | 'negative' | 'undecided';
  decisionSeconds: number | null;
  rateCps: number;
  ratio: number | null;
  ratioLow: number | null;
  ratioHigh: number | null;
  /** Probability (percent) the verdict is right under the whole background model; null when undecided. */
  confidencePercent: number | null;
  /** Fewer background sites than the spread seen asks for. */
  provisional: boolean;
  warnings: Array<{ code: string; message: string }>;
}

function listFlag(args: Parameters<Command['run']>[1], name: string): string[] {
  const value = args.values[name];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value.map(String) : [String(value)];
  for (const v of list) if (v === '') throw new CliError(`--${name} needs a site label`, 2);
  return list;
}

export const command: Command = {
  name: 'detect',
  summary: 'verdict (tumour or not, with confidence) for recorded count streams',
  usage:
    '--frames FILE.csv (--background-cps B | --background-sites FILE.csv [--keep-site LABEL]… [--drop-site LABEL]…) --ratio R --alpha A --beta B --rule sprt|ratio|k-sigma|adaptive|fixed|currie [--json]',
  details: [
    'Frames CSV header: startSeconds,durationSeconds,counts (seconds of device time, whole counts), optionally',
    'with a leading `stream` column holding many streams. Each stream is one probe position (one site).',
    'Sites CSV header: siteLabel,counts,durationSeconds (one background site per line).',
    'A site incompatible with the others (zero counts, a lifted probe, a probe over an organ) is flagged, named and left',
    'out; while it is unconfirmed every verdict is undecided. --keep-site LABEL counts it, --drop-site LABEL drops it.',
    'Output per stream: { stream, verdict, decisionSeconds, rateCps, ratio, ratioLow, ratioHigh, confidencePercent,',
    'provisional, warnings } — confidencePercent: probability (%) the verdict is right under the whole background model',
    '(null when undecided); provisional: fewer sites than the spread seen asks for; warnings: [{ code, message }]',
    '(background-outlier names the site; not-detectable: a negative at under 50 % confidence — a lesion at the asked',
    'T/B cannot be told from normal tissue at this spread, so the text reads "not detectable here", not negative).',
    'decisionSeconds from',
    "the stream's first frame to the end of the deciding frame (null when undecided); rate and T/B (95 % interval)",
    'at the decision, else at the end. With a stream column --json prints an array in input order; without, one',
    'object with stream null. Rules ratio and k-sigma count for --count-seconds, or over the whole stream.',
  ].join('\n'),
  options: {
    frames: {
      type: 'string',
      description: 'frames CSV file (startSeconds,durationSeconds,counts; optional leading stream)',
    },
    'background-cps': { type: 'string', description: 'known background rate, counts per second (> 0)' },
    'background-sites': {
      type: 'string',
      description: 'background sites CSV file (siteLabel,counts,durationSeconds)',
    },
    ratio: {
      type: 'string',
      description: 'tumour-to-background ratio to detect (ratio rule: the cut-off), > 1',
    },
    alpha: {
      type: 'string',
      description: 'accepted probability of calling normal tissue positive, 0 < A < 0.5',
    },
    beta: {
      type: 'string',
      description: 'accepted probability of missing a tumour at the ratio, 0 < B < 0.5',
    },
    rule: { type: 'string', description: `decision rule: ${RULE_NAMES.join(' | ')}` },
    'count-seconds': {
      type: 'string',
      description: 'counting time of the ratio and k-sigma rules, seconds (default: whole stream)',
    },
    'k-sigma': {
      type: 'string',
      description: 'k of the k-sigma rule, standard deviations (default 3, the published three-sigma rule)',
    },
    'keep-site': {
      type: 'string',
      multiple: true,
      description: 'count a flagged background site anyway (its label in the sites CSV); repeatable',
    },
    'drop-site': {
      type: 'string',
      multiple: true,
      description: 'leave a background site out (its label in the sites CSV); repeatable',
    },
    json: JSON_OPTION,
  },
  run(io, args) {
    const rule = requireString(args, 'rule') as RuleName;
    if (!RULE_NAMES.includes(rule))
      throw new CliError(`--rule: '${rule}' is not one of ${RULE_NAMES.join(', ')}`, 2);
    const ratio = requireNumber(args, 'ratio', { min: 1, exclusiveMin: true });
    const alpha = requireNumber(args, 'alpha', { min: 0, exclusiveMin: true, max: 0.4999 });
    const beta = requireNumber(args, 'beta', { min: 0, exclusiveMin: true, max: 0.4999 });
    const countSeconds = optionalNumber(args, 'count-seconds', { min: 0, exclusiveMin: true });
    const kSigma = optionalNumber(args, 'k-sigma', { min: 0, exclusiveMin: true }) ?? 3;
    const decision: DecisionConfig = {
      rule,
      ratio,
      alpha,
      beta,
      kSigma,
      ...(countSeconds === undefined ? {} : { countSeconds }),
    };
    const cpsText = stringFlag(args, 'background-cps');
    const sitesPath = stringFlag(args, 'background-sites');
    if ((cpsText === undefined) === (sitesPath === undefined)) {
      throw new CliError('give exactly one of --background-cps B or --background-sites FILE.csv', 2);
    }
    const keepSites = listFlag(args, 'keep-site');
    const dropSites = listFlag(args, 'drop-site');
    if (cpsText !== undefined && keepSites.length + dropSites.length > 0) {
      throw new CliError('--keep-site and --drop-site name sites of --background-sites FILE.csv', 2);
    }
    let background: BackgroundInput;
    if (cpsText !== undefined) {
      background = {
        kind: 'known',
        rateCps: requireNumber(args, 'background-cps', { min: 0, exclusiveMin: true }),
      };
    } else {
      const sites = parseSitesCsv(readText(io, sitesPath!, 'background-sites'));
      if (!sites.ok)
        throw new CliError(
          `${sitesPath} line ${firstIssue(sites.issues).line}: ${firstIssue(sites.issues).message}`,
        );
      background = { kind: 'sites', sites: sites.value, keepSites, dropSites };
    }
    const built = buildBackgroundModel(background);
    if (!built.ok)
      throw new CliError(
        `--background-${cpsText === undefined ? 'sites' : 'cps'}: ${firstIssue(built.issues).message}`,
      );
    const framesPath = requireString(args, 'frames');
    const parsed = parseFramesCsv(readText(io, framesPath, 'frames'));
    if (!parsed.ok)
      throw new CliError(
        `${framesPath} line ${firstIssue(parsed.issues).line}: ${firstIssue(parsed.issues).message}`,
      );
    const calibrations = new SprtCalibrationCache();
    const rows: DetectRow[] = [];
    const evidence: string[] = [];
    for (const stream of parsed.value) {
      const outcome = detectStream(stream.frames, { decision, background, calibrations });
      if (!outcome.ok) {
        if (outcome.frameIndex < 0) throw new CliError(`--background-*: ${outcome.message}`);
        const line = stream.frames[outcome.frameIndex]?.line ?? 0;
        throw new CliError(
          `${framesPath} line ${line}: frame rejected (${outcome.code}): ${outcome.message}`,
        );
      }
      const r = outcome.result;
      rows.push({
        stream: stream.stream,
        verdict: r.verdict,
        decisionSeconds: r.decisionSeconds,
        rateCps: r.rateCps,
        ratio: r.ratio,
        ratioLow: r.ratioLow,
        ratioHigh: Number.isFinite(r.ratioHigh ?? 0) ? r.ratioHigh : null,
        confidencePercent: r.confidencePercent,
        provisional: r.provisional,
        warnings: r.warnings.map((w: BackgroundIssue) => ({ code: w.code, message: w.message })),
      });
      evidence.push(r.evidence);
    }
    const hasStreams = parsed.value[0]?.stream !== null;
    const data = hasStreams ? rows : rows[0];
    writeResult(io, booleanFlag(args, 'json'), data, () =>
      [backgroundText(background, decision), '', textTable(rows, evidence, hasStreams)].join('\n'),
    );
    return 0;
  },
};

/** The background in words: the one summary (mean, spread, sites, limit, rule), T/B 1.5 safety, warnings. */
function backgroundText(background: BackgroundInput, decision: DecisionConfig): string {
  const built = buildBackgroundModel(background);
  if (!built.ok) return `Background: ${firstIssue(built.issues).message}`;
  const m = built.value;
  const lines = [
    `Background: ${formatBackgroundSummary(summarizeBackground(m, decision))}.`,
    cutoffSafety(m, 1.5, decision.alpha).message,
    ...m.issues.map((w) => `Warning (${w.code}): ${w.message}.`),
  ];
  return lines.join('\n');
}

function textTable(rows: DetectRow[], evidence: string[], hasStreams: boolean): string {
  const f = (x: number | null, digits: number) => (x === null ? '—' : x.toFixed(digits));
  const header = ['stream', 'verdict', 'sure %', 'decision s', 'rate cps', 'T/B', 'T/B 95 %'];
  const body = rows.map((r) => [
    r.stream ?? '-',
    `${r.warnings.some((w) => w.code === 'not-detectable') ? 'not detectable here' : r.verdict}${r.provisional && r.verdict !== 'undecided' ? ' (provisional)' : ''}`,
    f(r.confidencePercent, 1),
    f(r.decisionSeconds, 2),
    f(r.rateCps, 1),
    f(r.ratio, 2),
    `${f(r.ratioLow, 2)}–${f(r.ratioHigh, 2)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...body.map(line)];
  if (!hasStreams || rows.length === 1) out.push('', evidence[0] ?? '');
  return out.join('\n');
}
