// The OpenIGTLink path against the protocol's reference implementation (Debian libopenigtlink-dev and
// openigtlink-examples, installed by .ci/run): the example programs are compiled once into a cache directory
// and driven by our client and server. TrackerServer.cxx sends TRANSFORMs (device "Tracker") and prints each
// matrix; ReceiveClient.cxx connects to our server and prints what it unpacks with its CRC check on;
// ReceiveServer.cxx does the same for messages we send to it. POINT lists go to ReceiveClient.cxx and to
// reference-receiver.cxx (beside this file: the same library's PointMessage::Unpack, printing the device name
// too); the POINT element layout is read from igtl_point.h itself by a C program compiled here (offsetof).
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Backoff } from '../backoff.js';
import { startIgtlClient } from './client.js';
import {
  encodeImage,
  encodePoints,
  encodePosition,
  encodeTransform,
  type IgtlPoint,
  type RigidTransform,
} from './content.js';
import { encodeMessage } from './message.js';
import { startIgtlServer } from './server.js';

const EXAMPLES = '/usr/share/doc/openigtlink-examples/examples';

function build(source: string, path = join(EXAMPLES, source)): string {
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

const RECEIVER = fileURLToPath(new URL('./reference-receiver.cxx', import.meta.url));

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
/**
 * A reference program's output: both streams as they came (`output`), and each on its own — the examples
 * print matrices with igtl::PrintMatrix on stdout and the rest on stderr, so the two interleave at random
 * in `output` (a matrix can land in the middle of a stderr line).
 */
function run(
  exe: string,
  args: string[],
): { child: ChildProcess; output: () => string; stdout: () => string; stderr: () => string } {
  const child = spawn(exe, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
    stderr += d.toString();
  });
  return { child, output: () => out, stdout: () => stdout, stderr: () => stderr };
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
    await until(() => /Sub-Volume offset/.test(client.stderr()), 'the image printout');
    await until(() => printedMatrices(client.stdout()).length >= 1, 'the matrix printout');
    await server.close();
    const out = client.stderr();
    assert.match(out, /Receiving TRANSFORM data type/);
    assert.match(out, /Time stamp: 1700000000\.500000000/);
    // PrintMatrix (on stdout) of the rotation and translation sent (row-major as printed).
    assert.deepEqual(printedMatrices(client.stdout())[0], [
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

  test('POINT: the element layout of igtl_point.h (sizeof, offsetof) is where our encoder puts each field', () => {
    const dir = join(tmpdir(), 'openrgs-igtl-reference');
    mkdirSync(dir, { recursive: true });
    const source = join(dir, 'point-layout.c');
    writeFileSync(
      source,
      `#include <stdio.h>
#include <stddef.h>
#include "igtl_point.h"
int main(void) {
  printf("%zu %zu %zu %zu %zu %zu %zu\\n", sizeof(igtl_point_element), offsetof(igtl_point_element, name),
         offsetof(igtl_point_element, group_name), offsetof(igtl_point_element, rgba),
         offsetof(igtl_point_element, position), offsetof(igtl_point_element, radius),
         offsetof(igtl_point_element, owner));
  return 0;
}
`,
    );
    const exe = join(dir, 'point-layout');
    execFileSync('gcc', ['-I/usr/include/openigtlink', source, '-o', exe]);
    const [size, name, group, rgba, position, diameter, owner] = execFileSync(exe, { encoding: 'utf8' })
      .trim()
      .split(' ')
      .map(Number) as [number, number, number, number, number, number, number];
    const bytes = encodePoints([
      { name: 'N', group: 'G', rgba: [1, 2, 3, 4], positionMm: [1, 2, 3], diameterMm: 5, owner: 'O' },
    ]);
    const v = new DataView(bytes.buffer);
    assert.equal(bytes.length, size);
    assert.equal(String.fromCharCode(bytes[name] as number), 'N');
    assert.equal(String.fromCharCode(bytes[group] as number), 'G');
    assert.deepEqual([...bytes.subarray(rgba, rgba + 4)], [1, 2, 3, 4]);
    assert.deepEqual(
      [0, 1, 2].map((k) => v.getFloat32(position + 4 * k)),
      [1, 2, 3],
    );
    assert.equal(v.getFloat32(diameter), 5);
    assert.equal(String.fromCharCode(bytes[owner] as number), 'O');
  });

  test('our server → ReceiveClient.cxx and reference-receiver.cxx: POINT lists unpack as sent, late clients get the last list', async () => {
    const server = await startIgtlServer({ port: 0, host: '127.0.0.1' });
    try {
      const example = run(build('Receiver/ReceiveClient.cxx'), ['127.0.0.1', String(server.port)]);
      const receiver = run(build('reference-receiver.cxx', RECEIVER), ['127.0.0.1', String(server.port)]);
      await until(() => server.clients() === 2, 'the two reference clients');
      const marker: IgtlPoint = {
        name: 'PET node',
        group: 'Pre-op lesion',
        rgba: [204, 121, 167, 255],
        positionMm: [12.5, -40.25, 80],
        diameterMm: 11,
        owner: 'OpenRGSMap',
      };
      const long = 'x'.repeat(63);
      server.sendPoints('OpenRGSPreop', [marker, { ...marker, name: long, positionMm: [-1, 0, 2] }], 7);
      server.sendPoints('OpenRGSHotspots', [{ ...marker, name: 'Hotspot 1', group: 'Hotspot' }], 8);
      await until(() => /POINT OpenRGSHotspots 1/.test(receiver.output()), 'both POINT messages');
      await until(
        () => (example.output().match(/={10} Element #/g) ?? []).length >= 3,
        'the example printout',
      );
      const out = receiver.output();
      assert.match(out, /^POINT OpenRGSPreop 2$/m);
      assert.match(
        out,
        /^ {2}point\|PET node\|Pre-op lesion\|204 121 167 255\|12\.5000 -40\.2500 80\.0000\|11\.0000\|OpenRGSMap$/m,
      );
      // A name of 63 characters (the field's 64 less the NUL the reference's unpacking needs) arrives whole.
      assert.match(
        out,
        new RegExp(`^ {2}point\\|${long}\\|Pre-op lesion\\|.*\\|-1\\.0000 0\\.0000 2\\.0000\\|`, 'm'),
      );
      assert.match(out, /^ {2}point\|Hotspot 1\|Hotspot\|/m);
      // The Debian example, unmodified (its CRC check on):
      const printed = example.output();
      assert.match(printed, /Receiving POINT data type/);
      assert.match(printed, / Name\s+: PET node/);
      assert.match(printed, / GroupName : Pre-op lesion/);
      assert.match(printed, / RGBA\s+: \( 204, 121, 167, 255 \)/);
      assert.match(printed, / Position\s+: \( 12\.50+, -40\.250+, 80\.0+ \)/);
      assert.match(printed, / Radius\s+: 11\.0+/);
      assert.match(printed, / Owner\s+: OpenRGSMap/);
      // A client that connects now is sent the last list of each device at once; an emptied list is not sent.
      server.sendPoints('OpenRGSHotspots', [], 9);
      const late = run(build('reference-receiver.cxx', RECEIVER), ['127.0.0.1', String(server.port)]);
      await until(() => /POINT OpenRGSPreop 2/.test(late.output()), 'the retained list');
      server.sendTransform('Probe', { rotation: [1, 0, 0, 0, 1, 0, 0, 0, 1], translationMm: [0, 0, 0] }, 10);
      await until(() => /TRANSFORM Probe/.test(late.output()), 'a TRANSFORM after the retained lists');
      assert.doesNotMatch(late.output(), /OpenRGSHotspots/);
    } finally {
      await server.close();
    }
  });
});
