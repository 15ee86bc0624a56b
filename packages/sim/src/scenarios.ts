// Scenario presets: the situations the NET radioguided-surgery literature reports, plus a sentinel-node
// case and the QC check-source geometry. Each names where its numbers come from (clinical.md,
// research-notes.md and data/uptake.json sources).
import type { TissueName } from './anatomy.js';
import type { ProbePose } from './pose.js';
import type { Vec3 } from './vec3.js';

export type ImagingStatus = 'seen' | 'indeterminate' | 'not-seen';

export type LesionUptake =
  /** Activity concentration = ratio × that of the tissue at the lesion's centre (its host) or of `relativeTo`. */
  | { kind: 'ratio'; ratio: number; relativeTo?: TissueName }
  /** A fixed activity at the scenario's reference time (sentinel nodes, check sources), MBq. */
  | { kind: 'activity'; activityMBq: number };

export interface Lesion {
  id: string;
  label: string;
  centerCm: Vec3;
  diameterCm: number;
  uptake: LesionUptake;
  /** Status on pre-operative imaging (DESIGN.md: seen / indeterminate / not seen). */
  imaging: ImagingStatus;
  palpable: boolean;
  /** Whether it is tumour (true) or a normal structure that concentrates tracer (injection site, check source). */
  tumour: boolean;
  note: string;
}

/**
 * A place the demo suggests for a background (normal-tissue) count: on the survey plane, over the same
 * kind of tissue the lesions are searched in, far enough from every lesion that it adds nothing.
 */
export interface BackgroundSiteHint {
  label: string;
  xCm: number;
  yCm: number;
}

export interface Scenario {
  name: string;
  title: string;
  description: string;
  /** Key into data/uptake.json tracers (physiological uptake); null: no systemic activity (check source). */
  tracer: string | null;
  /** Nuclide of every source in the scenario (must match the tracer's). */
  nuclide: string;
  injectedActivityMBq: number;
  /** Time from injection to the start of the simulated session, hours. */
  hoursAfterInjection: number;
  /** Default probe preset id. */
  probe: string;
  /** Whether the trunk with its organs is present (false: a source in air, e.g. the QC jig). */
  patient: boolean;
  lesions: readonly Lesion[];
  /**
   * Open surgery: tissue anterior to this plane is absent (z, cm; see anatomy.ts Trunk.zTopCm) and the probe
   * works on the exposed surface; null: closed body (probe on the skin, or no patient).
   */
  openAbdomenZCm: number | null;
  /** Where the probe starts (and the CLI's pose when no --at/--path is given). */
  startPose: ProbePose;
  /** Height (z, cm) at which the console's demo glides the probe tip over the body map. */
  surveyPlaneZCm: number;
  /**
   * Where to count background in this patient (the console can draw them on the body map). The counting
   * engine's threshold is an upper prediction bound for a NEW normal site from the spread between the
   * background sites: sites over different tissues (bowel and liver, say) make that spread, and so the
   * threshold, large. Sites over the tissue the lesions lie in keep it small.
   */
  backgroundSites: readonly BackgroundSiteHint[];
  /** The same advice in words, for a new user. */
  backgroundAdvice: string;
  sources: string;
}

const DOWN: Vec3 = [0, 0, -1];

/** The virtual injection of the 2011 freehand-SPECT phantom (Lasser, Ziegler, Navab, SPIE 7961), MBq. */
const PHANTOM_INJECTED_MBQ = 70;
/** A 250 µL sphere: d = (6 V / π)^(1/3) = 0.782 cm. */
const PHANTOM_NODE_DIAMETER_CM = Math.cbrt((6 * 0.25) / Math.PI);

/**
 * Bowel-wall share of the 'small bowel loops and mesentery' compartment (data/uptake.json, source
 * SMALL-BOWEL-COMPARTMENT: the ICRP-89 small-intestine wall, 650 g at 1.05 g/mL = 619 mL, of the 1183 mL
 * the ellipsoid voxelises to). uptake.json gives the compartment's mean SUV (wall SUV × this fraction); a
 * lesion whose uptake is known against the bowel wall gets ratio (to the wall) / fraction against it.
 */
export const SMALL_BOWEL_WALL_FRACTION = 0.523;

/**
 * Uptake `ratioToWall` × the bowel-wall concentration, expressed against the small-bowel compartment
 * (rounded to 0.01: `rgs simulate --list` prints it).
 */
function timesBowelWall(ratioToWall: number): LesionUptake {
  const ratio = Math.round((100 * ratioToWall) / SMALL_BOWEL_WALL_FRACTION) / 100;
  return { kind: 'ratio', ratio, relativeTo: 'small-bowel' };
}

