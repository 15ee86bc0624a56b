// What goes into data/nuclides.json and data/attenuation.json, and where each number comes from.
// Build-time only (scripts/build-data.ts and the data-consistency test); not part of the public API.
import type { EdgeSpec } from './parse-nist.js';

export const ROENTGEN_REPO = 'ehsteve/roentgen';

export interface NuclideSourceFile {
  /** Canonical name, e.g. `Tc-99m`. */
  name: string;
  /** File in data/sources/lara/ (verbatim copy of the roentgen file). */
  file: string;
  /** Path and commit of that file in ehsteve/roentgen. */
  upstreamPath: string;
  upstreamCommit: string;
}

const lara = (name: string, file: string, commit: string): NuclideSourceFile => ({
  name,
  file,
  upstreamPath: `roentgen/data/lara/${file}`,
  upstreamCommit: commit,
});

export const NUCLIDE_FILES: NuclideSourceFile[] = [
  lara('Tc-99m', 'Tc-99m.lara.txt', '9ec7a914914bf5f63b81646acff0bb702b95f1f9'),
  lara('In-111', 'In-111.lara.txt', '9ec7a914914bf5f63b81646acff0bb702b95f1f9'),
  lara('Ga-68', 'Ga-68.lara.txt', '9ec7a914914bf5f63b81646acff0bb702b95f1f9'),
  lara('F-18', 'F-18.lara.txt', '87c669149771a324f317d62f30746671d155603e'),
  lara('Lu-177', 'Lu-177.lara.txt', '87c669149771a324f317d62f30746671d155603e'),
  lara('I-125', 'I-125.lara.txt', '9ec7a914914bf5f63b81646acff0bb702b95f1f9'),
  lara('I-131', 'I-131.lara.txt', '87c669149771a324f317d62f30746671d155603e'),
  lara('Co-57', 'Co-57.lara.txt', '9ec7a914914bf5f63b81646acff0bb702b95f1f9'),
  lara('Cs-137', 'Cs-137_@00.lara.txt', '65b53e23126fcba65e023dbd1be177c54c508ae6'),
  lara('Ba-133', 'Ba-133.lara.txt', '87c669149771a324f317d62f30746671d155603e'),
  lara('Cu-64', 'Cu-64.lara.txt', '87c669149771a324f317d62f30746671d155603e'),
  lara('I-129', 'I-129.lara.txt', '9ec7a914914bf5f63b81646acff0bb702b95f1f9'),
];

/** Emissions below this yield are left out of nuclides.json (0.1 % per decay). */
export const MIN_YIELD_PER_DECAY = 0.001;

/**
 * Seconds per unit of the LARA half-life. LNHB/DDEP use the tropical year, 1 a = 365.2422 d: it
 * reproduces every printed "Half-life (s)" value (e.g. Ba-133 10.539 a → 332.58E6 s; 365.25 d would give
 * 332.59E6), which the data test checks.
 */
export const SECONDS_PER_UNIT: Record<string, number> = {
  s: 1,
  min: 60,
  h: 3600,
  d: 86400,
  a: 365.2422 * 86400,
};

export interface MaterialSource {
  id: string;
  name: string;
  aliases: string[];
  kind: 'element' | 'compound' | 'mixture';
  /** g/cm³, NIST XAAMDI Table 1 (elements) or Table 2 (compounds and mixtures). */
  densityGPerCm3: number;
  file: string;
  upstreamPath: string;
  upstreamCommit: string;
  nistPage: string;
  /** Absorption edges in the table, at NIST's energies (6 significant digits, keV). */
  edges: EdgeSpec[];
  /** Printed values replaced at build time, each with its reason (see data/README.md). */
  corrections?: TableCorrection[];
}

/**
 * A printed μ/ρ replaced by Σ wᵢ(μ/ρ)ᵢ of the NIST element tables at the same energy. Used only where
 * the printed value is physically impossible (μ/ρ rising between two edges) and both copies of the
 * table agree on it, i.e. it is in the NIST table itself.
 */
export interface TableCorrection {
  energyKeV: number;
  printedMassAttenuationCm2PerG: number;
  mixture: MixtureSource;
  reason: string;
}

const edge = (element: string, shell: string, energyKeV: number): EdgeSpec => ({ element, shell, energyKeV });

