// Issue 15, GMC cases, on the real driver through a device fake built from the upstream documents
// (src/fakes/gmc-device.ts names its sources, file and line).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from './clock.js';
import { createCodecFor } from './codecs/create.js';
import type { GmcCodecOptions } from './codecs/gmc.js';
import { createProbeDriver } from './driver.js';
import { GmcDevice, type GmcDeviceOptions } from './fakes/gmc-device.js';
import { detectGmcBaud, gmcAutoBaudTransport } from './gmc-baud.js';
import { FakeTransport } from './transports/fake.js';
import type { ProbeEvent } from './types.js';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function rig(device: Omit<GmcDeviceOptions, 'clock' | 'transport'>, codecOptions: GmcCodecOptions = {}) {
  const clock = new ManualClock(0);
  const transport = new FakeTransport('fake-gmc');
  const gmc = new GmcDevice({ ...device, clock, transport });
  const events: ProbeEvent[] = [];
  const driver = createProbeDriver({
    protocol: 'gmc',
    transport,
    clock,
    createCodec: () => createCodecFor('gmc', codecOptions),
  });
  driver.subscribe((e) => events.push(e));
  const advance = async (ms: number) => {
    for (let t = 0; t < ms; t += 20) {
      clock.advance(Math.min(20, ms - t));
      await settle();
    }
  };
  const frames = () => events.flatMap((e) => (e.type === 'frame' ? [e.frame] : []));
  const issues = () => events.flatMap((e) => (e.type === 'issue' ? [e.issue] : []));
  const statuses = () => events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
  return { clock, transport, gmc, driver, events, advance, frames, issues, statuses };
}

const steady = (cps: number) => () => cps;

describe('issue 15 case 1: GMC-320+ V5 and GMC-SE version replies', () => {
  for (const [version, model] of [
    ['GMC-320+V5\u0000RRe 5.73', 'GMC-320+V5'], // reply reported in issue 15 (NUL inside)
    ['GMC-SE Re 1.05', 'GMC-SE'], // pygmc tests/data/data_gmcse.py line 6
  ] as const) {
    test(`'${JSON.stringify(version)}' is accepted; 2-byte heartbeats become frames`, async () => {
      const r = rig({ version, wordBytes: 2, countsInSecond: (k) => 7 + k });
      await r.driver.connect();
      await r.advance(8000);
      assert.equal(r.driver.identity()?.model, model);
      assert.equal(r.driver.identity()?.countBits, 14);
      const counts = r.frames().map((f) => f.counts);
      assert.ok(counts.length >= 6, `frames: ${counts.length}`);
      assert.deepEqual(counts.slice(0, 3), [8, 9, 10]);
      assert.deepEqual(
        r.issues().map((i) => i.code),
        [],
      );
      assert.equal(r.transport.opens, 1);
      await r.driver.disconnect();
    });
  }

  test('the baud search accepts the GMC-SE reply (any reply starting "GMC", as GeigerLog does)', async () => {
    const clock = new ManualClock(0);
    const transport = new FakeTransport('fake-gmc');
    new GmcDevice({ clock, transport, version: 'GMC-SE Re 1.05', wordBytes: 2, countsInSecond: steady(5) });
    const detection = detectGmcBaud({ clock, transportAt: () => transport });
    let done = false;
    void detection.then(() => (done = true));
    while (!done) {
      clock.advance(25);
      await settle();
    }
    assert.deepEqual(await detection, {
      ok: true,
      value: { baudRate: 115200, model: 'GMC-SE', firmware: 'Re 1.05' },
    });
  });

  test('a Rad Pro counter is named, not searched past: one invalid issue, and the auto-baud port says which protocol', async () => {
    const clock = new ManualClock(0);
    const transport = new FakeTransport('fake-gmc');
    // Rad Pro on a GMC-800 answers <GETVER>> with "GMC-800Re RADP" (Gissio/radpro docs, gmc-version.ts).
    new GmcDevice({
      clock,
      transport,
      version: 'GMC-800Re RADP',
      wordBytes: 4,
      countsInSecond: steady(5),
      radPro: true,
    });
    const message =
      "this GMC-800 runs Rad Pro firmware (it answered 'Re RADP' to <GETVER>>): connect with --protocol radpro";
    const detection = detectGmcBaud({ clock, transportAt: () => transport });
    let done = false;
    void detection.then(() => (done = true));
    while (!done) {
      clock.advance(25);
      await settle();
    }
    assert.deepEqual(await detection, {
      ok: false,
      issues: [{ kind: 'invalid', code: 'rad-pro-firmware', message, tried: [], radProModel: 'GMC-800' }],
    });
    const opening = gmcAutoBaudTransport({
      clock,
      transportAt: () => transport,
      description: 'GMC on fake',
    }).open({
      data: () => undefined,
      closed: () => undefined,
    });
    let failed = false;
    opening.catch(() => (failed = true));
    while (!failed) {
      clock.advance(25);
      await settle();
    }
    await assert.rejects(opening, { message });
  });

  test('a silent port: the auto-baud port names each rate tried and what it heard', async () => {
    const clock = new ManualClock(0);
    const transport = new FakeTransport('fake-silent');
    const opening = gmcAutoBaudTransport({
      clock,
      transportAt: () => transport,
      candidates: [115200, 9600],
      description: 'silent',
    }).open({ data: () => undefined, closed: () => undefined });
    let failed = false;
    opening.catch(() => (failed = true));
    while (!failed) {
      clock.advance(25);
      await settle();
    }
    await assert.rejects(opening, {
      message: 'no GMC counter answered <GETVER>> (115200: no reply to 3 tries; 9600: no reply to 3 tries)',
    });
  });

  test('--word-bytes (codec option countBits) forces the width even when <GETCPM>> is not answered', async () => {
    const r = rig(
      { version: 'GMC-320+V5\u0000RRe 5.73', wordBytes: 4, countsInSecond: (k) => 1000 + k },
      { countBits: 32 },
    );
    await r.driver.connect();
    await r.advance(6000);
    assert.equal(r.driver.identity()?.countBits, 32);
    assert.deepEqual(
      r
        .frames()
        .slice(0, 2)
        .map((f) => f.counts),
      [1001, 1002],
    );
    await r.driver.disconnect();
  });
});

