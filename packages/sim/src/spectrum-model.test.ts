import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom } from '@openrgs/numeric';
import { OgdPulseStream, ogdChannelOf, ogdEventText } from './ogd-output.js';
import { fwhmKeV, OGD_FWHM_AT_662, sampleDetectedEnergyKeV, spectrumLinesOf } from './spectrum-model.js';

describe('spectrum model: photopeak with detector resolution, plus scatter continuum', () => {
  // NaI(Tl) 7 % FWHM at 662 keV (Knoll, Radiation Detection and Measurement, 4th ed., §10.III.B).
  // Hand-worked: FWHM(662) = 0.07 × 662 = 46.34 keV; FWHM(140.511) = 0.07 × √(662 × 140.511) = 21.35 keV.
  test('FWHM scales as √E from the 662 keV figure', () => {
    assert.ok(Math.abs(fwhmKeV(662, 0.07) - 46.34) < 0.01);
    assert.ok(Math.abs(fwhmKeV(140.511, 0.07) - 21.35) < 0.01);
  });

  test('no scatter: 20 000 Tc-99m events centre on 140.5 keV with σ = 21.35/2.3548 = 9.07 keV', () => {
    const random = createRandom(7);
    const model = { lines: [{ energyKeV: 140.511, weight: 1 }], fwhmFractionAt662: 0.07, scatterFraction: 0 };
    const n = 20000;
    const xs = Array.from({ length: n }, () => sampleDetectedEnergyKeV(model, () => random.nextFloat()));
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    assert.ok(Math.abs(mean - 140.511) < 0.3, `mean ${mean}`); // 4 × σ/√n = 0.26
    assert.ok(Math.abs(sd - 9.07) < 0.2, `sd ${sd}`);
  });

  test('scatter lies between the 180° backscatter energy and the line (140.5 → 90.7 keV)', () => {
    const random = createRandom(11);
    // A near-perfect detector, to see the kinematics: E'(180°) = 140.511/(1 + 2·140.511/510.999) = 90.66 keV.
    const model = { lines: [{ energyKeV: 140.511, weight: 1 }], fwhmFractionAt662: 1e-6, scatterFraction: 1 };
    const xs = Array.from({ length: 5000 }, () => sampleDetectedEnergyKeV(model, () => random.nextFloat()));
    assert.ok(Math.min(...xs) > 90.6 && Math.max(...xs) <= 140.52);
    assert.ok(Math.min(...xs) < 91.5, 'backscatter end reached');
  });
});

