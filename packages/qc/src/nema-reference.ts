// Which part of NEMA NU 3-2004 each computation implements.
//
// NEMA NU 3-2004, "Performance Measurements and Quality Control Guidelines for Non-Imaging
// Intraoperative Gamma Probes" (NEMA, Rosslyn VA, 2004) is sold, not public. What we could verify
// from public sources (shared/domain/research-notes.md §3.2): it recommends 13 tests, three of them
// (sensitivity in air, visual inspection, power-source check) as constancy tests; it asks for
// sensitivity in air and in a scattering medium, spatial and angular resolution in scatter, side and
// back shielding, count-rate capability and energy resolution. The clause NUMBERS could not be read;
// we therefore cite each test by its title and mark `clauseNumberVerified: false`. A department that
// owns the standard fills in the numbers here (one place) and flips the flag.
//
// The computations themselves (FWHM/FWTM by linear interpolation of the crossings, peak by a
// parabola through the maximum and its neighbours) follow the convention NEMA uses in its imaging
// standards NU 1 (gamma cameras) and NU 2 (PET); dead-time models follow Knoll, Radiation Detection
// and Measurement, 4th ed. (2010), ch. 4 §VII.

export type NemaTestId =
  | 'sensitivity-air'
  | 'sensitivity-scatter'
  | 'spatial-resolution'
  | 'angular-resolution'
  | 'shielding'
  | 'count-rate'
  | 'energy-resolution'
  | 'constancy';

export interface NemaReference {
  standard: 'NEMA NU 3-2004';
  /** The test's title as the standard names it (verified titles only where noted). */
  test: string;
  /** The clause number, once someone has read it in the purchased standard. */
  clause: string | null;
  clauseNumberVerified: boolean;
  /** What we did where the standard could not be read. */
  note: string;
}

function ref(test: string, note: string): NemaReference {
  return { standard: 'NEMA NU 3-2004', test, clause: null, clauseNumberVerified: false, note };
}

export const NEMA_NU3_REFERENCES: Readonly<Record<NemaTestId, NemaReference>> = {
  'sensitivity-air': ref(
    'Sensitivity in air',
    'Net count rate per unit source activity (cps/MBq) at each source–probe distance; one of the three tests NU 3 names as constancy tests.',
  ),
  'sensitivity-scatter': ref(
    'Sensitivity in scattering medium',
    'As in air, with the source at depth in water; distance is the depth of the source below the probe face.',
  ),
  'spatial-resolution': ref(
    'Spatial resolution in scattering medium',
    'FWHM and FWTM of the count profile of a point source moved across the probe face at fixed depth; crossings by linear interpolation (NU 1/NU 2 convention).',
  ),
  'angular-resolution': ref(
    'Angular resolution in scattering medium',
    'FWHM in degrees of the count profile of a source at fixed distance as the probe is rotated about its tip.',
  ),
  shielding: ref(
    'Side and back shielding',
    'Percent shielding = 100 × (1 − side or back net rate / front net rate), same source, same distance.',
  ),
  'count-rate': ref(
    'Count-rate capability',
    'Least-squares fit of paralysable and non-paralysable dead-time models (Knoll) to measured vs true rate; true rate at 20 % count loss.',
  ),
  'energy-resolution': ref(
    'Energy resolution',
    'FWHM of the photopeak divided by the photopeak energy, in percent; only for probes that give a spectrum.',
  ),
  constancy: ref(
    'Quality control: sensitivity in air (constancy)',
    'Reference-source count in a fixed jig compared with the decay-corrected baseline; tolerances are a department choice (see docs/qc.md).',
  ),
};