// Edge energies as printed in the NIST XAAMDI element tables (ElemTab/zNN.html), which give them to
// 6 significant digits, e.g. Pb K 8.80045E-02 MeV. Cross-checked against a second transcription of
// the same NIST list (AtomConstants edge table, Crystallography library) for every value used here.
const PB_EDGES = [
  edge('Pb', 'M5', 2.484),
  edge('Pb', 'M4', 2.5856),
  edge('Pb', 'M3', 3.0664),
  edge('Pb', 'M2', 3.5542),
  edge('Pb', 'M1', 3.8507),
  edge('Pb', 'L3', 13.0352),
  edge('Pb', 'L2', 15.2),
  edge('Pb', 'L1', 15.8608),
  edge('Pb', 'K', 88.0045),
];
const W_EDGES = [
  edge('W', 'M5', 1.8092),
  edge('W', 'M4', 1.8716),
  edge('W', 'M3', 2.281),
  edge('W', 'M2', 2.5749),
  edge('W', 'M1', 2.8196),
  edge('W', 'L3', 10.2068),
  edge('W', 'L2', 11.544),
  edge('W', 'L1', 12.0998),
  edge('W', 'K', 69.525),
];

const nist = (
  id: string,
  name: string,
  aliases: string[],
  kind: 'element' | 'compound',
  densityGPerCm3: number,
  file: string,
  commit: string,
  page: string,
  edges: EdgeSpec[],
): MaterialSource => ({
  id,
  name,
  aliases,
  kind,
  densityGPerCm3,
  file,
  upstreamPath: `roentgen/data/${kind === 'element' ? 'elements' : 'compounds_mixtures'}/${file}`,
  upstreamCommit: commit,
  nistPage: `https://physics.nist.gov/PhysRefData/XrayMassCoef/${page}`,
  edges,
});

const C93 = '93a47835a9b9cc15d502acee302b7da9d7ebddb6';
const C3F = '3f3d2c787c475750a37066fe27849d2935dfd2e6';

/** A material built from NIST element tables by the mixture rule (see mixture.ts). */
export interface MixtureSource {
  id: string;
  name: string;
  aliases: string[];
  densityGPerCm3: number;
  densitySource: string;
  components: {
    element: string;
    /** Mass fraction from standard atomic weights. */
    massFraction: number;
    file: string;
    upstreamPath: string;
    upstreamCommit: string;
    nistPage: string;
    edges: EdgeSpec[];
  }[];
}

const I_EDGES = [
  edge('I', 'M1', 1.0721),
  edge('I', 'L3', 4.5571),
  edge('I', 'L2', 4.8521),
  edge('I', 'L1', 5.1881),
  edge('I', 'K', 33.1694),
];
const CS_EDGES = [
  edge('Cs', 'M2', 1.065),
  edge('Cs', 'M1', 1.2171),
  edge('Cs', 'L3', 5.0119),
  edge('Cs', 'L2', 5.3594),
  edge('Cs', 'L1', 5.7143),
  edge('Cs', 'K', 35.9846),
];

/** Standard atomic weights (IUPAC; the values NIST XAAMDI Table 1 uses). */
const ATOMIC_WEIGHT = { Na: 22.98977, I: 126.90447, Cs: 132.90545 } as const;

const component = (
  element: keyof typeof ATOMIC_WEIGHT,
  massFraction: number,
  z: string,
  commit: string,
  edges: EdgeSpec[],
) => ({
  element,
  massFraction,
  file: `z${z}.csv`,
  upstreamPath: `roentgen/data/elements/z${z}.csv`,
  upstreamCommit: commit,
  nistPage: `https://physics.nist.gov/PhysRefData/XrayMassCoef/ElemTab/z${z}.html`,
  edges,
});

const naiMass = ATOMIC_WEIGHT.Na + ATOMIC_WEIGHT.I;
const csiMass = ATOMIC_WEIGHT.Cs + ATOMIC_WEIGHT.I;

export const MIXTURE_FILES: MixtureSource[] = [
  {
    id: 'nai',
    name: 'Sodium Iodide (mixture rule)',
    aliases: ['sodium iodide', 'sodium-iodide', 'nai(tl)'],
    densityGPerCm3: 3.667,
    densitySource: 'NIST ESTAR/PSTAR material table, Sodium Iodide (3.667 g/cm³)',
    components: [
      component('Na', ATOMIC_WEIGHT.Na / naiMass, '11', C3F, [edge('Na', 'K', 1.0721)]),
      component('I', ATOMIC_WEIGHT.I / naiMass, '53', C93, I_EDGES),
    ],
  },
];

