import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  backgroundConcentrationKBqPerMl,
  bodyActivityMBq,
  bodyRetention,
  decayFactor,
  findTracer,
  kineticsValues,
  lesionUptake,
  parsePlan,
  resolveTracer,
  TRACER_PRESETS,
  tissueRatioAt,
} from './index.js';

const flat = {
  backgroundToBodyRatio: 1,
  retentionFastFraction: 0,
  retentionFastHalfLifeHours: 1,
  retentionSlowHalfLifeHours: Number.POSITIVE_INFINITY,
  tumourUptakeHalfLifeHours: 1,
  tumourRetentionHalfLifeHours: Number.POSITIVE_INFINITY,
};

describe('kinetic model, hand-worked cases', () => {
  test('decay over one and two Tc-99m half-lives (6.0067 h, LNHB)', () => {
    assert.equal(decayFactor(6.0067, 6.0067), 0.5);
    assert.ok(Math.abs(decayFactor(6.0067, 12.0134) - 0.25) < 1e-15);
  });

  test('body retention of 111In-pentetreotide reproduces the SmPC 80 %/90 % urinary excretion at 24/48 h', () => {
    const k = kineticsValues(resolveTracer(planFor('in111-pentetreotide')));
    // 0.6·2^(−24/2.2) + 0.4·2^(−1) = 0.6·0.000520 + 0.2 = 0.2003
    assert.ok(Math.abs(bodyRetention(k, 24) - 0.2003) < 0.0005);
    assert.ok(Math.abs(bodyRetention(k, 48) - 0.1) < 0.0005);
  });

  test('lesion uptake g(t) = (1 − 2^(−t/Tup))·2^(−t/Tret): 3/4 after two uptake half-times with no washout', () => {
    assert.equal(lesionUptake({ ...flat, tumourUptakeHalfLifeHours: 0.5 }, 1), 0.75);
    assert.equal(lesionUptake(flat, 0), 0);
  });

  test('tissue ratio equals the measured ratio at the measurement time and grows with lesion uptake', () => {
    assert.equal(tissueRatioAt(flat, 6, 2, 2), 6);
    // Flat background, uptake 1 − 2^(−t): from t = 1 (0.5) to t = 2 (0.75) the ratio rises by 1.5.
    assert.ok(Math.abs(tissueRatioAt(flat, 4, 1, 2) - 6) < 1e-12);
  });

  test('99mTc-HYNIC-TOC preset: tissue T/B peaks at 4 h (Tektrotyd SmPC §5.2: maximal T/B at 4 h)', () => {
    const k = kineticsValues(resolveTracer(planFor('tc99m-hynic-toc')));
    let best = 0;
    let bestHours = 0;
    for (let h = 0.1; h <= 24; h += 0.01) {
      const r = tissueRatioAt(k, 1, 4, h);
      if (r > best) [best, bestHours] = [r, h];
    }
    assert.ok(bestHours > 3.5 && bestHours < 4.5, `peak at ${bestHours} h`);
  });

  test('68Ga-DOTATOC preset: lesion uptake +5 % from 60 to 90 min (Nakamoto 2014: SUVmax 26.8 → 28.2)', () => {
    const k = kineticsValues(resolveTracer(planFor('ga68-dotatoc')));
    const rise = lesionUptake(k, 1.5) / lesionUptake(k, 1);
    assert.ok(Math.abs(rise - 28.2 / 26.8) < 0.02, `rise ${rise}`);
  });

  test('background concentration: 700 MBq in 70 kg with k = 1 and no washout is 10 kBq/mL before decay', () => {
    const input = { kinetics: flat, physicalHalfLifeHours: 6, injectedActivityMBq: 700, bodyMassKg: 70 };
    assert.equal(backgroundConcentrationKBqPerMl(input, 0), 10);
    assert.ok(Math.abs(backgroundConcentrationKBqPerMl(input, 6) - 5) < 1e-12);
    assert.ok(Math.abs(bodyActivityMBq(input, 12) - 175) < 1e-9);
  });

  test('every preset parameter lies inside its own stated range and names a source', () => {
    for (const preset of TRACER_PRESETS) {
      for (const [name, p] of Object.entries(preset.kinetics)) {
        const values = 'value' in p ? [p] : Object.values(p);
        for (const v of values) {
          assert.ok(v.low <= v.value && v.value <= v.high, `${preset.id}.${name}`);
          assert.ok(v.source.length > 10, `${preset.id}.${name} has a source`);
        }
      }
      assert.ok(findTracer(preset.id) === preset);
    }
  });
});

export function planFor(tracer: string) {
  const parsed = parsePlan({
    tracer,
    injectedActivityMBq: 600,
    injectedAt: '2026-03-10T07:00:00+01:00',
    surgeryStart: '2026-03-10T11:00:00+01:00',
    surgeryDurationMinutes: 120,
    probe: 'test',
    lesions: [{ label: 'a', diameterMm: 15, depthCm: 1, uptakeRatio: 5 }],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}
