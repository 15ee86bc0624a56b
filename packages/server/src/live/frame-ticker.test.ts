// The frame ticker on a fake clock: frames fall due every period from the start, and a timer that fires
// late emits each frame that fell due with its own due time (start + n periods), written out below — not
// the time of the late firing. A simulated station moves its probe to the sweep's pose at that time before
// counting (beforeFrame), so a loaded machine no longer counts a burst of frames at one pose.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { startFrameTicker } from './frame-ticker.js';
import { SimulatedSource } from './simulated-source.js';

const START = 1_000_000;

/** A 50 ms ticker on a fake clock: `fire(ms)` moves the clock by ms and lets the timer fire once. */
function fakeTicker(t: TestContext) {
  t.mock.timers.enable({ apis: ['setInterval'] });
  let now = START;
  const stamps: number[] = [];
  const stop = startFrameTicker(
    0.05,
    (at) => stamps.push(at),
    () => now,
  );
  const fire = (ms: number) => {
    now += ms;
    t.mock.timers.tick(50);
  };
  return { stamps, stop, fire };
}

test('on time: one frame per 50 ms period, each stamped start + n × 50 ms', (t) => {
  const { stamps, stop, fire } = fakeTicker(t);
  for (let i = 0; i < 3; i++) fire(50);
  assert.deepEqual(stamps, [START + 50, START + 100, START + 150]);
  stop();
});

test('a timer 300 ms late: the six frames due meanwhile each carry their own due time', (t) => {
  const { stamps, stop, fire } = fakeTicker(t);
  fire(50);
  // The event loop was busy: the next firing comes when the clock reads start + 350 ms.
  fire(300);
  assert.deepEqual(stamps, [
    START + 50,
    START + 100,
    START + 150,
    START + 200,
    START + 250,
    START + 300,
    START + 350,
  ]);
  stop();
});

test('a stall of more than 40 frames: skips ahead to the last due frame instead of a burst', (t) => {
  const { stamps, stop, fire } = fakeTicker(t);
  // 10 s suspended: 200 frames fell due; only the 200th is emitted.
  fire(10_000);
  assert.deepEqual(stamps, [START + 10_000]);
  // On time again afterwards.
  fire(50);
  assert.deepEqual(stamps, [START + 10_000, START + 10_050]);
  stop();
});

test("a simulated station late by 200 ms moves its probe to each frame's own midpoint before counting it", async (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  let now = START;
  const source = new SimulatedSource('sim-t', 'qc-co57', 1, () => now);
  const moved: number[] = [];
  const framed: number[] = [];
  source.beforeFrame = (at) => moved.push(at);
  source.start({ status: () => {}, frame: (_frame, at) => framed.push(at) });
  now += 200;
  t.mock.timers.tick(50);
  assert.deepEqual(framed, [START + 50, START + 100, START + 150, START + 200], 'stamped with its end');
  // The pose is set for the frame's midpoint, 25 ms (half a 50 ms frame) before its stamp: the time the
  // map pairs a frame with its pose (tracked-map.ts: midMs = stamp − duration / 2).
  assert.deepEqual(moved, [START + 25, START + 75, START + 125, START + 175]);
  await source.stop();
});

test('a simulated sweep: frames a late timer emits together are each counted at the pose of their midpoint', async (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  let now = START;
  const source = new SimulatedSource('sim-x', 'ileal-net-hynic-toc', 3, () => now);
  // The sweep as TrackedMap drives it (beforeFrame): x = 1 cm per second from the start, probe down.
  const xAt = (ms: number) => (ms - START) / 1000;
  source.beforeFrame = (midMs) =>
    source.simulation.setPose({ positionCm: [xAt(midMs), 0, 2], direction: [0, 0, -1] });
  const got: Array<{ endMs: number; x: number }> = [];
  source.start({
    status: () => {},
    // What TrackedMap pairs the frame with: the simulator's pose when the frame comes out.
    frame: (_frame, endMs) => got.push({ endMs, x: source.simulation.pose().positionCm[0] }),
  });
  now += 4 * 50 + 3;
  t.mock.timers.tick(50);
  assert.equal(got.length, 4);
  for (const [n, g] of got.entries()) {
    // Frame n + 1 ends at start + 50 (n + 1) ms; its midpoint 25 ms earlier: x = (50 (n + 1) − 25) / 1000 cm.
    assert.equal(g.endMs, START + 50 * (n + 1));
    assert.ok(Math.abs(g.x - (50 * (n + 1) - 25) / 1000) < 1e-12, `frame ${n + 1}: x ${g.x}`);
  }
  await source.stop();
});