describe('issue 15 case 2: a counter power-cycled with the USB cable in is re-armed', () => {
  test('heartbeat stops → <HEARTBEAT1>> again after 3 s of silence → frames resume on the same link', async () => {
    const r = rig({ version: 'GMC-320Re 4.19', wordBytes: 2, countsInSecond: steady(20) });
    await r.driver.connect();
    await r.advance(8000);
    const before = r.frames().length;
    r.gmc.powerCycle(1500);
    await r.advance(12000);
    const armCount = r.gmc.received.filter((c) => c === '<HEARTBEAT1>>').length;
    assert.ok(armCount >= 2, `HEARTBEAT1 sent ${armCount} times`);
    const after = r.frames().slice(before);
    assert.ok(after.length >= 6, `frames after the power cycle: ${after.length}`);
    assert.ok(r.issues().some((i) => i.code === 'no-reply' && /HEARTBEAT1/.test(i.message)));
    const kinds = r.statuses().map((s) => s.kind);
    assert.equal(kinds.lastIndexOf('receiving') > kinds.lastIndexOf('silent'), true, kinds.join(','));
    await r.driver.disconnect();
  });
});

describe('issue 15 case 5: word width learnt from the 2-byte <GETCPM>> reply, not the model', () => {
  for (const version of ['GMC-500Re 1.08', 'GMC-600+Re 2.31']) {
    // GeigerLog gdev_gmc.py: GMC-500 without "+" and GMC-600+ below firmware 2.4 send 2-byte readings.
    test(`${version} with 2-byte words: every beat is a frame, none torn`, async () => {
      const r = rig({ version, wordBytes: 2, countsInSecond: (k) => 30 + k });
      await r.driver.connect();
      await r.advance(7000);
      assert.equal(r.driver.identity()?.countBits, 14);
      assert.deepEqual(
        r
          .frames()
          .slice(0, 3)
          .map((f) => f.counts),
        [31, 32, 33],
      );
      assert.equal(r.issues().filter((i) => i.code === 'torn').length, 0);
      await r.driver.disconnect();
    });
  }

  test('GMC-500+Re 2.22 with 4-byte words stays 32-bit', async () => {
    const r = rig({ version: 'GMC-500+Re 2.22', wordBytes: 4, countsInSecond: (k) => 70000 + k });
    await r.driver.connect();
    await r.advance(6000);
    assert.equal(r.driver.identity()?.countBits, 32);
    assert.equal(r.frames()[0]?.counts, 70001);
    await r.driver.disconnect();
  });
});

