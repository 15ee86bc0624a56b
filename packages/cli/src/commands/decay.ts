// `rgs decay`: activity of a source at another time, with the decay factor (LNHB half-lives).
import { messagesOf } from '@openrgs/outcome';
import {
  activityAt,
  cumulatedActivity,
  findNuclide,
  type Nuclide,
  nuclideSourceText,
  parseInstant,
} from '@openrgs/physics';
import {
  booleanFlag,
  CliError,
  type Command,
  JSON_OPTION,
  type ParsedArgs,
  requireNumber,
  requireString,
  writeResult,
} from '../command.js';

export function requireNuclide(args: ParsedArgs): Nuclide {
  const found = findNuclide(requireString(args, 'nuclide'));
  if (!found.ok) throw new CliError(`--nuclide: ${messagesOf(found.issues)}`);
  return found.value;
}

function requireInstant(args: ParsedArgs, name: string): number {
  const parsed = parseInstant(requireString(args, name));
  if (!parsed.ok) throw new CliError(`--${name}: ${messagesOf(parsed.issues)}`);
  return parsed.value;
}

export const command: Command = {
  name: 'decay',
  summary: 'activity of a source at another time: A = A0 · 2^(−Δt/T½)',
  usage: '--nuclide N --activity-mbq A --from ISO --to ISO [--json]',
  details: [
    'A0 is the activity at --from; the answer is the activity at --to (which may be earlier: the factor is',
    'then above 1). Times are ISO-8601 with a zone, e.g. 2026-11-26T08:30:00+01:00. The cumulated activity',
    '∫A dt over [from, to] (MBq·h, physical decay only) is given when --to is not before --from.',
  ].join('\n'),
  options: {
    nuclide: { type: 'string', description: 'radionuclide, e.g. Tc-99m, In-111, Ga-68' },
    'activity-mbq': { type: 'string', description: 'activity at --from (MBq, >= 0)' },
    from: { type: 'string', description: 'time the activity was measured, ISO-8601 with zone' },
    to: { type: 'string', description: 'time the activity is wanted at, ISO-8601 with zone' },
    json: JSON_OPTION,
  },
  run(io, args) {
    const nuclide = requireNuclide(args);
    const activityMBq = requireNumber(args, 'activity-mbq', { min: 0 });
    const fromEpochMs = requireInstant(args, 'from');
    const toEpochMs = requireInstant(args, 'to');
    const r = activityAt({
      halfLifeSeconds: nuclide.halfLifeSeconds,
      activityMBq,
      referenceEpochMs: fromEpochMs,
      atEpochMs: toEpochMs,
    });
    const cumulated =
      toEpochMs >= fromEpochMs
        ? cumulatedActivity({
            halfLifeSeconds: nuclide.halfLifeSeconds,
            activityMBq,
            referenceEpochMs: fromEpochMs,
            fromEpochMs,
            toEpochMs,
          }).cumulatedActivityMBqHours
        : null;
    const data = {
      nuclide: nuclide.name,
      halfLifeSeconds: nuclide.halfLifeSeconds,
      fromActivityMBq: activityMBq,
      from: new Date(fromEpochMs).toISOString(),
      to: new Date(toEpochMs).toISOString(),
      elapsedSeconds: r.elapsedSeconds,
      decayFactor: r.decayFactor,
      activityMBq: r.activityMBq,
      cumulatedActivityMBqHours: cumulated,
      source: nuclideSourceText(nuclide),
    };
    writeResult(io, booleanFlag(args, 'json'), data, () =>
      [
        `${nuclide.name}: ${activityMBq} MBq at ${data.from} → ${r.activityMBq.toPrecision(5)} MBq at ${data.to}`,
        `elapsed ${r.elapsedSeconds} s (${(r.elapsedSeconds / 3600).toPrecision(4)} h), decay factor ${r.decayFactor.toPrecision(6)}, T½ ${nuclide.halfLifeSeconds} s`,
        ...(cumulated === null
          ? []
          : [`cumulated activity over the interval ${cumulated.toPrecision(5)} MBq·h`]),
        `source: ${data.source}`,
      ].join('\n'),
    );
    return 0;
  },
};
