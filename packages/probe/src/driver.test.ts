import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from './clock.js';
import { createCodecFor } from './codecs/create.js';
import { encodeOpenRgsLine as line } from './codecs/openrgs-line.js';
import { createProbeDriver } from './driver.js';
import { MemoryRecording, parseRecording, RECORDING_FORMAT, RECORDING_VERSION } from './recording.js';
import { replayRecording } from './replay.js';
import { FakeTransport } from './transports/fake.js';
import type { ProbeEvent, ProbeFrame, ProbeStatus, ProtocolName } from './types.js';

/** Lets promise callbacks run (no time passes on the manual clock). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const HELLO = line('HELLO', { v: 1, id: 'sipm-7', model: 'diy', t: 0 });
const C = (s: number, tUs: number, n: number) => line('C', { s, t: tUs, d: 100000, n });

function rig(
  protocol: ProtocolName = 'openrgs',
  extra: { recorder?: MemoryRecording; lowBatteryVolts?: number } = {},
) {
  const clock = new ManualClock(0);
  const transport = new FakeTransport('fake-port');
  const events: ProbeEvent[] = [];
  const driver = createProbeDriver({
    protocol,
    transport,
    clock,
    createCodec: () => createCodecFor(protocol),
    ...(extra.recorder ? { recorder: extra.recorder } : {}),
    ...(extra.lowBatteryVolts !== undefined ? { lowBatteryVolts: extra.lowBatteryVolts } : {}),
  });
  driver.subscribe((e) => events.push(e));
  const statuses = () => events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
  const frames = () => events.flatMap((e) => (e.type === 'frame' ? [e.frame] : []));
  /** Advances in 10 ms steps, letting promises settle. */
  const advance = async (ms: number) => {
    for (let t = 0; t < ms; t += 10) {
      clock.advance(Math.min(10, ms - t));
      await settle();
    }
  };
  return { clock, transport, driver, events, statuses, frames, advance };
}

/** One device frame every 100 ms of host time, from device time 0. */
async function stream(r: ReturnType<typeof rig>, fromSeq: number, count: number) {
  for (let i = 0; i < count; i++) {
    const s = fromSeq + i;
    r.transport.push(C(s, (s - 1) * 100000, 10 + (s % 5)));
    await r.advance(100);
  }
}

