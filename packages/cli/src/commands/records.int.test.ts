// rgs export fhir / export csv / report / registry import / registry stats against a real SQLite store.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Store } from '@openrgs/store';
import { type TempTarget, tempTarget } from '@openrgs/store/testing';
import { runCli } from '../test-io.js';

let temp: TempTarget;
let dataDir: string;
const work = mkdtempSync(join(tmpdir(), 'rgs-cli-records-'));
const actor = { userId: null, username: 'test' };

before(async () => {
  temp = await tempTarget('sqlite');
  dataDir = (temp.flag as { dataDir: string }).dataDir;
  const store = await Store.open(temp.target);
  const kase = await store.cases.create(actor, { label: 'CLI-CASE-1' });
  await store.caseItems.addTracer(actor, kase.id, {
    agent: 'In-111-pentetreotide',
    nuclide: 'In-111',
    activityMBq: 150,
    administeredAt: '2026-11-19T08:00:00.000Z',
  });
  await store.caseItems.addLesion(actor, kase.id, {
    label: 'pancreatic head',
    location: 'pancreas head',
    preopImagingStatus: 'indeterminate',
  });
  await store.close();
});
after(async () => {
  await temp.cleanup();
  rmSync(work, { recursive: true, force: true });
});

test('rgs export fhir writes a validated bundle for a case named by its label', async () => {
  const out = join(work, 'case.json');
  const run = await runCli(['export', 'fhir', '--case', 'CLI-CASE-1', '--out', out, '--data-dir', dataDir]);
  assert.equal(run.code, 0, run.stderr);
  const bundle = JSON.parse(readFileSync(out, 'utf8')) as {
    resourceType: string;
    type: string;
    entry: unknown[];
  };
  assert.equal(bundle.resourceType, 'Bundle');
  assert.equal(bundle.type, 'transaction');
  const missing = await runCli(['export', 'fhir', '--case', 'NO-SUCH-CASE', '--data-dir', dataDir]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no case with id or label 'NO-SUCH-CASE'/);
});

test('rgs report writes a PDF whose text carries the case; a malformed --reference is refused', async () => {
  const out = join(work, 'report.pdf');
  const run = await runCli(['report', '--case', 'CLI-CASE-1', '--out', out, '--data-dir', dataDir]);
  assert.equal(run.code, 0, run.stderr);
  const text = execFileSync('pdftotext', [out, '-']).toString();
  assert.match(text, /CLI-CASE-1/);
  assert.match(text, /In-111-pentetreotide, 150 MBq/);
  const bad = await runCli([
    'report',
    '--case',
    'CLI-CASE-1',
    '--out',
    out,
    '--reference',
    '2026-11-19 08:00',
    '--data-dir',
    dataDir,
  ]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--reference: '2026-11-19 08:00' is not an ISO-8601 time with a zone/);
});

test('rgs registry import is idempotent and names bad lines; registry stats counts the rows', async () => {
  const csv = join(work, 'historic.csv');
  writeFileSync(
    csv,
    'caseLabel,tracer,lesion,site,imagingStatus,inVivoRatio,rgsResult,netConfirmed,resectionStatus\n' +
      'H1,In-111-pentetreotide,H1a,bowel,not-seen,2.5,positive,yes,R0\n' +
      'H2,In-111-pentetreotide,H2a,liver,seen,1.2,negative,no,R1\n',
  );
  const first = await runCli(['registry', 'import', '--file', csv, '--json', '--data-dir', dataDir]);
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual(JSON.parse(first.stdout), {
    source: 'historic.csv',
    inserted: 2,
    updated: 0,
    unchanged: 0,
  });
  const again = await runCli(['registry', 'import', '--file', csv, '--json', '--data-dir', dataDir]);
  assert.equal(JSON.parse(again.stdout).unchanged, 2);

  const bad = join(work, 'bad.csv');
  writeFileSync(bad, 'caseLabel,tracer,lesion,site,imagingStatus,resectionStatus\nB1,x,B1a,bowel,seen,R9\n');
  const refused = await runCli(['registry', 'import', '--file', bad, '--data-dir', dataDir]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /bad\.csv:2 \(resectionStatus\): 'R9' is not one of R0, R1, R2, pending/);

  const stats = await runCli(['registry', 'stats', '--json', '--replicates', '200', '--data-dir', dataDir]);
  assert.equal(stats.code, 0, stats.stderr);
  const body = JSON.parse(stats.stdout) as {
    cases: number;
    lesions: number;
    foundByRgsNotSeenOnImaging: Array<{ lesion: string }>;
  };
  assert.equal(body.cases, 2);
  assert.equal(body.foundByRgsNotSeenOnImaging[0]?.lesion, 'H1a');
  const text = await runCli(['registry', 'stats', '--replicates', '200', '--data-dir', dataDir]);
  assert.match(text.stdout, /2 cases, 2 lesions/);
});

test('rgs export csv needs exactly one of --case and --all', async () => {
  const both = await runCli(['export', 'csv', '--case', 'CLI-CASE-1', '--all', '--data-dir', dataDir]);
  assert.equal(both.code, 2);
  const one = await runCli(['export', 'csv', '--case', 'CLI-CASE-1', '--data-dir', dataDir]);
  assert.equal(one.code, 0, one.stderr);
  assert.match(
    one.stdout,
    /^caseLabel,measurementId,measuredAt,kind,siteLabel,counts,durationSeconds,rateCps/,
  );
});
