// Tracer agents offered at administration and the decay of the administered activity, shown live.
// Half-lives come from @openrgs/physics (LNHB/DDEP recommended data, with its sources), the same table the
// server decay-corrects with.
import { getNuclide } from '@openrgs/physics';

export type Nuclide = 'Tc-99m' | 'In-111' | 'Ga-68';

export const HALF_LIFE_SECONDS: Readonly<Record<Nuclide, number>> = {
  'Tc-99m': getNuclide('Tc-99m').halfLifeSeconds,
  'In-111': getNuclide('In-111').halfLifeSeconds,
  'Ga-68': getNuclide('Ga-68').halfLifeSeconds,
};

export const NUCLIDES: readonly Nuclide[] = ['Tc-99m', 'In-111', 'Ga-68'];

export interface TracerAgent {
  agent: string;
  nuclide: Nuclide;
}

/** Somatostatin-receptor and sentinel agents named in clinical.md. */
export const TRACER_AGENTS: readonly TracerAgent[] = [
  { agent: '99mTc-EDDA/HYNIC-TOC', nuclide: 'Tc-99m' },
  { agent: '111In-pentetreotide', nuclide: 'In-111' },
  { agent: '68Ga-DOTATATE', nuclide: 'Ga-68' },
  { agent: '68Ga-DOTATOC', nuclide: 'Ga-68' },
  { agent: '68Ga-DOTANOC', nuclide: 'Ga-68' },
  { agent: '99mTc-nanocolloid (sentinel node)', nuclide: 'Tc-99m' },
  { agent: '99mTc-PSMA', nuclide: 'Tc-99m' },
];

export function isNuclide(value: string): value is Nuclide {
  return (NUCLIDES as readonly string[]).includes(value);
}

/** Activity remaining after `elapsedSeconds`: A = A0 · 2^(−t / T½) (exponential decay law). */
export function decayedActivityMBq(
  activityMBq: number,
  elapsedSeconds: number,
  halfLifeSeconds: number,
): number {
  return activityMBq * 2 ** (-elapsedSeconds / halfLifeSeconds);
}