describe('probe driver over a fake transport (manual clock, no sleeps)', () => {
  test('connects, sends the handshake, emits validated frames on the stream timeline', async () => {
    const r = rig();
    const result = await r.driver.connect();
    assert.deepEqual(result, { ok: true, value: { transport: 'fake-port #0' } });
    assert.equal(r.transport.writtenText(0), '$HOST v=1*A42C\r\n');
    r.transport.push(HELLO);
    await stream(r, 1, 5);
    const frames = r.frames();
    assert.equal(frames.length, 5);
    assert.deepEqual(
      frames.map((f) => f.sequence),
      [1, 2, 3, 4, 5],
    );
    // Contiguous device frames stay contiguous on the stream timeline.
    for (let i = 1; i < frames.length; i++) {
      const previous = frames[i - 1] as ProbeFrame;
      assert.equal(frames[i]?.startSeconds, previous.startSeconds + previous.durationSeconds);
    }
    assert.equal(r.driver.identity()?.deviceId, 'sipm-7');
    assert.deepEqual(
      r.statuses().map((s) => s.kind),
      ['connecting', 'connected'],
    );
    await r.driver.disconnect();
  });

  test('a probe that stops sending raises silent within one second, and receiving when it resumes', async () => {
    const r = rig();
    await r.driver.connect();
    r.transport.push(HELLO);
    await stream(r, 1, 10);
    const lastArrival = r.frames().at(-1)?.arrivalHostMs ?? 0;
    await r.advance(1500);
    const silent = r.statuses().find((s) => s.kind === 'silent') as
      | Extract<ProbeStatus, { kind: 'silent' }>
      | undefined;
    assert.ok(silent, 'silent raised');
    assert.ok(silent.hostMs - lastArrival <= 1000, `silent after ${silent.hostMs - lastArrival} ms`);
    assert.equal(r.statuses().filter((s) => s.kind === 'silent').length, 1, 'raised once, not every tick');
    await stream(r, 11, 1);
    assert.equal(r.statuses().at(-1)?.kind, 'receiving');
    await r.driver.disconnect();
  });

  test('garbage, torn lines, bad checksums, duplicates and replays are counted; the driver keeps going', async () => {
    const r = rig();
    await r.driver.connect();
    r.transport.push(HELLO);
    await stream(r, 1, 3);
    r.transport.push('\u0000\u00ff\u0013noise');
    r.transport.push(C(4, 300000, 1).slice(0, 9));
    r.transport.push(C(4, 300000, 1).replace('n=1', 'n=2'));
    r.transport.push(C(3, 200000, 12));
    r.transport.push(C(2, 100000, 12));
    await stream(r, 4, 2);
    const stats = r.driver.stats();
    assert.equal(stats.frames, 5);
    assert.deepEqual(stats.issues, { garbage: 1, torn: 1, 'bad-checksum': 1, duplicate: 1, replay: 1 });
    assert.equal(stats.state, 'connected');
    await r.driver.disconnect();
  });

  test('unplugged → disconnected → reconnects with exponential backoff 250, 500, 1000 ms; backoff resets after data', async () => {
    const r = rig();
    await r.driver.connect();
    r.transport.push(HELLO);
    await stream(r, 1, 2);
    r.transport.failNextOpens('ENOENT: no such port', 'ENOENT: no such port');
    r.transport.drop('device unplugged');
    const retryDelays = () => r.statuses().flatMap((s) => (s.kind === 'disconnected' ? [s.retryInMs] : []));
    assert.deepEqual(retryDelays(), [250]);
    await r.advance(250);
    assert.equal(r.transport.opens, 2);
    assert.deepEqual(retryDelays(), [250, 500]);
    await r.advance(500);
    assert.equal(r.transport.opens, 3);
    assert.deepEqual(retryDelays(), [250, 500, 1000]);
    await r.advance(1000);
    assert.equal(r.transport.opens, 4);
    assert.ok(r.transport.isOpen);
    assert.equal(r.statuses().at(-1)?.kind, 'connected');
    assert.equal(r.transport.writtenText(), '$HOST v=1*A42C\r\n', 'handshake again on the new connection');
    r.transport.push(HELLO);
    await stream(r, 1, 2);
    r.transport.drop('unplugged again');
    assert.deepEqual(retryDelays(), [250, 500, 1000, 250], 'reset after a connection that delivered frames');
    assert.equal(r.driver.stats().reconnects, 3);
    // Frames of the second epoch continue the timeline (never going back).
    const frames = r.frames();
    assert.deepEqual(
      frames.map((f) => f.epoch),
      [1, 1, 2, 2],
    );
    assert.ok((frames[2]?.startSeconds ?? 0) >= (frames[1]?.startSeconds ?? 0) + 0.1);
    await r.driver.disconnect();
  });

  test('first open failing: connect() says why, and the driver keeps retrying', async () => {
    const r = rig();
    r.transport.failNextOpens('EACCES: permission denied');
    const result = await r.driver.connect();
    assert.deepEqual(result, {
      ok: false,
      issues: [
        {
          kind: 'unavailable',
          code: 'cannot-open',
          message:
            'cannot open fake-port: EACCES: permission denied — no permission to open the port: add your user to the dialout group (sudo usermod -aG dialout $USER), then log out and back in',
        },
      ],
    });
    await r.advance(250);
    assert.ok(r.transport.isOpen);
    await r.driver.disconnect();
  });

  test('low battery and device faults become status events', async () => {
    const r = rig('openrgs', { lowBatteryVolts: 3.4 });
    await r.driver.connect();
    r.transport.push(HELLO);
    r.transport.push(line('BAT', { s: 1, mv: 3900 }));
    r.transport.push(line('BAT', { s: 2, mv: 3350 }));
    r.transport.push(line('BAT', { s: 3, mv: 3340 }));
    r.transport.push(line('STAT', { s: 4, code: 'hv-fault' }));
    await r.advance(10);
    const kinds = r.statuses().map((s) => s.kind);
    assert.deepEqual(kinds, ['connecting', 'connected', 'low-battery', 'error']);
    const low = r.statuses().find((s) => s.kind === 'low-battery');
    assert.deepEqual(low, { kind: 'low-battery', hostMs: 0, batteryVolts: 3.35 });
    await r.driver.disconnect();
  });

  test('disconnect() sends $STOP, closes, stops retrying and ends the async stream', async () => {
    const r = rig();
    const iterator = r.driver.events();
    await r.driver.connect();
    await r.driver.disconnect();
    assert.ok(r.transport.writtenText(0).endsWith('$STOP*AF2E\r\n'));
    assert.equal(r.transport.isOpen, false);
    const seen: string[] = [];
    for await (const e of iterator) if (e.type === 'status') seen.push(e.status.kind);
    assert.deepEqual(seen, ['connecting', 'connected', 'stopped']);
    await r.advance(5000);
    assert.equal(r.transport.opens, 1);
    assert.equal(r.clock.pendingTimers(), 0);
  });

  test('GMC without a version reply: error, then reconnect and retry the handshake', async () => {
    const r = rig('gmc');
    await r.driver.connect();
    assert.equal(r.transport.writtenText(0), '<HEARTBEAT0>><GETVER>>');
    // Three tries of <GETVER>> 1.5 s apart (GeigerLog gdev_gmc.py retries three times), then an error.
    await r.advance(4500);
    assert.equal(r.transport.writtenText(0), '<HEARTBEAT0>><GETVER>><GETVER>><GETVER>>');
    await r.advance(400);
    const error = r.statuses().find((s) => s.kind === 'error');
    assert.ok(error && error.kind === 'error' && /no GMC version/.test(error.reason));
    assert.equal(r.transport.opens, 1);
    await r.advance(300);
    assert.equal(r.transport.opens, 2);
    await r.driver.disconnect();
  });
});

