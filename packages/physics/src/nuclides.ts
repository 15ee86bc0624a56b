// Radionuclide decay data (LNHB/DDEP, see data/README.md): lookup by name with aliases.
import data from '../data/nuclides.json' with { type: 'json' };
import { failure, type PhysicsResult, success, unwrap } from './result.js';

export type EmissionType = 'gamma' | 'x-ray' | 'annihilation';

export interface PhotonEmission {
  type: EmissionType;
  energyKeV: number;
  /** Photons per decay (0.885 = 88.5 %). Annihilation: two photons per positron, so up to 2. */
  yieldPerDecay: number;
  yieldUncertaintyPerDecay: number | null;
  /** LARA line label: g, g511, XKa1, XKa2, XK'b1, XK'b2, XL. */
  line: string;
  /** Nucleus or atom that emits the photon, as printed in the source. */
  origin: string;
}

export interface DecayMode {
  /** As printed in LARA: `B-`, `B+, EC`, `EC`, `I.T.` */
  mode: string;
  daughter: string;
  branchPercent: number;
}

export interface NuclideSource {
  /** Evaluation as printed in the file, e.g. `LNHB, KRI - 2004`. */
  evaluation: string;
  repository: string;
  file: string;
  commit: string;
}

export interface Nuclide {
  /** Canonical name, e.g. `Tc-99m`. */
  name: string;
  element: string;
  atomicNumber: number;
  halfLifeSeconds: number;
  halfLifeUncertaintySeconds: number;
  halfLifePublished: { value: number; uncertainty: number; unit: string };
  decayModes: readonly DecayMode[];
  /** Positrons per decay (derived: half the 511 keV annihilation yield); 0 when there is no β+. */
  betaPlusPerDecay: number;
  /** Photon emissions with yield ≥ 0.1 % per decay, sorted by energy. */
  emissions: readonly PhotonEmission[];
  source: NuclideSource;
}

const EMISSION_TYPES = new Set<string>(['gamma', 'x-ray', 'annihilation']);

function checkNuclide(raw: (typeof data.nuclides)[number]): Nuclide {
  if (!(raw.halfLifeSeconds > 0)) throw new Error(`nuclides.json: ${raw.name} has no positive half-life`);
  for (const e of raw.emissions) {
    if (!EMISSION_TYPES.has(e.type) || !(e.energyKeV > 0) || !(e.yieldPerDecay > 0))
      throw new Error(`nuclides.json: ${raw.name} has a malformed emission at ${e.energyKeV} keV`);
  }
  return raw as Nuclide;
}

const NUCLIDES: readonly Nuclide[] = Object.freeze(data.nuclides.map(checkNuclide));

/** Source of the whole nuclide table (one line, for `source` fields). */
export const NUCLIDE_DATA_SOURCE: string = data.source;

const BY_KEY = new Map<string, Nuclide>(NUCLIDES.map((n) => [n.name.toLowerCase(), n]));
const BY_ELEMENT_NAME = new Map<string, string>(
  NUCLIDES.map((n) => [n.element.toLowerCase(), n.name.split('-')[0] ?? '']),
);

/**
 * Canonical `Sym-Am` key (lower case) for the spellings people use: `Tc-99m`, `tc99m`, `99mTc`,
 * `99m-Tc`, `Tc 99m`, `technetium-99m`. Returns undefined when the text has no such shape.
 */
export function nuclideKey(text: string): string | undefined {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  const symbolFirst = /^([a-z]+)-?(\d{1,3})(m?)$/.exec(t);
  const massFirst = /^(\d{1,3})(m?)-?([a-z]+)$/.exec(t);
  let symbol: string | undefined;
  let mass: string | undefined;
  let meta: string | undefined;
  if (symbolFirst) [, symbol, mass, meta] = symbolFirst;
  else if (massFirst) [, mass, meta, symbol] = massFirst;
  if (symbol === undefined || mass === undefined) return undefined;
  const bySymbol = BY_ELEMENT_NAME.get(symbol)?.toLowerCase() ?? symbol;
  return `${bySymbol}-${Number(mass)}${meta ?? ''}`;
}

export function listNuclides(): readonly Nuclide[] {
  return NUCLIDES;
}

export function findNuclide(name: string): PhysicsResult<Nuclide> {
  const key = nuclideKey(name);
  const found = key === undefined ? undefined : BY_KEY.get(key);
  if (found) return success(found);
  return failure(
    'unknown_nuclide',
    `unknown nuclide '${name}'; known: ${NUCLIDES.map((n) => n.name).join(', ')}`,
  );
}

/** Throwing variant of findNuclide (PhysicsError with code `unknown_nuclide`). */
export function getNuclide(name: string): Nuclide {
  return unwrap(findNuclide(name));
}

/** One-line citation of a nuclide's data, e.g. `LNHB/DDEP Laraweb, evaluation LNHB, KRI - 2004`. */
export function nuclideSourceText(nuclide: Nuclide): string {
  return `LNHB/DDEP Laraweb (${nuclide.source.evaluation}), file ${nuclide.source.repository}/${nuclide.source.file}@${nuclide.source.commit.slice(0, 7)}`;
}

export interface EmissionFilter {
  /** Keep lines at or above this energy (keV). */
  minEnergyKeV?: number;
  /** Keep lines at or above this yield per decay. */
  minYieldPerDecay?: number;
  types?: readonly EmissionType[];
}

export function selectEmissions(nuclide: Nuclide, filter: EmissionFilter = {}): PhotonEmission[] {
  return nuclide.emissions.filter(
    (e) =>
      (filter.minEnergyKeV === undefined || e.energyKeV >= filter.minEnergyKeV) &&
      (filter.minYieldPerDecay === undefined || e.yieldPerDecay >= filter.minYieldPerDecay) &&
      (filter.types === undefined || filter.types.includes(e.type)),
  );
}
