import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OutcomeError } from '@openrgs/outcome';
import { physics } from './physics-adapter.js';
import { createSimulation, SimulationError } from './simulation.js';

// One patient simulation shared by the tests below (building one takes a few seconds).
const ileal = createSimulation({ scenario: 'ileal-primary-occult-node', seed: 42 });
const qc = () => createSimulation({ scenario: 'qc-co57', seed: 7 });

describe('createSimulation', () => {
  test('the same seed and calls give the same frames, bit for bit; another seed does not', () => {
    const run = (seed: number) => {
      const sim = createSimulation({ scenario: 'qc-co57', seed });
      const out: number[] = [];
      for (let i = 0; i < 50; i++) {
        sim.setPose({ positionCm: [i * 0.05, 0, 1 + i * 0.02], direction: [0, 0, -1] });
        out.push(sim.nextFrame(0.01 + (i % 3) * 0.01).counts);
      }
      return out;
    };
    assert.deepEqual(run(5), run(5));
    assert.notDeepEqual(run(5), run(6));
  });

  test('frames carry contiguous device time and a live time shortened by the dead time', () => {
    const sim = qc();
    const a = sim.nextFrame(0.1);
    const b = sim.nextFrame(0.25);
    assert.equal(a.startSeconds, 0);
    assert.equal(b.startSeconds, 0.1);
    assert.equal(sim.deviceTimeSeconds(), 0.35);
    assert.ok(Number.isInteger(a.counts) && a.counts > 0);
    assert.equal(a.liveTimeSeconds, 0.1 - a.counts * sim.probe.deadTimeSeconds);
  });

  test('counts are Poisson around the expected rate (mean within 4 SE, variance/mean within 10 %)', () => {
    const sim = qc();
    const expected = sim.expectedRateCps() * 0.05;
    const n = 2000;
    const counts = Array.from({ length: n }, () => sim.nextFrame(0.05).counts);
    const mean = counts.reduce((s, c) => s + c, 0) / n;
    const variance = counts.reduce((s, c) => s + (c - mean) ** 2, 0) / (n - 1);
    assert.ok(Math.abs(mean - expected) < 4 * Math.sqrt(expected / n), `mean ${mean} vs ${expected}`);
    assert.ok(Math.abs(variance / mean - 1) < 0.1, `variance/mean ${variance / mean}`);
  });

  test('faults: silent, garbage and disconnected outputs; device time runs; later counts unchanged', () => {
    const plain = qc();
    const faulty = qc();
    const reference = Array.from({ length: 6 }, () => plain.nextFrame(0.1).counts);
    const kinds: string[] = [];
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) {
      faulty.setFaults({ silent: i === 1, garbage: i === 2 || i === 3, disconnected: i === 3 });
      const out = faulty.step(0.1);
      kinds.push(out.kind);
      if (out.kind === 'frame') seen.push(out.frame.counts);
      if (out.kind === 'garbage') assert.ok(out.bytes.length >= 1 && out.bytes.length <= 64);
    }
    assert.deepEqual(kinds, ['frame', 'silent', 'garbage', 'disconnected', 'frame', 'frame']);
    assert.deepEqual(seen, [reference[0], reference[4], reference[5]]);
    assert.ok(Math.abs(faulty.deviceTimeSeconds() - 0.6) < 1e-12);
    assert.deepEqual(faulty.faults(), { silent: false, garbage: false, disconnected: false, lifted: false });
  });

  test("lifted probe: only the probe's own background is counted (a near-zero background site)", () => {
    const sim = qc();
    const onPatient = sim.expectedRateCps();
    assert.ok(onPatient > 50 * sim.probe.backgroundCps, `the QC source is far above the probe background`);
    sim.setFaults({ lifted: true });
    const n = 4000;
    const seconds = 0.05;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const out = sim.step(seconds);
      assert.equal(out.kind, 'frame');
      if (out.kind === 'frame') total += out.frame.counts;
    }
    // Poisson mean of the probe's background alone: within 4 standard errors.
    const expected = sim.probe.backgroundCps * seconds * n;
    assert.ok(Math.abs(total - expected) < 4 * Math.sqrt(expected), `${total} counts vs ${expected}`);
    sim.setFaults({ lifted: false });
    const back = Array.from({ length: 100 }, () => sim.nextFrame(seconds).counts).reduce((a, c) => a + c, 0);
    assert.ok(back > (10 * expected) / 40, `counts return when the probe is back on the patient (${back})`);
  });

  test('bad input raises SimulationError with a code and the bad value', () => {
    const cases: Array<[() => unknown, string, RegExp]> = [
      [() => createSimulation({ scenario: 'nope', seed: 1 }), 'unknown-scenario', /'nope'/],
      [() => createSimulation({ scenario: 'qc-co57', seed: -1 }), 'invalid-seed', /-1/],
      [() => createSimulation({ scenario: 'qc-co57', seed: 1, probe: 'nope' }), 'unknown-probe', /'nope'/],
      [
        () => qc().setPose({ positionCm: [0, Number.NaN, 0], direction: [0, 0, 1] }),
        'invalid-pose',
        /position/,
      ],
      [() => qc().setPose({ positionCm: [0, 0, 0], direction: [0, 0, 0] }), 'invalid-pose', /zero vector/],
      [() => qc().nextFrame(0), 'invalid-duration', /got 0/],
      [() => qc().step(Number.POSITIVE_INFINITY), 'invalid-duration', /Infinity/],
    ];
    for (const [run, code, message] of cases) {
      assert.throws(
        run,
        (e: unknown) => e instanceof SimulationError && e.code === code && message.test(e.message),
      );
    }
  });

  test('a SimulationError is an OutcomeError: its one invalid issue carries the code and the message', () => {
    let caught: unknown;
    try {
      createSimulation({ scenario: 'qc-co57', seed: 1, probe: 'nope' });
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof OutcomeError && caught instanceof SimulationError);
    assert.equal(caught.name, 'SimulationError');
    assert.equal(caught.issues.length, 1);
    const [issue] = caught.issues;
    assert.equal(issue?.kind, 'invalid');
    assert.equal(issue?.code, 'unknown-probe');
    assert.equal(caught.message, issue?.message);
    assert.match(caught.message, /^unknown probe preset 'nope' \(known: csi-14mm, /);
  });

  test('radioactive decay runs with device time: one Ga-68 half-life halves the source rate (LNHB 67.83 min)', () => {
    const sim = createSimulation({ scenario: 'ileal-primary-occult-node', seed: 1 });
    const before = sim.sourceRateCps();
    sim.nextFrame(physics.halfLifeSeconds('Ga-68'));
    assert.ok(Math.abs(sim.sourceRateCps() / before - 0.5) < 1e-9);
  });
});

