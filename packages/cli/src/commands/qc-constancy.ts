// `rgs qc constancy`: the daily constancy check of a probe with its reference source.
import { messagesOf } from '@openrgs/outcome';
import { findNuclide } from '@openrgs/physics';
import {
  DEFAULT_CONSTANCY_TOLERANCE,
  evaluateBackground,
  evaluateConstancy,
  toleranceFromFailPercent,
} from '@openrgs/qc';
import {
  booleanFlag,
  CliError,
  type Command,
  JSON_OPTION,
  optionalNumber,
  requireIso,
  requireNumber,
  requireString,
  writeResult,
} from '../command.js';

function signed(v: number, digits = 1): string {
  return `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;
}

export const command: Command = {
  name: 'qc constancy',
  summary:
    'daily constancy check: reference-source counts vs the decay-corrected baseline → pass / warn / fail',
  usage:
    '--nuclide N --source-activity-mbq A --source-calibrated ISO --baseline-cps-per-mbq S --measured-counts C --seconds T --at ISO [--tolerance-percent P] [--json]',
  details: [
    'expected cps = S × A × 2^(−Δt/T½) (T½ of the source nuclide, LNHB data in @openrgs/physics);',
    'deviation % = 100 × (measured / expected − 1). Fail beyond ±P %, warn beyond ±P/2 % (or --warn-percent).',
    `Default P = ${DEFAULT_CONSTANCY_TOLERANCE.failPercent} %, warn ${DEFAULT_CONSTANCY_TOLERANCE.warnPercent} %: ${DEFAULT_CONSTANCY_TOLERANCE.source}.`,
    'A check whose 95 % Poisson counting interval is wider than the warning limit is at best "warn" (counts-too-low).',
    'Exit code 0 whatever the verdict (read `result`); 1 or 2 for bad input.',
  ].join('\n'),
  options: {
    nuclide: { type: 'string', description: 'reference source nuclide, e.g. Co-57, Cs-137, Ba-133' },
    'source-activity-mbq': { type: 'string', description: 'source activity on its certificate (MBq)' },
    'source-calibrated': {
      type: 'string',
      description: 'certificate reference time, ISO-8601 with zone (e.g. 2026-01-01T12:00:00Z)',
    },
    'baseline-cps-per-mbq': {
      type: 'string',
      description: 'net rate per MBq of this source in this jig at acceptance (cps/MBq)',
    },
    'measured-counts': { type: 'string', description: 'counts of the source in the jig (whole number)' },
    seconds: { type: 'string', description: 'counting time of the source count (s)' },
    at: { type: 'string', description: 'time of the check, ISO-8601 with zone' },
    'tolerance-percent': {
      type: 'string',
      description: `failure limit ± (percent, default ${DEFAULT_CONSTANCY_TOLERANCE.failPercent})`,
    },
    'warn-percent': {
      type: 'string',
      description: 'warning limit ± (percent, default half the failure limit)',
    },
    'background-counts': {
      type: 'string',
      description: 'background counts without the source (subtracted; needs --background-seconds)',
    },
    'background-seconds': { type: 'string', description: 'counting time of the background count (s)' },
    'max-background-cps': {
      type: 'string',
      description: 'background above this fails the day (cps); with --background-counts',
    },
    json: JSON_OPTION,
  },
  run(io, args) {
    const nuclideName = requireString(args, 'nuclide');
    const nuclide = findNuclide(nuclideName);
    if (!nuclide.ok) throw new CliError(`--nuclide: ${messagesOf(nuclide.issues)}`);
    const failPercent =
      optionalNumber(args, 'tolerance-percent', { min: 0, exclusiveMin: true, max: 100 }) ??
      DEFAULT_CONSTANCY_TOLERANCE.failPercent;
    const warnGiven = optionalNumber(args, 'warn-percent', { min: 0, exclusiveMin: true, max: 100 });
    const usingDefault = args.values['tolerance-percent'] === undefined && warnGiven === undefined;
    const tolerance = usingDefault
      ? { warnPercent: DEFAULT_CONSTANCY_TOLERANCE.warnPercent, failPercent }
      : toleranceFromFailPercent(failPercent, warnGiven);
    if (tolerance.warnPercent > tolerance.failPercent)
      throw new CliError(
        `--warn-percent ${tolerance.warnPercent} is wider than the failure limit ${tolerance.failPercent}`,
        2,
      );
    const bgCounts = optionalNumber(args, 'background-counts', { min: 0, integer: true });
    const bgSeconds = optionalNumber(args, 'background-seconds', { min: 0, exclusiveMin: true });
    if ((bgCounts === undefined) !== (bgSeconds === undefined))
      throw new CliError('--background-counts and --background-seconds go together', 2);
    const maxBg = optionalNumber(args, 'max-background-cps', { min: 0, exclusiveMin: true });
    if (maxBg !== undefined && bgCounts === undefined)
      throw new CliError('--max-background-cps needs --background-counts and --background-seconds', 2);
    const background =
      bgCounts !== undefined && bgSeconds !== undefined
        ? { counts: bgCounts, seconds: bgSeconds }
        : undefined;
    const r = evaluateConstancy({
      sourceHalfLifeSeconds: nuclide.value.halfLifeSeconds,
      sourceActivityMBq: requireNumber(args, 'source-activity-mbq', { min: 0, exclusiveMin: true }),
      sourceCalibratedAtMs: requireIso(args, 'source-calibrated'),
      baselineCpsPerMBq: requireNumber(args, 'baseline-cps-per-mbq', { min: 0, exclusiveMin: true }),
      measuredCounts: requireNumber(args, 'measured-counts', { min: 0, integer: true }),
      countSeconds: requireNumber(args, 'seconds', { min: 0, exclusiveMin: true }),
      checkedAtMs: requireIso(args, 'at'),
      tolerance,
      ...(background ? { background } : {}),
    });
    if (!r.ok) throw new CliError(r.issues.map((i) => i.message).join('; '));
    const c = r.value;
    let backgroundCheck = null;
    let result = c.result;
    if (maxBg !== undefined && background) {
      const b = evaluateBackground({ ...background, maxBackgroundCps: maxBg });
      if (!b.ok) throw new CliError(b.issues.map((i) => i.message).join('; '));
      backgroundCheck = b.value;
      if (b.value.result === 'fail') result = 'fail';
      else if (b.value.result === 'warn' && result === 'pass') result = 'warn';
    }
    const out = {
      expectedCps: c.expectedCps,
      measuredCps: c.measuredCps,
      deviationPercent: c.deviationPercent,
      result,
      constancyResult: c.result,
      reasons: c.reasons,
      nuclide: nuclide.value.name,
      halfLifeSeconds: nuclide.value.halfLifeSeconds,
      elapsedDays: c.elapsedDays,
      decayFactor: c.decayFactor,
      activityAtCheckMBq: c.activityAtCheckMBq,
      grossCps: c.grossCps,
      backgroundCps: c.backgroundCps,
      countingUncertaintyCps: c.countingUncertaintyCps,
      countingUncertaintyPercent: c.countingUncertaintyPercent,
      deviation95Percent: c.deviation95Percent,
      zScore: c.zScore,
      deviationSignificant: c.deviationSignificant,
      countsNeededForWarnResolution: c.countsNeededForWarnResolution,
      tolerance: {
        ...c.tolerance,
        source: usingDefault ? DEFAULT_CONSTANCY_TOLERANCE.source : 'given on the command line',
      },
      backgroundCheck,
    };
    writeResult(io, booleanFlag(args, 'json'), out, () => {
      const lines = [
        `constancy check, ${out.nuclide} source ${c.elapsedDays.toFixed(1)} d after calibration (decay factor ${c.decayFactor.toFixed(4)})`,
        `expected   ${c.expectedCps.toFixed(1)} cps  (${c.activityAtCheckMBq.toPrecision(4)} MBq now)`,
        `measured   ${c.measuredCps.toFixed(1)} cps  ± ${c.countingUncertaintyCps.toFixed(1)} cps (1 SD, Poisson)${c.backgroundCps === null ? '' : `, background ${c.backgroundCps.toFixed(2)} cps subtracted`}`,
        `deviation  ${signed(c.deviationPercent)} %  (95 % counting interval ${signed(c.deviation95Percent[0])} … ${signed(c.deviation95Percent[1])} %${c.deviationSignificant ? '; larger than counting noise' : '; within counting noise'})`,
      ];
      if (c.reasons.includes('counts-too-low'))
        lines.push(
          `note       too few counts to resolve ±${c.tolerance.warnPercent} %: count at least ${c.countsNeededForWarnResolution} source counts`,
        );
      if (backgroundCheck)
        lines.push(
          `background ${backgroundCheck.backgroundCps.toFixed(2)} cps (limit ${backgroundCheck.maxBackgroundCps} cps): ${backgroundCheck.result.toUpperCase()}`,
        );
      lines.push(
        `result     ${result.toUpperCase()}  (warn beyond ±${c.tolerance.warnPercent} %, fail beyond ±${c.tolerance.failPercent} %)`,
      );
      return lines.join('\n');
    });
    return 0;
  },
};
