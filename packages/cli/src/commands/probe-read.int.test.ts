// `rgs probe read` end to end against a local TCP "bridge", then `rgs probe replay` of what it recorded.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { encodeOpenRgsLine as line } from '@openrgs/probe';
import { runCli } from '../test-io.js';

const dir = mkdtempSync(join(tmpdir(), 'rgs-read-'));

describe('rgs probe read', () => {
  const server = createServer((socket) => {
    socket.on('data', (data) => {
      if (!data.toString().startsWith('$HOST')) return;
      let out = line('HELLO', { v: 1, id: 'bridge-9', model: 'esp32', t: 0 });
      out += 'noise\n';
      for (let s = 1; s <= 4; s++)
        out += line('C', { s, t: (s - 1) * 250000, d: 250000, n: 5 * s, lt: 240000 });
      socket.write(out);
    });
  });
  after(() => server.close());

  test('frames as CSV; --record then rgs probe replay gives the same frames', async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    const record = join(dir, 'run.jsonl');
    const run = await runCli([
      'probe',
      'read',
      '--port',
      `tcp://127.0.0.1:${address.port}`,
      '--protocol',
      'openrgs',
      '--record',
      record,
      '--max-frames',
      '4',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines[0], 'startSeconds,durationSeconds,counts');
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(',').slice(1)),
      [
        ['0.25', '5'],
        ['0.25', '10'],
        ['0.25', '15'],
        ['0.25', '20'],
      ],
    );
    assert.match(run.stderr, /status connected tcp 127\.0\.0\.1/);
    assert.match(run.stderr, /device esp32 id bridge-9/);
    assert.match(run.stderr, /issue garbage/);
    assert.ok(existsSync(record));
    const replay = await runCli(['probe', 'replay', '--protocol', 'openrgs', '--input', record]);
    assert.equal(replay.code, 0, replay.stderr);
    assert.equal(replay.stdout, run.stdout, 'replay reproduces the live frames exactly');
  });

  test('refuses to overwrite an existing recording, and bad flags, before touching the probe', async () => {
    const existing = join(dir, 'exists.jsonl');
    writeFileSync(existing, 'keep me\n');
    const cases: [string[], number, RegExp][] = [
      [['--port', 'tcp://127.0.0.1:1', '--protocol', 'openrgs', '--record', existing], 1, /--record: EEXIST/],
      [
        ['--port', 'tcp://127.0.0.1:1', '--protocol', 'openrgs', '--baud', '9600'],
        2,
        /tcp:\/\/ port has no baud rate/,
      ],
      [
        ['--port', '/dev/ttyUSB0', '--protocol', 'openrgs', '--baud', 'fast'],
        1,
        /--baud: 'fast' is not a number/,
      ],
      [
        ['--port', '/dev/ttyUSB0', '--protocol', 'openrgs', '--seconds', '0'],
        1,
        /--seconds: '0' must be greater than 0/,
      ],
      [['--protocol', 'openrgs'], 2, /--port is required/],
      [
        ['--port', 'tcp://127.0.0.1:1', '--protocol', 'openrgs'],
        1,
        /--port: cannot open tcp 127\.0\.0\.1:1: .*ECONNREFUSED/,
      ],
    ];
    for (const [argv, code, message] of cases) {
      const run = await runCli(['probe', 'read', ...argv]);
      assert.equal(run.code, code, argv.join(' '));
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    }
  });
});
