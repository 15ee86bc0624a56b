// Tracer uptake data (data/uptake.json): SUV per tissue at a reference time, each with its source.
// Checked when the module loads: a malformed data file stops the simulator instead of simulating nonsense.
import data from '../data/uptake.json' with { type: 'json' };
import { TISSUE_NAMES, type TissueName } from './anatomy.js';

export type UptakeBasis = 'published' | 'derived' | 'assumed';

export interface TissueUptake {
  suv: number;
  basis: UptakeBasis;
  /** Keys into UPTAKE_SOURCES, separated by '; '. */
  source: string;
  note: string;
}

export interface TracerUptake {
  tracer: string;
  nuclide: string;
  referenceTimeHours: number;
  referenceTimeSource: string;
  kineticsNote: string;
  tissues: Readonly<Record<TissueName, TissueUptake>>;
}

export const BODY_MASS_KG: number = data.bodyMassKg;
export const UPTAKE_SOURCES: Readonly<Record<string, string>> = data.sources;
export const UPTAKE_DATA_VERSION: string = data.version;

function load(): TracerUptake[] {
  const out: TracerUptake[] = [];
  for (const [tracer, raw] of Object.entries(data.tracers)) {
    const tissues = raw.tissues as Record<string, TissueUptake>;
    for (const name of TISSUE_NAMES) {
      const t = tissues[name];
      if (!t) throw new Error(`uptake.json: ${tracer} has no value for ${name}`);
      if (!(t.suv >= 0) || !['published', 'derived', 'assumed'].includes(t.basis))
        throw new Error(`uptake.json: ${tracer}/${name} is malformed`);
      for (const key of t.source.split('; ')) {
        if (!(key in data.sources))
          throw new Error(`uptake.json: ${tracer}/${name} cites unknown source ${key}`);
      }
    }
    if (!(raw.referenceTimeHours >= 0)) throw new Error(`uptake.json: ${tracer} has no reference time`);
    out.push({
      tracer,
      nuclide: raw.nuclide,
      referenceTimeHours: raw.referenceTimeHours,
      referenceTimeSource: raw.referenceTimeSource,
      kineticsNote: raw.kineticsNote,
      tissues: tissues as Record<TissueName, TissueUptake>,
    });
  }
  return out;
}

export const TRACERS: readonly TracerUptake[] = load();

export function findTracer(name: string): TracerUptake | undefined {
  return TRACERS.find((t) => t.tracer.toLowerCase() === name.toLowerCase());
}
