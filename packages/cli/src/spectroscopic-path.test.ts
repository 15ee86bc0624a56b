// The spectroscopic path end to end, without hardware: the simulator's spectrum model (photopeak with
// NaI(Tl) resolution + scatter) → an Open Gamma Detector fake (firmware line format) → the real driver and
// codec → CountFrames whose counts are the photopeak window, with in/out-of-window counts in the spectrum.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom } from '@openrgs/numeric';
import { photopeakWindows } from '@openrgs/physics';
import {
  createCodecFor,
  createProbeDriver,
  FakeTransport,
  ManualClock,
  type ProbeFrame,
} from '@openrgs/probe';
import { OgdDevice } from '@openrgs/probe/testing';
import { sampleDetectedEnergyKeV } from '@openrgs/sim';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

async function run(nuclide: string, lines: { energyKeV: number; weight: number }[], scatterFraction: number) {
  const windows = photopeakWindows(nuclide, { widthPercent: 20 });
  assert.ok(windows.ok);
  const calibration = { ogdKeVPerChannel: 0.33, ogdOffsetKeV: 2 }; // 4096 channels ≈ 2–1354 keV
  const clock = new ManualClock(0);
  const transport = new FakeTransport('ogd');
  const random = createRandom(2026);
  const model = { lines, fwhmFractionAt662: 0.07, scatterFraction };
  const device = new OgdDevice({
    clock,
    transport,
    rateCps: 2000,
    nextChannel: () => (sampleDetectedEnergyKeV(model, () => random.nextFloat()) - 2) / 0.33,
  });
  const driver = createProbeDriver({
    protocol: 'ogd',
    transport,
    clock,
    createCodec: () =>
      createCodecFor('ogd', {
        ...calibration,
        ogdWindowsKeV: windows.value.map((w) => `${w.lowKeV}-${w.highKeV}`).join(','),
      }),
  });
  const frames: ProbeFrame[] = [];
  driver.subscribe((e) => e.type === 'frame' && frames.push(e.frame));
  await driver.connect();
  for (let t = 0; t < 6000; t += 50) {
    clock.advance(50);
    await settle();
  }
  device.stop();
  await driver.disconnect();
  return frames;
}

describe('spectroscopic probe: simulated spectrum → Open Gamma Detector fake → driver', () => {
  test('Tc-99m, no scatter: ≈ 88 % of events in the 20 % window (Gaussian, σ = 9.07 keV, ±14.05 keV: erf(1.096) = 0.879)', async () => {
    const frames = await run('Tc-99m', [{ energyKeV: 140.511, weight: 1 }], 0);
    assert.ok(frames.length >= 4);
    const inWindow = frames.reduce((s, f) => s + f.counts, 0);
    const all = frames.reduce((s, f) => {
      const w = f.spectrum?.kind === 'windows' ? f.spectrum.windows : [];
      return s + (w[w.length - 1]?.counts ?? 0);
    }, 0);
    // ±14.05 keV / 9.066 keV = 1.550 σ → 2Φ(1.550) − 1 = 0.8788; binomial SD over ~10 000 events ≈ 0.003.
    assert.ok(Math.abs(inWindow / all - 0.8788) < 0.015, `${inWindow}/${all}`);
    assert.ok(frames.every((f) => f.durationSeconds === 1));
  });

  test('half the photons scattered: the window rejects them (in-window fraction well below the unscattered 0.88)', async () => {
    const frames = await run('Tc-99m', [{ energyKeV: 140.511, weight: 1 }], 0.5);
    const inWindow = frames.reduce((s, f) => s + f.counts, 0);
    const all = frames.reduce((s, f) => {
      const w = f.spectrum?.kind === 'windows' ? f.spectrum.windows : [];
      return s + (w[w.length - 1]?.counts ?? 0);
    }, 0);
    const fraction = inWindow / all;
    assert.ok(fraction > 0.5 && fraction < 0.75, `in-window fraction ${fraction}`);
  });

  test('In-111: both photopeak windows count (171 and 245 keV, KRI 2006 intensities 90.6 % and 94.1 %)', async () => {
    const frames = await run(
      'In-111',
      [
        { energyKeV: 171.28, weight: 0.9061 },
        { energyKeV: 245.35, weight: 0.9412 },
      ],
      0,
    );
    const last = frames[frames.length - 1];
    assert.ok(last?.spectrum?.kind === 'windows');
    assert.equal(last.spectrum.windows.length, 3);
    const [low, high] = last.spectrum.windows;
    assert.ok(low && high && low.counts > 0 && high.counts > 0);
    assert.equal(last.counts, low.counts + high.counts);
  });
});
