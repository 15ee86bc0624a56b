import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../test-io.js';

const dir = mkdtempSync(join(tmpdir(), 'rgs-map-'));

describe('rgs map', () => {
  test('simulate → reconstruct → export: the Co-57 check source in air comes back where it is', async () => {
    const sim = ['map', 'simulate', '--scenario', 'qc-co57', '--seconds', '20', '--seed', '5'];
    const a = await runCli([...sim, '--frames-out', 'f.csv', '--path-out', 'p.csv', '--json'], { cwd: dir });
    assert.equal(a.code, 0, a.stderr);
    const b = await runCli([...sim, '--frames-out', 'f2.csv', '--path-out', 'p2.csv'], { cwd: dir });
    assert.equal(b.code, 0, b.stderr);
    assert.equal(readFileSync(join(dir, 'f.csv'), 'utf8'), readFileSync(join(dir, 'f2.csv'), 'utf8'));
    assert.equal(readFileSync(join(dir, 'p.csv'), 'utf8'), readFileSync(join(dir, 'p2.csv'), 'utf8'));
    assert.match(readFileSync(join(dir, 'p.csv'), 'utf8'), /^timeSeconds,xCm,yCm,zCm,dx,dy,dz\n/);
    const rec = ['--frames', 'f.csv', '--path', 'p.csv', '--probe', 'csi-14mm', '--nuclide', 'Co-57'];
    const r = await runCli(['map', 'reconstruct', ...rec, '--voxel-mm', '4', '--json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      voxelSizeMm: number;
      reconstructionSeconds: number;
      hotspots: Array<{ positionCm: [number, number, number]; relativeActivity: number }>;
    };
    assert.equal(out.voxelSizeMm, 4);
    assert.ok(out.reconstructionSeconds > 0);
    const [top] = out.hotspots;
    assert.ok(top);
    assert.equal(top.relativeActivity, 1);
    // The scenario's source is at the origin (scenarios.ts, qc-co57); one voxel is 4 mm.
    assert.ok(Math.hypot(...top.positionCm) * 10 <= 4, `hotspot at ${top.positionCm}`);
    const e = await runCli(['map', 'export', '--format', 'nrrd', '--out', 'm.nrrd', ...rec], { cwd: dir });
    assert.equal(e.code, 0, e.stderr);
    const nrrd = readFileSync(join(dir, 'm.nrrd'));
    assert.match(nrrd.subarray(0, 200).toString('latin1'), /^NRRD0004\n/);
  });

  test('reconstruct --estimate-latency: a path stamped 0.2 s late gives 0.2 s back, inside its interval, or says it cannot', async () => {
    const sim = ['map', 'simulate', '--scenario', 'qc-co57', '--seconds', '20', '--seed', '5'];
    const a = await runCli([...sim, '--frames-out', 'lf.csv', '--path-out', 'lp.csv'], { cwd: dir });
    assert.equal(a.code, 0, a.stderr);
    // The simulator counts each frame at the pose of its midpoint; the tracker here stamps every pose 0.2 s
    // after the moment it shows (the truth, put in).
    const [head, ...rows] = readFileSync(join(dir, 'lp.csv'), 'utf8').trim().split('\n');
    const late = rows.map((r) => {
      const [t, ...rest] = r.split(',');
      return [(Number(t) + 0.2).toFixed(4), ...rest].join(',');
    });
    writeFileSync(join(dir, 'lp-late.csv'), `${[head, ...late].join('\n')}\n`);
    const rec = ['--frames', 'lf.csv', '--path', 'lp-late.csv', '--probe', 'csi-14mm', '--nuclide', 'Co-57'];
    const r = await runCli(['map', 'reconstruct', ...rec, '--estimate-latency', '--json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const l = (
      JSON.parse(r.stdout) as {
        latencyEstimate?: {
          latencySeconds: number;
          uncertaintySeconds: number;
          intervalSeconds: [number, number];
          reliable: boolean;
          reason: string | null;
        };
      }
    ).latencyEstimate;
    assert.ok(l, r.stdout);
    const said = JSON.stringify(l);
    if (l.reliable) {
      assert.ok(l.intervalSeconds[0] <= 0.2 && 0.2 <= l.intervalSeconds[1], said);
      assert.ok(Math.abs(l.latencySeconds - 0.2) <= 0.08, said);
    } else assert.ok(l.reason, said);
    const text = await runCli(['map', 'reconstruct', ...rec, '--estimate-latency'], { cwd: dir });
    assert.match(
      text.stdout,
      /tracker latency estimate: [-\d.]+ s ± [\d.]+ s \(95 %: [-\d.]+ to [-\d.]+ s\)/,
    );
  });

  test('calibrate: poses rotating about a divot give the tip offset back with ~0 RMS error', async () => {
    // Tool rotated about x and y with its tip (0, 0, 120) mm held at the pivot (10, 20, 30) mm.
    const rows = ['r11,r12,r13,r21,r22,r23,r31,r32,r33,txMm,tyMm,tzMm'];
    for (const ax of [-0.3, 0, 0.3])
      for (const ay of [-0.4, 0.2]) {
        const [cx, sx, cy, sy] = [Math.cos(ax), Math.sin(ax), Math.cos(ay), Math.sin(ay)];
        const r = [cy, sy * sx, sy * cx, 0, cx, -sx, -sy, cy * sx, cy * cx];
        const t = [10 - (r[2] as number) * 120, 20 - (r[5] as number) * 120, 30 - (r[8] as number) * 120];
        rows.push([...r, ...t].map((v) => v.toFixed(9)).join(','));
      }
    writeFileSync(join(dir, 'poses.csv'), `${rows.join('\n')}\n`);
    const r = await runCli(['map', 'calibrate', '--poses', 'poses.csv', '--axis', '0,0,1', '--json'], {
      cwd: dir,
    });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { tipMm: number[]; pivotMm: number[]; rmsErrorMm: number };
    assert.ok(
      Math.hypot(out.tipMm[0] as number, out.tipMm[1] as number, (out.tipMm[2] as number) - 120) < 1e-4,
    );
    assert.ok(out.rmsErrorMm < 1e-4);
    const bad = await runCli(['map', 'calibrate', '--poses', 'poses.csv', '--axis', '0,0,0'], { cwd: dir });
    assert.match(bad.stderr, /--axis: must not be the zero vector/);
    // Malformed poses files: the line (and the column) is named.
    const good = rows[1] as string;
    for (const [text, pattern] of [
      [
        `${rows[0]}\n${good}\n\n${good.replace(/^[^,]+/, 'abc')}\n`,
        /--poses: line 4: r11 'abc' is not a number/,
      ],
      [`${rows[0]}\n${good.split(',').slice(0, 11).join(',')}\n`, /--poses: line 2: 11 fields, expected 12/],
      [`${rows[0]}\n"${good}\n`, /--poses: line 2: a quoted field is not closed/],
      [`${rows[0]}\n${good.replace(/^[^,]+/, '2')}\n`, /--poses: line 2: the 3×3 part is not a rotation/],
      [`x,y\n${good}\n`, /--poses: line 1 must be the header/],
    ] as const) {
      writeFileSync(join(dir, 'bad-poses.csv'), text);
      const run = await runCli(['map', 'calibrate', '--poses', 'bad-poses.csv', '--axis', '0,0,1'], {
        cwd: dir,
      });
      assert.notEqual(run.code, 0);
      assert.match(run.stderr, pattern);
    }
  });

  test('bad input names the flag and the problem', async () => {
    const rec = ['map', 'reconstruct', '--frames', 'f.csv', '--path', 'p.csv', '--nuclide', 'Tc-99m'];
    for (const [argv, pattern] of [
      [[...rec, '--probe', 'nope'], /--probe: unknown probe preset 'nope'/],
      [
        [
          'map',
          'reconstruct',
          '--frames',
          'missing.csv',
          '--path',
          'p.csv',
          '--probe',
          'csi-14mm',
          '--nuclide',
          'Tc-99m',
        ],
        /--frames: cannot read 'missing.csv'/,
      ],
      [[...rec, '--probe', 'csi-14mm', '--voxel-mm', '0'], /--voxel-mm: '0' must be at least 0.5/],
      [['map', 'export', '--format', 'stl', '--out', 'x'], /--format: 'stl' is not supported/],
      [
        [
          'map',
          'simulate',
          '--scenario',
          'nope',
          '--seconds',
          '1',
          '--seed',
          '1',
          '--frames-out',
          'a',
          '--path-out',
          'b',
        ],
        /unknown scenario 'nope'/,
      ],
    ] as const) {
      const r = await runCli([...argv], { cwd: dir });
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, pattern);
    }
  });
});
