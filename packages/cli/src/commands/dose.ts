// `rgs dose`: staff dose for the operation, ambient dose rate, pregnant-staff check, specimen/waste storage.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  computeDose,
  type DoseReport,
  describeIssues,
  findTracer,
  type Plan,
  parsePlanText,
  physicsDoseContext,
  resolveTracer,
  type SpecimenInput,
  STAFF_ROLES,
  type StaffRole,
} from '@openrgs/planning';
import {
  booleanFlag,
  CliError,
  type Command,
  JSON_OPTION,
  optionalNumber,
  type ParsedArgs,
  parseIsoInstant,
  parseNumber,
  requireIso,
  requireNumber,
  requireString,
  stringFlag,
  writeResult,
} from '../command.js';

function list(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.map(String);
  return [String(v)];
}

function role(text: string, flag: string): StaffRole {
  if ((STAFF_ROLES as readonly string[]).includes(text)) return text as StaffRole;
  throw new CliError(`--${flag}: '${text}' is not a staff role; one of ${STAFF_ROLES.join(', ')}`, 2);
}

function roleValues(
  args: ParsedArgs,
  flag: string,
  bounds: { min: number; max: number; exclusiveMin?: boolean },
): Partial<Record<StaffRole, number>> {
  const out: Partial<Record<StaffRole, number>> = {};
  for (const item of list(args, flag)) {
    const eq = item.indexOf('=');
    if (eq < 1) throw new CliError(`--${flag}: '${item}' must be ROLE=VALUE, e.g. scrub-nurse=80`, 2);
    out[role(item.slice(0, eq), flag)] = parseNumber(
      item.slice(eq + 1),
      `--${flag} ${item.slice(0, eq)}`,
      bounds,
    );
  }
  return out;
}

/** LABEL:ACTIVITY_MBQ:MASS_G[@ISO] */
function specimens(args: ParsedArgs, defaultMeasuredAtMs: number): SpecimenInput[] {
  return list(args, 'specimen').map((item) => {
    const [main, at] = item.split('@');
    const parts = (main ?? '').split(':');
    if (parts.length !== 3 || (parts[0] ?? '') === '') {
      throw new CliError(
        `--specimen: '${item}' must be LABEL:ACTIVITY_MBQ:MASS_G[@ISO-TIME], e.g. "ileal segment:0.8:120"`,
        2,
      );
    }
    return {
      label: parts[0] ?? '',
      activityMBq: parseNumber(parts[1] ?? '', `--specimen ${parts[0]} activity (MBq)`, { min: 0 }),
      massG: parseNumber(parts[2] ?? '', `--specimen ${parts[0]} mass (g)`, { min: 0, exclusiveMin: true }),
      measuredAtMs:
        at === undefined ? defaultMeasuredAtMs : parseIsoInstant(at, `--specimen ${parts[0]} time`),
    };
  });
}

