import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom, samplePoisson } from '@openrgs/numeric';
import { AdaptiveRate, DEFAULT_ADAPTIVE_RATE, FixedWindowRate } from './rate-estimators.js';

describe('rate estimators', () => {
  test('fixed window holds whole frames of the last N seconds', () => {
    const w = new FixedWindowRate(1);
    let last = { counts: 0, seconds: 0 };
    for (let i = 0; i < 25; i++) last = w.push({ endSeconds: (i + 1) * 0.1, seconds: 0.1, counts: i });
    // Frames 15..24 end within the last second: counts 15 + … + 24 = 195.
    assert.equal(last.counts, 195);
    assert.ok(Math.abs(last.seconds - 1) < 1e-9);
  });

  test('fixed window over a gap covers only counted time', () => {
    const w = new FixedWindowRate(2);
    w.push({ endSeconds: 0.5, seconds: 0.5, counts: 10 });
    const s = w.push({ endSeconds: 2.0, seconds: 0.5, counts: 10 });
    assert.equal(s.counts, 20);
    assert.equal(s.seconds, 1);
  });

  test('adaptive: follows a 3x step within a few frames (seeded)', () => {
    const random = createRandom(5);
    const a = new AdaptiveRate();
    let detectedAfter = -1;
    for (let i = 0; i < 100; i++) {
      const rate = i < 50 ? 50 : 150;
      const u = a.push({
        endSeconds: (i + 1) * 0.1,
        seconds: 0.1,
        counts: samplePoisson(random, rate * 0.1),
      });
      if (i >= 50 && u.changed && detectedAfter < 0) detectedAfter = i - 49;
    }
    assert.ok(detectedAfter >= 1 && detectedAfter <= 4, `detected after ${detectedAfter} frames`);
    const s = a.sums();
    assert.ok(Math.abs(s.counts / s.seconds - 150) < 30, `post-step rate ${s.counts / s.seconds}`);
  });

  test('adaptive: calm in steady state — rare restarts, window grows to its maximum (seeded)', () => {
    const random = createRandom(11);
    const a = new AdaptiveRate();
    let restarts = 0;
    const frames = 6000; // 10 min at 0.1 s
    for (let i = 0; i < frames; i++) {
      if (a.push({ endSeconds: (i + 1) * 0.1, seconds: 0.1, counts: samplePoisson(random, 5) }).changed)
        restarts += 1;
    }
    assert.ok(restarts <= 6, `${restarts} false restarts in 10 min`);
    const s = a.sums();
    assert.ok(
      s.seconds > 10 && s.seconds <= DEFAULT_ADAPTIVE_RATE.maxWindowSeconds + 1e-9,
      `window ${s.seconds} s`,
    );
  });

  // The GLR statistic worked by hand. For a split of the window into segments (c₁ counts in t₁ s, c₂ in t₂ s)
  // with pooled rate p = (c₁ + c₂)/(t₁ + t₂), the Poisson log-likelihood ratio of two rates against one is
  //   G = Σ [c ln(c / (p·t)) − (c − p·t)]   (a segment with c = 0 contributes p·t: its rate's MLE is 0),
  // e.g. Cox & Hinkley, Theoretical Statistics (1974) §4.3, or the Poisson deviance / 2.
  test('GLR by hand: 10 then 40 counts in two 1 s frames give G = 9.637238', () => {
    // p = 25 cps: G = 10 ln(10/25) + 40 ln(40/25) − (10 − 25) − (40 − 25) = −9.162907 + 18.800145 = 9.637238.
    const push = (threshold: number) => {
      const a = new AdaptiveRate({ changeThreshold: threshold, maxWindowSeconds: 30 });
      a.push({ endSeconds: 1, seconds: 1, counts: 10 });
      return a.push({ endSeconds: 2, seconds: 1, counts: 40 });
    };
    // Above the threshold: the window restarts at the step and holds only the second frame.
    assert.deepEqual(push(9.637), { counts: 40, seconds: 1, changed: true, frames: 1 });
    assert.deepEqual(push(9.6373), { counts: 50, seconds: 2, changed: false, frames: 2 });
  });

  test('GLR by hand: a segment with no counts contributes its expected counts (10 then 0: G = 10 ln 2)', () => {
    // p = 5 cps: the 10-count frame gives 10 ln(10/5) − (10 − 5) = 1.931472, the empty one 0·ln 0 − (0 − 5) = 5:
    // G = 6.931472 = 10 ln 2. (Until 2026-12-03 the empty segment counted 0, G = 1.931472: a probe lifted
    // off the tissue, its counts falling to zero, was noticed later than any other step of the same size.)
    for (const counts of [
      [10, 0],
      [0, 10],
    ]) {
      const push = (threshold: number) => {
        const a = new AdaptiveRate({ changeThreshold: threshold, maxWindowSeconds: 30 });
        a.push({ endSeconds: 1, seconds: 1, counts: counts[0]! });
        return a.push({ endSeconds: 2, seconds: 1, counts: counts[1]! });
      };
      assert.deepEqual(push(6.93), { counts: counts[1], seconds: 1, changed: true, frames: 1 }, `${counts}`);
      assert.deepEqual(push(6.932), { counts: 10, seconds: 2, changed: false, frames: 2 }, `${counts}`);
    }
  });

  test('a lifted probe is noticed at the first empty frame: 100 cps for 5 s, then nothing', () => {
    // 50 frames of 10 counts in 0.1 s, then 0 counts. Split after the 50th frame: p = 500/5.1 s = 98.04 cps,
    // G = 500 ln(500/490.196) − (500 − 490.196) + 9.804 = 500 ln(5.1/5) = 9.901314 > 8 (the default).
    // Every other split puts counts on both sides of a smaller step, and no split before the empty frame
    // sees any step at all (G = 0).
    const a = new AdaptiveRate();
    for (let i = 0; i < 50; i++) {
      assert.equal(a.push({ endSeconds: (i + 1) / 10, seconds: 0.1, counts: 10 }).changed, false);
    }
    const u = a.push({ endSeconds: 5.1, seconds: 0.1, counts: 0 });
    assert.deepEqual([u.changed, u.counts, u.frames], [true, 0, 1]);
    // The window's time is a difference of running sums of 0.1 s: 0.1 to rounding.
    assert.ok(Math.abs(u.seconds - 0.1) < 1e-12, `${u.seconds}`);
  });

  test('fixed window: refuses a window of 0 s or less, naming it', () => {
    for (const w of [0, -1, Number.NaN]) {
      assert.throws(() => new FixedWindowRate(w), {
        name: 'RangeError',
        message: `window must be > 0 s, got ${w}`,
      });
    }
  });

  test('fixed window: a frame longer than the window is kept whole until a newer one comes', () => {
    const w = new FixedWindowRate(1);
    assert.deepEqual(w.push({ endSeconds: 2, seconds: 2, counts: 50 }), { counts: 50, seconds: 2 });
    // The next frame ends at 2.5 s: the window begins at 1.5 s, the 2 s frame began at 0 s and goes.
    assert.deepEqual(w.push({ endSeconds: 2.5, seconds: 0.5, counts: 5 }), { counts: 5, seconds: 0.5 });
    w.reset();
    assert.deepEqual(w.sums(), { counts: 0, seconds: 0 });
    assert.deepEqual(w.push({ endSeconds: 3, seconds: 0.5, counts: 7 }), { counts: 7, seconds: 0.5 });
  });

  test('fixed window: more frames than the ring first holds, wrapped round (sums worked by hand)', () => {
    // A 40 s window: 100 frames of 1 s (ending at 1 … 100 s), then 320 frames of 0.125 s whose counts are
    // 1, 2, …, 320 (ending at 100.125 … 140 s). The ring (256 at first) must grow while its oldest frame is
    // not at the start of its storage. At the end the window (from 100 s) holds exactly the 320 short frames:
    // 320 · 321 / 2 = 51360 counts in 320 · 0.125 = 40 s (every time a sum of binary fractions: exact).
    const w = new FixedWindowRate(40);
    for (let i = 1; i <= 100; i++) w.push({ endSeconds: i, seconds: 1, counts: 1000 });
    let last = { counts: -1, seconds: -1 };
    for (let j = 1; j <= 320; j++) last = w.push({ endSeconds: 100 + j * 0.125, seconds: 0.125, counts: j });
    assert.deepEqual(last, { counts: 51360, seconds: 40 });
  });

  test('adaptive: the window stops growing at its maximum (frames of 0.25 s, at most 3 s)', () => {
    // A frame goes once the window without it still covers 3 s: 13 frames = 3.25 s, without the oldest 3 s,
    // so it goes; 12 frames = 3 s remain. Constant counts: no split sees a step (G = 0).
    const a = new AdaptiveRate({ changeThreshold: 8, maxWindowSeconds: 3 });
    let u = a.push({ endSeconds: 0.25, seconds: 0.25, counts: 1 });
    assert.deepEqual(u, { counts: 1, seconds: 0.25, changed: false, frames: 1 });
    for (let i = 2; i <= 20; i++) u = a.push({ endSeconds: i * 0.25, seconds: 0.25, counts: 1 });
    assert.deepEqual(u, { counts: 12, seconds: 3, changed: false, frames: 12 });
  });

  test('adaptive: lists the window oldest first; after a restart only the frames after the step; reset empties it', () => {
    const a = new AdaptiveRate({ changeThreshold: 9.637, maxWindowSeconds: 30 });
    const frames = () => {
      const out: Array<[number, number]> = [];
      a.forEachFrame((c, s) => out.push([c, s]));
      return out;
    };
    a.push({ endSeconds: 1, seconds: 1, counts: 10 });
    assert.deepEqual(frames(), [[10, 1]]);
    a.push({ endSeconds: 2, seconds: 1, counts: 40 }); // G = 9.637238 (above): restart at the second frame
    assert.deepEqual(frames(), [[40, 1]]);
    a.push({ endSeconds: 3, seconds: 0.5, counts: 20 }); // 40 cps again: no step
    assert.deepEqual(frames(), [
      [40, 1],
      [20, 0.5],
    ]);
    a.reset();
    assert.deepEqual(frames(), []);
    assert.deepEqual(a.sums(), { counts: 0, seconds: 0 });
    assert.deepEqual(a.push({ endSeconds: 4, seconds: 1, counts: 3 }), {
      counts: 3,
      seconds: 1,
      changed: false,
      frames: 1,
    });
  });

  test('adaptive: a long steady run (older sums dropped from memory) keeps exact sums', () => {
    // 2003 frames of 0.25 s with counts 1, 2, 3, 4, 5, 1, 2, … (no split sees a step above 8: checked by hand
    // for the largest, one frame of 5 against 3 expected: 5 ln(5/3) − 2 = 0.55). The window holds the last 12
    // frames, i = 1991 … 2002, counts (i mod 5) + 1 = 2 3 4 5 1 2 3 4 5 1 2 3: 35 counts in 3 s.
    const a = new AdaptiveRate({ changeThreshold: 8, maxWindowSeconds: 3 });
    let u = a.push({ endSeconds: 0.25, seconds: 0.25, counts: 1 });
    for (let i = 1; i < 2003; i++)
      u = a.push({ endSeconds: (i + 1) * 0.25, seconds: 0.25, counts: (i % 5) + 1 });
    assert.deepEqual(u, { counts: 35, seconds: 3, changed: false, frames: 12 });
    const last: number[] = [];
    a.forEachFrame((c) => last.push(c));
    assert.deepEqual(last, [2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3]);
  });

  test('adaptive: refuses a negative threshold and a longest window of 0 s or less, naming them', () => {
    for (const changeThreshold of [-1, Number.NaN]) {
      assert.throws(() => new AdaptiveRate({ changeThreshold, maxWindowSeconds: 30 }), {
        name: 'RangeError',
        message: `change threshold must be >= 0, got ${changeThreshold}`,
      });
    }
    for (const maxWindowSeconds of [0, -5, Number.NaN]) {
      assert.throws(() => new AdaptiveRate({ changeThreshold: 8, maxWindowSeconds }), {
        name: 'RangeError',
        message: `longest window must be > 0 s, got ${maxWindowSeconds}`,
      });
    }
    // A threshold of 0 is allowed: the window restarts at any split that fits two rates better than one.
    const a = new AdaptiveRate({ changeThreshold: 0, maxWindowSeconds: 30 });
    a.push({ endSeconds: 1, seconds: 1, counts: 10 });
    assert.equal(a.push({ endSeconds: 2, seconds: 1, counts: 11 }).changed, true);
  });
});
