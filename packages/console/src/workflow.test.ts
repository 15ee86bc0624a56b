import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Case, Measurement, Probe } from './api.js';
import { caseSteps, guidance, qcView } from './workflow.js';

const baseCase: Case = {
  id: 'c1',
  label: 'NET-1',
  patient: null,
  procedureDate: null,
  indication: null,
  resectionStatus: 'pending',
  decayReferenceTime: null,
  signOff: null,
  createdAt: '2026-11-26T08:00:00Z',
  createdBy: 'u1',
  updatedAt: '2026-11-26T08:00:00Z',
  tracerAdministrations: [],
  lesions: [],
  specimens: [],
  notes: [],
  measurementCount: 0,
};
const m = (kind: Measurement['kind'], i: number): Measurement => ({
  id: String(i),
  caseId: 'c1',
  idempotencyKey: `key-${i}`,
  kind,
  siteLabel: `${kind} ${i}`,
  counts: 100,
  durationSeconds: 5,
  measuredAt: '2026-11-26T10:00:00Z',
  rateCps: 20,
  rateLowCps: null,
  rateHighCps: null,
  decayCorrectedRateCps: null,
  decayReferenceTime: null,
  nuclide: null,
  halfLifeSeconds: null,
  backgroundModel: null,
  ratio: null,
  ratioLow: null,
  ratioHigh: null,
  verdict: 'undecided',
  confidencePercent: null,
  decisionSeconds: null,
  provisional: null,
  warnings: [],
  evidence: '',
  lesionId: null,
  specimenId: null,
  probeId: 'p1',
  liveSessionId: null,
  fromSeq: null,
  toSeq: null,
  source: 'live',
  createdAt: '2026-11-26T10:00:00Z',
  createdBy: 'u',
});

describe('case workflow', () => {
  test('a fresh case starts with the tracer', () => {
    assert.match(guidance(caseSteps(baseCase, [], [])), /tracer/i);
  });
  test('two background sites are not enough; three are', () => {
    const c: Case = {
      ...baseCase,
      tracerAdministrations: [
        {
          id: 't1',
          caseId: 'c1',
          agent: 'x',
          tracerId: null,
          nuclide: 'Tc-99m',
          activityMBq: 550,
          administeredAt: '2026-11-26T06:00:00Z',
          route: null,
          createdAt: '2026-11-26T06:00:00Z',
          createdBy: 'u1',
        },
      ],
      lesions: [
        {
          id: 'l1',
          caseId: 'c1',
          label: 'L1',
          siteCode: null,
          location: null,
          sizeMm: null,
          preopModality: null,
          preopImagingStatus: 'seen',
          preopPositionCm: null,
          rgsResult: 'not-measured',
          pathologyResult: 'pending',
          pathologyGrade: null,
          ki67Percent: null,
          marginStatus: null,
          pathologyNote: null,
          createdAt: '2026-11-26T06:00:00Z',
          updatedAt: '2026-11-26T06:00:00Z',
        },
      ],
    };
    const two = caseSteps(c, [m('background', 1), m('background', 2)], []);
    assert.equal(two.find((s) => s.id === 'background')?.done, false);
    assert.match(guidance(two), /press B.*2 of ≥ 3/);
    const three = caseSteps(c, [m('background', 1), m('background', 2), m('background', 3)], []);
    assert.equal(three.find((s) => s.id === 'background')?.done, true);
    assert.match(guidance(three), /in vivo/i);
  });
});

describe('a signed-off case (issue 13)', () => {
  const closed: Case = {
    ...baseCase,
    resectionStatus: 'R0',
    signOff: { statement: 'done' } as unknown as Case['signOff'],
  };
  test('says it is closed, not what to do next, and locks what was not done', () => {
    const steps = caseSteps(closed, [m('background', 1)], []);
    assert.equal(guidance(steps), 'Case closed and signed off. The report is ready.');
    const probe = steps.find((s) => s.id === 'probe');
    assert.equal(probe?.done, true, 'measured with a probe: the probe step is done');
    const tracer = steps.find((s) => s.id === 'tracer');
    assert.equal(tracer?.done, false);
    assert.equal(tracer?.locked, true);
    assert.match(tracer?.detail ?? '', /case closed/);
    assert.equal(steps.find((s) => s.id === 'report')?.done, true);
  });
  test('a case measured in a live session (the server keeps the session, not the probe) ticks the probe', () => {
    const live = { ...m('in-vivo', 1), probeId: null, liveSessionId: 's1' };
    const steps = caseSteps(closed, [live], []);
    assert.equal(steps.find((s) => s.id === 'probe')?.done, true);
    const none = caseSteps(closed, [{ ...live, liveSessionId: null, source: 'manual' as const }], []);
    assert.equal(none.find((s) => s.id === 'probe')?.done, false);
  });
  test('counts read in words: "1 check", "2 checks"', () => {
    const steps = caseSteps(baseCase, [m('tumour-bed', 1)], []);
    assert.equal(steps.find((s) => s.id === 'tumour-bed')?.detail, '1 check');
    const two = caseSteps(baseCase, [m('tumour-bed', 1), m('tumour-bed', 2)], []);
    assert.equal(two.find((s) => s.id === 'tumour-bed')?.detail, '2 checks');
  });
});

describe('probe QC state', () => {
  const now = new Date('2026-11-26T10:00:00');
  const probe = (qcStatus: Probe['qcStatus'], qcCheckedAt: string | null): Probe => ({
    id: 'p',
    name: 'P',
    manufacturer: null,
    model: null,
    serialNumber: null,
    detector: 'gamma',
    collimator: null,
    qcStatus,
    qcCheckedAt,
    createdAt: '2026-11-01T08:00:00Z',
    updatedAt: '2026-11-01T08:00:00Z',
  });
  test('no check on record warns', () => assert.equal(qcView(probe('unknown', null), now).level, 'warn'));
  test('a pass today passes', () =>
    assert.equal(qcView(probe('pass', '2026-11-26T07:30:00'), now).level, 'pass'));
  test('a pass yesterday warns', () =>
    assert.equal(qcView(probe('pass', '2026-11-25T18:00:00'), now).level, 'warn'));
  test('a failed check fails', () =>
    assert.equal(qcView(probe('fail', '2026-11-26T07:30:00'), now).level, 'fail'));
});
