// `rgs dose-rate`: ambient dose equivalent rate H*(10) near a bare point source.
import { messagesOf } from '@openrgs/outcome';
import { doseRateAt } from '@openrgs/physics';
import { booleanFlag, CliError, type Command, JSON_OPTION, requireNumber, writeResult } from '../command.js';
import { requireNuclide } from './decay.js';

export const command: Command = {
  name: 'dose-rate',
  summary: 'ambient dose equivalent rate H*(10) at a distance from a point source (µSv/h)',
  usage: '--nuclide N --activity-mbq A --distance-m D [--json]',
  details: [
    'Ḣ*(10) = Γ · A / d², Γ computed from the LNHB photon lines (≥ 10 keV) with ICRP 74 H*(10)/Φ;',
    'air kerma rate from NIST μen/ρ of air. Bare point source in vacuum: no patient self-attenuation,',
    'no scatter — a patient with the same activity gives less.',
  ].join('\n'),
  options: {
    nuclide: { type: 'string', description: 'radionuclide, e.g. Tc-99m, F-18, Lu-177' },
    'activity-mbq': { type: 'string', description: 'activity (MBq, >= 0)' },
    'distance-m': { type: 'string', description: 'distance from the source (m, > 0)' },
    json: JSON_OPTION,
  },
  run(io, args) {
    const nuclide = requireNuclide(args);
    const activityMBq = requireNumber(args, 'activity-mbq', { min: 0 });
    const distanceM = requireNumber(args, 'distance-m', { min: 0, exclusiveMin: true });
    const r = doseRateAt({ nuclide, activityMBq, distanceM });
    if (!r.ok) throw new CliError(messagesOf(r.issues));
    const d = r.value;
    const data = {
      nuclide: d.nuclide,
      activityMBq,
      distanceM,
      doseRateMicroSvPerHour: d.doseRateMicroSvPerHour,
      airKermaRateMicroGyPerHour: d.airKermaRateMicroGyPerHour,
      doseRateConstantMicroSvM2PerMBqHour: d.constant.ambientDoseEquivalentRateMicroSvPerHourPerMBqAt1m,
      airKermaRateConstantMicroGyM2PerMBqHour: d.constant.airKermaRateMicroGyPerHourPerMBqAt1m,
      energyCutoffKeV: d.constant.energyCutoffKeV,
      quantity: 'ambient dose equivalent rate H*(10), bare point source in vacuum',
      source: d.source,
    };
    writeResult(io, booleanFlag(args, 'json'), data, () =>
      [
        `${d.nuclide}, ${activityMBq} MBq at ${distanceM} m:`,
        `H*(10) rate   ${d.doseRateMicroSvPerHour.toPrecision(4)} µSv/h   (Γ = ${data.doseRateConstantMicroSvM2PerMBqHour.toPrecision(4)} µSv·m²/(MBq·h))`,
        `air kerma     ${d.airKermaRateMicroGyPerHour.toPrecision(4)} µGy/h   (Γδ = ${data.airKermaRateConstantMicroGyM2PerMBqHour.toPrecision(4)} µGy·m²/(MBq·h), δ = 10 keV)`,
        'bare point source in vacuum; a patient attenuates and scatters',
        `source: ${d.source}`,
      ].join('\n'),
    );
    return 0;
  },
};
