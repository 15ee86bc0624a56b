// `rgs attenuation`: narrow-beam photon attenuation of a material at an energy (NIST XAAMDI).
import { messagesOf } from '@openrgs/outcome';
import { attenuationAt, findMaterial, listMaterials } from '@openrgs/physics';
import {
  booleanFlag,
  CliError,
  type Command,
  JSON_OPTION,
  parseNumber,
  requireString,
  stringFlag,
  writeResult,
} from '../command.js';

export const command: Command = {
  name: 'attenuation',
  summary: 'mass and linear attenuation coefficient and half-value layer of a material at a photon energy',
  usage: '--material M --energy-kev E [--json] | --list [--json]',
  details: [
    'μ/ρ is the NIST total attenuation with coherent scattering, log-log interpolated between tabulated',
    'energies and never across an absorption edge; μ = μ/ρ · ρ with the NIST density; HVL = ln 2 / μ',
    '(narrow beam, no build-up). Energies outside the table (1 keV – 20 MeV) are refused, not extrapolated.',
  ].join('\n'),
  options: {
    material: {
      type: 'string',
      description:
        'water, soft-tissue, cortical-bone, air, lead, tungsten, csi, cdte, nai (rgs attenuation --list)',
    },
    'energy-kev': { type: 'string', description: 'photon energy (keV), e.g. 140.5' },
    list: { type: 'boolean', description: 'list the materials with density (g/cm³) and energy range (keV)' },
    json: JSON_OPTION,
  },
  run(io, args) {
    const json = booleanFlag(args, 'json');
    if (booleanFlag(args, 'list')) {
      const all = listMaterials();
      writeResult(
        io,
        json,
        {
          materials: all.map((m) => ({
            id: m.id,
            name: m.name,
            aliases: m.aliases,
            densityGPerCm3: m.densityGPerCm3,
            minEnergyKeV: m.minEnergyKeV,
            maxEnergyKeV: m.maxEnergyKeV,
            source: m.source.table,
          })),
        },
        () =>
          all
            .map(
              (m) =>
                `${m.id.padEnd(14)} ${m.name.padEnd(28)} ρ = ${m.densityGPerCm3} g/cm³  ${m.minEnergyKeV}–${m.maxEnergyKeV} keV`,
            )
            .join('\n'),
      );
      return 0;
    }
    const material = findMaterial(requireString(args, 'material'));
    if (!material.ok) throw new CliError(`--material: ${messagesOf(material.issues)}`);
    const energyText = stringFlag(args, 'energy-kev');
    if (energyText === undefined || energyText === '') throw new CliError('--energy-kev is required', 2);
    const energyKeV = parseNumber(energyText, '--energy-kev', { min: 0, exclusiveMin: true });
    const r = attenuationAt(material.value, energyKeV);
    if (!r.ok) throw new CliError(`--energy-kev: ${messagesOf(r.issues)}`);
    const a = r.value;
    const data = {
      material: a.materialId,
      energyKeV: a.energyKeV,
      massAttenuationCm2PerG: a.massAttenuationCm2PerG,
      massEnergyAbsorptionCm2PerG: a.massEnergyAbsorptionCm2PerG,
      densityGPerCm3: a.densityGPerCm3,
      linearAttenuationPerCm: a.linearAttenuationPerCm,
      halfValueLayerCm: a.halfValueLayerCm,
      tenthValueLayerCm: a.tenthValueLayerCm,
      source: a.source,
    };
    writeResult(io, json, data, () =>
      [
        `${material.value.name} at ${energyKeV} keV`,
        `μ/ρ    ${a.massAttenuationCm2PerG.toPrecision(4)} cm²/g   (μen/ρ ${a.massEnergyAbsorptionCm2PerG.toPrecision(4)} cm²/g)`,
        `ρ      ${a.densityGPerCm3} g/cm³`,
        `μ      ${a.linearAttenuationPerCm.toPrecision(4)} /cm`,
        `HVL    ${a.halfValueLayerCm.toPrecision(4)} cm   (TVL ${a.tenthValueLayerCm.toPrecision(4)} cm), narrow beam`,
        `source: ${a.source}`,
      ].join('\n'),
    );
    return 0;
  },
};