describe('the ileal scenario', () => {
  test('the probe counts more over the primary than over bowel 4 cm away, and more over the occult node than beside it', () => {
    const down = [0, 0, -1] as const;
    const onPrimary = ileal.sourceRateCps({ positionCm: [-7, -13, 4], direction: down });
    const beside = ileal.sourceRateCps({ positionCm: [-3, -13, 4], direction: down });
    const onNode = ileal.sourceRateCps({ positionCm: [-3, -8, 4], direction: down });
    const besideNode = ileal.sourceRateCps({ positionCm: [1, -8, 4], direction: down });
    assert.ok(onPrimary > 1.3 * beside, `${onPrimary} vs ${beside}`);
    assert.ok(onNode > 1.1 * besideNode, `${onNode} vs ${besideNode}`);
  });

  test('the grouped (Barnes–Hut θ = 0.4) sum stays within 8 % of the exact voxel sum, probe on the surface or buried in tissue', () => {
    const exact = createSimulation({ scenario: 'ileal-primary-occult-node', seed: 1, theta: 0 });
    for (const [x, y, z, dx] of [
      [-7, -13, 4, 0],
      [0, 0, 4, 0.3],
      [5, 10, 3, -0.5],
      [-10, -20, 2, 0.8],
      [8, 15, 0, -0.6],
      [-12, -25, -2, -0.6],
    ] as const) {
      const pose = {
        positionCm: [x, y, z] as [number, number, number],
        direction: [dx, 0, -1] as [number, number, number],
      };
      const a = ileal.sourceRateCps(pose);
      const e = exact.sourceRateCps(pose);
      assert.ok(Math.abs(a / e - 1) < 0.08, `at [${x}, ${y}, ${z}]: ${a} vs exact ${e}`);
    }
  });

  test('voxelised organ activity matches SUV × injected activity / body mass × volume × decay (spleen, within 5 %)', () => {
    // Spleen ellipsoid 2.4 × 5.5 × 2.6 cm semi-axes; SUV 16 (uptake.json); 146 MBq; 73 kg; 1.5 h of Ga-68 decay.
    const volumeMl = (4 / 3) * Math.PI * 2.4 * 5.5 * 2.6;
    const decay = 0.5 ** ((1.5 * 3600) / physics.halfLifeSeconds('Ga-68'));
    const expected = ((16 * 146) / 73000) * volumeMl * decay;
    const actual = ileal.sources().tissueActivityMBq.spleen;
    assert.ok(Math.abs(actual / expected - 1) < 0.05, `${actual} vs ${expected}`);
  });

  test('the body map lists organs and lesions in cm with depths below the exposed surface', () => {
    const map = ileal.bodyMap();
    assert.equal(map.units, 'cm');
    assert.equal(map.openAbdomenZCm, 4);
    assert.deepEqual(
      map.lesions.map((l) => [l.id, l.depthBelowSurfaceCm, l.imaging]),
      [
        ['ileal-primary', 1, 'seen'],
        ['mesenteric-node', 1, 'not-seen'],
      ],
    );
    const liver = map.organs.find((o) => o.tissue === 'liver');
    assert.equal(liver?.parts[0]?.polygonCm.length, 48);
  });
});
