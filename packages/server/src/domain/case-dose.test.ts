import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimateStaffDose } from './case-dose.js';

const tracer = {
  agent: 'Tc-99m-EDDA/HYNIC-TOC',
  nuclide: 'Tc-99m',
  activityMBq: 600,
  administeredAt: '2026-11-20T08:00:00+01:00',
};
const operating = { startIso: '2026-11-20T11:00:00.000Z', endIso: '2026-11-20T13:00:00.000Z' };

test('staff dose for the report comes from the dose model and scales with the administered activity', () => {
  const dose = estimateStaffDose(tracer, operating);
  assert.ok(dose && dose.length >= 3, JSON.stringify(dose));
  assert.ok(dose.every((d) => d.doseMicroSv > 0 && /dose model/.test(d.source) && /120 min/.test(d.source)));
  const doubled = estimateStaffDose({ ...tracer, activityMBq: 1200 }, operating);
  for (const [i, d] of dose.entries())
    assert.ok(Math.abs((doubled?.[i]?.doseMicroSv ?? 0) / d.doseMicroSv - 2) < 1e-9);
  // The anaesthetist (farther away) gets less than the surgeon's body.
  const body = dose.find((d) => d.role.startsWith('surgeon, body'))?.doseMicroSv ?? 0;
  const anaesthetist =
    dose.find((d) => d.role.startsWith('anaesthetist'))?.doseMicroSv ?? Number.POSITIVE_INFINITY;
  assert.ok(anaesthetist < body);
});

test('no operating time, an unknown nuclide or an operation before the injection → no estimate, not a guess', () => {
  assert.equal(estimateStaffDose(tracer, undefined), undefined);
  assert.equal(estimateStaffDose({ ...tracer, nuclide: 'Cs-137' }, operating), undefined);
  assert.equal(
    estimateStaffDose(tracer, { startIso: '2026-11-20T05:00:00.000Z', endIso: '2026-11-20T06:00:00.000Z' }),
    undefined,
  );
});
