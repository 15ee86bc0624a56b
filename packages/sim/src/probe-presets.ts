// Probe presets. No manufacturer publishes crystal and collimator dimensions with its sensitivity, so each
// preset is a physically plausible design for a class of probe named in the literature, with the published
// figures it should meet; the dimensions are OUR assumptions (stated per preset). `rgs probe-response`
// and bench/probe-sensitivity.ts compare the resulting sensitivity with the published figures:
//   Crystal Photonics (vendor) criteria page: sensitivity > 20,000 cps/MBq, angular resolution < 40° FWHM,
//     spatial resolution < 17 mm FWHM at 1 cm, side shielding > 99.97 %
//     (https://crystal-photonics.com/enu/solutions/criteria--enu.htm, via research-notes S31).
//   Purchaser criteria (Wengenmair, Klinikum Augsburg, quoted there): > 5,000 cps/MBq, < 40°, < 25 mm,
//     side shielding > 99.9 %.
//   Zamburlini et al., Nucl Med Commun 2009;30:854–861: six commercial Tc-99m probes compared with
//     NEMA NU 3-2004 methods (spatial resolution, sensitivity, angular resolution).
//   Nuclide windows: a lower threshold below the photopeak as on commercial control units (Crystal
//     Photonics CXS-OP-SZB: "lower threshold just below the photopeak", surgicalprobe.com FAQ, S38).
import type { ProbeModel } from './probe-model.js';

const SOFT_GAMMA_WINDOWS = {
  // Tc-99m 140.5 keV; Co-57 122/136 keV check source read on its own setting.
  'Tc-99m': { lowerKeV: 110, upperKeV: 175 },
  'Co-57': { lowerKeV: 100, upperKeV: 160 },
  // In-111 171 and 245 keV: one window over both photopeaks.
  'In-111': { lowerKeV: 150, upperKeV: 290 },
  // I-125 seeds: Te K X-rays 27–32 keV and the 35.5 keV gamma.
  'I-125': { lowerKeV: 20, upperKeV: 45 },
  // 511 keV through a soft-gamma probe: counts mostly penetration and scatter (the reason high-energy
  // probes exist, De Feo et al. 2023 review).
  'Ga-68': { lowerKeV: 400, upperKeV: 620 },
  'F-18': { lowerKeV: 400, upperKeV: 620 },
} as const;

const CSI_14MM: ProbeModel = {
  id: 'csi-14mm',
  name: '14 mm CsI(Tl) hand-held probe with its standard collimator',
  basis:
    'Class of scintillation probes with a CsI(Tl) crystal in a tungsten housing and snap-on collimators (C-Trak, devices.md; Europrobe). ' +
    'Assumed: 9 mm × 10 mm CsI(Tl) recessed 12 mm behind the tip (collimator), 2.5 mm tungsten wall (14 mm outer diameter), ' +
    '10 mm back shield, 18 % FWHM at 140 keV, dead time 4 µs, background 1 cps. Collimator length chosen so the angular FWHM ' +
    'approaches the < 40° criterion (48° in air at 3 cm) while keeping > 5,000 cps/MBq at 1 cm.',
  crystal: { material: 'CsI', diameterCm: 0.9, thicknessCm: 1.0 },
  shield: {
    material: 'tungsten',
    apertureDiameterCm: 0.9,
    collimatorLengthCm: 1.2,
    outerDiameterCm: 1.4,
    backShieldCm: 1.0,
  },
  energyResolution: { fwhmFractionAt140KeV: 0.18, scaling: 'inverse-sqrt' },
  windows: SOFT_GAMMA_WINDOWS,
  deadTimeSeconds: 4e-6,
  backgroundCps: 1,
};