/**
 * Normal small-bowel loops of the open abdomen (z = 4 cm surface), 5–7 cm from the ileal primary at
 * (−7, −13) and the mesenteric node at (−3, −8), at least 1.5 cm inside the compartment's outline on the
 * exposed plane and away from the colon: the tissue both lesions lie against. Probe rates over them
 * agree within a few per cent (README, `bench/contrast.ts`).
 */
const ILEAL_BOWEL_SITES: readonly BackgroundSiteHint[] = [
  { label: 'small bowel, left lower loops', xCm: 4, yCm: -8 },
  { label: 'small bowel, lower midline', xCm: 1, yCm: -11 },
  { label: 'small bowel, left upper loops', xCm: 5, yCm: -3 },
  { label: 'small bowel, upper midline', xCm: 0, yCm: -2 },
  { label: 'small bowel, right upper loops', xCm: -5, yCm: -3 },
];

const ILEAL_ADVICE =
  'Background: count 3–5 normal small-bowel loops (the marked sites), 3 s each, before measuring the lesions; ' +
  'not the liver, spleen, kidneys or bladder, which hold several times more tracer than bowel and would make ' +
  'the threshold several times higher (bowel wall, mesentery and omentum as background sites: clinical.md; El Lakis 2018).';

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'ileal-primary-occult-node',
    title: 'Ileal primary with a mesenteric node occult on imaging (Ga-68-DOTATATE)',
    description:
      'Small-bowel NET of the terminal ileum seen on PET/CT, with a sub-centimetre mesenteric node that imaging did not show. ' +
      'The probe must find the node among bowel loops with moderate physiological uptake.',
    tracer: 'Ga-68-DOTATATE',
    nuclide: 'Ga-68',
    injectedActivityMBq: 146,
    hoursAfterInjection: 1.5,
    probe: 'high-energy-511',
    patient: true,
    lesions: [
      {
        id: 'ileal-primary',
        label: 'terminal ileum primary',
        centerCm: [-7, -13, 3],
        diameterCm: 1.5,
        uptake: timesBowelWall(6),
        imaging: 'seen',
        palpable: true,
        tumour: true,
        note: 'median lesion size 1.55 cm in 68Ga-DOTATATE RGS (PMC6959518); SUV ≈ 18 = 6 × the bowel-wall SUV 3 (lesion SUVmax 12.6–28.7, KUYUMCU-2013)',
      },
      {
        id: 'mesenteric-node',
        label: 'mesenteric lymph node, occult on PET/CT',
        centerCm: [-3, -8, 3],
        diameterCm: 1.0,
        uptake: timesBowelWall(8),
        imaging: 'not-seen',
        palpable: false,
        tumour: true,
        note: 'SUV ≈ 24 = 8 × the bowel-wall SUV 3 (lymph-node SUVmax 12.59 in KUYUMCU-2013 is lowered by partial volume in small nodes); probe-detected lesions missed by PET/CT (Kaemmerer 2012: probe 94 % vs PET/CT 69 %)',
      },
    ],
    openAbdomenZCm: 4,
    startPose: { positionCm: [-7, -13, 4], direction: DOWN },
    surveyPlaneZCm: 4,
    backgroundSites: ILEAL_BOWEL_SITES,
    backgroundAdvice: ILEAL_ADVICE,
    sources:
      'clinical.md (PMC6959518 median size and TBR; Kaemmerer 2012); NETSPOT label 2 MBq/kg; Cockburn 2021 interval 19–193 min',
  },
  {
    name: 'ileal-net-hynic-toc',
    title: 'Ileal primary and a mesenteric node on Tc-99m-EDDA/HYNIC-TOC (600 MBq, 4 h; the demo case)',
    description:
      'The ileal patient of ileal-primary-occult-node on the SPECT tracer of the published SSTR-guided series: ' +
      'Tc-99m-EDDA/HYNIC-TOC 600 MBq 4 h before surgery, a collimated 14 mm CsI probe, open abdomen. Same lesions, ' +
      'same uptake against the bowel wall; the 140 keV photons are stopped by the collimator, so the probe sees ' +
      'what is in front of it.',
    tracer: 'Tc-99m-EDDA/HYNIC-TOC',
    nuclide: 'Tc-99m',
    injectedActivityMBq: 600,
    hoursAfterInjection: 4,
    probe: 'csi-14mm',
    patient: true,
    lesions: [
      {
        id: 'ileal-primary',
        label: 'terminal ileum primary',
        centerCm: [-7, -13, 3],
        diameterCm: 1.5,
        uptake: timesBowelWall(6),
        imaging: 'seen',
        palpable: true,
        tumour: true,
        note: 'Hodolič 2009: lesions of 9–50 mm localised; 6 × the bowel wall as in ileal-primary-occult-node (same receptor density; SUV ≈ 12 over the bowel-wall SUV 2)',
      },
      {
        id: 'mesenteric-node',
        label: 'mesenteric lymph node, not seen on SPECT/CT',
        centerCm: [-3, -8, 3],
        diameterCm: 1.0,
        uptake: timesBowelWall(8),
        imaging: 'not-seen',
        palpable: false,
        tumour: true,
        note: '8 × the bowel wall as in ileal-primary-occult-node; a 99mTc-HYNIC-TOC node with about five times the counts of neighbouring tissue was localised by probe after prior surgery (clinical.md)',
      },
    ],
    openAbdomenZCm: 4,
    startPose: { positionCm: [-7, -13, 4], direction: DOWN },
    surveyPlaneZCm: 4,
    backgroundSites: ILEAL_BOWEL_SITES,
    backgroundAdvice: ILEAL_ADVICE,
    sources:
      'Hodolič 2008 (Nucl Med Commun 29:311) and 2009 (Minerva Endocrinol 34:89): 550–650 MBq 3–6 h before surgery, 20 of 27 lesions localised; Tektrotyd SmPC (maximal tumour/background at 4 h); clinical.md',
  },
  {
    name: 'indeterminate-near-kidney',
    title: 'Lesion indeterminate on imaging next to the left kidney and spleen (Tc-99m-EDDA/HYNIC-TOC)',
    description:
      'A 12 mm lesion in the left upper quadrant, indeterminate on SPECT/CT because kidney and spleen uptake surround it. ' +
      'The probe sees the organs too: the hard case the literature names.',
    tracer: 'Tc-99m-EDDA/HYNIC-TOC',
    nuclide: 'Tc-99m',
    injectedActivityMBq: 600,
    hoursAfterInjection: 4,
    probe: 'csi-14mm',
    patient: true,
    lesions: [
      {
        id: 'left-upper-quadrant',
        label: 'peripancreatic lesion anterior to the left kidney, indeterminate on SPECT/CT',
        centerCm: [8.5, 9.5, -1.5],
        diameterCm: 1.2,
        uptake: { kind: 'ratio', ratio: 5, relativeTo: 'remainder' },
        imaging: 'indeterminate',
        palpable: false,
        tumour: true,
        note: 'Hodolič 2008/2009: 550–650 MBq 3–6 h; failures 7–30 mm with lower uptake grade, pancreatic area',
      },
    ],
    openAbdomenZCm: 0,
    startPose: { positionCm: [8.5, 9.5, 0], direction: DOWN },
    surveyPlaneZCm: 0,
    backgroundSites: [
      { label: 'pancreas body', xCm: 3.5, yCm: 10 },
      { label: 'pancreas neck', xCm: 0.5, yCm: 9.5 },
      { label: 'below the pancreatic tail', xCm: 8.5, yCm: 5.5 },
    ],
    backgroundAdvice:
      'Background: count normal pancreas and the tissue below the tail (the marked sites), 3 s each. The lesion lies ' +
      'against the kidney and spleen, which the probe sees too: expect a high threshold here — the hard case.',
    sources:
      'clinical.md (Hodolič 2009, Minerva Endocrinol 34:89; "lesions next to kidney, liver or spleen are the hard ones")',
  },
  {
    name: 'impalpable-small-deposit',
    title: 'A 5 mm deposit the surgeon cannot see or feel (In-111-pentetreotide, 24 h)',
    description:
      'Peritoneal/mesenteric deposit of 5 mm on the small-bowel mesentery, not seen on imaging and not palpable, with a 4 mm satellite near the sigmoid.',
    tracer: 'In-111-pentetreotide',
    nuclide: 'In-111',
    injectedActivityMBq: 180,
    hoursAfterInjection: 24,
    probe: 'csi-14mm',
    patient: true,
    lesions: [
      {
        id: 'mesenteric-deposit',
        label: '5 mm mesenteric deposit',
        centerCm: [-1, -4, 6],
        diameterCm: 0.5,
        uptake: timesBowelWall(40),
        imaging: 'not-seen',
        palpable: false,
        tumour: true,
        note: '40 × the bowel wall it lies on; tumour/normal uptake 1.7–84.1 in the H-probe2 well-counter study (research-notes §2.2); Adams 1998: 180 MBq, probe 24 h; probe found lesions palpation (44 %) and radiology (43 %) missed',
      },
      {
        id: 'sigmoid-satellite',
        label: '4 mm satellite near the sigmoid colon',
        centerCm: [5, -16, 5.5],
        diameterCm: 0.4,
        uptake: { kind: 'ratio', ratio: 30 },
        imaging: 'not-seen',
        palpable: false,
        tumour: true,
        note: 'H-probe2 ex vivo study: 4 of 6 occult 2–3 mm tumours found',
      },
    ],
    openAbdomenZCm: 6.5,
    startPose: { positionCm: [-1, -4, 6.5], direction: DOWN },
    surveyPlaneZCm: 6.5,
    backgroundSites: [
      { label: 'small bowel, left lower loops', xCm: 4, yCm: -8 },
      { label: 'small bowel, right lower loops', xCm: -5, yCm: -8 },
      { label: 'small bowel, lower midline', xCm: 1, yCm: -11 },
      { label: 'small bowel, left mid loops', xCm: 5, yCm: -3 },
    ],
    backgroundAdvice:
      'Background: count normal small-bowel loops (the marked sites), 3 s each, before surveying the mesentery and the pelvis.',
    sources: 'research-notes.md §2.2 (Adams 1998; H-probe2)',
  },
  {
    name: 'sentinel-node',
    title: 'Axillary sentinel node after a peritumoural Tc-99m colloid injection',
    description:
      'Injection site in the upper outer quadrant of the left breast and two axillary nodes; the hot injection site shines into the axilla.',
    tracer: 'Tc-99m-nanocolloid',
    nuclide: 'Tc-99m',
    injectedActivityMBq: 40,
    hoursAfterInjection: 4,
    probe: 'csi-14mm',
    patient: true,
    lesions: [
      {
        id: 'injection-site',
        label: 'peritumoural injection site',
        centerCm: [9, 19, 8.5],
        diameterCm: 1.5,
        uptake: { kind: 'activity', activityMBq: 32 },
        imaging: 'seen',
        palpable: false,
        tumour: false,
        note: '80 % of 40 MBq assumed to remain at the injection site',
      },
      {
        id: 'sentinel-node-1',
        label: 'hottest axillary sentinel node',
        centerCm: [14, 22, 3],
        diameterCm: 1.0,
        uptake: { kind: 'activity', activityMBq: 0.052 },
        imaging: 'seen',
        palpable: false,
        tumour: false,
        note: 'mean residual sentinel-node activity 52 kBq (PubMed 15750149)',
      },
      {
        id: 'sentinel-node-2',
        label: 'second axillary node',
        centerCm: [12.5, 25, 4],
        diameterCm: 0.8,
        uptake: { kind: 'activity', activityMBq: 0.008 },
        imaging: 'not-seen',
        palpable: false,
        tumour: false,
        note: '15 % of the hottest node: above the 10 % rule (clinical.md)',
      },
    ],
    openAbdomenZCm: null,
    startPose: { positionCm: [14, 22, 5.4], direction: DOWN },
    surveyPlaneZCm: 5.4,
    backgroundSites: [
      { label: 'axilla, 5 cm below the nodes', xCm: 14, yCm: 17 },
      { label: 'lateral chest wall', xCm: 14, yCm: 13 },
      { label: 'contralateral axilla', xCm: -14, yCm: 22 },
    ],
    backgroundAdvice:
      'Background: count axillary tissue away from the nodes and the injection site (the marked sites), 3 s each; ' +
      'keep the probe pointed away from the injection site.',
    sources: 'PubMed 15750149 (52 kBq mean residual SLN activity); clinical.md 10 % rule',
  },
  {
    name: 'freehand-phantom',
    title:
      'Freehand SPECT phantom: four 250 µL sentinel-node sources of Tc-99m in water (Lasser et al. 2011)',
    description:
      'The phantom of Lasser, Ziegler, Navab (Proc. SPIE 7961, 79611Z, 2011): four 250 µL nodes holding 0.03 % and ' +
      '0.06 % of a virtual 70 MBq Tc-99m injection, in water, no other activity. The water surface is the plane ' +
      'z = 8 cm of the trunk outline (flat for |x| < 11 cm); the probe scans in air just above it.',
    tracer: null,
    nuclide: 'Tc-99m',
    injectedActivityMBq: PHANTOM_INJECTED_MBQ,
    hoursAfterInjection: 0,
    probe: 'csi-14mm',
    patient: true,
    lesions: [
      {
        id: 'node-1',
        label: 'phantom node 1, 0.06 % (42 kBq), 1.5 cm deep',
        centerCm: [-2, 1.5, 6.5],
        diameterCm: PHANTOM_NODE_DIAMETER_CM,
        uptake: { kind: 'activity', activityMBq: (0.06 * PHANTOM_INJECTED_MBQ) / 100 },
        imaging: 'seen',
        palpable: false,
        tumour: false,
        note: '250 µL at 0.06 % of 70 MBq (Lasser 2011); depth 1.5 cm assumed',
      },
      {
        id: 'node-2',
        label: 'phantom node 2, 0.03 % (21 kBq), 2 cm deep',
        centerCm: [1.5, 2, 6],
        diameterCm: PHANTOM_NODE_DIAMETER_CM,
        uptake: { kind: 'activity', activityMBq: (0.03 * PHANTOM_INJECTED_MBQ) / 100 },
        imaging: 'seen',
        palpable: false,
        tumour: false,
        note: '250 µL at 0.03 % of 70 MBq (Lasser 2011); depth 2 cm assumed',
      },
      {
        id: 'node-3',
        label: 'phantom node 3, 0.06 % (42 kBq), 2.5 cm deep',
        centerCm: [2, -2, 5.5],
        diameterCm: PHANTOM_NODE_DIAMETER_CM,
        uptake: { kind: 'activity', activityMBq: (0.06 * PHANTOM_INJECTED_MBQ) / 100 },
        imaging: 'seen',
        palpable: false,
        tumour: false,
        note: '250 µL at 0.06 % of 70 MBq (Lasser 2011); depth 2.5 cm assumed',
      },
      {
        id: 'node-4',
        label: 'phantom node 4, 0.03 % (21 kBq), 3 cm deep',
        centerCm: [-1.5, -2.5, 5],
        diameterCm: PHANTOM_NODE_DIAMETER_CM,
        uptake: { kind: 'activity', activityMBq: (0.03 * PHANTOM_INJECTED_MBQ) / 100 },
        imaging: 'seen',
        palpable: false,
        tumour: false,
        note: '250 µL at 0.03 % of 70 MBq (Lasser 2011); depth 3 cm assumed',
      },
    ],
    openAbdomenZCm: 8,
    startPose: { positionCm: [0, 0, 8.2], direction: DOWN },
    surveyPlaneZCm: 8.2,
    backgroundSites: [
      { label: 'water, 6 cm to the left of the nodes', xCm: 7, yCm: 0 },
      { label: 'water, 6 cm to the right of the nodes', xCm: -7, yCm: 0 },
      { label: 'water, 6 cm toward the head', xCm: 0, yCm: 8 },
    ],
    backgroundAdvice:
      'Background: count plain water away from the nodes (the marked sites), 3 s each; there is no activity but the nodes.',
    sources:
      'Lasser T, Ziegler SI, Navab N, Proc. SPIE 7961, 79611Z (2011): 250 µL, 0.03–0.06 % of 70 MBq Tc-99m, water. ' +
      'Depths 1.5–3 cm and positions are ours (the paper as we could consult it gives no depths). The trunk material ' +
      '(ICRU soft tissue) stands in for water.',
  },
  {
    name: 'qc-co57',
    title: 'Daily constancy check: Co-57 185 kBq check source 1 cm in front of the probe, in air',
    description: 'A sealed Co-57 source in a fixed jig on the probe axis, 1 cm from the tip; no patient.',
    tracer: null,
    nuclide: 'Co-57',
    injectedActivityMBq: 0,
    hoursAfterInjection: 0,
    probe: 'csi-14mm',
    patient: false,
    lesions: [
      {
        id: 'co57-source',
        label: 'Co-57 check source, 185 kBq',
        centerCm: [0, 0, 0],
        diameterCm: 0.1,
        uptake: { kind: 'activity', activityMBq: 0.185 },
        imaging: 'seen',
        palpable: false,
        tumour: false,
        note: 'C-Trak Co-57 185 kBq check source (devices.md); Co-57 convenient for daily constancy (research-notes §3.3)',
      },
    ],
    openAbdomenZCm: null,
    startPose: { positionCm: [0, 0, 1], direction: DOWN },
    surveyPlaneZCm: 1,
    backgroundSites: [],
    backgroundAdvice:
      'No background sites: a check source in air. The probe background is counted with the source removed.',
    sources: 'devices.md (C-Trak Co-57 185 kBq); research-notes.md §3.3',
  },
];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
