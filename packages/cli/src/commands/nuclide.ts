// `rgs nuclide <name>`: half-life and photon emissions of a radionuclide (LNHB/DDEP data).
import { messagesOf } from '@openrgs/outcome';
import { findNuclide, listNuclides, type Nuclide, nuclideSourceText } from '@openrgs/physics';
import { booleanFlag, CliError, type Command, JSON_OPTION, writeResult } from '../command.js';

function nuclideJson(n: Nuclide) {
  return {
    name: n.name,
    element: n.element,
    atomicNumber: n.atomicNumber,
    halfLifeSeconds: n.halfLifeSeconds,
    halfLifeUncertaintySeconds: n.halfLifeUncertaintySeconds,
    halfLifePublished: n.halfLifePublished,
    betaPlusPerDecay: n.betaPlusPerDecay,
    decayModes: n.decayModes,
    emissions: n.emissions.map((e) => ({
      type: e.type,
      energyKeV: e.energyKeV,
      yieldPerDecay: e.yieldPerDecay,
      yieldUncertaintyPerDecay: e.yieldUncertaintyPerDecay,
      line: e.line,
    })),
    evaluation: n.source.evaluation,
    source: nuclideSourceText(n),
  };
}

function nuclideText(n: Nuclide): string {
  const p = n.halfLifePublished;
  const lines = [
    `${n.name} (${n.element}, Z = ${n.atomicNumber})`,
    `half-life      ${p.value} ± ${p.uncertainty} ${p.unit} = ${n.halfLifeSeconds} s`,
    `decay          ${n.decayModes.map((m) => `${m.mode} → ${m.daughter} ${m.branchPercent} %`).join('; ')}`,
    `beta+ / decay  ${n.betaPlusPerDecay}`,
    '',
    'photon emissions (yield >= 0.1 % per decay):',
    '  energy keV   yield %   type',
    ...n.emissions.map(
      (e) =>
        `  ${e.energyKeV.toFixed(3).padStart(10)}  ${(e.yieldPerDecay * 100).toPrecision(4).padStart(8)}   ${e.type}${e.line.startsWith('X') ? ` (${e.line})` : ''}`,
    ),
    '',
    `source: ${nuclideSourceText(n)}`,
  ];
  return lines.join('\n');
}

export const command: Command = {
  name: 'nuclide',
  summary: 'half-life and photon emissions of a radionuclide (LNHB/DDEP evaluated data)',
  usage: '<name> [--json] | --list [--json]',
  details: [
    'Names are case-insensitive and take the usual spellings: Tc-99m, 99mTc, Tc99m, tc-99m.',
    'Half-life in seconds (1 a = 365.2422 d); yieldPerDecay is photons per decay (0.885 = 88.5 %);',
    'the 511 keV annihilation line counts both photons. Lines below 0.1 % per decay are left out.',
  ].join('\n'),
  positionals: true,
  options: {
    list: { type: 'boolean', description: 'list the known nuclides with their half-lives (s)' },
    json: JSON_OPTION,
  },
  run(io, args) {
    const json = booleanFlag(args, 'json');
    if (booleanFlag(args, 'list')) {
      if (args.positionals.length > 0)
        throw new CliError('give either a nuclide name or --list, not both', 2);
      const all = listNuclides();
      writeResult(
        io,
        json,
        {
          nuclides: all.map((n) => ({
            name: n.name,
            halfLifeSeconds: n.halfLifeSeconds,
            evaluation: n.source.evaluation,
          })),
        },
        () =>
          all
            .map(
              (n) =>
                `${n.name.padEnd(8)} T½ = ${n.halfLifePublished.value} ${n.halfLifePublished.unit}  (${n.source.evaluation})`,
            )
            .join('\n'),
      );
      return 0;
    }
    const [name, ...extra] = args.positionals;
    if (name === undefined) throw new CliError('name a nuclide (e.g. rgs nuclide Tc-99m) or use --list', 2);
    if (extra.length > 0) throw new CliError(`one nuclide at a time; unexpected '${extra.join(' ')}'`, 2);
    const found = findNuclide(name);
    if (!found.ok) throw new CliError(messagesOf(found.issues));
    writeResult(io, json, nuclideJson(found.value), () => nuclideText(found.value));
    return 0;
  },
};