/** CsI rebuilt from the element tables: only to test the mixture rule against NIST's own CsI table. */
export const CSI_CHECK_MIXTURE: MixtureSource = {
  id: 'csi-check',
  name: 'Cesium Iodide (mixture rule, test only)',
  aliases: [],
  densityGPerCm3: 4.51,
  densitySource: 'NIST XAAMDI Table 2',
  components: [
    component('Cs', ATOMIC_WEIGHT.Cs / csiMass, '55', C3F, CS_EDGES),
    component('I', ATOMIC_WEIGHT.I / csiMass, '53', C93, I_EDGES),
  ],
};

export const MATERIAL_FILES: MaterialSource[] = [
  nist('water', 'Water, Liquid', ['h2o'], 'compound', 1.0, 'water.csv', C93, 'ComTab/water.html', []),
  nist(
    'soft-tissue',
    'Tissue, Soft (ICRU-44)',
    ['tissue', 'soft tissue', 'icru-44 soft tissue', 'icru soft tissue'],
    'compound',
    1.06,
    'tissue.csv',
    C93,
    'ComTab/tissue.html',
    [
      edge('Na', 'K', 1.0721),
      edge('P', 'K', 2.1455),
      edge('S', 'K', 2.472),
      edge('Cl', 'K', 2.8224),
      edge('K', 'K', 3.6074),
    ],
  ),
  nist(
    'cortical-bone',
    'Bone, Cortical (ICRU-44)',
    ['bone', 'cortical bone', 'icru-44 cortical bone'],
    'compound',
    1.92,
    'bone.csv',
    C3F,
    'ComTab/bone.html',
    [
      edge('Na', 'K', 1.0721),
      edge('Mg', 'K', 1.305),
      edge('P', 'K', 2.1455),
      edge('S', 'K', 2.472),
      edge('Ca', 'K', 4.0381),
    ],
  ),
  nist(
    'air',
    'Air, Dry (near sea level)',
    ['dry air'],
    'compound',
    1.205e-3,
    'air.csv',
    C3F,
    'ComTab/air.html',
    [edge('Ar', 'K', 3.2029)],
  ),
  nist('lead', 'Lead', ['pb'], 'element', 11.35, 'z82.csv', C3F, 'ElemTab/z82.html', PB_EDGES),
  nist(
    'tungsten',
    'Tungsten',
    ['w', 'wolfram'],
    'element',
    19.3,
    'z74.csv',
    C3F,
    'ElemTab/z74.html',
    W_EDGES,
  ),
  {
    ...nist(
      'csi',
      'Cesium Iodide',
      ['cesium iodide', 'caesium iodide', 'cesium-iodide', 'caesium-iodide'],
      'compound',
      4.51,
      'cesium_iodide.csv',
      C3F,
      'ComTab/cesium.html',
      [
        edge('Cs', 'M2', 1.065),
        edge('I', 'M1', 1.0721),
        edge('Cs', 'M1', 1.2171),
        edge('I', 'L3', 4.5571),
        edge('I', 'L2', 4.8521),
        edge('Cs', 'L3', 5.0119),
        edge('I', 'L1', 5.1881),
        edge('Cs', 'L2', 5.3594),
        edge('Cs', 'L1', 5.7143),
        edge('I', 'K', 33.1694),
        edge('Cs', 'K', 35.9846),
      ],
    ),
    corrections: [
      {
        energyKeV: 34.55,
        printedMassAttenuationCm2PerG: 26.87,
        mixture: CSI_CHECK_MIXTURE,
        reason:
          'NIST CsI table prints 26.87 cm²/g at 34.5483 keV, between 21.22 (above the I K edge, 33.1694 keV) and 17.19 (below the Cs K edge, 35.9846 keV): impossible for a monotonic segment, and the same in two independent copies of the table. Replaced by the mixture rule of the NIST Cs and I tables at that energy.',
      },
    ],
  },
  nist(
    'cdte',
    'Cadmium Telluride',
    ['cadmium telluride', 'cadmium-telluride'],
    'compound',
    6.2,
    'cdte.csv',
    C93,
    'ComTab/telluride.html',
    [
      edge('Te', 'M1', 1.006),
      edge('Cd', 'L3', 3.5375),
      edge('Cd', 'L2', 3.727),
      edge('Cd', 'L1', 4.018),
      edge('Te', 'L3', 4.3414),
      edge('Te', 'L2', 4.612),
      edge('Te', 'L1', 4.9392),
      edge('Cd', 'K', 26.7112),
      edge('Te', 'K', 31.8138),
    ],
  ),
];
