import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../test-io.js';

const example = join(import.meta.dirname, '../../../../examples/plan-ileal-net.json');

describe('rgs plan', () => {
  test('--list-tracers names the presets (text and JSON)', async () => {
    const text = await runCli(['plan', '--list-tracers']);
    assert.equal(text.code, 0);
    for (const id of ['tc99m-hynic-toc', 'in111-pentetreotide', 'ga68-dotatate', 'ga68-dotatoc'])
      assert.match(text.stdout, new RegExp(id));
    const json = await runCli(['plan', '--list-tracers', '--json']);
    const doc = JSON.parse(json.stdout) as { tracers: { id: string; nuclide: string }[] };
    assert.deepEqual(
      doc.tracers.map((t) => t.id),
      ['tc99m-hynic-toc', 'in111-pentetreotide', 'ga68-dotatate', 'ga68-dotatoc'],
    );
  });

  test('the example plan gives the contract fields in one JSON document, plus SVG and PDF files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rgs-plan-'));
    const r = await runCli(['plan', '--input', example, '--json', '--plot', 'p.svg', '--pdf', 'p.pdf'], {
      cwd: dir,
    });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as {
      lesions: Record<string, unknown>[];
      recommendedWindow: { fromHours: number; toHours: number };
      detectabilityMap: { rows: unknown[] };
    };
    for (const lesion of doc.lesions) {
      for (const key of [
        'label',
        'expectedRateCps',
        'expectedBackgroundCps',
        'expectedRatio',
        'detectionProbability5s',
        'expectedSecondsToVerdict',
      ]) {
        assert.ok(key in lesion, key);
      }
    }
    assert.ok(doc.recommendedWindow.fromHours < doc.recommendedWindow.toHours);
    assert.equal(doc.detectabilityMap.rows.length, 10);
    const svg = await readFile(join(dir, 'p.svg'), 'utf8');
    assert.match(svg, /^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const pdf = await readFile(join(dir, 'p.pdf'));
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  });

  test('text output reads like a plan and explains unlikely lesions', async () => {
    const r = await runCli(['plan', '--input', example]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Recommended window: [\d.]+–[\d.]+ h after injection/);
    assert.match(r.stdout, /Next to the liver/);
  });

  test('an invalid plan fails naming the fields; nothing on stdout without --json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rgs-plan-'));
    await writeFile(
      join(dir, 'bad.json'),
      JSON.stringify({
        tracer: 'tc99m-hynic-toc',
        injectedActivityMBq: -5,
        lesions: [{ label: 'x', diameterMm: 5, depthCm: 'a', uptakeRatio: 3 }],
      }),
    );
    const r = await runCli(['plan', '--input', 'bad.json'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /injectedActivityMBq: must be greater than 0 MBq/);
    assert.match(r.stderr, /lesions\[0\]\.depthCm: must be a number/);
    assert.match(r.stderr, /surgeryStart: is required/);
    const j = await runCli(['plan', '--input', 'bad.json', '--json'], { cwd: dir });
    const doc = JSON.parse(j.stdout) as { ok: boolean; issues: { path: string }[] };
    assert.equal(doc.ok, false);
    assert.ok(doc.issues.some((i) => i.path === 'lesions[0].depthCm'));
  });

  test('missing file, malformed JSON, missing --input', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rgs-plan-'));
    const missing = await runCli(['plan', '--input', 'nope.json'], { cwd: dir });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read 'nope.json' \(ENOENT\)/);
    await writeFile(join(dir, 'garbage.json'), '\u0000{not json');
    const garbage = await runCli(['plan', '--input', 'garbage.json'], { cwd: dir });
    assert.equal(garbage.code, 1);
    assert.match(garbage.stderr, /not valid JSON/);
    const none = await runCli(['plan']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--input is required/);
  });

  test('reads the plan from standard input with --input -', async () => {
    const text = await readFile(example, 'utf8');
    const r = await runCli(['plan', '--input', '-', '--json'], { stdin: text });
    assert.equal(r.code, 0, r.stderr);
    assert.ok((JSON.parse(r.stdout) as { lesions: unknown[] }).lesions.length === 4);
  });
});
