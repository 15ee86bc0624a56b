// Turns the verbatim source files into the two JSON data files the package ships. Pure: the caller
// passes the file texts (scripts/build-data.ts reads them; the data test compares the result with the
// committed JSON). Not part of the public API.
import {
  MATERIAL_FILES,
  MIN_YIELD_PER_DECAY,
  NUCLIDE_FILES,
  ROENTGEN_REPO,
  SECONDS_PER_UNIT,
} from './catalogue.js';
import { parseLara } from './parse-lara.js';
import { parseNistCsv, snapEdges } from './parse-nist.js';

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
    const rows = snapEdges(parseNistCsv(readSource(m.file)), m.edges);
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
      },
      // [energyKeV, mu/rho (cm²/g), mu_en/rho (cm²/g)]; an edge is two rows with the same energy.
      table: rows.map((r) => [r.energyKeV, r.massAttenuationCm2PerG, r.massEnergyAbsorptionCm2PerG]),
    };
  });
  return {
    description:
      'Photon mass attenuation coefficients mu/rho (total, with coherent scattering) and mass energy-absorption coefficients mu_en/rho, 1 keV to 20 MeV.',
    source:
      'J. H. Hubbell and S. M. Seltzer, Tables of X-Ray Mass Attenuation Coefficients and Mass Energy-Absorption Coefficients (NIST Standard Reference Database 126, version 1.4, 2004), as copied in github.com/ehsteve/roentgen; edge energies restored to the NIST 6-digit values.',
    materials,
  };
}
