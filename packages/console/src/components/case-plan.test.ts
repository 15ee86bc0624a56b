import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  doseBodyFromPlan,
  fieldKeyOfServerPath,
  localToIso,
  type PlanForm,
  planBodyFromForm,
  prefillPlanForm,
} from './case-plan.js';
import { timingPosition } from './plan-format.js';

const plusOneHour = () => 60;

const filled: PlanForm = {
  tracer: 'tc99m-hynic-toc',
  injectedActivityMBq: '600',
  injectedAtLocal: '2026-03-10T07:30',
  surgeryDate: '2026-03-10',
  surgeryTime: '11:30',
  surgeryDurationMinutes: '180',
  probe: 'csi-14mm',
  lesions: [{ label: 'L1', diameterMm: '15', depthCm: '1', uptakeRatio: '5', nearbyOrgan: 'none' }],
};

describe('case plan form', () => {
  test('prefill: preset by nuclide, activity, procedure date, lesion size; nothing else invented', () => {
    const form = prefillPlanForm({
      procedureDate: '2026-03-10',
      tracerAdministrations: [
        { nuclide: 'In-111', activityMBq: 180, administeredAt: '2026-03-09T10:00:00Z' },
      ],
      lesions: [{ label: 'L1', sizeMm: 12 }, { label: 'L2' }],
    });
    assert.equal(form.tracer, 'in111-pentetreotide');
    assert.equal(form.injectedActivityMBq, '180');
    assert.equal(form.surgeryDate, '2026-03-10');
    assert.equal(form.surgeryTime, '');
    assert.equal(form.surgeryDurationMinutes, '');
    assert.equal(form.probe, '');
    assert.deepEqual(
      form.lesions.map((l) => [l.diameterMm, l.depthCm, l.uptakeRatio, l.nearbyOrgan]),
      [
        ['12', '', '', ''],
        ['', '', '', ''],
      ],
    );
  });

  test('local time with the zone offset, as PLAN.json requires', () => {
    assert.equal(localToIso('2026-03-10T07:30', plusOneHour), '2026-03-10T07:30:00+01:00');
    assert.equal(
      localToIso('2026-03-10T07:30', () => -330),
      '2026-03-10T07:30:00-05:30',
    );
    assert.equal(localToIso('2026-02-30T07:30', plusOneHour), null);
    assert.equal(localToIso('', plusOneHour), null);
  });

  test('a complete form becomes the PLAN.json body and the dose request', () => {
    const result = planBodyFromForm(filled, plusOneHour);
    assert.ok(result.ok);
    assert.deepEqual(result.body, {
      tracer: 'tc99m-hynic-toc',
      injectedActivityMBq: 600,
      injectedAt: '2026-03-10T07:30:00+01:00',
      surgeryStart: '2026-03-10T11:30:00+01:00',
      surgeryDurationMinutes: 180,
      probe: 'csi-14mm',
      lesions: [{ label: 'L1', diameterMm: 15, depthCm: 1, uptakeRatio: 5, nearbyOrgan: 'none' }],
    });
    assert.deepEqual(Object.keys(doseBodyFromPlan(result.body)).sort(), [
      'injectedActivityMBq',
      'injectedAt',
      'surgeryDurationMinutes',
      'surgeryStart',
      'tracer',
    ]);
  });

  test('missing and bad fields are each named; no default duration', () => {
    const result = planBodyFromForm(
      {
        ...filled,
        surgeryDurationMinutes: '',
        lesions: [{ label: 'L1', diameterMm: '15', depthCm: '0.5', uptakeRatio: 'x', nearbyOrgan: '' }],
      },
      plusOneHour,
    );
    assert.ok(!result.ok);
    assert.deepEqual(Object.keys(result.errors).sort(), [
      'lesions.0.depthCm',
      'lesions.0.nearbyOrgan',
      'lesions.0.uptakeRatio',
      'surgeryDurationMinutes',
    ]);
    assert.match(result.errors['lesions.0.depthCm'] ?? '', /less than the radius \(0\.75 cm\)/);
    assert.match(result.errors['lesions.0.uptakeRatio'] ?? '', /“x”/);
  });

  test('surgery before the injection is refused', () => {
    const result = planBodyFromForm({ ...filled, surgeryTime: '06:00' }, plusOneHour);
    assert.ok(!result.ok);
    assert.match(result.errors.surgeryTime ?? '', /before the injection/);
  });

  test('server issue paths map to form fields', () => {
    assert.equal(fieldKeyOfServerPath('body.lesions[1].depthCm'), 'lesions.1.depthCm');
    assert.equal(fieldKeyOfServerPath('body.probe'), 'probe');
  });

  test('timing against the window', () => {
    const w = { fromHours: 0.81, toHours: 5.47 };
    assert.equal(timingPosition({ surgeryStart: 3, surgeryEnd: 5 }, w), 'inside');
    assert.equal(timingPosition({ surgeryStart: 4, surgeryEnd: 7 }, w), 'partly outside');
    assert.equal(timingPosition({ surgeryStart: 6, surgeryEnd: 7 }, w), 'too late');
    assert.equal(timingPosition({ surgeryStart: 0.1, surgeryEnd: 0.5 }, w), 'too early');
    assert.equal(timingPosition({ surgeryStart: 3, surgeryEnd: 5 }, null), 'no window');
  });
});
