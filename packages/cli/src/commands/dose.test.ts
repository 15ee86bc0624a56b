import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../test-io.js';

const example = join(import.meta.dirname, '../../../../examples/plan-ileal-net.json');
const flags = [
  '--tracer',
  'tc99m-hynic-toc',
  '--activity-mbq',
  '600',
  '--injected-at',
  '2026-03-10T07:30:00+01:00',
  '--surgery-start',
  '2026-03-10T11:30:00+01:00',
  '--duration-min',
  '180',
];

interface Report {
  staff: { role: string; doseMicroSv: number; distanceCm: number }[];
  ambientDoseRateAt1m: { atSurgeryStartMicroSvPerHour: number };
  pregnancy: { checks: { role: string; withinLimit: boolean }[]; limitMilliSv: { value: number } };
  specimens: { label: string; storageHours: number; releaseAt: string }[];
}

describe('rgs dose', () => {
  test('from PLAN.json and from flags give the same figures', async () => {
    const a = await runCli(['dose', '--input', example, '--json']);
    const b = await runCli(['dose', ...flags, '--json']);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.deepEqual(JSON.parse(a.stdout), JSON.parse(b.stdout));
    const r = JSON.parse(a.stdout) as Report;
    assert.deepEqual(
      r.staff.map((s) => s.role),
      ['surgeon-hands', 'surgeon-body', 'scrub-nurse', 'anaesthetist'],
    );
    const [hands, body, nurse, anaesthetist] = r.staff.map((s) => s.doseMicroSv);
    assert.ok((hands ?? 0) > (body ?? 0) && (body ?? 0) > (nurse ?? 0) && (nurse ?? 0) > (anaesthetist ?? 0));
    assert.ok(r.ambientDoseRateAt1m.atSurgeryStartMicroSvPerHour > 0);
    assert.equal(r.pregnancy.limitMilliSv.value, 1);
  });

  test('distances, occupancy, pregnant roles and specimens', async () => {
    const r = await runCli([
      'dose',
      ...flags,
      '--distance',
      'scrub-nurse=120',
      '--occupancy',
      'anaesthetist=0.5',
      '--pregnant',
      'scrub-nurse',
      '--specimen',
      'ileal segment:0.8:120',
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as Report;
    assert.equal(doc.staff.find((s) => s.role === 'scrub-nurse')?.distanceCm, 120);
    assert.deepEqual(
      doc.pregnancy.checks.map((c) => c.role),
      ['scrub-nurse'],
    );
    // 0.8 MBq in 120 g = 6667 Bq/g → 100 Bq/g after log2(66.67)·6.0067 h = 36.4 h; measured at 14:30.
    assert.ok(Math.abs((doc.specimens[0]?.storageHours ?? 0) - 36.4) < 0.05);
    assert.equal(doc.specimens[0]?.releaseAt, '2026-03-12T02:54:00+01:00');
  });

  test('bad values name the flag', async () => {
    const role = await runCli(['dose', ...flags, '--pregnant', 'porter']);
    assert.equal(role.code, 2);
    assert.match(role.stderr, /--pregnant: 'porter' is not a staff role/);
    const spec = await runCli(['dose', ...flags, '--specimen', 'x:1']);
    assert.equal(spec.code, 2);
    assert.match(spec.stderr, /--specimen: 'x:1' must be LABEL:ACTIVITY_MBQ:MASS_G/);
    const mass = await runCli(['dose', ...flags, '--specimen', 'x:1:0']);
    assert.match(mass.stderr, /mass \(g\): '0' must be greater than 0/);
    const act = await runCli(['dose', ...flags.slice(0, 2), '--activity-mbq', 'lots']);
    assert.match(act.stderr, /--activity-mbq: 'lots' is not a number/);
    const f = await runCli(['dose', ...flags, '--self-attenuation', '1.5']);
    assert.match(f.stderr, /--self-attenuation: '1.5' must be at most 1/);
  });
});
