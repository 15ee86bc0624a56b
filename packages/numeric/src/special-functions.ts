// biome-ignore-all lint/correctness/noPrecisionLoss: published coefficients (Lanczos, AS 241) are kept digit for digit as printed.
// Special functions for exact count statistics: log-gamma, regularized incomplete gamma and beta and their
// inverses, the standard normal and Student t quantiles. Everything else in this package builds on these.
//
// Sources: Lanczos approximation (g = 7, n = 9 coefficients, as in Numerical Recipes 3rd ed. §6.1 / Boost);
// incomplete gamma by series and Legendre continued fraction (Numerical Recipes 3rd ed. §6.2);
// incomplete beta by Lentz's continued fraction (Numerical Recipes 3rd ed. §6.4);
// inverse normal by Wichura, AS 241, Appl. Statist. 37:477 (1988), PPND16 (about 1e-16 relative).

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1-x) = π / sin(πx).
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS_G + 2; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const EPS = 1e-15;
const TINY = 1e-300;
const MAX_ITERATIONS = 10_000;

/** Regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a), a > 0, x >= 0. */
export function gammaP(a: number, x: number): number {
  checkGammaArgs(a, x);
  if (x === 0) return 0;
  if (x < a + 1) return gammaSeries(a, x);
  return 1 - gammaContinuedFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 - P(a, x), computed without cancellation. */
export function gammaQ(a: number, x: number): number {
  checkGammaArgs(a, x);
  if (x === 0) return 1;
  if (x < a + 1) return 1 - gammaSeries(a, x);
  return gammaContinuedFraction(a, x);
}

function checkGammaArgs(a: number, x: number): void {
  if (!(a > 0) || !Number.isFinite(a)) throw new RangeError(`incomplete gamma needs a > 0, got ${a}`);
  if (!(x >= 0)) throw new RangeError(`incomplete gamma needs x >= 0, got ${x}`);
}

/**
 * The series and the continued fraction need about 8√a and 0.2√a terms at x ≈ a + 1 (counted: 7 412 and
 * 895 at a = 10⁶, 70 863 and 4 171 at a = 10⁸), so a fixed limit of 10 000 cut the series short from a ≈ 1.5·10⁶
 * on (P(10⁸, 10⁸) came out 0.341 instead of 0.500013).
 */
function iterationLimit(a: number): number {
  return MAX_ITERATIONS + 20 * Math.sqrt(a);
}

/**
 * ln(xᵃ e⁻ˣ / Γ(a)), the factor in front of the series and the continued fraction. From a = 100 on it is
 * −a·(λ − 1 − ln λ) + ½ ln(a/2π) − ε(a) with λ = x/a and ε(a) = 1/(12a) − 1/(360a³) + 1/(1260a⁵), the Stirling
 * series of ln Γ (DLMF 5.11.1; the next term, 1/(1680a⁷) ≤ 6e-18, is below rounding): the direct form
 * subtracts numbers near a ln a, whose rounding (a ln a · 2⁻⁵³, 2e-7 at a = 10⁸) becomes the relative error of
 * P and Q.
 */
function logGammaPrefix(a: number, x: number): number {
  if (a < 100) return -x + a * Math.log(x) - logGamma(a);
  const d = (x - a) / a;
  return -a * (d - Math.log1p(d)) + 0.5 * Math.log(a / (2 * Math.PI)) - stirlingCorrection(a);
}

function gammaSeries(a: number, x: number): number {
  let ap = a;
  let term = 1 / a;
  let sum = term;
  const limit = iterationLimit(a);
  for (let n = 0; n < limit; n++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return Math.min(1, sum * Math.exp(logGammaPrefix(a, x)));
}

function gammaContinuedFraction(a: number, x: number): number {
  // Modified Lentz for the continued fraction of Q(a, x).
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  const limit = iterationLimit(a);
  for (let i = 1; i < limit; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.min(1, Math.exp(logGammaPrefix(a, x)) * h);
}

/**
 * Inverse of P(a, ·): the x with P(a, x) = p. Halley's method on ln-scale starting points
 * (Numerical Recipes 3rd ed. §6.2.1), safeguarded by bisection so it always converges.
 */
export function gammaPInverse(p: number, a: number): number {
  return gammaPInverseSteps(p, a).x;
}

/**
 * `gammaPInverse` with the number of Halley or bisection steps it took. Internal (not exported by the
 * package), for the tests: the root is the same from a worse start or a worse step, only the count shows it.
 */
export function gammaPInverseSteps(p: number, a: number): { x: number; steps: number } {
  if (!(a > 0)) throw new RangeError(`gammaPInverse needs a > 0, got ${a}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`gammaPInverse needs 0 <= p <= 1, got ${p}`);
  if (p === 0) return { x: 0, steps: 0 };
  if (p === 1) return { x: Number.POSITIVE_INFINITY, steps: 0 };
  let x: number;
  if (a > 1) {
    // Wilson–Hilferty start.
    const z = normalQuantile(p);
    const t = 1 / (9 * a);
    x = Math.max(1e-3, a * (1 - t + z * Math.sqrt(t)) ** 3);
  } else {
    const t = 1 - a * (0.253 + a * 0.12);
    x = p < t ? (p / t) ** (1 / a) : 1 - Math.log(1 - (p - t) / (1 - t));
  }
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  const lnGa = logGamma(a);
  for (let steps = 1; steps <= 200; steps++) {
    const pAtX = gammaP(a, x);
    const f = pAtX - p;
    if (f < 0) lo = x;
    else hi = x;
    if (f === 0) return { x, steps };
    const density = Math.exp((a - 1) * Math.log(x) - x - lnGa);
    // NaN (a density that under- or overflowed) sends the step to the bisection below.
    let next = Number.NaN;
    if (density > 0 && Number.isFinite(density)) {
      if (p < 1e-3) {
        // Lower tail: P(a, x) ≈ xᵃe⁻ˣ/Γ(a + 1) there, close to a power of x, so Newton on ln P against ln x
        // (exact for P = C·xᵃ). Halley on P itself moves only a fraction ~1/a of the way there per step, and
        // for p ≤ 1e-200 ran out of its 200 steps far from the root (P⁻¹(1e-250; 1.5) gave x with P = 5e-215).
        next = x * Math.exp(((Math.log(p) - Math.log(pAtX)) * pAtX) / (x * density));
      } else {
        const newton = f / density;
        // Halley correction: second derivative of P is density · ((a-1)/x - 1).
        const halley = newton / (1 - 0.5 * Math.min(1, newton * ((a - 1) / x - 1)));
        next = x - halley;
      }
    }
    // A converged step may land on lo or hi itself (a step below x's last digit): it is the answer, not a
    // reason to bisect (which from there wandered off for the remaining steps: P⁻¹(0.05; 10⁴) gave 9290).
    const converged = (y: number) => Math.abs(y - x) <= 1e-14 * x;
    if (!converged(next) && !(next > lo && next < hi)) {
      next = Number.isFinite(hi) ? 0.5 * (lo + hi) : Math.max(2 * x, x + 1);
    }
    if (converged(next)) return { x: next, steps };
    x = next;
  }
  return { x, steps: 200 };
}

/** Regularized incomplete beta I_x(a, b), a, b > 0, 0 <= x <= 1. */
export function betaIncomplete(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`incomplete beta needs a, b > 0, got ${a}, ${b}`);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`incomplete beta needs 0 <= x <= 1, got ${x}`);
  if (x === 0 || x === 1) return x;
  const lnFront = logBetaPrefix(x, a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(lnFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/** ε(z) = ln Γ(z) − (z − ½) ln z + z − ½ ln 2π for z ≥ 100, three terms of DLMF 5.11.1 (next: 1/(1680z⁷) ≤ 6e-18). */
function stirlingCorrection(z: number): number {
  const inverseSquare = 1 / (z * z);
  return (1 - inverseSquare * (1 / 30 - inverseSquare / 105)) / (12 * z);
}

/**
 * ln(xᵃ(1 − x)ᵇ / B(a, b)). When both shapes are 100 or more it is a·ln(x/x₀) + b·ln((1 − x)/(1 − x₀)) +
 * ½ ln(ab/(2π(a + b))) + ε(a + b) − ε(a) − ε(b) with x₀ = a/(a + b) (Stirling, DLMF 5.11.1, in each ln Γ):
 * the direct form subtracts ln Γ values near (a + b) ln(a + b), whose rounding was the error of I
 * (I_½(a, a) − ½ = 3e-10 at a = 10⁵, 1e-7 at 10⁸). With one shape below 100 the direct form is kept.
 */
function logBetaPrefix(x: number, a: number, b: number): number {
  if (a < 100 || b < 100)
    return logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const x0 = a / (a + b);
  return (
    a * logRatio(x, x0) +
    b * logRatio(1 - x, 1 - x0) +
    0.5 * Math.log((a * b) / (2 * Math.PI * (a + b))) +
    stirlingCorrection(a + b) -
    stirlingCorrection(a) -
    stirlingCorrection(b)
  );
}

/** ln(u/v) for u, v > 0, by log1p when u is near v (where the two ln terms above nearly cancel). */
function logRatio(u: number, v: number): number {
  return Math.abs(u - v) < 0.5 * v ? Math.log1p((u - v) / v) : Math.log(u / v);
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** Inverse of I_·(a, b): the x with I_x(a, b) = p. Newton safeguarded by bisection on [0, 1]. */
export function betaIncompleteInverse(p: number, a: number, b: number): number {
  return betaIncompleteInverseSteps(p, a, b).x;
}

/** `betaIncompleteInverse` with the number of Newton or bisection steps it took (internal, for the tests). */
export function betaIncompleteInverseSteps(p: number, a: number, b: number): { x: number; steps: number } {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`betaIncompleteInverse needs 0 <= p <= 1, got ${p}`);
  if (p === 0) return { x: 0, steps: 0 };
  if (p === 1) return { x: 1, steps: 0 };
  let lo = 0;
  let hi = 1;
  let x = betaInverseStart(p, a, b);
  const lnB = logGamma(a) + logGamma(b) - logGamma(a + b);
  for (let steps = 1; steps <= 300; steps++) {
    const f = betaIncomplete(x, a, b) - p;
    if (f < 0) lo = x;
    else hi = x;
    if (f === 0) return { x, steps };
    const density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lnB);
    let next = density > 0 && Number.isFinite(density) ? x - f / density : Number.NaN;
    // As in gammaPInverseSteps: a converged step that lands on lo or hi is the answer, not a reason to bisect.
    const converged = (y: number) => Math.abs(y - x) <= 1e-13 * Math.max(Math.min(x, 1 - x), 1e-300);
    if (!converged(next) && !(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (converged(next) || hi - lo < 1e-300) return { x: next, steps };
    x = next;
  }
  return { x, steps: 300 };
}

/** Starting point for the inverse incomplete beta (Numerical Recipes 3rd ed. §6.14, invbetai). */
function betaInverseStart(p: number, a: number, b: number): number {
  let x: number;
  if (a >= 1 && b >= 1) {
    const pp = p < 0.5 ? p : 1 - p;
    const t = Math.sqrt(-2 * Math.log(pp));
    x = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (p < 0.5) x = -x;
    const al = (x * x - 3) / 6;
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const w = (x * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
    x = a / (a + b * Math.exp(2 * w));
  } else {
    const lna = Math.log(a / (a + b));
    const lnb = Math.log(b / (a + b));
    const t = Math.exp(a * lna) / a;
    const u = Math.exp(b * lnb) / b;
    const w = t + u;
    x = p < t / w ? (a * w * p) ** (1 / a) : 1 - (b * w * (1 - p)) ** (1 / b);
  }
  return x > 0 && x < 1 && Number.isFinite(x) ? x : a / (a + b);
}

/** Standard normal cumulative distribution Φ(z), via the complementary error function. */
export function normalCdf(z: number): number {
  if (z < 0) return 0.5 * gammaQ(0.5, (z * z) / 2);
  return 1 - 0.5 * gammaQ(0.5, (z * z) / 2);
}

/** Standard normal quantile Φ⁻¹(p), Wichura AS 241 (PPND16). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  }
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) *
          r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) *
        r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) *
        r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) *
        r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    value =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) *
        r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) *
        r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -value : value;
}

/** Student t cumulative distribution with nu > 0 degrees of freedom. */
export function studentTCdf(t: number, nu: number): number {
  if (!(nu > 0)) throw new RangeError(`studentTCdf needs nu > 0, got ${nu}`);
  const tail = 0.5 * betaIncomplete(nu / (nu + t * t), nu / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** Student t quantile with nu > 0 degrees of freedom, from the inverse incomplete beta. */
export function studentTQuantile(p: number, nu: number): number {
  if (!(nu > 0)) throw new RangeError(`studentTQuantile needs nu > 0, got ${nu}`);
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile needs 0 < p < 1, got ${p}`);
  if (p === 0.5) return 0;
  const tail = p < 0.5 ? p : 1 - p;
  const x = betaIncompleteInverse(2 * tail, nu / 2, 0.5);
  const t = Math.sqrt((nu * (1 - x)) / x);
  return p < 0.5 ? -t : t;
}

/** Chi-square quantile with k degrees of freedom: 2 · P⁻¹(k/2, p). */
export function chiSquareQuantile(p: number, degreesOfFreedom: number): number {
  return 2 * gammaPInverse(p, degreesOfFreedom / 2);
}

/**
 * Digamma ψ(x) = d ln Γ(x)/dx for x > 0: recurrence ψ(x) = ψ(x+1) - 1/x up to x >= 6, then the asymptotic
 * series ln x - 1/(2x) - Σ B₂ₙ/(2n x²ⁿ) (Abramowitz & Stegun 6.3.5 and 6.3.18).
 */
export function digamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`digamma needs x > 0, got ${x}`);
  let shift = 0;
  let y = x;
  while (y < 6) {
    shift -= 1 / y;
    y += 1;
  }
  const f = 1 / (y * y);
  const series = f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132)))));
  return shift + Math.log(y) - 0.5 / y - series;
}

/**
 * Trigamma ψ'(x) for x > 0: recurrence ψ'(x) = ψ'(x+1) + 1/x² up to x >= 6, then the asymptotic series
 * 1/x + 1/(2x²) + Σ B₂ₙ/x²ⁿ⁺¹ (Abramowitz & Stegun 6.4.6 and 6.4.12).
 */
export function trigamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`trigamma needs x > 0, got ${x}`);
  let shift = 0;
  let y = x;
  while (y < 6) {
    shift += 1 / (y * y);
    y += 1;
  }
  const f = 1 / (y * y);
  const series = (1 / y) * (1 + f * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f * (1 / 30)))));
  return shift + series + 0.5 * f;
}

/** Inverse of the trigamma function (ψ' falls monotonically from ∞ to 0 on x > 0), by bisection in ln x. */
export function trigammaInverse(value: number): number {
  if (!(value > 0)) throw new RangeError(`trigammaInverse needs a value > 0, got ${value}`);
  let lo = Math.log(1e-8);
  let hi = Math.log(1e12);
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const mid = 0.5 * (lo + hi);
    if (trigamma(Math.exp(mid)) > value) lo = mid;
    else hi = mid;
  }
  return Math.exp(0.5 * (lo + hi));
}
