// Turns the verbatim source files into the two JSON data files the package ships. Pure: the caller
// passes the file texts (scripts/build-data.ts reads them; the data test compares the result with the
// committed JSON). Not part of the public API.

import { interpolateLogLog } from '../interpolate.js';
import {
  MATERIAL_FILES,
  MIN_YIELD_PER_DECAY,
  MIXTURE_FILES,
  type MixtureSource,
  NUCLIDE_FILES,
  ROENTGEN_REPO,
  SECONDS_PER_UNIT,
  type TableCorrection,
} from './catalogue.js';
import { mixTables } from './mixture.js';
import { parseLara } from './parse-lara.js';
import { type NistRow, parseNistCsv, snapEdges } from './parse-nist.js';

const round = (x: number, digits = 10): number => Number(x.toPrecision(digits));

export function buildNuclideData(readSource: (file: string) => string): unknown {
  const nuclides = NUCLIDE_FILES.map((src) => {
    const rec = parseLara(readSource(src.file));
    if (rec.nuclide !== src.name) throw new Error(`${src.file} holds ${rec.nuclide}, expected ${src.name}`);
    const perUnit = SECONDS_PER_UNIT[rec.halfLife.unit];
    if (perUnit === undefined) throw new Error(`${src.file}: unknown half-life unit '${rec.halfLife.unit}'`);
    const annihilation = rec.emissions.filter((e) => e.type === 'annihilation');
    const annihilationPerDecay = annihilation.reduce((s, e) => s + e.intensityPercent / 100, 0);
    return {
      name: rec.nuclide,
      element: rec.element,
      atomicNumber: rec.atomicNumber,
      halfLifeSeconds: round(rec.halfLife.value * perUnit),
      halfLifeUncertaintySeconds: round(rec.halfLife.uncertainty * perUnit),
      halfLifePublished: rec.halfLife,
      decayModes: rec.decayModes,
      // LARA has no separate β+ line: each positron gives two 511 keV photons, so β+ per decay is
      // half the annihilation yield (LNHB derives the g511 line the same way).
      betaPlusPerDecay: annihilation.length > 0 ? round(annihilationPerDecay / 2, 6) : 0,
      emissions: rec.emissions
        .filter((e) => e.intensityPercent / 100 >= MIN_YIELD_PER_DECAY)
        .map((e) => ({
          type: e.type,
          energyKeV: e.energyKeV,
          yieldPerDecay: round(e.intensityPercent / 100, 8),
          yieldUncertaintyPerDecay:
            e.intensityUncertaintyPercent === null ? null : round(e.intensityUncertaintyPercent / 100, 8),
          line: e.line,
          origin: e.origin,
        })),
      source: {
        evaluation: rec.reference,
        file: src.upstreamPath,
        repository: ROENTGEN_REPO,
        commit: src.upstreamCommit,
      },
    };
  });
  return {
    description:
      'Radionuclide decay data: half-life and photon emissions (yield >= 0.1 % per decay) with beta+ per decay.',
    source:
      'LNHB/DDEP Laraweb files (Laboratoire National Henri Becquerel, Decay Data Evaluation Project), as copied in github.com/ehsteve/roentgen roentgen/data/lara/',
    minYieldPerDecay: MIN_YIELD_PER_DECAY,
    secondsPerYear: SECONDS_PER_UNIT.a,
    nuclides,
  };
}

