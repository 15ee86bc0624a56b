// The timeline speaks in sentences (issue 13 point 10): no audit action code such as
// `tracer-administration.create` reaches the screen, known or not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditRecord, Case } from '../api.js';
import { actionWords, timelineEvents } from './timeline-events.js';

const kase: Case = {
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

let seq = 0;
const audit = (action: string, before: unknown = null, after: unknown = null): AuditRecord => {
  seq += 1;
  return {
    seq,
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    at: `2026-11-26T09:${String(seq).padStart(2, '0')}:00Z`,
    actor: { userId: null, username: 'dr.surgeon' },
    action,
    entityType: action.split('.')[0] ?? '',
    entityId: null,
    caseId: 'c1',
    before,
    after,
  };
};

test('audit actions read as sentences, with who did it; no dotted code is shown', () => {
  const events = timelineEvents(
    kase,
    [],
    [
      audit('case.create', null, { label: 'NET-1' }),
      audit('tracer-administration.create', null, { agent: '99mTc-EDDA/HYNIC-TOC' }),
      audit('live-session.resume'),
      audit('case.update', { patientId: null }, { patientId: 'p-1' }),
      audit('case.update', { resectionStatus: 'pending' }, { resectionStatus: 'R0' }),
      audit('probe-qc.check-void'),
    ],
  );
  assert.deepEqual(
    events.map((e) => e.text),
    [
      'Case created (NET-1) — dr.surgeon',
      'Tracer administration recorded — dr.surgeon',
      'Live session resumed after a server restart — dr.surgeon',
      'Patient linked — dr.surgeon',
      'Resection status set to R0 — dr.surgeon',
      'Probe qc check void — dr.surgeon',
    ],
  );
  // What happened (before the actor's name, which may itself hold a dot) carries no action code.
  for (const e of events) {
    const what = e.text.split(' — ')[0] ?? '';
    assert.doesNotMatch(what, /\b[a-z]+(-[a-z]+)*\.[a-z-]+\b/, e.text);
  }
});

test('an action the console does not know yet is still words', () => {
  assert.equal(actionWords('map.scan-start'), 'Map scan start');
});
