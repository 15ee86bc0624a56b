// Tracer presets: the somatostatin-receptor agents used for radioguided surgery of NETs, with every kinetic
// parameter sourced (docs/planning.md §3 has the same table with the reasoning). The nuclide is named by
// its @openrgs/physics id; its half-life and photon data come from there, never from this file.
//
// Sources (short keys used below):
//   TEKTROTYD-SmPC  Tektrotyd (99mTc-EDDA/HYNIC-TOC) SmPC §4.2, §5.2 (ROTOP/Polatom): images at 1–2 h and 4 h;
//                   "maximal values of the tumour/background ratio are observed at 4 hours after injection";
//                   370–740 MBq.
//   GABRIEL-2003    Gabriel M, Decristoforo C et al. J Nucl Med 2003;44:708–716: 99mTc-TOC scintigraphy 4 h p.i.
//   HODOLIC-2009    Hodolič M, Fettich J, Rubello D. Minerva Endocrinol 2009;34:89: 550–650 MBq, 3–6 h.
//   OCTREOSCAN-SmPC Indium (111In) pentetreotide SmPC §5.2: ≈80 % excreted in urine in 24 h, 90 % in 48 h;
//                   liver ≈2 %, spleen ≈2.5 % of the administered activity at 24 h. US label: 111/222 MBq,
//                   images at 4 h and 24 h.
//   INOUE-1995      Inoue T et al. Kaku Igaku 1995;32:511 (n = 4): plasma clearance fast 9.2 min, slow 2.2 h.
//   OCTREOSCAN-23   "Distribution and elimination of OctreoScan111" (23 patients): blood t½α 0.27–3.6 h.
//   ADAMS-1998      Adams S, Baum RP et al. J Nucl Med 1998;39:1155: 180 MBq, probe 24 h p.i.
//   COCKBURN-2021   Cockburn et al. J Gastrointest Surg 2021, PMC8654712: intervals In-111 16 h–8 d,
//                   Tc-99m 0–24 h, Ga-68 19–193 min.
//   NAKAMOTO-2014   Nakamoto Y et al. Clin Radiol (dual-phase 68Ga-DOTATOC, 54 pts): SUVmax 26.8 → 28.2
//                   from 60 to 90 min; tumour-to-liver 5.9 → 6.2 (liver unchanged).
//   POEPPEL-2011    Poeppel TD et al. J Nucl Med 2011;52:1864: renal SUVmax 12.7 ± 3.0 (68Ga-DOTATATE).
//   NETSPOT-label   NETSPOT (68Ga-DOTATATE) US label: 2 MBq/kg up to 200 MBq, images 40–90 min p.i.
//   ICRP-89         ICRP Publication 89 reference adult male: liver 1800 g, spleen 150 g, body 73 kg.
import { type SourcedValue, sourced } from './sourced.js';

export type OrganName = 'liver' | 'kidney' | 'spleen';

export interface TracerKinetics {
  /** Time after injection at which a lesion's uptake ratio is taken when PLAN.json does not say (h). */
  referenceTimeHours: SourcedValue;
  /** Normal abdominal soft tissue concentration ÷ whole-body average of the activity still in the body. */
  backgroundToBodyRatio: SourcedValue;
  retentionFastFraction: SourcedValue;
  retentionFastHalfLifeHours: SourcedValue;
  retentionSlowHalfLifeHours: SourcedValue;
  tumourUptakeHalfLifeHours: SourcedValue;
  tumourRetentionHalfLifeHours: SourcedValue;
  /** Organ ÷ normal-tissue concentration ratio (assumed constant over the hours of an operation). */
  organToBackgroundRatio: Record<OrganName, SourcedValue>;
}

export interface TracerPreset {
  id: string;
  name: string;
  /** Nuclide id as @openrgs/physics names it. */
  nuclide: string;
  kinetics: TracerKinetics;
  /** Activity given for radioguided surgery in published series. */
  typicalActivityMBq: SourcedValue;
  /** Injection-to-surgery intervals reported in published series (h). */
  publishedIntervalHours: { fromHours: number; toHours: number; source: string };
}

const BACKGROUND_TO_BODY = sourced(
  0.7,
  [0.3, 1.5],
  '1',
  'estimated',
  'No per-tissue number found for the probe background sites (bowel wall, mesentery, omentum); ' +
    'normal soft tissue holds less than the body average because kidneys, spleen, liver and tumour hold more. ' +
    'Checked against El Lakis 2018 (JAMA Surg) omentum background 22.1 ± 17.0 cps at 3 h (docs/planning.md §5).',
);

