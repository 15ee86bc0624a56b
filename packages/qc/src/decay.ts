// The decay law comes from @openrgs/physics (one implementation for the whole project).
import { decayFactor } from '@openrgs/physics';

/** 2^(−t/T½); t and T½ in seconds; a negative t (before the reference) gives a factor above 1. */
export function decayFactorFor(elapsedSeconds: number, halfLifeSeconds: number): number {
  return decayFactor(halfLifeSeconds, elapsedSeconds);
}
