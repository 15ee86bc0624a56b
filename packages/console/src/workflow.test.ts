import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Case, Measurement, Probe } from './api.js';
import { caseSteps, guidance, qcView } from './workflow.js';

const baseCase: Case = { id: '1', label: 'NET-1' };
const m = (kind: Measurement['kind'], i: number): Measurement => ({
  id: String(i),
  kind,
  siteLabel: `${kind} ${i}`,
  counts: 100,
  durationSeconds: 5,
  measuredAt: '2026-11-26T10:00:00Z',
});

describe('case workflow', () => {
  test('a fresh case starts with the tracer', () => {
    assert.match(guidance(caseSteps(baseCase, [])), /tracer/i);
  });
  test('two background sites are not enough; three are', () => {
    const c: Case = {
      ...baseCase,
      tracer: { agent: 'x', nuclide: 'Tc-99m', activityMBq: 550, administeredAt: '2026-11-26T06:00:00Z' },
      probeId: 'p1',
      lesions: [{ id: 'l1', label: 'L1', preOpImaging: 'seen' }],
    };
    const two = caseSteps(c, [m('background', 1), m('background', 2)]);
    assert.equal(two.find((s) => s.id === 'background')?.done, false);
    assert.match(guidance(two), /press B.*2 of ≥ 3/);
    const three = caseSteps(c, [m('background', 1), m('background', 2), m('background', 3)]);
    assert.equal(three.find((s) => s.id === 'background')?.done, true);
    assert.match(guidance(three), /in vivo/i);
  });
});

describe('probe QC state', () => {
  const now = new Date('2026-11-26T10:00:00');
  const probe = (qc: Probe['qc']): Probe => ({ id: 'p', name: 'P', qc });
  test('no check on record warns', () => assert.equal(qcView(probe(null), now).level, 'warn'));
  test('a pass today passes', () =>
    assert.equal(qcView(probe({ lastCheckAt: '2026-11-26T07:30:00', passed: true }), now).level, 'pass'));
  test('a pass yesterday warns', () =>
    assert.equal(qcView(probe({ lastCheckAt: '2026-11-25T18:00:00', passed: true }), now).level, 'warn'));
  test('a failed check fails', () =>
    assert.equal(qcView(probe({ lastCheckAt: '2026-11-26T07:30:00', passed: false }), now).level, 'fail'));
});
