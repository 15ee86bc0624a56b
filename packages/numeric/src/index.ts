// @openrgs/numeric: the one random-number generator, its samplers, and the special functions.
export { createRandom, deriveSeed, type RandomSource, Xoshiro128StarStar } from './random.js';
export { sampleGamma, sampleGammaRate, sampleNormal, samplePoisson } from './samplers.js';
export {
  betaIncomplete,
  betaIncompleteInverse,
  chiSquareQuantile,
  digamma,
  gammaP,
  gammaPInverse,
  gammaQ,
  logGamma,
  normalCdf,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
  trigamma,
  trigammaInverse,
} from './special-functions.js';
