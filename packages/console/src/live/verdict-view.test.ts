// The live badge words a negative under 50 % sure as NOT DETECTABLE HERE (issue 12): the engine's warning
// `not-detectable`, or the stated confidence itself for a state without warnings.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LiveState } from '@openrgs/api';
import { verdictView } from './verdict-view.js';

function state(part: Partial<LiveState>): LiveState {
  return {
    verdict: 'negative',
    confidencePercent: 95,
    warnings: [],
    ...part,
  } as LiveState;
}

describe('verdict badge wording', () => {
  test('a confident negative reads NEGATIVE', () => {
    assert.deepEqual(verdictView(state({})), {
      icon: 'negative',
      text: 'NEGATIVE',
      className: 'verdict-negative',
    });
  });
  test('a negative with the not-detectable warning reads NOT DETECTABLE HERE, not in the negative style', () => {
    const v = verdictView(
      state({
        confidencePercent: 1.8,
        warnings: [{ code: 'not-detectable', message: 'not detectable here: …' }],
      }),
    );
    assert.equal(v.text, 'NOT DETECTABLE HERE');
    assert.equal(v.className, 'verdict-not-detectable');
  });
  test('49.9 % without warnings is not detectable; 50 % is a negative; positives are never reworded', () => {
    assert.equal(verdictView(state({ confidencePercent: 49.9, warnings: [] })).text, 'NOT DETECTABLE HERE');
    assert.equal(verdictView(state({ confidencePercent: 50 })).text, 'NEGATIVE');
    assert.equal(verdictView(state({ verdict: 'positive', confidencePercent: 10 })).text, 'POSITIVE');
  });
});
