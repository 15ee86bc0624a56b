// The tracker-latency estimate on the server's late-tracker scan, replayed offline: the qc-co57 check source
// (one 185 kBq Co-57 point in air), a 12 s freehand sweep (seed 3), 0.05 s frames counted at the sweep's pose
// at the moment each is emitted, a virtual tracker 0.15 s late. The frames come as the server's frame ticker
// gives them on a loaded machine: each timer firing late by an exponential delay, the frames due by then
// emitted together (frame-ticker.ts). The truth is the injected lag plus half a frame — the simulator counts
// at the frame's end, the map pairs at its midpoint — 0.175 s: an oracle from the set-up, not from the code.
//
// These seeds are the ones where the estimator before this one (the hotspots of the assumed latency refitted
// locally at each shift) was confidently wrong, measured: timer delay 30 ms, simulation seed 2 → 0.40 s,
// seed 3 → 0.50 s, both ± 0.01 s; delay 100 ms, seed 4 → 0.00 s ± 0.01 s (the map at the assumed latency
// held the source twice, 1–3 cm apart, and those copies explain the mirror-image latency as well).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom, deriveSeed } from '@openrgs/numeric';
import { createSimulation, findProbePreset, findScenario } from '@openrgs/sim';
import { type FrameInput, poseAtTime, type TrackedPose } from './align.js';
import { freehandSweep } from './freehand-sweep.js';
import { estimateLatency } from './latency.js';
import { detectorFor, reconstructMap } from './reconstruct.js';
import { mediumOf, scanRegionOf } from './scan-region.js';

const FRAME_SECONDS = 0.05;
const LAG_SECONDS = 0.15;
const TRUTH_SECONDS = LAG_SECONDS + FRAME_SECONDS / 2;

function lateTrackerScan(simSeed: number, timerDelayMs: number, keepSeconds: number) {
  const scenario = findScenario('qc-co57');
  assert.ok(scenario);
  const path = freehandSweep({
    ...scanRegionOf(scenario),
    standoffCm: 0.2,
    seconds: 12,
    sampleSeconds: 0.05,
    passSpacingCm: 1.5,
    random: createRandom(deriveSeed(3, 17)),
  });
  const sim = createSimulation({ scenario: scenario.name, seed: simSeed });
  // The tracker stamps the pose the probe had LAG_SECONDS earlier.
  const tracked: TrackedPose[] = path.map((p) => ({ ...p, timeSeconds: p.timeSeconds + LAG_SECONDS }));
  const delays = createRandom(deriveSeed(simSeed, 99));
  const frames: FrameInput[] = [];
  const end = (path.at(-1) as TrackedPose).timeSeconds;
  let emitted = 0;
  for (let firedMs = 0; ; ) {
    firedMs += FRAME_SECONDS * 1000 - Math.log(Math.max(1e-12, delays.nextFloat())) * timerDelayMs;
    const t = firedMs / 1000;
    if (t >= end) break;
    for (; emitted < Math.floor(t / FRAME_SECONDS); emitted++) {
      const pose = poseAtTime(path, t, 1);
      assert.ok(pose);
      sim.setPose({ positionCm: [...pose.positionCm], direction: [...pose.direction] });
      const out = sim.step(FRAME_SECONDS);
      if (out.kind === 'frame')
        frames.push({
          startSeconds: t - FRAME_SECONDS,
          durationSeconds: FRAME_SECONDS,
          counts: out.frame.counts,
          ...(out.frame.liveTimeSeconds !== undefined ? { liveTimeSeconds: out.frame.liveTimeSeconds } : {}),
        });
    }
  }
  return {
    scenario,
    // The first keepSeconds of the scan (frames, and tracker samples a little beyond).
    tracked: tracked.filter((p) => p.timeSeconds <= keepSeconds + 0.6),
    frames: frames.filter((f) => f.startSeconds + f.durationSeconds <= keepSeconds),
    probeId: sim.probe.id,
    nuclide: sim.nuclide,
  };
}

describe('tracker latency from a late tracker under a loaded frame timer', () => {
  // The whole 12 s scan, and its first 5 s (too little to tell: the profile is nearly flat, and the
  // estimate must say so rather than pick a mode — measured: seed 3 modes -0.04/0.12/0.48 s within 0.3,
  // seed 4 a two-source mode at the range's edge).
  for (const [simSeed, delayMs, keepSeconds] of [
    [2, 30, 12],
    [3, 30, 12],
    [4, 100, 12],
    [3, 30, 5],
    [4, 30, 5],
  ] as const) {
    test(`simulation seed ${simSeed}, timer ${delayMs} ms late on average, ${keepSeconds} s: not confidently wrong`, () => {
      const scan = lateTrackerScan(simSeed, delayMs, keepSeconds);
      const probe = findProbePreset(scan.probeId);
      assert.ok(probe);
      const medium = mediumOf(scan.scenario);
      // The server's map: the frames paired at their stamps as if the tracker were on time (its assumed
      // pairing, half a frame from the midpoint), the lag not known.
      const made = reconstructMap({
        frames: scan.frames,
        poses: scan.tracked,
        probe,
        nuclide: scan.nuclide,
        medium,
        voxelSizeMm: 5,
        depthCm: 5,
        latencySeconds: FRAME_SECONDS / 2,
        maxGapSeconds: 0.2,
        marginCm: 1,
      });
      assert.ok(made.ok);
      const model = detectorFor({ probe, nuclide: scan.nuclide, depthCm: 5 });
      assert.ok(model.ok);
      const found = estimateLatency({
        frames: scan.frames,
        poses: scan.tracked,
        model: model.value,
        medium,
        sources: made.value.hotspots,
        backgroundCps: made.value.backgroundCps,
        maxGapSeconds: 0.2,
        rangeSeconds: 0.5,
        stepSeconds: 0.02,
        depthCm: 5,
      });
      assert.ok(found, 'an estimate');
      const [lo, hi] = found.intervalSeconds;
      const said = `${found.latencySeconds.toFixed(3)} s ± ${found.uncertaintySeconds.toFixed(3)} (95 % ${lo.toFixed(3)}–${hi.toFixed(3)}), reliable ${found.reliable}: ${found.reason}`;
      assert.ok(lo <= found.latencySeconds && found.latencySeconds <= hi, said);
      // Too little data: it says so.
      if (keepSeconds < 12) assert.equal(found.reliable, false, said);
      // Either reliable and right (the truth inside the stated interval, within 0.08 s) or said unreliable.
      if (found.reliable) {
        assert.ok(lo <= TRUTH_SECONDS && TRUTH_SECONDS <= hi, `truth ${TRUTH_SECONDS} s outside: ${said}`);
        assert.ok(Math.abs(found.latencySeconds - TRUTH_SECONDS) <= 0.08, said);
      } else assert.ok(found.reason && found.uncertaintySeconds >= (hi - lo) / 2 - 1e-9, said);
    });
  }
});
