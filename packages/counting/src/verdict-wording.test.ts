// A negative the model is less than 50 % sure of is worded "not detectable here" (issue 12): the lesion
// asked for would be missed more often than found, so "NEGATIVE" would read as a clear site.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLiveEngine } from './live-engine.js';
import { isNotDetectable, notDetectableWarning, verdictWording } from './verdict-wording.js';

/** 0.1 s frames at 50 cps in a fixed pattern (mean 5 counts) so the run is deterministic. */
function runAtBackground(siteCounts: number[]) {
  const engine = createLiveEngine({ decision: { rule: 'adaptive', ratio: 1.5, alpha: 0.05, beta: 0.05 } });
  const set = engine.setBackground({
    kind: 'sites',
    sites: siteCounts.map((counts, i) => ({ siteLabel: `B${i + 1}`, counts, durationSeconds: 10 })),
  });
  assert.ok(set?.ok);
  let snap = engine.push({ startSeconds: 0, durationSeconds: 0.1, counts: 5 });
  for (let i = 1; i < 600 && snap.verdict === 'undecided'; i++) {
    snap = engine.push({ startSeconds: i * 0.1, durationSeconds: 0.1, counts: [5, 4, 6, 5, 5][i % 5]! });
  }
  return snap;
}

describe('verdict wording', () => {
  test('the 50 % edge: below it a negative is not detectable here; positives and undecided unchanged', () => {
    assert.equal(verdictWording('negative', 0.499), 'NOT DETECTABLE HERE');
    assert.equal(verdictWording('negative', 0.5), 'NEGATIVE');
    assert.equal(verdictWording('negative', 0.95), 'NEGATIVE');
    assert.equal(verdictWording('positive', 0.1), 'POSITIVE');
    assert.equal(verdictWording('undecided', null), 'UNDECIDED');
    assert.equal(isNotDetectable('negative', null), false);
    assert.equal(notDetectableWarning('negative', 0.6, 1.5), null);
    assert.equal(notDetectableWarning('positive', 0.01, 1.5), null);
    const w = notDetectableWarning('negative', 0.0189, 1.5);
    assert.equal(w?.code, 'not-detectable');
    // Rounded down, like every stated confidence: 1.89 % reads 1.8 %.
    assert.match(w?.message ?? '', /only 1\.8 % sure that a lesion at T\/B 1\.5 would have been found/);
  });

  test('three sites of CV ~45 %: a site at the mean reads NOT DETECTABLE HERE with the warning, not NEGATIVE', () => {
    const snap = runAtBackground([300, 500, 800]);
    assert.equal(snap.verdict, 'negative', snap.evidence);
    assert.ok(snap.confidence !== null && snap.confidence < 0.5, `${snap.confidence}`);
    assert.match(snap.evidence, /NOT DETECTABLE HERE/);
    assert.doesNotMatch(snap.evidence, /NEGATIVE/);
    assert.match(snap.evidence, /cannot be told from normal tissue/);
    const codes = snap.warnings.map((w) => w.code);
    assert.ok(codes.includes('not-detectable'), JSON.stringify(codes));
  });

  test('five agreeing sites: a site at the mean is a confident NEGATIVE with no such warning', () => {
    const snap = runAtBackground([480, 500, 520, 510, 490]);
    assert.equal(snap.verdict, 'negative', snap.evidence);
    assert.ok(snap.confidence !== null && snap.confidence >= 0.5, `${snap.confidence}`);
    assert.match(snap.evidence, /^NEGATIVE/);
    assert.ok(snap.warnings.every((w) => w.code !== 'not-detectable'));
  });
});
