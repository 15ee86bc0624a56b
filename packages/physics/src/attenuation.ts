// Photon attenuation in the materials of a probe, its shielding and the patient: NIST XAAMDI μ/ρ
// (total, with coherent scattering) and μen/ρ, log-log interpolated (see interpolate.ts and
// data/README.md). Narrow-beam quantities: no build-up.
import data from '../data/attenuation.json' with { type: 'json' };
import { interpolateLogLog } from './interpolate.js';
import { assertNonNegative, failure, type PhysicsResult, success, unwrap } from './result.js';

export interface AbsorptionEdge {
  element: string;
  shell: string;
  energyKeV: number;
}

export interface MaterialSource {
  /** NIST page(s) the table reproduces or is derived from. */
  table: string;
  repository: string;
  file: string;
  commit: string;
  /** Present for a derived table (mixture rule): how it was made. */
  derivation?: string;
  /** Printed values that were replaced, with the reason (see data/README.md). */
  corrections?: readonly { energyKeV: number; printedMassAttenuationCm2PerG: number; reason: string }[];
}

export interface Material {
  /** Stable id: water, soft-tissue, cortical-bone, air, lead, tungsten, csi, cdte, nai. */
  id: string;
  name: string;
  aliases: readonly string[];
  /** `mixture`: derived here from NIST element tables by the mixture rule (see source.derivation). */
  kind: 'element' | 'compound' | 'mixture';
  densityGPerCm3: number;
  edges: readonly AbsorptionEdge[];
  /** Lowest and highest tabulated energy (keV). */
  minEnergyKeV: number;
  maxEnergyKeV: number;
  source: MaterialSource;
  /** Rows [energyKeV, μ/ρ cm²/g, μen/ρ cm²/g]; an edge is two rows at the same energy. */
  table: readonly (readonly [number, number, number])[];
}

export interface Attenuation {
  materialId: string;
  energyKeV: number;
  /** μ/ρ, total with coherent scattering (cm²/g). */
  massAttenuationCm2PerG: number;
  /** μen/ρ (cm²/g). */
  massEnergyAbsorptionCm2PerG: number;
  densityGPerCm3: number;
  /** μ = (μ/ρ)·ρ (1/cm). */
  linearAttenuationPerCm: number;
  /** ln 2 / μ (cm), narrow beam. */
  halfValueLayerCm: number;
  /** ln 10 / μ (cm), narrow beam. */
  tenthValueLayerCm: number;
  source: string;
}

interface Columns {
  energies: number[];
  mu: number[];
  muEn: number[];
}

/** A material as stored in attenuation.json, before checkMaterial. */
export type RawMaterial = (typeof data.materials)[number];

/**
 * Checks one material of attenuation.json as it loads (exported for its tests, not from the package):
 * energies ascending (equal at an edge), μ/ρ and μen/ρ positive, a positive density, at least two rows.
 */
export function checkMaterial(raw: RawMaterial): { material: Material; columns: Columns } {
  const rows = raw.table as [number, number, number][];
  const columns: Columns = { energies: [], mu: [], muEn: [] };
  let previous = 0;
  for (const [e, mu, muEn] of rows) {
    if (!(e >= previous) || !(mu > 0) || !(muEn > 0))
      throw new Error(`attenuation.json: ${raw.id} has a malformed row at ${e} keV`);
    previous = e;
    columns.energies.push(e);
    columns.mu.push(mu);
    columns.muEn.push(muEn);
  }
  if (!(raw.densityGPerCm3 > 0) || rows.length < 2)
    throw new Error(`attenuation.json: ${raw.id} is incomplete`);
  const material: Material = {
    id: raw.id,
    name: raw.name,
    aliases: raw.aliases,
    kind: raw.kind as Material['kind'],
    densityGPerCm3: raw.densityGPerCm3,
    edges: raw.edges,
    minEnergyKeV: columns.energies[0] as number,
    maxEnergyKeV: columns.energies[columns.energies.length - 1] as number,
    source: raw.source as MaterialSource,
    table: rows,
  };
  return { material, columns };
}

const CHECKED = data.materials.map(checkMaterial);
const MATERIALS: readonly Material[] = Object.freeze(CHECKED.map((c) => c.material));
const COLUMNS = new Map<string, Columns>(CHECKED.map((c) => [c.material.id, c.columns]));

/** Source of the whole attenuation table (one line, for `source` fields). */
export const ATTENUATION_DATA_SOURCE: string = data.source;