export function buildAttenuationData(readSource: (file: string) => string): unknown {
  const materials = MATERIAL_FILES.map((m) => {
    const rows = applyCorrections(
      snapEdges(parseNistCsv(readSource(m.file)), m.edges),
      m.corrections ?? [],
      readSource,
    );
    return {
      id: m.id,
      name: m.name,
      aliases: m.aliases,
      kind: m.kind,
      densityGPerCm3: m.densityGPerCm3,
      edges: m.edges,
      source: {
        table: m.nistPage,
        file: m.upstreamPath,
        repository: ROENTGEN_REPO,
        commit: m.upstreamCommit,
        ...(m.corrections && m.corrections.length > 0
          ? {
              corrections: m.corrections.map((c) => ({
                energyKeV: c.energyKeV,
                printedMassAttenuationCm2PerG: c.printedMassAttenuationCm2PerG,
                reason: c.reason,
              })),
            }
          : {}),
      },
      // [energyKeV, mu/rho (cm²/g), mu_en/rho (cm²/g)]; an edge is two rows with the same energy.
      table: rows.map((r) => [r.energyKeV, r.massAttenuationCm2PerG, r.massEnergyAbsorptionCm2PerG]),
    };
  });
  const mixtures = MIXTURE_FILES.map((m) => ({
    id: m.id,
    name: m.name,
    aliases: m.aliases,
    kind: 'mixture',
    densityGPerCm3: m.densityGPerCm3,
    edges: m.components.flatMap((c) => c.edges),
    source: {
      table: m.components.map((c) => c.nistPage).join(' + '),
      file: m.components.map((c) => c.upstreamPath).join(' + '),
      repository: ROENTGEN_REPO,
      commit: m.components.map((c) => c.upstreamCommit).join(' + '),
      derivation: `derived table: mixture rule (mu/rho)mix = sum w_i (mu/rho)_i, mass fractions ${m.components
        .map((c) => `${c.element} ${c.massFraction.toFixed(6)}`)
        .join(', ')}; mu_en/rho by the same rule (approximate); density ${m.densitySource}`,
    },
    table: mixtureRows(m, readSource).map((r) => [
      r.energyKeV,
      r.massAttenuationCm2PerG,
      r.massEnergyAbsorptionCm2PerG,
    ]),
  }));
  return {
    description:
      'Photon mass attenuation coefficients mu/rho (total, with coherent scattering) and mass energy-absorption coefficients mu_en/rho, 1 keV to 20 MeV.',
    source:
      'J. H. Hubbell and S. M. Seltzer, Tables of X-Ray Mass Attenuation Coefficients and Mass Energy-Absorption Coefficients (NIST Standard Reference Database 126, version 1.4, 2004), as copied in github.com/ehsteve/roentgen; edge energies restored to the NIST 6-digit values.',
    materials: [...materials, ...mixtures],
  };
}

/** μ/ρ of a mixture at one energy: Σ wᵢ (μ/ρ)ᵢ(E), each element log-log interpolated. */
export function mixtureAt(m: MixtureSource, energyKeV: number, readSource: (file: string) => string): number {
  return m.components.reduce((sum, c) => {
    const rows = snapEdges(parseNistCsv(readSource(c.file)), c.edges);
    const mu = interpolateLogLog(
      rows.map((r) => r.energyKeV),
      rows.map((r) => r.massAttenuationCm2PerG),
      energyKeV,
    );
    if (mu === undefined) throw new Error(`mixture: ${energyKeV} keV outside ${c.file}`);
    return sum + c.massFraction * mu;
  }, 0);
}

function applyCorrections(
  rows: NistRow[],
  corrections: TableCorrection[],
  readSource: (file: string) => string,
): NistRow[] {
  return rows.map((r) => {
    const c = corrections.find((x) => x.energyKeV === r.energyKeV);
    if (!c) return r;
    if (r.massAttenuationCm2PerG !== c.printedMassAttenuationCm2PerG)
      throw new Error(
        `correction at ${c.energyKeV} keV expects ${c.printedMassAttenuationCm2PerG}, table has ${r.massAttenuationCm2PerG}`,
      );
    return {
      ...r,
      massAttenuationCm2PerG: Number(mixtureAt(c.mixture, r.energyKeV, readSource).toPrecision(4)),
    };
  });
}

export function mixtureRows(m: MixtureSource, readSource: (file: string) => string): NistRow[] {
  return mixTables(
    m.components.map((c) => ({
      rows: snapEdges(parseNistCsv(readSource(c.file)), c.edges),
      massFraction: c.massFraction,
    })),
  );
}