const tc99mHynicToc: TracerPreset = {
  id: 'tc99m-hynic-toc',
  name: '99mTc-EDDA/HYNIC-TOC (Tektrotyd)',
  nuclide: 'Tc-99m',
  kinetics: {
    referenceTimeHours: sourced(
      4,
      [2, 4],
      'h',
      'published',
      'TEKTROTYD-SmPC §4.2 (images 1–2 h and 4 h); GABRIEL-2003 (4 h)',
    ),
    backgroundToBodyRatio: BACKGROUND_TO_BODY,
    retentionFastFraction: sourced(
      0.6,
      [0.4, 0.8],
      '1',
      'estimated',
      'By analogy with 111In-pentetreotide (same renal route, OCTREOSCAN-SmPC); no whole-body curve found for 99mTc-HYNIC-TOC',
    ),
    retentionFastHalfLifeHours: sourced(
      2.2,
      [0.27, 3.6],
      'h',
      'estimated',
      'By analogy: INOUE-1995 slow plasma phase 2.2 h; range OCTREOSCAN-23',
    ),
    retentionSlowHalfLifeHours: sourced(
      24,
      [12, 48],
      'h',
      'estimated',
      'By analogy with 111In-pentetreotide (derived from OCTREOSCAN-SmPC 80 %/90 % at 24/48 h)',
    ),
    tumourUptakeHalfLifeHours: sourced(
      0.5,
      [0.25, 1],
      'h',
      'estimated',
      'TEKTROTYD-SmPC §5.2: tumour accumulation visible 10 min after injection',
    ),
    tumourRetentionHalfLifeHours: sourced(
      5.5,
      [4, 12],
      'h',
      'fitted',
      'Chosen so the tissue T/B peaks at 4.0 h (TEKTROTYD-SmPC §5.2: maximal T/B at 4 h); 4–12 h moves the peak to 2.8–9 h',
    ),
    organToBackgroundRatio: {
      liver: sourced(
        4,
        [2, 8],
        '1',
        'estimated',
        'Same order as 111In-pentetreotide (derived, OCTREOSCAN-SmPC + ICRP-89); liver is a main accumulating organ (TEKTROTYD-SmPC §5.2)',
      ),
      kidney: sourced(
        15,
        [8, 30],
        '1',
        'estimated',
        'Kidneys are the main accumulating and excreting organ (TEKTROTYD-SmPC §5.2); no per-gram value found',
      ),
      spleen: sourced(
        20,
        [10, 50],
        '1',
        'estimated',
        'Spleen is a main accumulating organ (TEKTROTYD-SmPC §5.2); no per-gram value found',
      ),
    },
  },
  typicalActivityMBq: sourced(600, [550, 650], 'MBq', 'published', 'HODOLIC-2009 (550–650 MBq)'),
  publishedIntervalHours: {
    fromHours: 3,
    toHours: 6,
    source: 'HODOLIC-2009 (3–6 h); COCKBURN-2021 review range 0–24 h',
  },
};

const in111Pentetreotide: TracerPreset = {
  id: 'in111-pentetreotide',
  name: '111In-DTPA-D-Phe1-octreotide (pentetreotide, Octreoscan)',
  nuclide: 'In-111',
  kinetics: {
    referenceTimeHours: sourced(
      24,
      [4, 48],
      'h',
      'published',
      'OCTREOSCAN-SmPC / US label: images at 4 h and 24 h (48 h optional)',
    ),
    backgroundToBodyRatio: BACKGROUND_TO_BODY,
    retentionFastFraction: sourced(
      0.6,
      [0.5, 0.75],
      '1',
      'derived',
      'OCTREOSCAN-SmPC: 80 % excreted at 24 h and 90 % at 48 h ⇒ slow component 0.4 with 24 h half-life; fast = 1 − 0.4',
    ),
    retentionFastHalfLifeHours: sourced(
      2.2,
      [0.27, 3.6],
      'h',
      'published',
      'INOUE-1995 slow plasma component 2.2 h (n = 4); OCTREOSCAN-23 range 0.27–3.6 h',
    ),
    retentionSlowHalfLifeHours: sourced(
      24,
      [18, 36],
      'h',
      'derived',
      'OCTREOSCAN-SmPC: retained fraction halves from 20 % (24 h) to 10 % (48 h)',
    ),
    tumourUptakeHalfLifeHours: sourced(
      2,
      [1, 6],
      'h',
      'estimated',
      'Lesion contrast improves from 4 h to 24 h images (OCTREOSCAN label); no tumour time-activity curve found',
    ),
    tumourRetentionHalfLifeHours: sourced(
      100,
      [40, 400],
      'h',
      'estimated',
      'Residualising 111In after receptor internalisation; lesions imaged at 24–48 h; RGS up to 8 d (COCKBURN-2021)',
    ),
    organToBackgroundRatio: {
      liver: sourced(
        4,
        [2, 8],
        '1',
        'derived',
        'OCTREOSCAN-SmPC liver ≈2 % at 24 h over 1800 g (ICRP-89) vs 20 % retained over 73 kg ⇒ 3.9 (background-to-body 1)',
      ),
      kidney: sourced(
        15,
        [8, 30],
        '1',
        'estimated',
        'Kidney retention of 111In-peptides (OCTREOSCAN-SmPC: delayed renal excretion); no per-gram value found',
      ),
      spleen: sourced(
        50,
        [25, 100],
        '1',
        'derived',
        'OCTREOSCAN-SmPC spleen ≈2.5 % at 24 h over 150 g (ICRP-89) vs 20 % retained over 73 kg ⇒ 61; rounded down',
      ),
    },
  },
  typicalActivityMBq: sourced(
    180,
    [111, 222],
    'MBq',
    'published',
    'ADAMS-1998 (180 MBq); label 111 MBq planar / 222 MBq SPECT',
  ),
  publishedIntervalHours: {
    fromHours: 16,
    toHours: 192,
    source: 'COCKBURN-2021 (16 h–8 d); ADAMS-1998 (24 h)',
  },
};