// Any case folding and any one separator would do (upper case, '' for ' '): the same function makes
// the keys and the lookups, so those mutants are equivalent (docs/mutation.md).
const normalise = (s: string): string =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
const BY_NAME = new Map<string, Material>();
for (const m of MATERIALS) {
  for (const key of [m.id, m.name, ...m.aliases]) BY_NAME.set(normalise(key), m);
}

export function listMaterials(): readonly Material[] {
  return MATERIALS;
}

export function findMaterial(name: string): PhysicsResult<Material> {
  const found = BY_NAME.get(normalise(name));
  if (found) return success(found);
  return failure(
    'unknown_material',
    `unknown material '${name}'; known: ${MATERIALS.map((m) => m.id).join(', ')}`,
  );
}

/** Throwing variant of findMaterial. */
export function getMaterial(name: string): Material {
  return unwrap(findMaterial(name));
}

export function materialSourceText(material: Material): string {
  const base = `NIST XAAMDI (Hubbell & Seltzer, SRD 126 v1.4), ${material.source.table}`;
  return material.kind === 'mixture' ? `${base}; derived by the mixture rule Σ wᵢ(μ/ρ)ᵢ` : base;
}

/** All attenuation quantities of `material` (object or name) at `energyKeV`. */
export function attenuationAt(material: Material | string, energyKeV: number): PhysicsResult<Attenuation> {
  let m: Material;
  if (typeof material === 'string') {
    const found = findMaterial(material);
    if (!found.ok) return found;
    m = found.value;
  } else {
    m = material;
  }
  const columns = COLUMNS.get(m.id);
  if (!columns) return failure('unknown_material', `unknown material '${m.id}'`);
  if (!Number.isFinite(energyKeV))
    return failure('invalid_number', `photon energy '${energyKeV}' keV is not a finite number`);
  const mu = interpolateLogLog(columns.energies, columns.mu, energyKeV);
  const muEn = interpolateLogLog(columns.energies, columns.muEn, energyKeV);
  // Both columns share one energy column, so both are undefined or neither: testing either one alone
  // (or both with &&) is an equivalent mutant (docs/mutation.md); both are tested for the type checker.
  if (mu === undefined || muEn === undefined)
    return failure(
      'energy_out_of_range',
      `photon energy ${energyKeV} keV is outside the ${m.id} table (${m.minEnergyKeV}–${m.maxEnergyKeV} keV); no extrapolation`,
    );
  const linear = mu * m.densityGPerCm3;
  return success({
    materialId: m.id,
    energyKeV,
    massAttenuationCm2PerG: mu,
    massEnergyAbsorptionCm2PerG: muEn,
    densityGPerCm3: m.densityGPerCm3,
    linearAttenuationPerCm: linear,
    halfValueLayerCm: Math.LN2 / linear,
    tenthValueLayerCm: Math.LN10 / linear,
    source: materialSourceText(m),
  });
}

/** Throwing variant of attenuationAt (PhysicsError). */
export function getAttenuation(material: Material | string, energyKeV: number): Attenuation {
  return unwrap(attenuationAt(material, energyKeV));
}

/** μ/ρ (cm²/g) — throws PhysicsError on an unknown material or an energy outside the table. */
export function massAttenuationCm2PerG(material: Material | string, energyKeV: number): number {
  return getAttenuation(material, energyKeV).massAttenuationCm2PerG;
}

/** μen/ρ (cm²/g) — throws PhysicsError like massAttenuationCm2PerG. */
export function massEnergyAbsorptionCm2PerG(material: Material | string, energyKeV: number): number {
  return getAttenuation(material, energyKeV).massEnergyAbsorptionCm2PerG;
}

/** μ (1/cm) at the material's NIST density — throws PhysicsError like massAttenuationCm2PerG. */
export function linearAttenuationPerCm(material: Material | string, energyKeV: number): number {
  return getAttenuation(material, energyKeV).linearAttenuationPerCm;
}

/**
 * Narrow-beam transmission exp(−μx) through `thicknessCm` of the material (no build-up, so it
 * underestimates what a broad beam lets through). Throws PhysicsError like massAttenuationCm2PerG.
 */
export function transmission(material: Material | string, energyKeV: number, thicknessCm: number): number {
  assertNonNegative(thicknessCm, 'thicknessCm');
  return Math.exp(-linearAttenuationPerCm(material, energyKeV) * thicknessCm);
}