describe('recording and exact replay', () => {
  test('a recorded session with faults and a reconnection replays to exactly the same frames and issues', async () => {
    const recorder = new MemoryRecording({
      format: RECORDING_FORMAT,
      version: RECORDING_VERSION,
      protocol: 'openrgs',
      startedAt: '2026-01-01T00:00:00.000Z',
      transport: 'fake-port',
    });
    const r = rig('openrgs', { recorder });
    await r.driver.connect();
    r.transport.push(HELLO.slice(0, 7));
    await r.advance(3);
    r.transport.push(HELLO.slice(7));
    await stream(r, 1, 5);
    r.transport.push(`garbage${C(6, 500000, 3).slice(0, 10)}`);
    r.transport.push(C(5, 400000, 3));
    await stream(r, 7, 3);
    r.transport.drop('cable pulled');
    await r.advance(300);
    r.transport.push(HELLO);
    await stream(r, 1, 4);
    await r.advance(2000);
    await r.driver.disconnect();

    const parsed = parseRecording(recorder.text());
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.issues[0]?.message);
    const replayed = replayRecording(parsed.value);
    const strip = (events: ProbeEvent[]): unknown[] =>
      events.flatMap((e): unknown[] =>
        e.type === 'frame' ? [e.frame] : e.type === 'issue' ? [e.issue] : [],
      );
    assert.ok(r.frames().length >= 12);
    assert.deepEqual(r.driver.stats().issues, { garbage: 1, torn: 1, duplicate: 1, gap: 1 });
    assert.deepEqual(strip(replayed), strip(r.events));
    const kinds = (events: ProbeEvent[]) =>
      events.flatMap((e) =>
        e.type === 'status' && ['connected', 'silent', 'receiving'].includes(e.status.kind)
          ? [e.status.kind]
          : [],
      );
    assert.deepEqual(kinds(replayed), kinds(r.events));
  });
});

