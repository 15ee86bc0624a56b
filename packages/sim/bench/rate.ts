// Rate-evaluation time per probe pose and frames per second, per scenario.
// Run: npx tsx packages/sim/bench/rate.ts   (machine-dependent; the README quotes one run)
import { loadavg } from 'node:os';
import { createSimulation, SCENARIOS } from '../src/index.js';

const POSES = 2000;
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' ',
    )} on ${process.arch}; wall-clock µs (p95 includes time the OS gave to other processes), CPU µs = process CPU time / poses`,
);
console.log(
  'scenario                     | create s | rate µs/pose median (p95) | CPU µs/pose | frames/s (10 ms frames)',
);
for (const scenario of SCENARIOS) {
  const t0 = performance.now();
  const sim = createSimulation({ scenario: scenario.name, seed: 1 });
  const createSeconds = (performance.now() - t0) / 1000;
  const [x0, y0, z0] = scenario.startPose.positionCm;
  // A random walk over ±6 cm around the start pose with the probe tilted up to ~30°, like a surgeon's sweep.
  const poses = Array.from({ length: POSES }, (_, i) => ({
    positionCm: [x0 + 6 * Math.sin(i * 0.37), y0 + 6 * Math.sin(i * 0.23), z0] as [number, number, number],
    direction: [0.5 * Math.sin(i * 0.11), 0.5 * Math.cos(i * 0.07), -1] as [number, number, number],
  }));
  for (const pose of poses.slice(0, 300)) sim.expectedRateCps(pose); // warm-up (JIT)
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (const pose of poses) {
    const t = performance.now();
    sim.expectedRateCps(pose);
    times.push((performance.now() - t) * 1000);
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuPerPose = (cpu.user + cpu.system) / POSES;
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] as number;
  const p95 = times[Math.floor(times.length * 0.95)] as number;
  const f0 = performance.now();
  let frames = 0;
  while (performance.now() - f0 < 1000) {
    sim.setPose(poses[frames % POSES] as (typeof poses)[number]);
    sim.nextFrame(0.01);
    frames += 1;
  }
  const fps = frames / ((performance.now() - f0) / 1000);
  console.log(
    `${scenario.name.padEnd(28)} | ${createSeconds.toFixed(2).padStart(8)} | ${`${median.toFixed(0)} (${p95.toFixed(0)})`.padEnd(25)} | ${cpuPerPose.toFixed(0).padStart(11)} | ${fps.toFixed(0)}`,
  );
}
