import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createRandom, sampleNormal, samplePoisson } from '@openrgs/numeric';
import { runCli } from '../test-io.js';

const example = join(import.meta.dirname, '../../../../examples/plan-ileal-net.json');

/**
 * A department's past cases (seeded): 30 cases of 4 background sites of 10 s, tissue log-normal with
 * CV 25 % around 100 cps, Poisson counts — what `--past-sites` learns the spread prior from.
 */
async function pastSitesCsv(dir: string): Promise<string> {
  const random = createRandom(77);
  const sigma = Math.sqrt(Math.log1p(0.25 ** 2));
  const rows = ['caseId,siteLabel,counts,durationSeconds'];
  for (let c = 0; c < 30; c++) {
    for (let s = 0; s < 4; s++) {
      const z = sampleNormal(random);
      const rate = 100 * Math.exp(sigma * z - sigma ** 2 / 2);
      rows.push(`case-${c},B${s + 1},${samplePoisson(random, rate * 10)},10`);
    }
  }
  const path = join(dir, 'past-sites.csv');
  await writeFile(path, `${rows.join('\n')}\n`);
  return path;
}

/** The example with the department's past sites, --json, --plot and --pdf: run once, read by two tests. */
let pastSitesRun: Promise<{ dir: string; r: Awaited<ReturnType<typeof runCli>> }> | undefined;
function examplePlanWithPastSites() {
  pastSitesRun ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rgs-plan-'));
    const past = await pastSitesCsv(dir);
    const r = await runCli(
      ['plan', '--input', example, '--past-sites', past, '--json', '--plot', 'p.svg', '--pdf', 'p.pdf'],
      { cwd: dir },
    );
    return { dir, r };
  })();
  return pastSitesRun;
}

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
    const { dir, r } = await examplePlanWithPastSites();
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as {
      lesions: Record<string, unknown>[];
      recommendedWindow: Record<string, unknown>;
      detectabilityMap: { rows: unknown[] };
      probe: { id: string; basis: string };
    };
    // The issue's contract (issue 7): these names, these types, in every lesion.
    assert.deepEqual(
      doc.lesions.map((l) => l.label),
      ['ileal primary', 'mesenteric node', 'small serosal deposit', 'segment VI liver met'],
    );
    for (const lesion of doc.lesions) {
      for (const key of [
        'expectedRateCps',
        'expectedBackgroundCps',
        'expectedRatio',
        'expectedSecondsToVerdict',
      ]) {
        const value = lesion[key];
        assert.ok(typeof value === 'number' && Number.isFinite(value) && value > 0, `${key}: ${value}`);
      }
      const p = lesion.detectionProbability5s;
      assert.ok(typeof p === 'number' && p >= 0 && p <= 1, `detectionProbability5s: ${p}`);
      assert.equal(
        lesion.expectedRatio,
        (lesion.expectedRateCps as number) / (lesion.expectedBackgroundCps as number),
      );
    }
    const { fromHours, toHours } = doc.recommendedWindow;
    assert.ok(typeof fromHours === 'number' && typeof toHours === 'number' && fromHours < toHours);
    // The example plan runs on a sim probe model, not a stand-in.
    assert.equal(doc.probe.id, 'csi-14mm');
    assert.match(doc.probe.basis, /^@openrgs\/sim preset csi-14mm, Tc-99m window 110–175 keV/);
    assert.equal(doc.detectabilityMap.rows.length, 10);
    const svg = await readFile(join(dir, 'p.svg'), 'utf8');
    assert.match(svg, /^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const pdf = await readFile(join(dir, 'p.pdf'));
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  });

  test('with the operating room’s settings alone (alpha 5 %, the engine’s 5 sites at CV 25 %, no learnt spread) the published 4–7 h lies in the window', async () => {
    const r = await runCli(['plan', '--input', example]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Recommended window: [\d.]+–[\d.]+ h after injection/);
    assert.match(r.stdout, /Planned timing is inside the recommended window\./);
    assert.match(r.stdout, /alpha 0\.05, beta 0\.05, T\/B 1\.5/);
    assert.match(r.stdout, /5 background sites × 10 s \(the 5 sites the engine asks for at this spread/);
    assert.match(r.stdout, /spread prior: none/);
  });

  test('text output reads like a plan and explains unlikely lesions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rgs-plan-'));
    const r = await runCli(['plan', '--input', example, '--past-sites', await pastSitesCsv(dir)]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Recommended window: [\d.]+–[\d.]+ h after injection/);
    assert.match(
      r.stdout,
      /spread prior: learnt from the department's past cases[^\n]*past-sites\.csv: 30 past cases/,
    );
    assert.match(r.stdout, /Next to the liver/);
    // Issue 12: the window's basis and the lesions no timing finds are said.
    assert.match(
      r.stdout,
      /basis: probability of a correct verdict within 5 s for the detectable lesions \('ileal primary'/,
    );
    assert.match(r.stdout, /Undetectable at any time[^\n]*\n {2}- mesenteric node: at best \d+ %/);
    assert.match(r.stdout, /Verdict model: the counting engine's adaptive rule/);
  });

  test('--json adds the window basis, the verdict model and the undetectable lesions (issue 12), keeping the old fields', async () => {
    // The same run as the contract test above (one full plan of the example, not two).
    const { r } = await examplePlanWithPastSites();
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as {
      recommendedWindow: { fromHours: number; toHours: number };
      plannedTimingInWindow: boolean;
      window: Record<string, unknown>;
      verdictModel: Record<string, unknown>;
      undetectableLesions: { label: string; bestProbability: number }[];
      lesions: { label: string; detectable: boolean; correctVerdictProbability: Record<string, number> }[];
    };
    // 600 MBq, surgery 4–7 h (Hodolič 2009: 550–650 MBq, 3–6 h): the start and most of it inside.
    assert.ok(doc.recommendedWindow.fromHours <= 4 && doc.recommendedWindow.toHours >= 6.5);
    assert.equal(typeof doc.plannedTimingInWindow, 'boolean');
    assert.match(String(doc.verdictModel.spreadPriorBasis), /learnt from the department's past cases/);
    assert.equal(doc.verdictModel.alpha, 0.05);
    for (const key of [
      'fromHours',
      'toHours',
      'optimumHours',
      'optimumCountSeconds',
      'basisLesion',
      'criterion',
    ])
      assert.ok(key in doc.window, key);
    assert.equal(doc.window.figureOfMerit, 'correct-verdict-probability');
    assert.deepEqual(doc.window.basisLesions, ['ileal primary']);
    assert.equal(doc.verdictModel.rule, 'adaptive');
    assert.deepEqual(
      doc.undetectableLesions.map((u) => u.label),
      ['mesenteric node', 'small serosal deposit', 'segment VI liver met'],
    );
    assert.deepEqual(
      doc.lesions.map((l) => l.detectable),
      [true, false, false, false],
    );
    for (const l of doc.lesions)
      for (const key of ['atSurgeryStart', 'atSurgeryEnd', 'best', 'bestAtHours'])
        assert.equal(typeof l.correctVerdictProbability[key], 'number', `${l.label}.${key}`);
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

  test('an unknown probe or one without a window for the tracer fails naming probe and the presets', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rgs-plan-'));
    const plan = JSON.parse(await readFile(example, 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'old.json'), JSON.stringify({ ...plan, probe: 'closed-form-14mm' }));
    const old = await runCli(['plan', '--input', 'old.json'], { cwd: dir });
    assert.equal(old.code, 1);
    assert.equal(old.stdout, '');
    assert.match(
      old.stderr,
      /probe: 'closed-form-14mm' is not a probe preset; one of csi-14mm, csi-14mm-open, cdte-11mm, laparoscopic-10mm, high-energy-511/,
    );
    await writeFile(
      join(dir, 'in111.json'),
      JSON.stringify({ ...plan, tracer: 'in111-pentetreotide', probe: 'high-energy-511' }),
    );
    const noWindow = await runCli(['plan', '--input', 'in111.json', '--json'], { cwd: dir });
    assert.equal(noWindow.code, 1);
    const doc = JSON.parse(noWindow.stdout) as { ok: boolean; issues: { path: string; message: string }[] };
    assert.equal(doc.issues[0]?.path, 'probe');
    assert.match(doc.issues[0]?.message ?? '', /no energy window for In-111/);
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
    // The example with its first lesion only: what is tested is the reading, not the plan (a full plan of
    // four lesions costs seconds of CPU that the other tests already spend).
    const plan = JSON.parse(await readFile(example, 'utf8')) as { lesions: { label: string }[] };
    const one = { ...plan, lesions: plan.lesions.slice(0, 1) };
    const r = await runCli(['plan', '--input', '-', '--json'], { stdin: JSON.stringify(one) });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { lesions: { label: string }[] };
    assert.deepEqual(
      doc.lesions.map((l) => l.label),
      [plan.lesions[0]?.label],
    );
  });
});
