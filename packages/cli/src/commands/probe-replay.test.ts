import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { encodeOpenRgsLine as line, MemoryRecording } from '@openrgs/probe';
import { runCli } from '../test-io.js';

const dir = mkdtempSync(join(tmpdir(), 'rgs-replay-'));
const enc = (s: string) => new TextEncoder().encode(s);

/** An OpenRGS session with 5 frames of 0.1 s, a garbage burst and a bad checksum. */
function recording(): string {
  const rec = new MemoryRecording({
    format: 'openrgs-probe-recording',
    version: 1,
    protocol: 'openrgs',
    startedAt: '2026-01-01T00:00:00.000Z',
    transport: 'serial /dev/ttyUSB0',
  });
  rec.record({ kind: 'open', hostMs: 0, transport: 'serial /dev/ttyUSB0 @115200' });
  rec.record({ kind: 'tx', hostMs: 0, bytes: enc(line('HOST', { v: 1 })) });
  rec.record({ kind: 'rx', hostMs: 20, bytes: enc(line('HELLO', { v: 1, id: 'p1', model: 'diy', t: 0 })) });
  for (let s = 1; s <= 5; s++) {
    rec.record({
      kind: 'rx',
      hostMs: 100 * s,
      bytes: enc(line('C', { s, t: (s - 1) * 100000, d: 100000, n: 10 * s })),
    });
    if (s === 2) rec.record({ kind: 'rx', hostMs: 250, bytes: enc('\u0000\u0001noise') });
    if (s === 3)
      rec.record({
        kind: 'rx',
        hostMs: 350,
        bytes: enc(line('C', { s: 4, t: 300000, d: 100000, n: 1 }).replace('n=1', 'n=2')),
      });
  }
  rec.record({ kind: 'close', hostMs: 700, reason: 'device unplugged' });
  return rec.text();
}

const good = join(dir, 'good.jsonl');
writeFileSync(good, recording());

describe('rgs probe replay', () => {
  test('frames CSV on stdout (the rgs detect format); issues and statuses on stderr; exit 0 despite rejected lines', async () => {
    const run = await runCli(['probe', 'replay', '--protocol', 'openrgs', '--input', good]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      'startSeconds,durationSeconds,counts\n0,0.1,10\n0.1,0.1,20\n0.2,0.1,30\n0.3,0.1,40\n0.4,0.1,50\n',
    );
    assert.match(run.stderr, /issue garbage at 0\.250 s: 7 bytes outside any line/);
    assert.match(run.stderr, /issue bad-checksum at 0\.350 s/);
    assert.match(run.stderr, /status DISCONNECTED: device unplugged/);
    assert.match(run.stderr, /5 frames, 2 issues \(garbage 1, bad-checksum 1\)/);
  });

  test('the CSV it prints is accepted by rgs detect', async () => {
    const replay = await runCli(['probe', 'replay', '--protocol', 'openrgs', '--input', good]);
    const csv = join(dir, 'frames.csv');
    writeFileSync(csv, replay.stdout);
    const detect = await runCli([
      'detect',
      '--frames',
      csv,
      '--background-cps',
      '100',
      '--ratio',
      '2',
      '--alpha',
      '0.05',
      '--beta',
      '0.05',
      '--rule',
      'sprt',
      '--json',
    ]);
    assert.equal(detect.code, 0, detect.stderr);
  });

  test('--json is one document with identity, frames and issues', async () => {
    const run = await runCli(['probe', 'replay', '--protocol', 'openrgs', '--input', good, '--json']);
    assert.equal(run.code, 0);
    const doc = JSON.parse(run.stdout) as {
      identity: { deviceId: string };
      frames: unknown[];
      issueCounts: Record<string, number>;
    };
    assert.equal(doc.identity.deviceId, 'p1');
    assert.equal(doc.frames.length, 5);
    assert.deepEqual(doc.issueCounts, { garbage: 1, 'bad-checksum': 1 });
  });

  test('unreadable input: non-zero with the file and the line that is wrong', async () => {
    const broken = join(dir, 'broken.jsonl');
    writeFileSync(broken, `${recording().split('\n').slice(0, 3).join('\n')}\n{"t":"x"}\n`);
    const cases: [string[], number, RegExp][] = [
      [['--input', join(dir, 'missing.jsonl')], 1, /--input: cannot read '.*missing\.jsonl' \(ENOENT\)/],
      [['--input', broken], 1, /broken\.jsonl: line 4: t must be a number/],
      [['--input', good, '--protocol', 'gmc'], 2, /recorded with openrgs, not gmc/],
    ];
    for (const [extra, code, message] of cases) {
      const argv = [
        'probe',
        'replay',
        ...(extra.includes('--protocol') ? [] : ['--protocol', 'openrgs']),
        ...extra,
      ];
      const run = await runCli(argv);
      assert.equal(run.code, code, argv.join(' '));
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    }
  });

  test('a missing flag or unknown protocol is a usage error naming it', async () => {
    const noInput = await runCli(['probe', 'replay', '--protocol', 'openrgs']);
    assert.equal(noInput.code, 2);
    assert.match(noInput.stderr, /--input is required/);
    const bad = await runCli(['probe', 'replay', '--protocol', 'geiger', '--input', good]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /'geiger' is not one of openrgs, gmc, radpro/);
  });
});
