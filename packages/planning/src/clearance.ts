// Storage of radioactive specimens and theatre waste until clearance: the time for the activity
// concentration to decay below a clearance level, with the release date and time.
//
// Default clearance levels: Council Directive 2013/59/Euratom, Annex VII, Table A Part 1 (activity
// concentrations for exemption or clearance of materials, artificial radionuclides, kBq/kg = Bq/g), which
// take over the IAEA values of RS-G-1.7 / GSR Part 3 Schedule I Table I.2. [UNVERIFIED against the
// printed table in this project: values as widely quoted; Ga-68 is set equal to F-18 (both pure 511 keV
// emitters, same order of dose per decay).] National rules may differ: the level is configurable.
import { type SourcedValue, sourced } from './sourced.js';

const BSS = 'Council Directive 2013/59/Euratom Annex VII Table A Part 1 (= IAEA GSR Part 3 Sch. I Table I.2)';

export const CLEARANCE_LEVELS_BQ_PER_G: Readonly<Record<string, SourcedValue>> = {
  'Tc-99m': sourced(100, [100, 100], 'Bq/g', 'published', `${BSS} [UNVERIFIED against the printed table]`),
  'In-111': sourced(10, [10, 10], 'Bq/g', 'published', `${BSS} [UNVERIFIED against the printed table]`),
  'F-18': sourced(10, [10, 10], 'Bq/g', 'published', `${BSS} [UNVERIFIED against the printed table]`),
  'Ga-68': sourced(
    10,
    [10, 10],
    'Bq/g',
    'estimated',
    `Not found in ${BSS}; set equal to F-18 (511 keV emitter)`,
  ),
  'I-125': sourced(100, [100, 100], 'Bq/g', 'published', `${BSS} [UNVERIFIED against the printed table]`),
  'Lu-177': sourced(100, [100, 100], 'Bq/g', 'published', `${BSS} [UNVERIFIED against the printed table]`),
};

export interface SpecimenInput {
  label: string;
  activityMBq: number;
  massG: number;
  /** When the activity was measured (epoch ms). */
  measuredAtMs: number;
}

export interface SpecimenRelease {
  label: string;
  activityMBq: number;
  massG: number;
  concentrationBqPerG: number;
  clearanceBqPerG: number;
  /** Storage time from the measurement (h); 0 when already below the level. */
  storageHours: number;
  releaseAtMs: number;
}

/** t = T½ · log2(C / C_clear): the concentration halves every physical half-life (no biological loss). */
export function specimenRelease(
  specimen: SpecimenInput,
  physicalHalfLifeHours: number,
  clearanceBqPerG: number,
): SpecimenRelease {
  if (!(specimen.massG > 0))
    throw new RangeError(`specimen ${specimen.label}: mass ${specimen.massG} g must be > 0`);
  if (!(specimen.activityMBq >= 0))
    throw new RangeError(`specimen ${specimen.label}: activity must be >= 0 MBq`);
  if (!(clearanceBqPerG > 0)) throw new RangeError(`clearance level ${clearanceBqPerG} Bq/g must be > 0`);
  const concentration = (specimen.activityMBq * 1e6) / specimen.massG;
  const storageHours =
    concentration <= clearanceBqPerG ? 0 : physicalHalfLifeHours * Math.log2(concentration / clearanceBqPerG);
  return {
    label: specimen.label,
    activityMBq: specimen.activityMBq,
    massG: specimen.massG,
    concentrationBqPerG: concentration,
    clearanceBqPerG,
    storageHours,
    // Round up to the next whole minute: release never before the level is reached.
    releaseAtMs: specimen.measuredAtMs + Math.ceil(storageHours * 60) * 60_000,
  };
}
