// Issue 15, Rad Pro and user-fixable cases, on the real driver through device fakes built from the
// upstream sources (src/fakes/radpro-device.ts and gmc-device.ts name them, file and line).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { messagesOf } from '@openrgs/outcome';
import { ManualClock } from './clock.js';
import { createCodecFor } from './codecs/create.js';
import { RADPRO_NO_REPLY_HINT } from './codecs/radpro.js';
import { createProbeDriver } from './driver.js';
import { RadProDevice, type RadProDeviceOptions } from './fakes/radpro-device.js';
import { FakeTransport } from './transports/fake.js';
import type { ProbeEvent, ProtocolName } from './types.js';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function rig(device: Omit<RadProDeviceOptions, 'clock' | 'transport'>, protocol: ProtocolName = 'radpro') {
  const clock = new ManualClock(0);
  const transport = new FakeTransport('fake-radpro');
  const radpro = new RadProDevice({ ...device, clock, transport });
  const events: ProbeEvent[] = [];
  const driver = createProbeDriver({
    protocol,
    transport,
    clock,
    createCodec: (handover) => createCodecFor(protocol, {}, handover),
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
  return { clock, transport, radpro, driver, events, advance, frames, issues, statuses };
}

describe('issue 15 case 4: a Rad Pro device switched off on USB', () => {
  test('GET devicePower = 0 → status error saying so; its frozen 0-count frames are not shown; back on → receiving', async () => {
    const r = rig({ cps: 50 });
    await r.driver.connect();
    await r.advance(6000);
    const before = r.frames().length;
    assert.ok(before >= 4);
    r.radpro.setPower(false);
    await r.advance(8000);
    const off = r.statuses().find((s) => s.kind === 'error');
    assert.ok(off?.kind === 'error' && /switched off/.test(off.reason), JSON.stringify(off));
    // At most the one frame that was in flight when the device went off; never 8 s of zeros.
    const during = r.frames().slice(before);
    assert.ok(during.length <= 1, `${during.length} frames while off`);
    assert.equal(
      r.statuses().some((s) => s.kind === 'silent'),
      false,
      'the error is the state, not SILENT',
    );
    r.radpro.setPower(true);
    await r.advance(5000);
    assert.equal(r.statuses().at(-1)?.kind, 'receiving');
    const after = r.frames().slice(before + during.length);
    assert.ok(after.length >= 2 && after.every((f) => f.counts > 0));
    await r.driver.disconnect();
  });

  test('firmware without GET devicePower (ERROR) is polled as before, without issues', async () => {
    const r = rig({ cps: 50, noPowerCommand: true });
    await r.driver.connect();
    await r.advance(8000);
    assert.ok(r.frames().length >= 6);
    assert.deepEqual(r.driver.stats().issues, {});
    assert.equal(r.radpro.requests.filter((q) => q === 'GET devicePower').length, 1);
    await r.driver.disconnect();
  });
});

describe('issue 15 case 8: failures a user can fix are said in words, with the fix', () => {
  test('FS2011 with Data mode off answers nothing: the status says to turn Data mode on', async () => {
    const r = rig({ cps: 5, dataModeOff: true });
    await r.driver.connect();
    await r.advance(4500);
    const error = r.statuses().find((s) => s.kind === 'error');
    assert.ok(error?.kind === 'error', JSON.stringify(r.statuses()));
    assert.equal(error.reason, `device reports ${RADPRO_NO_REPLY_HINT}`);
    assert.match(error.reason, /Data mode/);
    await r.driver.disconnect();
  });

  test('a GMC-800 running Rad Pro, opened with --protocol gmc, is pointed to --protocol radpro', async () => {
    const r = rig({ cps: 5, gmc800: true }, 'gmc');
    await r.driver.connect();
    await r.advance(1000);
    const error = r.statuses().find((s) => s.kind === 'error');
    assert.ok(error?.kind === 'error' && /--protocol radpro/.test(error.reason), JSON.stringify(error));
    await r.driver.disconnect();
  });

  for (const [failure, fix] of [
    ['Error: EACCES: permission denied, cannot open /dev/ttyUSB0', /dialout group/],
    ['Error: No such file or directory, cannot open /dev/ttyUSB0', /brltty.*1a86\/7523/],
    ['Error: Resource temporarily unavailable Cannot lock port', /in use by another program/],
  ] as const) {
    test(`open failing with '${failure}' says the fix`, async () => {
      const r = rig({ cps: 5 });
      r.transport.failNextOpens(failure);
      const result = await r.driver.connect();
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : messagesOf(result.issues), fix);
      const disconnected = r.statuses().find((s) => s.kind === 'disconnected');
      assert.match(disconnected?.kind === 'disconnected' ? disconnected.reason : '', fix);
      await r.driver.disconnect();
    });
  }
});

describe('issue 15 case 10 (Rad Pro): the cumulative counter carries counts across a reconnection', () => {
  test('unplugged for 3 s: the frame after reconnecting holds the counts of the gap; totals match the device', async () => {
    const r = rig({ cps: 40, pulseCount: 4294967296 - 300 }); // wraps during the run
    await r.driver.connect();
    await r.advance(6000);
    const startCount = r.frames()[0];
    assert.ok(startCount);
    r.transport.drop('device unplugged');
    await r.advance(3000);
    await r.advance(6000);
    await r.driver.disconnect();
    const frames = r.frames();
    assert.ok(frames.some((f) => f.epoch === 2));
    // Frames tile the timeline without a hole across the reconnection.
    for (let i = 1; i < frames.length; i++) {
      const p = frames[i - 1];
      const f = frames[i];
      assert.ok(p && f && Math.abs(f.startSeconds - (p.startSeconds + p.durationSeconds)) < 1e-6);
    }
    const total = frames.reduce((sum, f) => sum + f.counts, 0);
    const span = frames.reduce((sum, f) => sum + f.durationSeconds, 0);
    // 40 cps × the span the frames cover, ± the 1-count truncation at each end.
    assert.ok(Math.abs(total - 40 * span) <= 2, `total ${total} over ${span} s`);
    assert.deepEqual(
      r.issues().filter((i) => i.code === 'gap' || i.code === 'counter-reset'),
      [],
    );
  });

  test('a different device on the same port starts afresh (no carry between two counters)', async () => {
    const r = rig({ cps: 40, deviceId: 'aaaa' });
    await r.driver.connect();
    await r.advance(4000);
    r.transport.drop('device unplugged');
    new RadProDevice({ clock: r.clock, transport: r.transport, cps: 10, deviceId: 'bbbb', pulseCount: 5 });
    await r.advance(5000);
    await r.driver.disconnect();
    const second = r.frames().filter((f) => f.epoch === 2);
    assert.ok(second.length >= 2);
    assert.ok(
      second.every((f) => f.counts <= 11),
      second.map((f) => f.counts).join(','),
    );
  });
});
