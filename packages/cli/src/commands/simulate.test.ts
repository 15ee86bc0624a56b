import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../test-io.js';

const dir = mkdtempSync(join(tmpdir(), 'rgs-simulate-'));

describe('rgs simulate', () => {
  test('writes the frames CSV rgs detect reads, reproducibly from the seed', async () => {
    const args = [
      'simulate',
      '--scenario',
      'qc-co57',
      '--seconds',
      '1',
      '--seed',
      '11',
      '--frame-seconds',
      '0.25',
    ];
    const a = await runCli([...args, '--frames-out', 'a.csv', '--json'], { cwd: dir });
    const b = await runCli([...args, '--frames-out', 'b.csv'], { cwd: dir });
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const csv = readFileSync(join(dir, 'a.csv'), 'utf8');
    assert.equal(csv, readFileSync(join(dir, 'b.csv'), 'utf8'));
    const lines = csv.trim().split('\n');
    assert.equal(lines[0], 'startSeconds,durationSeconds,counts');
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(',').slice(0, 2).join(',')),
      ['0,0.25', '0.25,0.25', '0.5,0.25', '0.75,0.25'],
    );
    const summary = JSON.parse(a.stdout) as { frames: number; totalCounts: number };
    assert.equal(summary.frames, 4);
    const sum = lines.slice(1).reduce((s, l) => s + Number(l.split(',')[2]), 0);
    assert.equal(sum, summary.totalCounts);
    // Co-57 185 kBq at 1 cm on the csi-14mm: about 1.5e3 cps; 1 s of counts within ±5 σ.
    assert.ok(Math.abs(sum - 1530) < 5 * Math.sqrt(1530), `counts ${sum}`);
    const other = await runCli(
      [...args.slice(0, -3), '12', '--frame-seconds', '0.25', '--frames-out', 'c.csv'],
      { cwd: dir },
    );
    assert.equal(other.code, 0, other.stderr);
    assert.notEqual(readFileSync(join(dir, 'c.csv'), 'utf8'), csv, 'another seed, other counts');
  });

  test('a probe path moves the probe: counts rise as it passes over the check source', async () => {
    writeFileSync(
      join(dir, 'path.csv'),
      'timeSeconds,xCm,yCm,zCm,dx,dy,dz\n0,-10,0,1,0,0,-1\n1,0,0,1,0,0,-1\n2,10,0,1,0,0,-1\n',
    );
    const r = await runCli(
      [
        'simulate',
        '--scenario',
        'qc-co57',
        '--seconds',
        '2',
        '--seed',
        '3',
        '--frame-seconds',
        '0.2',
        '--path',
        'path.csv',
        '--frames-out',
        'p.csv',
      ],
      { cwd: dir },
    );
    assert.equal(r.code, 0, r.stderr);
    const counts = readFileSync(join(dir, 'p.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[2]));
    assert.equal(counts.length, 10);
    const peak = counts.indexOf(Math.max(...counts));
    assert.ok(peak === 4 || peak === 5, `peak at frame ${peak}: ${counts.join(' ')}`);
    assert.ok((counts[0] as number) < 20 && (counts[9] as number) < 20);
  });

  test('--at/--direction sets a fixed pose', async () => {
    const r = await runCli(
      [
        'simulate',
        '--scenario',
        'qc-co57',
        '--seconds',
        '1',
        '--seed',
        '1',
        '--at',
        '0,0,3',
        '--direction',
        '0,0,-2',
        '--frames-out',
        'f.csv',
        '--json',
      ],
      { cwd: dir },
    );
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as { meanRateCps: number; pose: { direction: number[] } };
    assert.deepEqual(s.pose.direction, [0, 0, -1]);
    assert.ok(s.meanRateCps > 200 && s.meanRateCps < 1000, `rate ${s.meanRateCps}`);
  });

  test('--list names the scenarios and their lesions', async () => {
    const r = await runCli(['simulate', '--list']);
    assert.equal(r.code, 0);
    for (const name of [
      'ileal-primary-occult-node',
      'indeterminate-near-kidney',
      'impalpable-small-deposit',
      'sentinel-node',
      'qc-co57',
    ]) {
      assert.match(r.stdout, new RegExp(name));
    }
    assert.match(r.stdout, /mesenteric-node: .*imaging not-seen/);
  });

  test('bad input is named', async () => {
    const base = [
      'simulate',
      '--scenario',
      'qc-co57',
      '--seconds',
      '1',
      '--seed',
      '1',
      '--frames-out',
      'x.csv',
    ];
    writeFileSync(
      join(dir, 'bad-path.csv'),
      'timeSeconds,xCm,yCm,zCm,dx,dy,dz\n0,0,0,1,0,0,-1\n0,0,0,1,0,0,-1\n',
    );
    writeFileSync(join(dir, 'bad-dir.csv'), 'timeSeconds,xCm,yCm,zCm,dx,dy,dz\n0,0,0,1,0,0,0\n');
    const header = 'timeSeconds,xCm,yCm,zCm,dx,dy,dz\n0,0,0,1,0,0,-1\n';
    writeFileSync(join(dir, 'bad-number.csv'), `${header}\n1,0,abc,1,0,0,-1\n`);
    writeFileSync(join(dir, 'bad-count.csv'), `${header}1,0,0,1,0,0\n`);
    writeFileSync(join(dir, 'bad-quote.csv'), `${header}"1,0,0,1,0,0,-1\n`);
    writeFileSync(join(dir, 'quoted-comma.csv'), `${header}1,"0,5",0,1,0,0,-1\n`);
    const cases: Array<[string[], RegExp]> = [
      [
        ['simulate', '--scenario', 'nope', '--seconds', '1', '--seed', '1', '--frames-out', 'x.csv'],
        /--scenario: unknown scenario 'nope'/,
      ],
      [[...base.slice(0, 4), '-1', ...base.slice(5)], /--seconds: '-1' must be greater than 0/],
      [[...base.slice(0, 6), '1.5', ...base.slice(7)], /--seed: '1.5' must be a whole number/],
      [
        [...base, '--at', '1,2', '--direction', '0,0,-1'],
        /--at: '1,2' must be three comma-separated numbers/,
      ],
      [
        [...base, '--at', '1,2,3', '--direction', '0,0,0'],
        /--direction: direction must not be the zero vector/,
      ],
      [[...base, '--at', '1,2,3'], /--at and --direction go together/],
      [[...base, '--path', 'missing.csv'], /--path: cannot read 'missing.csv'/],
      [[...base, '--path', 'bad-path.csv'], /--path: line 3: timeSeconds 0 is not after 0/],
      [[...base, '--path', 'bad-dir.csv'], /--path: line 2: direction must not be the zero vector/],
      [[...base, '--path', 'bad-number.csv'], /--path: line 4: yCm 'abc' is not a number/],
      [[...base, '--path', 'bad-count.csv'], /--path: line 3: 6 fields, expected 7/],
      [[...base, '--path', 'bad-quote.csv'], /--path: line 3: a quoted field is not closed/],
      [[...base, '--path', 'quoted-comma.csv'], /--path: line 3: xCm '0,5' is not a number/],
      [[...base, '--probe', 'nope'], /--probe: unknown probe preset 'nope'/],
      [[...base, '--frame-seconds', '0'], /--frame-seconds: '0' must be greater than 0/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args, { cwd: dir });
      assert.notEqual(r.code, 0, args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
    }
  });
});
