// Issue 15 case 9: replay reproduces frames AND issues exactly (times included), and the statuses
// except what a recording cannot know (`connecting`, the retry delay). The live driver ticks on its own
// timer phase; the replay ticks from each recorded open — different phases on purpose here (the first
// open fails, the retry comes 237 ms later), so any decision dated by a tick would show.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from './clock.js';
import { createCodecFor } from './codecs/create.js';
import { createProbeDriver } from './driver.js';
import { GmcDevice } from './fakes/gmc-device.js';
import { RadProDevice } from './fakes/radpro-device.js';
import { MemoryRecording, parseRecording, RECORDING_FORMAT, RECORDING_VERSION } from './recording.js';
import { replayRecording } from './replay.js';
import { FakeTransport } from './transports/fake.js';
import type { ProbeEvent, ProtocolName } from './types.js';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function rig(protocol: ProtocolName) {
  const clock = new ManualClock(0);
  const transport = new FakeTransport('fake-port');
  const recorder = new MemoryRecording({
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    protocol,
    startedAt: '2026-01-01T00:00:00.000Z',
    transport: 'fake-port',
  });
  const events: ProbeEvent[] = [];
  const driver = createProbeDriver({
    protocol,
    transport,
    clock,
    recorder,
    createCodec: (handover) => createCodecFor(protocol, {}, handover),
    backoff: { initialMs: 237, factor: 2, maxMs: 2000, jitter: 0 },
  });
  driver.subscribe((e) => events.push(e));
  transport.failNextOpens('EBUSY: resource busy');
  const advance = async (ms: number) => {
    for (let t = 0; t < ms; t += 10) {
      clock.advance(Math.min(10, ms - t));
      await settle();
    }
  };
  return { clock, transport, recorder, driver, events, advance };
}

/** What a recording can reproduce: from the first open on (a failed open is not recorded). */
const comparable = (events: ProbeEvent[]) =>
  events
    .slice(events.findIndex((e) => e.type === 'status' && e.status.kind === 'connected'))
    .flatMap((e): unknown[] => {
      if (e.type === 'frame' || e.type === 'issue' || e.type === 'identity') return [e];
      if (e.type !== 'status' || e.status.kind === 'connecting' || e.status.kind === 'stopped') return [];
      // The live driver's deliberate close is `stopped`; the recording shows it as its close entry.
      if (e.status.kind === 'disconnected' && e.status.reason === 'disconnect requested') return [];
      if (e.status.kind === 'disconnected')
        return [{ kind: 'disconnected', reason: e.status.reason, hostMs: e.status.hostMs }];
      return [e];
    });

function replayOf(recorder: MemoryRecording): ProbeEvent[] {
  const parsed = parseRecording(recorder.text());
  assert.ok(parsed.ok);
  return replayRecording(parsed.value);
}

describe('issue 15 case 9: replay reproduces frames, issues and their times exactly', () => {
  test('GMC: slow version, late beats, a power cycle (re-arm), a wrap flag', async () => {
    const r = rig('gmc');
    const rates = [5, 6, 13000, 20000, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
    const gmc = new GmcDevice({
      clock: r.clock,
      transport: r.transport,
      version: 'GMC-320+V5\u0000RRe 5.73',
      wordBytes: 2,
      versionDelayMs: 900,
      ignoresFirstVersionRequest: true,
      countsInSecond: (k) => rates[k - 1] ?? 3,
      beatDelayMs: (k) => (k % 4 === 0 ? 640 : (k * 37) % 90),
    });
    await r.driver.connect();
    await r.advance(14_000);
    gmc.powerCycle(1200);
    await r.advance(9_000);
    await r.driver.disconnect();
    const live = comparable(r.events);
    assert.ok(r.events.filter((e) => e.type === 'frame').length >= 12);
    const issueCodes = new Set<string>(r.events.flatMap((e) => (e.type === 'issue' ? [e.issue.code] : [])));
    for (const code of ['no-reply', 'implausible', 'gap']) assert.ok(issueCodes.has(code), code);
    assert.ok(r.events.some((e) => e.type === 'status' && e.status.kind === 'silent'));
    assert.deepEqual(comparable(replayOf(r.recorder)), live);
  });

  test('Rad Pro: power off/on, an unplug with the counter carried across', async () => {
    const r = rig('radpro');
    const device = new RadProDevice({ clock: r.clock, transport: r.transport, cps: 33, replyDelayMs: 7 });
    await r.driver.connect();
    await r.advance(5000);
    device.setPower(false);
    await r.advance(4000);
    device.setPower(true);
    await r.advance(3000);
    r.transport.drop('device unplugged');
    await r.advance(4000);
    await r.driver.disconnect();
    const live = comparable(r.events);
    assert.ok(r.events.some((e) => e.type === 'status' && e.status.kind === 'error'));
    assert.deepEqual(comparable(replayOf(r.recorder)), live);
  });
});
