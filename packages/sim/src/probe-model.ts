// The gamma-probe model: detector crystal, tungsten collimator and shield, energy windows per nuclide.
//
// Probe frame (used throughout sim): origin at the centre of the probe's front face (the tip), +z along
// the probe axis pointing OUT of the probe towards the tissue; sources in front of the probe have z > 0.
//   collimator bore: radius apertureDiameterCm/2, from z = -collimatorLengthCm to z = 0
//   crystal: radius crystalDiameterCm/2, from z = -(collimatorLengthCm + crystalThicknessCm) to -collimatorLengthCm
//   shield: tungsten (or lead) cylinder of radius outerDiameterCm/2 around both, closed at the back by
//           backShieldCm of the same metal behind the crystal.
// Everything not bore or crystal inside the outer cylinder is shield metal; the handle, light guide and
// electronics behind the back shield are not modelled.

export type CrystalMaterial = 'CsI' | 'CdTe';
export type ShieldMaterial = 'tungsten' | 'lead';

export interface EnergyWindow {
  lowerKeV: number;
  upperKeV: number;
}

export interface ProbeModel {
  /** Preset id used on the command line, e.g. `csi-14mm`. */
  id: string;
  name: string;
  /** What the preset is modelled on, with the public source of its figures, and what is assumed. */
  basis: string;
  crystal: { material: CrystalMaterial; diameterCm: number; thicknessCm: number };
  shield: {
    material: ShieldMaterial;
    apertureDiameterCm: number;
    collimatorLengthCm: number;
    outerDiameterCm: number;
    backShieldCm: number;
  };
  /**
   * Energy resolution, FWHM as a fraction of the photon energy at 140 keV. Scintillators scale as
   * 1/sqrt(E) (photo-electron statistics, Knoll ch. 10); for CdTe the absolute FWHM is taken as constant
   * (electronic-noise dominated) — an approximation stated here, not a measured law.
   */
  energyResolution: { fwhmFractionAt140KeV: number; scaling: 'inverse-sqrt' | 'constant-absolute' };
  /** Counting window per nuclide setting (what the control unit's nuclide switch selects). */
  windows: Readonly<Record<string, EnergyWindow>>;
  /** Non-paralysable dead time, seconds (Knoll, Radiation Detection and Measurement, 4th ed., §4.VII). */
  deadTimeSeconds: number;
  /** Counts with no source: natural background and detector noise in a shielded theatre, cps. */
  backgroundCps: number;
}

export type ProbeModelIssue = { path: string; message: string };

/** Checks the physical consistency of a probe model; returns the list of problems (empty when valid). */
export function checkProbeModel(model: ProbeModel): ProbeModelIssue[] {
  const issues: ProbeModelIssue[] = [];
  const positive = (path: string, value: number) => {
    if (!Number.isFinite(value) || value <= 0) issues.push({ path, message: `must be > 0, got ${value}` });
  };
  positive('crystal.diameterCm', model.crystal.diameterCm);
  positive('crystal.thicknessCm', model.crystal.thicknessCm);
  positive('shield.apertureDiameterCm', model.shield.apertureDiameterCm);
  positive('shield.outerDiameterCm', model.shield.outerDiameterCm);
  positive('energyResolution.fwhmFractionAt140KeV', model.energyResolution.fwhmFractionAt140KeV);
  for (const [path, value] of [
    ['shield.collimatorLengthCm', model.shield.collimatorLengthCm],
    ['shield.backShieldCm', model.shield.backShieldCm],
    ['deadTimeSeconds', model.deadTimeSeconds],
    ['backgroundCps', model.backgroundCps],
  ] as const) {
    if (!Number.isFinite(value) || value < 0) issues.push({ path, message: `must be ≥ 0, got ${value}` });
  }
  if (model.crystal.diameterCm > model.shield.apertureDiameterCm + 1e-9) {
    issues.push({ path: 'crystal.diameterCm', message: 'crystal wider than the collimator aperture' });
  }
  if (model.shield.apertureDiameterCm >= model.shield.outerDiameterCm) {
    issues.push({ path: 'shield.outerDiameterCm', message: 'outer diameter must exceed the aperture' });
  }
  for (const [nuclide, w] of Object.entries(model.windows)) {
    if (!(w.lowerKeV >= 0 && w.upperKeV > w.lowerKeV && Number.isFinite(w.upperKeV))) {
      issues.push({
        path: `windows.${nuclide}`,
        message: `needs 0 ≤ lowerKeV < upperKeV, got ${w.lowerKeV}–${w.upperKeV}`,
      });
    }
  }
  return issues;
}

/** FWHM of the photopeak at `energyKeV`, keV. */
export function fwhmKeV(model: ProbeModel, energyKeV: number): number {
  const at140 = model.energyResolution.fwhmFractionAt140KeV * 140;
  return model.energyResolution.scaling === 'inverse-sqrt' ? at140 * Math.sqrt(energyKeV / 140) : at140;
}

/** Standard normal cumulative distribution (Abramowitz & Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Fraction of a Gaussian photopeak at `energyKeV` that falls inside the window. */
export function windowFraction(model: ProbeModel, window: EnergyWindow, energyKeV: number): number {
  const sigma = fwhmKeV(model, energyKeV) / (2 * Math.sqrt(2 * Math.LN2));
  return normalCdf((window.upperKeV - energyKeV) / sigma) - normalCdf((window.lowerKeV - energyKeV) / sigma);
}
