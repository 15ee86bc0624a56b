// The OpenIGTLink path against the protocol's reference implementation (Debian libopenigtlink-dev and
// openigtlink-examples, installed by .ci/run): the example programs are compiled once into a cache directory
// and driven by our client and server. TrackerServer.cxx sends TRANSFORMs (device "Tracker") and prints each
// matrix; ReceiveClient.cxx connects to our server and prints what it unpacks with its CRC check on;
// ReceiveServer.cxx does the same for messages we send to it.
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Backoff } from '../backoff.js';
import { startIgtlClient } from './client.js';
import { encodeImage, encodePosition, encodeTransform, type RigidTransform } from './content.js';
import { encodeMessage } from './message.js';
import { startIgtlServer } from './server.js';

const EXAMPLES = '/usr/share/doc/openigtlink-examples/examples';

function build(source: string): string {
  const path = join(EXAMPLES, source);
  const text = readFileSync(path);
  const dir = join(tmpdir(), 'openrgs-igtl-reference');
  mkdirSync(dir, { recursive: true });
  const exe = join(
    dir,
    `${source.replaceAll('/', '-')}-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`,
  );
  if (!existsSync(exe)) execFileSync('g++', ['-I/usr/include/openigtlink', path, '-o', exe, '-lOpenIGTLink']);
  return exe;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const children: ChildProcess[] = [];
function run(exe: string, args: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(exe, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill();
});

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Matrices as igtl::PrintMatrix prints them: "=====" then four rows "a, b, c, d". */
function printedMatrices(text: string): number[][][] {
  const out: number[][][] = [];
  const rows = text
    .split('\n')
    .filter((l) => /^-?[\d.e+-]+, -?[\d.e+-]+, -?[\d.e+-]+, -?[\d.e+-]+$/.test(l.trim()));
  for (let i = 0; i + 3 < rows.length; i += 4)
    out.push(rows.slice(i, i + 4).map((r) => r.split(',').map(Number)));
  return out;
}

describe('OpenIGTLink with the reference implementation (libOpenIGTLink examples)', () => {
  test('Tracker/TrackerServer.cxx → our client: every TRANSFORM decodes to the matrix the server printed', async () => {
    const exe = build('Tracker/TrackerServer.cxx');
    const port = await freePort();
    const server = run(exe, [String(port), '50']);
    const poses: RigidTransform[] = [];
    const statuses: string[] = [];
    const client = startIgtlClient(
      {
        host: '127.0.0.1',
        port,
        deviceName: 'Tracker',
        silentAfterMs: 2000,
        now: () => performance.now(),
        backoff: new Backoff({ initialMs: 50, maxMs: 200 }),
      },
      (e) => {
        if (e.kind === 'pose') poses.push(e.transform);
        if (e.kind === 'status') statuses.push(e.status);
        if (e.kind === 'issue') assert.fail(`issue ${JSON.stringify(e.issue)}`);
      },
    );
    await until(() => poses.length >= 8 && printedMatrices(server.output()).length >= 8, 'eight poses');
    await client.stop();
    server.child.kill();
    assert.ok(statuses.includes('connected'));
    const printed = printedMatrices(server.output());
    for (let k = 0; k < 8; k++) {
      const p = printed[k] as number[][];
      const t = poses[k] as RigidTransform;
      for (let r = 0; r < 3; r++) {
        for (let c = 0; c < 3; c++)
          assert.ok(
            Math.abs((t.rotation[r * 3 + c] as number) - (p[r]?.[c] as number)) < 1e-4,
            `pose ${k} R${r}${c}`,
          );
        assert.ok(Math.abs((t.translationMm[r] as number) - (p[r]?.[3] as number)) < 1e-3, `pose ${k} t${r}`);
      }
    }
  });

  test('our server → Receiver/ReceiveClient.cxx: IMAGE and TRANSFORM pass its CRC check and unpack as sent', async () => {
    const exe = build('Receiver/ReceiveClient.cxx');
    const server = await startIgtlServer({ port: 0, host: '127.0.0.1' });
    const client = run(exe, ['127.0.0.1', String(server.port)]);
    await until(() => server.clients() === 1, 'the reference client');
    server.sendTransform(
      'ProbeToReference',
      { rotation: [0, -1, 0, 1, 0, 0, 0, 0, 1], translationMm: [12.5, -40, 80] },
      1_700_000_000.5,
    );
    const voxels = new Float32Array(4 * 3 * 2).map((_, i) => i / 10);
    server.sendImage(
      'OpenRGSMap',
      { size: [4, 3, 2], matrix: [2.5, 0, 0, 0, 2.5, 0, 0, 0, 2.5, -10, 20, 30], coordinate: 'LPS', voxels },
      1_700_000_001,
    );
    await until(() => /Sub-Volume offset/.test(client.output()), 'the image printout');
    await server.close();
    const out = client.output();
    assert.match(out, /Receiving TRANSFORM data type/);
    assert.match(out, /Time stamp: 1700000000\.500000000/);
    // PrintMatrix of the rotation and translation sent (row-major as printed).
    assert.deepEqual(printedMatrices(out)[0], [
      [0, -1, 0, 12.5],
      [1, 0, 0, -40],
      [0, 0, 1, 80],
      [0, 0, 0, 1],
    ]);
    assert.match(out, /Device Name\s+: OpenRGSMap/);
    assert.match(out, /Scalar Type\s+: 10/);
    assert.match(out, /Dimensions\s+: \(4, 3, 2\)/);
    assert.match(out, /Spacing\s+: \(2\.5, 2\.5, 2\.5\)/);
  });

  test('our POSITION → Receiver/ReceiveServer.cxx: position and quaternion as sent', async () => {
    const exe = build('Receiver/ReceiveServer.cxx');
    const port = await freePort();
    const receiver = run(exe, [String(port)]);
    let socket: ReturnType<typeof connect> | null = null;
    await until(() => {
      if (socket && !socket.destroyed && socket.readyState === 'open') return true;
      if (!socket || socket.destroyed) {
        socket = connect({ host: '127.0.0.1', port });
        socket.on('error', () => {});
      }
      return false;
    }, 'the reference server');
    const s = socket as unknown as ReturnType<typeof connect>;
    s.write(
      encodeMessage({
        type: 'POSITION',
        deviceName: 'Probe',
        timestampSeconds: 5,
        content: encodePosition([1.5, -2, 3], [0, 0, 0.6, 0.8]),
      }),
    );
    // A TRANSFORM with a corrupted CRC must not print (the reference checks it).
    const bad = encodeMessage({
      type: 'TRANSFORM',
      deviceName: 'Probe',
      timestampSeconds: 5,
      content: encodeTransform({ rotation: [1, 0, 0, 0, 1, 0, 0, 0, 1], translationMm: [7, 7, 7] }),
    });
    bad[57] = (bad[57] as number) ^ 0xff;
    s.write(bad);
    s.write(
      encodeMessage({
        type: 'IMAGE',
        deviceName: 'Map',
        timestampSeconds: 6,
        content: encodeImage({
          size: [1, 1, 1],
          matrix: [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0],
          coordinate: 'LPS',
          voxels: new Float32Array([1]),
        }),
      }),
    );
    await until(() => /Dimensions/.test(receiver.output()), 'the printout');
    s.destroy();
    receiver.child.kill();
    const out = receiver.output();
    assert.match(out, /position\s+= \(1\.5, -2, 3\)/);
    assert.match(out, /quaternion = \(0, 0, 0\.6, 0\.8\)/);
    assert.doesNotMatch(out, /7, 7, 7|, 7\n/);
  });
});