describe('spectrum model: lines from the physics package, in-crystal Compton continuum', () => {
  // DDEP/LNHB recommended data (as in nuclides.json): Tc-99m 140.511 keV 88.5 %; In-111 171.28 keV 90.61 %,
  // 245.35 keV 94.12 %; Ga-68 β+ 88.9 % → 2 × 0.889 = 1.778 annihilation photons, 1077.34 keV 3.2 %.
  test('Tc-99m, In-111, Ga-68 lines', () => {
    assert.deepEqual(spectrumLinesOf('Tc-99m'), [{ energyKeV: 140.511, weight: 0.885 }]);
    assert.deepEqual(
      spectrumLinesOf('In-111').map((l) => l.energyKeV),
      [171.28, 245.35],
    );
    const ga = spectrumLinesOf('Ga-68');
    assert.equal(ga[0]?.energyKeV, 511);
    assert.ok(Math.abs((ga[0]?.weight ?? 0) - 1.778) < 0.01);
    assert.equal(ga[1]?.energyKeV, 1077.34);
    assert.throws(() => spectrumLinesOf('Xx-1'));
  });

  // Compton edge E − E/(1 + 2E/mₑc²): 511 keV → 340.7 keV (Knoll §10.I.B), 140.5 keV → 49.8 keV.
  test('511 keV in NaI: nothing between the Compton edge (340.7 keV) and the peak; the continuum dominates', () => {
    const random = createRandom(5);
    const model = {
      lines: [{ energyKeV: 511, weight: 1 }],
      fwhmFractionAt662: 1e-6,
      scatterFraction: 0,
      crystal: 'NaI' as const,
    };
    const xs = Array.from({ length: 20000 }, () => sampleDetectedEnergyKeV(model, () => random.nextFloat()));
    const peak = xs.filter((x) => x > 510).length / xs.length;
    const continuum = xs.filter((x) => x < 510);
    assert.ok(
      Math.max(...continuum) <= 340.8 && Math.max(...continuum) > 335,
      `edge ${Math.max(...continuum)}`,
    );
    // A single interaction's photofraction at 511 keV in NaI is small (photoelectric ≈ 1/5 of μ, XCOM):
    assert.ok(peak > 0.1 && peak < 0.4, `peak fraction ${peak}`);
  });

  test('140.5 keV in NaI: photoelectric dominates (iodine K-edge 33.2 keV below); continuum ends at 49.8 keV', () => {
    const random = createRandom(6);
    const model = {
      lines: [{ energyKeV: 140.511, weight: 1 }],
      fwhmFractionAt662: 1e-6,
      scatterFraction: 0,
      crystal: 'NaI' as const,
    };
    const xs = Array.from({ length: 20000 }, () => sampleDetectedEnergyKeV(model, () => random.nextFloat()));
    const peak = xs.filter((x) => x > 140).length / xs.length;
    const continuum = xs.filter((x) => x < 140);
    assert.ok(Math.max(...continuum) <= 49.9, `edge ${Math.max(...continuum)}`);
    assert.ok(peak > 0.7, `peak fraction ${peak}`);
  });

  test('tissue scatter is forward-peaked (Klein–Nishina): 37 % of scattered 140.5 keV photons stay above 126.5 keV, not 25.5 % as isotropic', () => {
    // Klein–Nishina at 140.5 keV: E′ ≥ 126.46 keV ⇔ θ ≤ 59.4°; that cone holds about 37 % of the cross-section
    // (vs 25.5 % for isotropic, (1 − cos 59.4°)/2). Sampled fraction checked against Simpson's integral of
    // dσ/dΩ done independently here.
    const e = 140.511;
    const k = e / 510.99895;
    const cosMax = 1 - (e / 126.46 - 1) / k;
    const shape = (c: number) => {
      const p = 1 / (1 + k * (1 - c));
      return p * p * (p + 1 / p - (1 - c * c));
    };
    const n = 4000;
    const integral = (lo: number, hi: number) => {
      const h = (hi - lo) / n;
      let s = 0;
      for (let i = 0; i < n; i++) s += shape(lo + (i + 0.5) * h) * h;
      return s;
    };
    const expected = integral(cosMax, 1) / integral(-1, 1);
    const random = createRandom(8);
    const model = { lines: [{ energyKeV: e, weight: 1 }], fwhmFractionAt662: 1e-6, scatterFraction: 1 };
    const xs = Array.from({ length: 40000 }, () => sampleDetectedEnergyKeV(model, () => random.nextFloat()));
    const above = xs.filter((x) => x >= 126.46).length / xs.length;
    assert.ok(Math.abs(above - expected) < 0.01, `${above} vs ${expected}`);
    assert.ok(expected > 0.3 && expected < 0.45);
  });
});

describe('Open Gamma Detector output', () => {
  const response = { keVPerChannel: 0.33, offsetKeV: 2, thresholdKeV: 30 };
  test('firmware line format "ch;\\r\\n", channel by the true gain, nothing below the threshold', () => {
    assert.equal(ogdEventText([0, 1234, 4095]), '0;\r\n1234;\r\n4095;\r\n');
    assert.throws(() => ogdEventText([4096]));
    assert.equal(ogdChannelOf(140.511, response), 420); // (140.511 − 2)/0.33 = 419.7
    assert.equal(ogdChannelOf(29.9, response), null);
    assert.equal(ogdChannelOf(2000, response), 4095);
  });

  test('a pulse stream: Poisson in number (mean rate × time), Tc-99m heights around channel 420', () => {
    const stream = new OgdPulseStream({
      model: { lines: spectrumLinesOf('Tc-99m'), fwhmFractionAt662: OGD_FWHM_AT_662, scatterFraction: 0 },
      response,
      interactionRateCps: 1000,
      random: createRandom(3),
    });
    const channels = stream.channels(10);
    // Poisson(10 000): ±4σ = ±400.
    assert.ok(Math.abs(channels.length - 10000) < 400, `${channels.length}`);
    const mean = channels.reduce((a, b) => a + b, 0) / channels.length;
    assert.ok(Math.abs(mean - 419.7) < 1, `${mean}`);
    assert.match(stream.text(0.01), /^(\d{1,4};\r\n)*$/);
  });
});
