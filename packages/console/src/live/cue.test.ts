import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LiveState } from '@openrgs/api';
import { audioCue } from '@openrgs/counting';
import { cueFor } from './cue.js';

function state(audio: LiveState['audio'], counts: number): LiveState {
  return {
    type: 'live',
    stationId: 'sim-1',
    seq: 1,
    receivedAtMs: 0,
    probe: { name: 'p', status: 'connected' },
    frame: { startSeconds: 0, durationSeconds: 0.05, counts },
    rateCps: 120,
    rateLowCps: 100,
    rateHighCps: 140,
    background: { meanCps: 100, sdCps: 10, sites: 3, thresholdCps: 150 },
    ratio: 1.2,
    ratioLow: 1,
    ratioHigh: 1.4,
    verdict: 'undecided',
    evidence: '',
    holdStillSeconds: 2,
    audio,
  };
}

const SQUELCHED = { frequencyHz: null, clicks: 0, gain: 0, squelched: true };

describe('what each sound mode plays', () => {
  test('squelch mode plays the engine cue: silent while squelched', () => {
    assert.deepEqual(cueFor(state(SQUELCHED, 7), 'squelch'), { frequencyHz: null, gain: 0, clicks: 0 });
  });
  test('pitch mode sounds while squelched, at the engine mapping (120 cps over 100 cps background)', () => {
    const played = cueFor(state(SQUELCHED, 7), 'pitch');
    // audioCue: 440 Hz at the background, one octave per doubling → 440 · 2^log2(1.2) = 528 Hz.
    assert.ok(played.frequencyHz !== null && Math.abs(played.frequencyHz - 528) < 1e-9);
    assert.equal(played.clicks, 0);
    const engine = audioCue({ rateCps: 120, rateLowerLimitCps: 101, backgroundCps: 100, frameCounts: 7 });
    assert.equal(played.frequencyHz, engine.frequencyHz);
  });
  test('click mode clicks once per count while squelched, at most 50 per frame', () => {
    assert.equal(cueFor(state(SQUELCHED, 7), 'clicks').clicks, 7);
    assert.equal(cueFor(state(SQUELCHED, 80), 'clicks').clicks, 50);
    assert.equal(cueFor(state(SQUELCHED, 7), 'clicks').frequencyHz, null);
  });
  test('an open engine cue passes through unchanged in every mode', () => {
    const open = { frequencyHz: 600, clicks: 9, gain: 0.7, squelched: false };
    assert.deepEqual(cueFor(state(open, 9), 'pitch'), { frequencyHz: 600, gain: 0.7, clicks: 0 });
    assert.deepEqual(cueFor(state(open, 9), 'squelch'), { frequencyHz: 600, gain: 0.7, clicks: 0 });
    assert.deepEqual(cueFor(state(open, 9), 'clicks'), { frequencyHz: null, gain: 0.7, clicks: 9 });
  });
});
