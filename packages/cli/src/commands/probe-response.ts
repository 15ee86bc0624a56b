// `rgs probe-response`: count rate of a probe preset from a point source on its axis, in air or in water.
import { firstIssue } from '@openrgs/outcome';
import {
  applyDeadTime,
  canonicalNuclide,
  createProbeResponse,
  findProbePreset,
  PROBE_PRESETS,
  physics,
  pointSourceCpsPerMBq,
} from '@openrgs/sim';
import {
  booleanFlag,
  CliError,
  type Command,
  JSON_OPTION,
  requireNumber,
  requireString,
  writeResult,
} from '../command.js';

function listPresets(io: Parameters<Command['run']>[0], json: boolean): number {
  writeResult(io, json, PROBE_PRESETS, () =>
    PROBE_PRESETS.map((p) =>
      [
        `${p.id}  ${p.name}`,
        `    ${p.crystal.material} ${p.crystal.diameterCm * 10} mm × ${p.crystal.thicknessCm * 10} mm, crystal ${p.shield.collimatorLengthCm * 10} mm behind the tip, ${p.shield.material} outer ${p.shield.outerDiameterCm * 10} mm`,
        `    windows: ${Object.entries(p.windows)
          .map(([n, w]) => `${n} ${w.lowerKeV}–${w.upperKeV} keV`)
          .join(', ')}`,
      ].join('\n'),
    ).join('\n'),
  );
  return 0;
}

export const command: Command = {
  name: 'probe-response',
  summary: 'count rate and sensitivity of a probe preset for a point source on its axis (air or water)',
  usage:
    '--probe PRESET --nuclide N --activity-mbq A --distance-cm D --medium air|water [--json] | --list [--json]',
  details: [
    'The source is a point on the probe axis, D cm in front of the tip. Medium water: the tip touches a water',
    'surface and the source is D cm deep (NIST attenuation plus the in-window scatter build-up of @openrgs/sim);',
    'air: no attenuation. rateCps is the observed rate from the source after the probe dead time (probe',
    'background not included); sensitivityCpsPerMBq is the source rate per MBq before dead time.',
    'Model and assumptions: packages/sim/README.md.',
  ].join('\n'),
  options: {
    probe: { type: 'string', description: `probe preset id (${PROBE_PRESETS.map((p) => p.id).join(', ')})` },
    nuclide: { type: 'string', description: 'radionuclide, e.g. Tc-99m, In-111, Ga-68, Co-57' },
    'activity-mbq': { type: 'string', description: 'source activity, MBq (>= 0)' },
    'distance-cm': {
      type: 'string',
      description: 'distance from the probe tip to the source along the axis, cm (>= 0)',
    },
    medium: { type: 'string', description: 'air or water between tip and source' },
    list: {
      type: 'boolean',
      description: 'list the probe presets (with their assumed dimensions and windows)',
    },
    json: JSON_OPTION,
  },
  run(io, args) {
    const json = booleanFlag(args, 'json');
    if (booleanFlag(args, 'list')) return listPresets(io, json);
    const probeId = requireString(args, 'probe');
    const probe = findProbePreset(probeId);
    if (!probe) {
      throw new CliError(
        `--probe: unknown preset '${probeId}' (known: ${PROBE_PRESETS.map((p) => p.id).join(', ')})`,
      );
    }
    const nuclideText = requireString(args, 'nuclide');
    const nuclide = canonicalNuclide(nuclideText);
    if (nuclide === undefined) {
      throw new CliError(
        `--nuclide: unknown nuclide '${nuclideText}' (known: ${physics.nuclides().join(', ')})`,
      );
    }
    const activityMBq = requireNumber(args, 'activity-mbq', { min: 0 });
    const distanceCm = requireNumber(args, 'distance-cm', { min: 0 });
    const medium = requireString(args, 'medium');
    if (medium !== 'air' && medium !== 'water')
      throw new CliError(`--medium: '${medium}' is not air or water`, 2);
    const made = createProbeResponse({ probe, nuclide, tissue: 'water', physics });
    if (!made.ok) throw new CliError(`--nuclide: ${firstIssue(made.issues).message}`);
    const sensitivityCpsPerMBq = pointSourceCpsPerMBq(
      made.value,
      0,
      distanceCm,
      medium === 'water' ? distanceCm : 0,
    );
    const trueRateCps = sensitivityCpsPerMBq * activityMBq;
    const rateCps = applyDeadTime(trueRateCps, probe.deadTimeSeconds);
    const data = {
      rateCps,
      sensitivityCpsPerMBq,
      probe: probe.id,
      nuclide,
      activityMBq,
      distanceCm,
      medium,
      window: made.value.window,
      trueRateCps,
      deadTimeSeconds: probe.deadTimeSeconds,
      probeBackgroundCps: probe.backgroundCps,
      lines: made.value.lines.map((l) => ({
        energyKeV: l.energyKeV,
        photonsPerDecay: l.photonsPerDecay,
        windowFraction: l.windowFraction,
        photopeakFraction: l.peakFraction,
        scatterBuildUpSlope: l.scatterSlope,
      })),
    };
    writeResult(io, json, data, () =>
      [
        `${probe.id}, ${nuclide} ${activityMBq} MBq at ${distanceCm} cm in ${medium}`,
        `rate         ${rateCps.toFixed(1)} cps (after ${probe.deadTimeSeconds * 1e6} µs dead time; ${trueRateCps.toFixed(1)} cps before)`,
        `sensitivity  ${sensitivityCpsPerMBq.toFixed(1)} cps/MBq`,
        `window       ${made.value.window.lowerKeV}–${made.value.window.upperKeV} keV; probe background ${probe.backgroundCps} cps (not included)`,
      ].join('\n'),
    );
    return 0;
  },
};
