import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePlan, parsePlanText } from './index.js';

const valid = {
  tracer: 'tc99m-hynic-toc',
  injectedActivityMBq: 600,
  injectedAt: '2026-03-10T07:00:00+01:00',
  surgeryStart: '2026-03-10T11:00:00+01:00',
  surgeryDurationMinutes: 180,
  probe: 'csi-14mm',
  lesions: [{ label: 'ileal primary', diameterMm: 15, depthCm: 1, uptakeRatio: 8 }],
};

function pathsOf(value: unknown): string[] {
  const r = parsePlan(value);
  assert.equal(r.ok, false);
  return r.ok ? [] : r.issues.map((i) => i.path);
}

describe('PLAN.json validation names the field', () => {
  test('the minimal plan of the issue is valid', () => {
    assert.equal(parsePlan(valid).ok, true);
  });
  test('missing fields are reported one by one as "is required"', () => {
    const r = parsePlan({});
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(r.issues.map((i) => i.path).sort(), [
      'injectedActivityMBq',
      'injectedAt',
      'lesions',
      'probe',
      'surgeryDurationMinutes',
      'surgeryStart',
      'tracer',
    ]);
    assert.ok(r.issues.every((i) => i.message === 'is required'));
  });
  test('bad lesion values point into the array', () => {
    const paths = pathsOf({
      ...valid,
      lesions: [
        { label: 'a', diameterMm: -3, depthCm: 1, uptakeRatio: 5 },
        { label: 'b', diameterMm: 10, depthCm: 'deep', uptakeRatio: 5 },
      ],
    });
    assert.deepEqual(paths, ['lesions[0].diameterMm', 'lesions[1].depthCm']);
  });
  test('unknown keys are named, at any depth', () => {
    const paths = pathsOf({ ...valid, activity: 3, lesions: [{ ...valid.lesions[0], size: 3 }] });
    assert.deepEqual(paths.sort(), ['activity', 'lesions[0].size']);
  });
  test('a lesion centre shallower than its radius is rejected on depthCm', () => {
    const r = parsePlan({ ...valid, lesions: [{ label: 'a', diameterMm: 30, depthCm: 1, uptakeRatio: 5 }] });
    assert.ok(!r.ok && r.issues[0]?.path === 'lesions[0].depthCm' && /radius/.test(r.issues[0].message));
  });
  test('surgery before injection, unknown tracer, duplicate labels', () => {
    assert.deepEqual(pathsOf({ ...valid, surgeryStart: '2026-03-10T06:00:00+01:00' }), ['surgeryStart']);
    assert.deepEqual(pathsOf({ ...valid, tracer: 'tc99m-mdp' }), ['tracer']);
    assert.deepEqual(pathsOf({ ...valid, lesions: [valid.lesions[0], valid.lesions[0]] }), [
      'lesions[1].label',
    ]);
  });
  test('times need a zone; activity must be a positive number', () => {
    assert.deepEqual(pathsOf({ ...valid, injectedAt: '2026-03-10T07:00:00' }), ['injectedAt']);
    assert.deepEqual(pathsOf({ ...valid, injectedActivityMBq: 0 }), ['injectedActivityMBq']);
    assert.deepEqual(pathsOf({ ...valid, injectedActivityMBq: '600' }), ['injectedActivityMBq']);
  });
  test('custom tracer needs customTracer with every kinetic parameter', () => {
    assert.deepEqual(pathsOf({ ...valid, tracer: 'custom' }), ['customTracer']);
    const paths = pathsOf({
      ...valid,
      tracer: 'custom',
      customTracer: { name: 'x', nuclide: 'Lu-177', kinetics: {} },
    });
    assert.ok(paths.includes('customTracer.kinetics.tumourRetentionHalfLifeHours'));
  });
  test('kinetic overrides are checked by name', () => {
    assert.deepEqual(pathsOf({ ...valid, kineticsOverrides: { tumourRetentionHalfLifeHours: -1 } }), [
      'kineticsOverrides.tumourRetentionHalfLifeHours',
    ]);
    assert.deepEqual(pathsOf({ ...valid, kineticsOverrides: { halfLife: 3 } }), [
      'kineticsOverrides.halfLife',
    ]);
  });
  test('malformed JSON and non-objects are document-level issues', () => {
    const r = parsePlanText('{"tracer": ');
    assert.ok(!r.ok && r.issues[0]?.path === '' && /not valid JSON/.test(r.issues[0].message));
    assert.deepEqual(pathsOf([1, 2]), ['']);
  });
});