describe('recording and exact replay: polled and heartbeat devices', () => {
  const header = (protocol: ProtocolName) =>
    new MemoryRecording({
      format: RECORDING_FORMAT,
      version: RECORDING_VERSION,
      protocol,
      startedAt: '2026-01-01T00:00:00.000Z',
      transport: 'fake-port',
    });
  const strip = (events: ProbeEvent[]): unknown[] =>
    events.flatMap((e): unknown[] =>
      e.type === 'frame'
        ? [e.frame]
        : e.type === 'issue'
          ? [e.issue]
          : e.type === 'identity'
            ? [e.identity]
            : [],
    );

  test('Rad Pro: polls answered after 5 ms, one unanswered, a counter wrap — replay pairs replies identically', async () => {
    const recorder = header('radpro');
    const r = rig('radpro', { recorder });
    let pulses = 4294967000;
    let request = 0;
    r.transport.onWrite = (bytes) => {
      const line = new TextDecoder().decode(bytes).trim();
      request++;
      if (request === 6) return; // the device misses one request
      if (line === 'GET tubePulseCount') pulses += 37;
      const reply =
        line === 'GET deviceId'
          ? 'OK Rad Pro simulator;Rad Pro 3.0/en;cafe01'
          : line === 'GET deviceTime'
            ? 'OK 1767225600'
            : line === 'GET deviceBatteryVoltage'
              ? 'OK 2.650'
              : line === 'GET devicePower'
                ? 'OK 1'
                : `OK ${pulses % 4294967296}`;
      r.clock.setTimer(() => r.transport.isOpen && r.transport.push(`${reply}\r\n`), 5);
    };
    await r.driver.connect();
    await r.advance(20_000);
    await r.driver.disconnect();
    const frames = r.frames();
    assert.ok(frames.length >= 15, `${frames.length} frames`);
    assert.ok(
      frames.every((f) => f.counts === 37 || f.counts === 74),
      'wrap differenced; the missed poll spans two intervals',
    );
    assert.equal(r.driver.stats().issues['no-reply'], 1);
    const parsed = parseRecording(recorder.text());
    assert.ok(parsed.ok);
    assert.deepEqual(strip(replayRecording(parsed.value)), strip(r.events));
  });

  test('GMC-320: handshake, heartbeats with a torn one — replay gives the same frames', async () => {
    const recorder = header('gmc');
    const r = rig('gmc', { recorder });
    let beating = false;
    r.transport.onWrite = (bytes) => {
      const command = new TextDecoder().decode(bytes);
      if (command === '<GETVER>>') r.clock.setTimer(() => r.transport.push('GMC-320Re 4.19'), 30);
      if (command === '<GETCPM>>') r.clock.setTimer(() => r.transport.push(Uint8Array.from([0, 28])), 10);
      if (command === '<HEARTBEAT1>>') beating = true;
    };
    await r.driver.connect();
    await r.advance(1000);
    assert.ok(beating, 'heartbeat switched on');
    for (let k = 1; k <= 8; k++) {
      r.transport.push(k === 4 ? Uint8Array.from([0x01]) : Uint8Array.from([0x00, k]));
      await r.advance(1000);
    }
    await r.driver.disconnect();
    assert.deepEqual(
      r.frames().map((f) => f.counts),
      [1, 2, 3, 5, 6, 7, 8],
    );
    assert.deepEqual(r.driver.stats().issues, { torn: 1, gap: 1 });
    assert.equal(r.driver.identity()?.model, 'GMC-320');
    const parsed = parseRecording(recorder.text());
    assert.ok(parsed.ok);
    assert.deepEqual(strip(replayRecording(parsed.value)), strip(r.events));
  });
});
