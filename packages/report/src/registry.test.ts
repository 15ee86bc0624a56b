import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { measurementsCsv, parseHistoricCsv } from './csv.js';
import { exampleCase } from './example-case.js';
import { registryInputFromCases, registryStats } from './registry.js';

// Hand-worked registry: 6 Tc-99m lesions (bowel and nodes) and 2 In-111 lesions.
//  Tc, bowel:  A1 T/B 3.1 pos NET; A2 1.4 neg no-NET; B1 2.2 pos NET (not seen on imaging)
//  Tc, nodes:  B2 1.9 pos no-NET; C1 1.6 neg NET (indeterminate); C2 2.8 pos NET (indeterminate)
//  In, bowel:  D1 4.0 pos NET; D2 1.1 neg no-NET
// Tc 2×2: TP = A1, B1, C2 = 3; FP = B2 = 1; FN = C1 = 1; TN = A2 = 1 → sensitivity 3/4, specificity 1/2,
// PPV 3/4, NPV 1/2. Found by RGS but not seen/indeterminate: B1, C2 (C1 was negative). R status: A R0,
// B R1, C R0, D pending → of 3 closed cases R0 2/3, R1 1/3.
const CSV = `caseLabel,tracer,surgeryDate,lesion,site,imagingStatus,inVivoRatio,exVivoRatio,rgsResult,netConfirmed,resectionStatus,recurrence,followUpDate
A,Tc-99m-HYNIC-TOC,2024-01-10,A1,bowel,seen,3.1,12,positive,yes,R0,no,2025-01-10
A,Tc-99m-HYNIC-TOC,2024-01-10,A2,bowel,seen,1.4,,negative,no,R0,,
B,Tc-99m-HYNIC-TOC,2024-02-11,B1,bowel,not-seen,2.2,8,positive,yes,R1,yes,2025-02-01
B,Tc-99m-HYNIC-TOC,2024-02-11,B2,nodes,seen,1.9,,positive,no,R1,,
C,Tc-99m-HYNIC-TOC,2024-03-12,C1,nodes,indeterminate,1.6,,negative,yes,R0,,
C,Tc-99m-HYNIC-TOC,2024-03-12,C2,nodes,indeterminate,2.8,5,positive,yes,R0,,
D,In-111-pentetreotide,2024-04-13,D1,bowel,seen,4.0,,positive,yes,pending,,
D,In-111-pentetreotide,2024-04-13,D2,bowel,seen,1.1,,negative,no,pending,,
`;

test('registry statistics match the hand-worked table', () => {
  const parsed = parseHistoricCsv(CSV, 'test');
  assert.ok(parsed.ok, JSON.stringify(parsed));
  const stats = registryStats(parsed.value, { bootstrapReplicates: 200, seed: 1 });
  assert.equal(stats.cases, 4);
  assert.equal(stats.lesions, 8);
  // The historic spelling 'Tc-99m-HYNIC-TOC' is filed under the canonical tracer (issue 13 point 7).
  const tc = stats.groups.find((g) => g.tracer === '99mTc-EDDA/HYNIC-TOC' && g.site === 'all');
  assert.ok(tc?.accuracy);
  assert.deepEqual(tc.accuracy.table, {
    truePositive: 3,
    falsePositive: 1,
    falseNegative: 1,
    trueNegative: 1,
  });
  assert.equal(tc.accuracy.sensitivity.estimate, 0.75);
  assert.equal(tc.accuracy.specificity.estimate, 0.5);
  assert.equal(tc.inVivoRatio.median, (1.9 + 2.2) / 2);
  assert.deepEqual(
    stats.foundByRgsNotSeenOnImaging.map((l) => l.lesion),
    ['B1', 'C2'],
  );
  assert.equal(stats.resection.R0.successes, 2);
  assert.equal(stats.resection.R0.total, 3);
  assert.equal(stats.resection.pending.successes, 1);
  assert.equal(stats.recurrence.withFollowUp, 2);
  assert.equal(stats.recurrence.recurred.successes, 1);
  assert.equal(stats.synthetic, false);
  assert.ok(stats.groups.some((g) => g.tracer === 'all'));
});

