// SimPhysics backed by @openrgs/physics: LNHB nuclide data and NIST XAAMDI attenuation tables.
// The one partial cross-section the simulator needs — incoherent (Compton) scattering — is the
// Klein–Nishina free-electron cross-section times the material's electron density (ρ·⟨Z/A⟩·N_A); the
// remainder of the NIST total (photoelectric + coherent) is reported as photoelectric, coherent as 0.
// Both the analytic response and the Monte Carlo use these same parts, so they are compared like with like;
// lumping coherent (a few % of μ in water at 140 keV) into absorption slightly lowers the scatter build-up.
import { messagesOf } from '@openrgs/outcome';
import {
  findNuclide,
  getMaterial,
  linearAttenuationPerCm,
  listNuclides,
  meanZOverA,
  selectEmissions,
} from '@openrgs/physics';
import { ELECTRON_REST_ENERGY_KEV } from './scatter.js';
import type { AttenuationPartsPerCm, PhotonLine, SimMaterial, SimPhysics } from './sim-physics.js';

const AVOGADRO_PER_MOL = 6.02214076e23; // SI 2019 exact
const CLASSICAL_ELECTRON_RADIUS_CM = 2.8179403262e-13; // CODATA 2018

const MATERIAL_ID: Readonly<Record<SimMaterial, string>> = {
  CsI: 'csi',
  CdTe: 'cdte',
  NaI: 'nai',
  tungsten: 'tungsten',
  lead: 'lead',
  water: 'water',
  'soft-tissue': 'soft-tissue',
};

/** Klein–Nishina total cross-section per electron, cm² (Klein & Nishina 1929; Evans, The Atomic Nucleus, ch. 23). */
export function kleinNishinaCrossSectionCm2(energyKeV: number): number {
  const k = energyKeV / ELECTRON_REST_ENERGY_KEV;
  const l = Math.log1p(2 * k);
  const term1 = ((1 + k) / (k * k)) * ((2 * (1 + k)) / (1 + 2 * k) - l / k);
  const term2 = l / (2 * k) - (1 + 3 * k) / ((1 + 2 * k) * (1 + 2 * k));
  return 2 * Math.PI * CLASSICAL_ELECTRON_RADIUS_CM * CLASSICAL_ELECTRON_RADIUS_CM * (term1 + term2);
}

function attenuation(material: SimMaterial, energyKeV: number): AttenuationPartsPerCm {
  const id = MATERIAL_ID[material];
  const total = linearAttenuationPerCm(id, energyKeV);
  const zOverA = meanZOverA(id);
  if (zOverA === undefined) throw new Error(`@openrgs/physics has no ⟨Z/A⟩ for ${id}`);
  const density = getMaterial(id).densityGPerCm3;
  const kn = density * zOverA * AVOGADRO_PER_MOL * kleinNishinaCrossSectionCm2(energyKeV);
  // Binding effects make the free-electron value exceed the true incoherent part at low energy; never let
  // it exceed the measured total.
  const incoherent = Math.min(kn, 0.999 * total);
  return {
    totalPerCm: total,
    incoherentPerCm: incoherent,
    photoelectricPerCm: total - incoherent,
    coherentPerCm: 0,
  };
}

function photonLines(nuclide: string): PhotonLine[] {
  const found = findNuclide(nuclide);
  if (!found.ok) throw new Error(messagesOf(found.issues));
  return selectEmissions(found.value, {}).map((e) => ({
    energyKeV: e.energyKeV,
    photonsPerDecay: e.yieldPerDecay,
  }));
}

/** The physics implementation used by the simulator and the CLI. */
export const physics: SimPhysics = {
  attenuation,
  photonLines,
  halfLifeSeconds: (nuclide) => {
    const found = findNuclide(nuclide);
    if (!found.ok) throw new Error(messagesOf(found.issues));
    return found.value.halfLifeSeconds;
  },
  nuclides: () => listNuclides().map((n) => n.name),
};

/** Canonical physics name of a nuclide written any accepted way (`99mTc` → `Tc-99m`), or undefined. */
export function canonicalNuclide(nuclide: string): string | undefined {
  const found = findNuclide(nuclide);
  return found.ok ? found.value.name : undefined;
}