function gallium(id: string, name: string, peptideNote: string): TracerPreset {
  return {
    id,
    name,
    nuclide: 'Ga-68',
    kinetics: {
      referenceTimeHours: sourced(
        1,
        [0.67, 1.5],
        'h',
        'published',
        'NETSPOT-label: images 40–90 min after injection',
      ),
      backgroundToBodyRatio: BACKGROUND_TO_BODY,
      retentionFastFraction: sourced(
        0,
        [0, 0.3],
        '1',
        'estimated',
        'NAKAMOTO-2014: liver uptake unchanged 60→90 min; urinary loss ignored (conservative for staff dose)',
      ),
      retentionFastHalfLifeHours: sourced(
        1,
        [0.5, 2],
        'h',
        'estimated',
        'Unused while the fast fraction is 0',
      ),
      retentionSlowHalfLifeHours: sourced(
        1000,
        [24, 1000],
        'h',
        'estimated',
        'No biological loss over the hours of use (conservative)',
      ),
      tumourUptakeHalfLifeHours: sourced(
        0.25,
        [0.1, 0.5],
        'h',
        'fitted',
        `NAKAMOTO-2014 (${peptideNote}): lesion SUVmax +5 % from 60 to 90 min ⇒ uptake half-time 0.25 h`,
      ),
      tumourRetentionHalfLifeHours: sourced(
        1000,
        [24, 1000],
        'h',
        'estimated',
        'Receptor-bound peptide internalised; no washout over a few hours',
      ),
      organToBackgroundRatio: {
        liver: sourced(
          8,
          [4, 15],
          '1',
          'estimated',
          'Liver SUV several times normal soft tissue on SSTR PET; no single reference value found',
        ),
        kidney: sourced(
          13,
          [9, 20],
          '1',
          'derived',
          'POEPPEL-2011 renal SUVmax 12.7 ± 3.0 over a soft-tissue SUV ≈1',
        ),
        spleen: sourced(
          25,
          [15, 40],
          '1',
          'estimated',
          'Spleen is the organ of highest uptake (Walker 2013 J Nucl Med 54:855; Sandström 2013)',
        ),
      },
    },
    typicalActivityMBq: sourced(
      150,
      [100, 200],
      'MBq',
      'published',
      'NETSPOT-label: 2 MBq/kg up to 200 MBq (no RGS activity in the abstracts)',
    ),
    publishedIntervalHours: {
      fromHours: 19 / 60,
      toHours: 193 / 60,
      source: 'COCKBURN-2021 (19–193 min); El Lakis 2018 (3 h)',
    },
  };
}

export const TRACER_PRESETS: readonly TracerPreset[] = [
  tc99mHynicToc,
  in111Pentetreotide,
  gallium('ga68-dotatate', '68Ga-DOTATATE (NETSPOT)', '68Ga-DOTATOC, assumed alike'),
  gallium('ga68-dotatoc', '68Ga-DOTATOC', '68Ga-DOTATOC'),
];

export function findTracer(id: string): TracerPreset | undefined {
  return TRACER_PRESETS.find((t) => t.id === id);
}
