// Mean ratio ⟨Z/A⟩ (electrons per atomic mass unit) of the attenuation materials, for Compton
// (Klein–Nishina) partial cross-sections: μ_incoh ≈ ρ · ⟨Z/A⟩ · N_A · σ_KN (free-electron approximation,
// adequate above ~100 keV). Added for @openrgs/sim's scatter model and Monte Carlo.
// Values: NIST XAAMDI (Hubbell & Seltzer, NISTIR 5632) Table 1 (elements: Z/A with standard atomic
// weights) and Table 2 (compounds/mixtures ⟨Z/A⟩); recomputed here from the compositions as a check:
//   water H2O 10/18.0153; CsI (55+53)/(132.905+126.904); CdTe (48+52)/(112.411+127.60);
//   ICRU-44 soft tissue by mass H 10.2, C 14.3, N 3.4, O 70.8, Na 0.2, P 0.3, S 0.3, Cl 0.2, K 0.3 %;
//   dry air (near sea level) ⟨Z/A⟩ 0.49919 (Table 2); ICRU-44 cortical bone 0.51478 (Table 2).

const Z_OVER_A: Readonly<Record<string, number>> = {
  water: 0.55508,
  'soft-tissue': 0.54996,
  air: 0.49919,
  'cortical-bone': 0.51478,
  lead: 82 / 207.2,
  tungsten: 74 / 183.84,
  csi: 0.41569,
  cdte: 0.41665,
  // NaI (11 + 53)/(22.98977 + 126.90447): not in NIST Table 2, computed from the formula.
  nai: 0.42697,
};

/** ⟨Z/A⟩ of a material id (`water`, `soft-tissue`, `cortical-bone`, `air`, `lead`, `tungsten`, `csi`, `cdte`), or undefined. */
export function meanZOverA(materialId: string): number | undefined {
  return Z_OVER_A[materialId];
}
