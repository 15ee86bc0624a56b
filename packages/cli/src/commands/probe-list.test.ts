import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli } from '../test-io.js';

describe('rgs probe list', () => {
  test('text names every protocol with its line settings', async () => {
    const run = await runCli(['probe', 'list']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^serial ports( \(udevadm is not installed: ports read from \/sys\/class\/tty\))?:/,
    );
    assert.match(run.stdout, /openrgs .*115200 baud 8N1/);
    assert.match(run.stdout, /gmc .*GQ-RFC1201.*baud auto-detected/);
    assert.match(run.stdout, /radpro .*115200 baud 8N1/);
  });
  test('--json is one document with ports and protocols', async () => {
    const run = await runCli(['probe', 'list', '--json']);
    assert.equal(run.code, 0);
    const doc = JSON.parse(run.stdout) as {
      ports: { path: string }[];
      protocols: { name: string; defaultBaud: number | string }[];
    };
    assert.ok(Array.isArray(doc.ports));
    assert.deepEqual(
      doc.protocols.map((p) => [p.name, p.defaultBaud]),
      [
        ['openrgs', 115200],
        ['gmc', 'auto'],
        ['radpro', 115200],
        ['ogd', 115200],
      ],
    );
  });
});