test('historic CSV errors name the line and the column, and nothing is imported', () => {
  const bad = CSV.replace('A2,bowel,seen,1.4', 'A2,colon,seen,-1').replace(
    'C1,nodes,indeterminate',
    'C1,nodes,maybe',
  );
  const parsed = parseHistoricCsv(bad, 'test');
  assert.ok(!parsed.ok);
  assert.deepEqual(
    parsed.issues.map((i) => [i.line, i.column]),
    [
      [3, 'site'],
      [3, 'inVivoRatio'],
      [6, 'imagingStatus'],
    ],
  );
  const ragged = parseHistoricCsv(`${CSV}E,Tc,2024-01-01,E1\n`, 'test');
  assert.ok(!ragged.ok && ragged.issues[0]?.line === 10, JSON.stringify(ragged));
  assert.match(ragged.ok ? '' : (ragged.issues[0]?.message ?? ''), /4 fields, expected 13/);
  // Lines are the file's: a blank line and a quoted line break before a bad row do not shift them
  // (before the one CSV reader, the row index + 2 named line 3 here).
  const lines = CSV.split('\n');
  const shifted = parseHistoricCsv(
    [lines[0], '', lines[1]?.replace('R0,no', '"R0",no'), lines[2]?.replace(',seen,', ',maybe,')].join('\n'),
    'test',
  );
  assert.ok(!shifted.ok);
  assert.deepEqual(
    shifted.issues.map((i) => [i.line, i.column, i.message]),
    [[4, 'imagingStatus', "'maybe' is not one of seen, indeterminate, not-seen"]],
  );
  const broken = parseHistoricCsv(
    [lines[0], lines[1], lines[2]?.replace(',seen,', ',"seen\nor not",')].join('\n'),
    'test',
  );
  assert.ok(!broken.ok);
  assert.deepEqual(
    broken.issues.map((i) => [i.line, i.column]),
    [[3, 'imagingStatus']],
  );
  const quote = parseHistoricCsv(`${lines[0]}\n${lines[1]}\n"A,Tc-99m-HYNIC-TOC\n`, 'test');
  assert.ok(!quote.ok && quote.issues[0]?.line === 3, JSON.stringify(quote));
  assert.match(quote.ok ? '' : (quote.issues[0]?.message ?? ''), /a quoted field is not closed/);
  const unknown = parseHistoricCsv('caseLabel,tracer,patientName\n', 'test');
  assert.ok(!unknown.ok && unknown.issues.some((i) => i.column === 'patientName'));
});

test('a lesion listed twice in one file is refused (rows are keyed by case and lesion)', () => {
  const a = parseHistoricCsv(CSV, 'test');
  const twice = parseHistoricCsv(CSV + CSV.split('\n').slice(1).join('\n'), 'test');
  assert.ok(a.ok);
  assert.ok(!twice.ok && twice.issues.every((i) => /appears twice/.test(i.message)));
});

test('live cases feed the registry like imported ones; the measurements CSV has units in its header', () => {
  const stats = registryStats(registryInputFromCases([exampleCase()]), { bootstrapReplicates: 50, seed: 1 });
  assert.equal(stats.lesions, 2);
  assert.equal(stats.foundByRgsNotSeenOnImaging[0]?.lesion, 'mesenteric node 1');
  const rows = parse(measurementsCsv([exampleCase()]), { columns: true }) as Array<Record<string, string>>;
  assert.equal(rows.length, 7);
  assert.equal(rows[3]?.rateCps, '140');
  assert.equal(rows[3]?.ratio, '3.33');
  assert.equal(rows[0]?.decayReferenceTime, '2026-11-20T12:00:00+01:00');
});