describe('issue 15 case 6: first <GETVER>> unanswered, slow version reply', () => {
  test('GMC-500+ Re 1.18 ignoring the first <GETVER>> after power-up connects on the first link', async () => {
    const r = rig({
      version: 'GMC-500+Re 1.18',
      wordBytes: 4,
      countsInSecond: steady(12),
      ignoresFirstVersionRequest: true,
    });
    await r.driver.connect();
    await r.advance(9000);
    assert.equal(r.transport.opens, 1);
    assert.equal(r.driver.identity()?.model, 'GMC-500+');
    assert.ok(r.frames().length >= 4);
    await r.driver.disconnect();
  });

  test('a version reply after 1100 ms is heard by the driver and by the baud search', async () => {
    const r = rig({
      version: 'GMC-320Re 4.19',
      wordBytes: 2,
      countsInSecond: steady(3),
      versionDelayMs: 1100,
    });
    await r.driver.connect();
    await r.advance(6000);
    assert.equal(r.transport.opens, 1);
    assert.ok(r.frames().length >= 2);
    await r.driver.disconnect();

    const clock = new ManualClock(0);
    const transport = new FakeTransport('fake-gmc');
    new GmcDevice({
      clock,
      transport,
      version: 'GMC-500+Re 1.18',
      wordBytes: 4,
      countsInSecond: steady(5),
      versionDelayMs: 1100,
      ignoresFirstVersionRequest: true,
    });
    const detection = detectGmcBaud({ clock, transportAt: () => transport });
    let done = false;
    void detection.then(() => (done = true));
    while (!done) {
      clock.advance(25);
      await settle();
    }
    assert.deepEqual(await detection, {
      ok: true,
      value: { baudRate: 115200, model: 'GMC-500+', firmware: 'Re 1.18' },
    });
  });
});

describe('issue 15 case 7: a late heartbeat does not shift the timeline', () => {
  test('beats 5 and 9 delayed 600 and 700 ms: frames stay on whole seconds, no gap', async () => {
    const r = rig({
      version: 'GMC-320Re 4.19',
      wordBytes: 2,
      countsInSecond: (k) => k,
      beatDelayMs: (k) => (k === 5 ? 600 : k === 9 ? 700 : 0),
    });
    await r.driver.connect();
    await r.advance(16000);
    const frames = r.frames();
    assert.ok(frames.length >= 12);
    frames.forEach((f, i) => {
      assert.equal(f.counts, i + 1);
      assert.ok(Math.abs(f.startSeconds - i) < 1e-6, `frame ${i} at ${f.startSeconds}`);
    });
    assert.deepEqual(
      r.issues().filter((i) => i.code === 'gap'),
      [],
    );
    await r.driver.disconnect();
  });
});

describe('issue 15 case 10 (GMC): the 14-bit heartbeat wraps above 16 383 counts/s', () => {
  test('a rise through the top of the 14-bit range then a wrapped value is flagged and dropped', async () => {
    const rates = [100, 100, 9000, 13000, 15000, 20000, 20000, 100];
    const r = rig({ version: 'GMC-320Re 4.19', wordBytes: 2, countsInSecond: (k) => rates[k - 1] ?? 100 });
    await r.driver.connect();
    await r.advance(12000);
    const counts = r.frames().map((f) => f.counts);
    // 20000 & 0x3fff = 3616 (GQ-RFC1201 sends only the lowest 14 bits): never shown as a real rate.
    assert.equal(counts.includes(3616), false, counts.join(','));
    assert.deepEqual(counts.slice(0, 5), [100, 100, 9000, 13000, 15000]);
    const flagged = r.issues().filter((i) => i.code === 'implausible');
    assert.ok(flagged.some((i) => /near the 14-bit limit/.test(i.message)));
    assert.equal(flagged.filter((i) => /wrapped/.test(i.message)).length, 2);
    await r.driver.disconnect();
  });
});