async function planFrom(io: Parameters<Command['run']>[0], args: ParsedArgs): Promise<Plan> {
  const input = stringFlag(args, 'input');
  if (input !== undefined) {
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, input), 'utf8');
    } catch (error) {
      throw new CliError(
        `--input: cannot read '${input}' (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    const parsed = parsePlanText(text);
    if (!parsed.ok) throw new CliError(`${input} is not a valid plan:\n${describeIssues(parsed.issues)}`);
    return parsed.value;
  }
  const tracer = requireString(args, 'tracer');
  if (findTracer(tracer) === undefined)
    throw new CliError(
      `--tracer: '${tracer}' is not a tracer preset (rgs plan --list-tracers); a custom tracer needs --input PLAN.json`,
      2,
    );
  const injectedActivityMBq = requireNumber(args, 'activity-mbq', { min: 0, exclusiveMin: true });
  requireIso(args, 'injected-at');
  requireIso(args, 'surgery-start');
  if (Date.parse(requireString(args, 'surgery-start')) < Date.parse(requireString(args, 'injected-at')))
    throw new CliError('--surgery-start: must not be before --injected-at', 2);
  return {
    tracer,
    injectedActivityMBq,
    injectedAt: requireString(args, 'injected-at'),
    surgeryStart: requireString(args, 'surgery-start'),
    surgeryDurationMinutes: requireNumber(args, 'duration-min', { min: 0, exclusiveMin: true, max: 1440 }),
    probe: 'none',
    lesions: [{ label: 'none', diameterMm: 1, depthCm: 1, uptakeRatio: 1 }],
  };
}

function fixed(x: number, d: number): string {
  return Number.isFinite(x) ? x.toFixed(d) : '∞';
}

function text(r: DoseReport): string {
  const lines: string[] = [];
  lines.push(`Radiation protection: ${r.tracer.name}, ${r.injectedActivityMBq} MBq injected ${r.injectedAt}`);
  lines.push(
    `Operation ${r.surgeryStart} to ${r.surgeryEnd} (${fixed(r.hoursAfterInjection.surgeryStart, 1)}–${fixed(r.hoursAfterInjection.surgeryEnd, 1)} h after injection); ${fixed(r.cumulatedActivityMBqHours, 1)} MBq·h in the patient during it`,
  );
  lines.push(
    `H*(10) rate constant ${fixed(r.doseRateConstant.microSvPerHourPerMBqAt1m, 4)} µSv·m²/(MBq·h); self-attenuation ${r.selfAttenuation.value} (${r.selfAttenuation.basis}); activity ${r.sourceDepthCm.value} cm deep`,
  );
  lines.push(
    '',
    `${'staff'.padEnd(15)} ${'distance cm'.padStart(11)} ${'occupancy'.padStart(9)} ${'rate µSv/h'.padStart(11)} ${'dose µSv'.padStart(9)}`,
  );
  for (const s of r.staff) {
    lines.push(
      `${s.role.padEnd(15)} ${fixed(s.distanceCm, 1).padStart(11)} ${fixed(s.occupancy, 2).padStart(9)} ${fixed(s.doseRateAtStartMicroSvPerHour, 2).padStart(11)} ${fixed(s.doseMicroSv, 1).padStart(9)}`,
    );
  }
  lines.push(
    '',
    `Ambient dose rate at 1 m: ${fixed(r.ambientDoseRateAt1m.atSurgeryStartMicroSvPerHour, 2)} µSv/h at the start, ${fixed(r.ambientDoseRateAt1m.atSurgeryEndMicroSvPerHour, 2)} µSv/h at the end`,
  );
  lines.push(
    `Pregnant staff (limit ${r.pregnancy.limitMilliSv.value} mSv for the remainder of pregnancy; ${r.pregnancy.limitMilliSv.source}):`,
  );
  for (const c of r.pregnancy.checks) {
    lines.push(
      `  ${c.role}: ${fixed(c.doseThisOperationMilliSv * 1000, 1)} µSv this operation — ${c.withinLimit ? 'within the limit' : 'EXCEEDS the limit'}; ${Number.isFinite(c.operationsWithinLimit) ? c.operationsWithinLimit : 'unlimited'} such operations before reaching it`,
    );
  }
  if (r.specimens.length > 0 && r.clearance) {
    lines.push(
      '',
      `Specimens and waste (clearance ${r.clearance.levelBqPerG.value} Bq/g; ${r.clearance.levelBqPerG.source}):`,
    );
    for (const s of r.specimens) {
      lines.push(
        `  ${s.label}: ${s.activityMBq} MBq in ${s.massG} g (${fixed(s.concentrationBqPerG, 0)} Bq/g at ${s.measuredAt}) — store ${fixed(s.storageHours, 1)} h, release from ${s.releaseAt}`,
      );
    }
  }
  lines.push('', 'Assumptions:', ...r.assumptions.map((a) => `  - ${a}`));
  return lines.join('\n');
}

export const command: Command = {
  name: 'dose',
  summary: 'staff dose, ambient dose rate, pregnant-staff check and specimen storage for an operation',
  usage:
    '(--input PLAN.json | --tracer ID --activity-mbq A --injected-at ISO --surgery-start ISO --duration-min M) [--distance ROLE=CM]... [--occupancy ROLE=F]... [--pregnant ROLE]... [--specimen LABEL:MBQ:G[@ISO]]... [--json]',
  details: [
    `Staff roles: ${STAFF_ROLES.join(', ')}. Defaults: hands 2.5 cm, body 30 cm, anaesthetist 100 cm (Brenner 2000),`,
    'scrub nurse 60 cm; occupancy 1. Doses are H*(10) in µSv from the patient as an attenuated point source',
    '(docs/planning.md §7). Pregnancy limit: 1 mSv for the remainder of pregnancy (EU BSS 2013/59/Euratom Art. 10).',
    'Clearance levels: EU BSS Annex VII Table A (Bq/g); specimens measured at the end of surgery unless @ISO is given.',
  ].join('\n'),
  options: {
    input: {
      type: 'string',
      description:
        'PLAN.json giving tracer, injectedActivityMBq, injectedAt, surgeryStart, surgeryDurationMinutes',
    },
    tracer: { type: 'string', description: 'tracer preset id (instead of --input)' },
    'activity-mbq': { type: 'string', description: 'injected activity (MBq)' },
    'injected-at': { type: 'string', description: 'injection time, ISO-8601 with zone' },
    'surgery-start': { type: 'string', description: 'operation start, ISO-8601 with zone' },
    'duration-min': { type: 'string', description: 'operation length (min)' },
    'self-attenuation': {
      type: 'string',
      description: 'patient self-attenuation factor (0–1]; default by nuclide',
    },
    'source-depth-cm': {
      type: 'string',
      description: 'depth of the activity below the patient surface facing staff (cm; default 10)',
    },
    distance: {
      type: 'string',
      multiple: true,
      description: 'ROLE=CM distance from the patient surface (cm), repeatable',
    },
    occupancy: {
      type: 'string',
      multiple: true,
      description: 'ROLE=FRACTION of the operation spent at that distance (0–1), repeatable',
    },
    pregnant: {
      type: 'string',
      multiple: true,
      description: 'ROLE held by a pregnant worker (repeatable; default: check every role)',
    },
    'pregnancy-limit-msv': {
      type: 'string',
      description: 'dose limit to the embryo/fetus for the remainder of pregnancy (mSv; default 1)',
    },
    specimen: {
      type: 'string',
      multiple: true,
      description: 'LABEL:ACTIVITY_MBQ:MASS_G[@ISO] specimen or waste item (MBq, g), repeatable',
    },
    'clearance-bq-per-g': {
      type: 'string',
      description: 'clearance level (Bq/g) instead of the EU BSS default for the nuclide',
    },
    json: JSON_OPTION,
  },
  async run(io, args) {
    const plan = await planFrom(io, args);
    const tracer = resolveTracer(plan);
    const endMs = Date.parse(plan.surgeryStart) + plan.surgeryDurationMinutes * 60_000;
    const pregnancyLimit = optionalNumber(args, 'pregnancy-limit-msv', { min: 0, exclusiveMin: true });
    const selfAttenuation = optionalNumber(args, 'self-attenuation', { min: 0, exclusiveMin: true, max: 1 });
    const sourceDepthCm = optionalNumber(args, 'source-depth-cm', { min: 0, max: 50 });
    const clearance = optionalNumber(args, 'clearance-bq-per-g', { min: 0, exclusiveMin: true });
    const computed = computeDose(
      {
        tracer,
        injectedActivityMBq: plan.injectedActivityMBq,
        injectedAt: plan.injectedAt,
        surgeryStart: plan.surgeryStart,
        surgeryDurationMinutes: plan.surgeryDurationMinutes,
        distancesCm: roleValues(args, 'distance', { min: 0, max: 1000 }),
        occupancy: roleValues(args, 'occupancy', { min: 0, max: 1 }),
        pregnantRoles: list(args, 'pregnant').map((r) => role(r, 'pregnant')),
        specimens: specimens(args, endMs),
        ...(selfAttenuation === undefined ? {} : { selfAttenuation }),
        ...(sourceDepthCm === undefined ? {} : { sourceDepthCm }),
        ...(pregnancyLimit === undefined ? {} : { pregnancyLimitMilliSv: pregnancyLimit }),
        ...(clearance === undefined ? {} : { clearanceBqPerG: clearance }),
      },
      physicsDoseContext,
    );
    if (!computed.ok) throw new CliError(describeIssues(computed.issues));
    writeResult(io, booleanFlag(args, 'json'), computed.value, () => text(computed.value));
    return 0;
  },
};
