// What the simulator needs from physics, in one narrow interface. The implementation (physics-adapter.ts)
// reads @openrgs/physics; sim carries no physics data of its own (DESIGN.md: physics owns nuclide and
// attenuation data). Tests may pass their own implementation to check a formula in isolation.

export type SimMaterial = 'CsI' | 'CdTe' | 'NaI' | 'tungsten' | 'lead' | 'water' | 'soft-tissue';

export interface PhotonLine {
  energyKeV: number;
  /** Photons emitted per decay (0.885 for the Tc-99m 140.5 keV line; 1.78 for 511 keV from Ga-68). */
  photonsPerDecay: number;
}

export interface AttenuationPartsPerCm {
  /** Total linear attenuation coefficient with coherent scattering, 1/cm (narrow beam). */
  totalPerCm: number;
  /** Photoelectric absorption part, 1/cm. */
  photoelectricPerCm: number;
  /** Incoherent (Compton) scattering part, 1/cm. */
  incoherentPerCm: number;
  /** Coherent (Rayleigh) scattering part, 1/cm. */
  coherentPerCm: number;
}

export interface SimPhysics {
  /** Linear attenuation coefficients of a material at a photon energy (NIST XCOM / Hubbell–Seltzer). */
  attenuation(material: SimMaterial, energyKeV: number): AttenuationPartsPerCm;
  /** Gamma and X-ray lines of a nuclide with yields per decay. */
  photonLines(nuclide: string): readonly PhotonLine[];
  halfLifeSeconds(nuclide: string): number;
  /** Nuclide names the physics package knows (for error messages and `--list`). */
  nuclides(): readonly string[];
}
