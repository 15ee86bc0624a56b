// Log-log interpolation in a NIST-style table whose energies ascend and where an absorption edge is
// two rows with the same energy (below-edge value first, above-edge value second). Between two
// tabulated energies ln(y) is linear in ln(E) (the interpolation NIST recommends for these tables,
// Hubbell & Seltzer, NISTIR 5632, §3). The interval is chosen so it never spans an edge; exactly at an
// edge energy the above-edge value is returned (a photon of the binding energy can ionise the shell).

/**
 * y at `x` by log-log interpolation. `xs` ascending with possible duplicates (edges), `ys` > 0.
 * Returns undefined when `x` is outside [xs[0], xs[last]] — never extrapolates.
 */
export function interpolateLogLog(
  xs: readonly number[],
  ys: readonly number[],
  x: number,
): number | undefined {
  const n = xs.length;
  // An empty table has no first or last energy: NaN makes the range test below refuse every x.
  const first = xs[0] ?? Number.NaN;
  const last = xs[n - 1] ?? Number.NaN;
  if (!(x >= first && x <= last)) return undefined;
  // Last index i with xs[i] <= x (for an edge energy: the above-edge row).
  let lo = 0;
  // Starting hi at n + 1 would only add steps: xs[n] and xs[n + 1] are undefined, `undefined <= x` is false,
  // and hi moves down past them as it would past a large entry (docs/mutation.md, equivalent mutants).
  // Stryker disable next-line ArithmeticOperator: equivalent, see above
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((xs[mid] as number) <= x) lo = mid;
    else hi = mid - 1;
  }
  const x0 = xs[lo] as number;
  const y0 = ys[lo] as number;
  // x0 === x also covers lo = n − 1: then xs[n − 1] ≤ x ≤ last = xs[n − 1].
  if (x0 === x) return y0;
  const x1 = xs[lo + 1] as number;
  const y1 = ys[lo + 1] as number;
  const t = Math.log(x / x0) / Math.log(x1 / x0);
  return Math.exp(Math.log(y0) + t * Math.log(y1 / y0));
}
