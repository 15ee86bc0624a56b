import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dailyCheckVerdict, evaluateBackground, evaluateChecklist } from './daily-check.js';

describe('evaluateBackground', () => {
  test('120 counts in 60 s = 2 cps under a 10 cps limit passes; 900 counts/60 s = 15 cps fails', () => {
    const r = evaluateBackground({ counts: 120, seconds: 60, maxBackgroundCps: 10 });
    assert.ok(r.ok && r.value.result === 'pass' && r.value.backgroundCps === 2);
    const hot = evaluateBackground({ counts: 900, seconds: 60, maxBackgroundCps: 10 });
    assert.ok(hot.ok && hot.value.result === 'fail');
  });

  test('a rise from the usual 1 cps to 2 cps in 60 s is significant: z = (2 − 1)/(√120/60) = 5.48 > 3 → warn', () => {
    const r = evaluateBackground({
      counts: 120,
      seconds: 60,
      maxBackgroundCps: 10,
      referenceBackgroundCps: 1,
    });
    assert.ok(r.ok);
    assert.ok(Math.abs(r.value.zAboveReference! - 1 / (Math.sqrt(120) / 60)) < 1e-12);
    assert.equal(r.value.result, 'warn');
    assert.deepEqual(r.value.reasons, ['below-limit', 'significant-rise']);
  });

  test('refuses fractional counts and a missing limit', () => {
    assert.equal(evaluateBackground({ counts: 1.5, seconds: 1, maxBackgroundCps: 1 }).ok, false);
    assert.equal(evaluateBackground({ counts: 1, seconds: 1, maxBackgroundCps: 0 }).ok, false);
  });
});

describe('checklist and the day verdict', () => {
  test('a fault fails, an unchecked item warns, all ok passes', () => {
    const all = { 'visual-inspection': 'ok', battery: 'ok', cable: 'ok', audio: 'ok' } as const;
    assert.equal(evaluateChecklist(all).result, 'pass');
    assert.deepEqual(evaluateChecklist({ ...all, audio: 'not-checked' }).notChecked, ['audio']);
    assert.equal(evaluateChecklist({ ...all, audio: 'not-checked' }).result, 'warn');
    assert.equal(evaluateChecklist({ ...all, cable: 'fault', audio: 'not-checked' }).result, 'fail');
  });

  test('the day is the worst of constancy, background and checklist', () => {
    const v = dailyCheckVerdict({
      constancy: { result: 'pass' },
      background: { result: 'warn' },
      checklist: { result: 'pass' },
    });
    assert.equal(v.result, 'warn');
    assert.equal(
      dailyCheckVerdict({ constancy: { result: 'fail' }, background: null, checklist: { result: 'pass' } })
        .result,
      'fail',
    );
  });
});