export const PROBE_PRESETS: readonly ProbeModel[] = [
  CSI_14MM,
  {
    ...CSI_14MM,
    id: 'csi-14mm-open',
    name: '14 mm CsI(Tl) hand-held probe without collimator',
    basis:
      'The csi-14mm probe with the snap-on collimator removed: 10 mm × 10 mm CsI(Tl) 2 mm behind the entrance window, 2 mm tungsten wall. ' +
      'Vendor sensitivity figures (> 20,000 cps/MBq) are consistent with an uncollimated crystal of this size.',
    crystal: { material: 'CsI', diameterCm: 1.0, thicknessCm: 1.0 },
    shield: {
      material: 'tungsten',
      apertureDiameterCm: 1.0,
      collimatorLengthCm: 0.2,
      outerDiameterCm: 1.4,
      backShieldCm: 1.0,
    },
  },
  {
    id: 'cdte-11mm',
    name: '11 mm CdTe semiconductor probe',
    basis:
      'Class of room-temperature semiconductor probes (CdTe/CZT: Neoprobe 12 mm, 510(k) K971167; Crystal Photonics CXS-SG03). ' +
      'Assumed: CdTe disc 6 mm × 2 mm (a 5×5 mm² crystal of similar area), recessed 8 mm, 2.5 mm tungsten wall (11 mm outer), ' +
      '5 mm back shield, 8 % FWHM at 140 keV (constant absolute), dead time 2 µs, background 0.5 cps.',
    crystal: { material: 'CdTe', diameterCm: 0.6, thicknessCm: 0.2 },
    shield: {
      material: 'tungsten',
      apertureDiameterCm: 0.6,
      collimatorLengthCm: 0.8,
      outerDiameterCm: 1.1,
      backShieldCm: 0.5,
    },
    energyResolution: { fwhmFractionAt140KeV: 0.08, scaling: 'constant-absolute' },
    windows: {
      'Tc-99m': { lowerKeV: 120, upperKeV: 165 },
      'Co-57': { lowerKeV: 105, upperKeV: 150 },
      'In-111': { lowerKeV: 155, upperKeV: 270 },
      'I-125': { lowerKeV: 20, upperKeV: 45 },
      'Ga-68': { lowerKeV: 400, upperKeV: 620 },
      'F-18': { lowerKeV: 400, upperKeV: 620 },
    },
    deadTimeSeconds: 2e-6,
    backgroundCps: 0.5,
  },
  {
    id: 'laparoscopic-10mm',
    name: '10 mm laparoscopic CsI(Tl) probe (fits a 10–12 mm trocar)',
    basis:
      'Class of rigid laparoscopic probes (Crystal Photonics laparoscopic probe; DROP-IN probes improved detection over rigid ones, EJNMMI 2021 S74). ' +
      'Assumed: 6 mm × 10 mm CsI(Tl), recessed 8 mm, 2 mm tungsten wall (10 mm outer), 10 mm back shield, 18 % FWHM, dead time 4 µs, background 0.5 cps.',
    crystal: { material: 'CsI', diameterCm: 0.6, thicknessCm: 1.0 },
    shield: {
      material: 'tungsten',
      apertureDiameterCm: 0.6,
      collimatorLengthCm: 0.8,
      outerDiameterCm: 1.0,
      backShieldCm: 1.0,
    },
    energyResolution: { fwhmFractionAt140KeV: 0.18, scaling: 'inverse-sqrt' },
    windows: SOFT_GAMMA_WINDOWS,
    deadTimeSeconds: 4e-6,
    backgroundCps: 0.5,
  },
  {
    id: 'high-energy-511',
    name: 'High-energy probe for 511 keV (Ga-68, F-18)',
    basis:
      'Class of "PET probes" with thick shielding for annihilation photons (Gulec et al. 2007, Care Wise PET probe; De Feo et al. 2023 review of PET-probe RGS). ' +
      'Assumed: 12 mm × 25 mm CsI(Tl), recessed 20 mm, 12 mm tungsten wall (36 mm outer), 25 mm back shield, 11 % FWHM at 511 keV ' +
      '(21 % at 140 keV, inverse-sqrt), dead time 4 µs, background 3 cps. Side shielding at 511 keV: 92.65 % (probeFigures), as ' +
      'published for a commercial hand-held PET probe: Crystal Photonics states 75 % at 511 keV for its 22 mm and 93 % for its ' +
      '31 mm PET probe (tungsten collimation, > 5,000 cps/MBq, about 45° opening; https://crystal-photonics.com/de/products/probe-pet.htm). ' +
      'The > 99.9 % purchaser and > 99.97 % vendor side-shielding criteria are met by standard probes at 140 keV (the vendor FAQ: ' +
      'lateral shielding < 0.1 % at 140 keV, research-notes S38), not by any published 511 keV hand-held probe; ' +
      'tungsten thick enough for 99.9 % at 511 keV (≈ 2.6 cm wall) does not fit a hand-held probe.',
    crystal: { material: 'CsI', diameterCm: 1.2, thicknessCm: 2.5 },
    shield: {
      material: 'tungsten',
      apertureDiameterCm: 1.2,
      collimatorLengthCm: 2.0,
      outerDiameterCm: 3.6,
      backShieldCm: 2.5,
    },
    energyResolution: { fwhmFractionAt140KeV: 0.21, scaling: 'inverse-sqrt' },
    windows: {
      'Ga-68': { lowerKeV: 400, upperKeV: 620 },
      'F-18': { lowerKeV: 400, upperKeV: 620 },
      'Cu-64': { lowerKeV: 400, upperKeV: 620 },
      'Cs-137': { lowerKeV: 560, upperKeV: 760 },
      'Tc-99m': { lowerKeV: 110, upperKeV: 175 },
      'Co-57': { lowerKeV: 100, upperKeV: 160 },
    },
    deadTimeSeconds: 4e-6,
    backgroundCps: 3,
  },
];

export function findProbePreset(id: string): ProbeModel | undefined {
  return PROBE_PRESETS.find((p) => p.id === id);
}
