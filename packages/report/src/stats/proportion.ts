// Exact (Clopper-Pearson) confidence interval for a binomial proportion.
// Clopper CJ, Pearson ES. Biometrika 1934;26:404-413. Bounds from beta quantiles (the inverse regularized
// incomplete beta of @openrgs/numeric):
//   lower = B(α/2; x, n−x+1), upper = B(1−α/2; x+1, n−x), with 0 and 1 at the ends.
import { betaIncompleteInverse } from '@openrgs/numeric';

export interface Proportion {
  successes: number;
  total: number;
  /** successes / total, null when total is 0. */
  estimate: number | null;
  low: number | null;
  high: number | null;
  confidence: number;
}

export function clopperPearson(successes: number, total: number, confidence = 0.95): Proportion {
  if (
    !Number.isInteger(successes) ||
    !Number.isInteger(total) ||
    successes < 0 ||
    total < 0 ||
    successes > total
  ) {
    throw new RangeError(
      `clopperPearson: need whole numbers 0 <= successes <= total, got ${successes}/${total}`,
    );
  }
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`clopperPearson: confidence ${confidence} not in (0,1)`);
  if (total === 0) return { successes, total, estimate: null, low: null, high: null, confidence };
  const tail = (1 - confidence) / 2;
  const low = successes === 0 ? 0 : betaIncompleteInverse(tail, successes, total - successes + 1);
  const high = successes === total ? 1 : betaIncompleteInverse(1 - tail, successes + 1, total - successes);
  return { successes, total, estimate: successes / total, low, high, confidence };
}
