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

test("a simulated station late by 200 ms moves its probe to each frame's own time before counting it", async (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  let now = START;
  const source = new SimulatedSource('sim-t', 'qc-co57', 1, () => now);
  const moved: number[] = [];
  const framed: number[] = [];
  source.beforeFrame = (at) => moved.push(at);
  source.start({ status: () => {}, frame: (_frame, at) => framed.push(at) });
  now += 200;
  t.mock.timers.tick(50);
  assert.deepEqual(moved, [START + 50, START + 100, START + 150, START + 200]);
  assert.deepEqual(framed, moved, 'each frame is stamped with the time its pose was set for');
  await source.stop();
});
