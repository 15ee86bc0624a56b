// `rgs plan`: will the probe find each lesion, and when should the tracer be given (@openrgs/planning).

import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type BackgroundSite, estimateSpreadPrior } from '@openrgs/counting';
import { readCsvRecords } from '@openrgs/csv';
import { firstIssue } from '@openrgs/outcome';
import {
  type ComputePlanOptions,
  computePlan,
  describeIssues,
  formatPlanText,
  formatTracerList,
  PROBE_IDS,
  parsePlanText,
  planningContext,
  planPlotSvg,
  tracerListJson,
} from '@openrgs/planning';
import { booleanFlag, CliError, type Command, JSON_OPTION, stringFlag, writeResult } from '../command.js';

async function readInput(io: Parameters<Command['run']>[0], path: string): Promise<string> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin)
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`--input: cannot read '${path}'${code ? ` (${code})` : ''}`);
  }
}

const PAST_SITES_HEADER = ['caseId', 'siteLabel', 'counts', 'durationSeconds'];

/** The spread prior learnt from a CSV of past cases' background sites (counting estimateSpreadPrior). */
async function spreadPriorOptions(
  io: Parameters<Command['run']>[0],
  path: string,
): Promise<ComputePlanOptions> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`--past-sites: cannot read '${path}'${code ? ` (${code})` : ''}`);
  }
  const parsed = readCsvRecords(text);
  if (!parsed.ok)
    throw new CliError(
      `--past-sites ${path} line ${firstIssue(parsed.issues).line}: ${firstIssue(parsed.issues).message}`,
    );
  const [header, ...rows] = parsed.value;
  if (!header || header.fields.join(',') !== PAST_SITES_HEADER.join(',')) {
    throw new CliError(
      `--past-sites ${path}: the header must be '${PAST_SITES_HEADER.join(',')}', got '${header?.fields.join(',') ?? ''}'`,
    );
  }
  const cases = new Map<string, BackgroundSite[]>();
  for (const { line, fields } of rows) {
    const [caseId, siteLabel, countsText, secondsText] = fields;
    const counts = Number(countsText);
    const seconds = Number(secondsText);
    if (fields.length !== 4 || !caseId) {
      throw new CliError(
        `--past-sites ${path} line ${line}: expected 4 fields (${PAST_SITES_HEADER.join(',')})`,
      );
    }
    if (!Number.isInteger(counts) || counts < 0) {
      throw new CliError(
        `--past-sites ${path} line ${line}: counts '${countsText}' must be a whole number >= 0`,
      );
    }
    if (!(seconds > 0) || !Number.isFinite(seconds)) {
      throw new CliError(`--past-sites ${path} line ${line}: durationSeconds '${secondsText}' must be > 0`);
    }
    const list = cases.get(caseId) ?? [];
    list.push({ siteLabel: siteLabel ?? '', counts, durationSeconds: seconds });
    cases.set(caseId, list);
  }
  const learnt = estimateSpreadPrior([...cases.values()], `${path}: ${cases.size} past cases`);
  return learnt.ok
    ? { spreadPrior: learnt.value }
    : { spreadPrior: null, spreadPriorNote: `none: ${firstIssue(learnt.issues).message}` };
}

export const command: Command = {
  name: 'plan',
  summary: 'plan radioguided surgery: detectability of each lesion and the injection-to-surgery window',
  usage:
    '--input PLAN.json [--past-sites FILE.csv] [--json] [--plot FILE.svg] [--pdf FILE.pdf] | --list-tracers [--json]',
  details: [
    'Reads PLAN.json (docs/planning.md §6): tracer, injectedActivityMBq, injectedAt, surgeryStart,',
    'surgeryDurationMinutes, probe, lesions [{ label, diameterMm, depthCm, uptakeRatio, nearbyOrgan? }].',
    `probe: a probe model of the simulator (rgs probe-response --list): ${PROBE_IDS.join(', ')}.`,
    'Prints, per lesion, the expected lesion and background count rates (cps) at surgery start and end, the',
    'probe T/B, the probability of a positive verdict within 5 s and the expected time to a verdict (s), with',
    'plain reasons when a lesion is unlikely to be found; the recommended window in hours after injection;',
    'and the smallest detectable lesion diameter (mm) by depth (cm). Errors name the PLAN.json field.',
    "The verdicts are the live engine's (counting DECISION_SETTINGS: adaptive rule, alpha 0.05, as many background",
    'sites as the engine asks for at the planned spread before its verdicts stop being provisional, at least',
    "three) in the operating room: background sites that scatter, and the lesion's own site.",
    "--past-sites: the department's past cases of this tracer (CSV caseId,siteLabel,counts,durationSeconds) to",
    'learn the between-site spread from (empirical Bayes, as the server does); the plan says which prior it used.',
  ].join('\n'),
  options: {
    input: { type: 'string', description: "PLAN.json file ('-' reads standard input)" },
    'list-tracers': {
      type: 'boolean',
      description: 'list the tracer presets with their published activity (MBq) and timing (h)',
    },
    plot: {
      type: 'string',
      description: 'also write an SVG plot of expected counts (cps) and T/B against hours after injection',
    },
    pdf: {
      type: 'string',
      description: 'also write the plan sheet as PDF for the multidisciplinary meeting',
    },
    'past-sites': {
      type: 'string',
      description:
        "past cases' background sites, CSV caseId,siteLabel,counts,durationSeconds: the learnt spread prior",
    },
    json: JSON_OPTION,
  },
  async run(io, args) {
    const json = booleanFlag(args, 'json');
    if (booleanFlag(args, 'list-tracers')) {
      writeResult(io, json, { tracers: tracerListJson() }, formatTracerList);
      return 0;
    }
    const input = stringFlag(args, 'input');
    if (input === undefined || input === '') throw new CliError('--input is required (or --list-tracers)', 2);
    const parsed = parsePlanText(await readInput(io, input));
    if (!parsed.ok) {
      if (json) io.stdout.write(`${JSON.stringify({ ok: false, issues: parsed.issues }, null, 2)}\n`);
      throw new CliError(`${input} is not a valid plan:\n${describeIssues(parsed.issues)}`);
    }
    const pastSites = stringFlag(args, 'past-sites');
    const options = pastSites === undefined ? {} : await spreadPriorOptions(io, pastSites);
    const computed = computePlan(parsed.value, planningContext, options);
    if (!computed.ok) {
      if (json) io.stdout.write(`${JSON.stringify({ ok: false, issues: computed.issues }, null, 2)}\n`);
      throw new CliError(`${input}:\n${describeIssues(computed.issues)}`);
    }
    const result = computed.value;
    const plotPath = stringFlag(args, 'plot');
    if (plotPath !== undefined) await writeFile(resolve(io.cwd, plotPath), planPlotSvg(result), 'utf8');
    const pdfPath = stringFlag(args, 'pdf');
    if (pdfPath !== undefined) {
      const { planSheetPdf } = await import('@openrgs/planning/pdf');
      await writeFile(resolve(io.cwd, pdfPath), await planSheetPdf(result));
    }
    writeResult(io, json, result, () => formatPlanText(result));
    return 0;
  },
};
