// One definition of the operating room's decision settings (issue 12): the live engine, the background
// model's minimum number of sites and planning all read DECISION_SETTINGS.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import { buildBackgroundModel } from './background-model.js';
import { DEFAULT_ADAPTIVE_THRESHOLD_SHARE } from './decision-rules.js';
import { DECISION_SETTINGS, limitAlpha, liveDecisionConfig } from './decision-settings.js';
import { createLiveEngine } from './live-engine.js';

// Five sites at CV ≈ 25 % (ln rates −1.2…1.2 scaled to SD 0.246), 1000 counts each at the middle.
const sigma = Math.sqrt(Math.log1p(0.25 ** 2));
const sites = [-1.2, -0.6, 0, 0.6, 1.2].map((v, i) => ({
  siteLabel: `s${i + 1}`,
  counts: Math.round(1000 * Math.exp((sigma * v) / 0.9487)),
  durationSeconds: 10,
}));

describe('decision settings (decision-settings.ts)', () => {
  test('the live config is the settings; the adaptive share is the rule’s default', () => {
    assert.deepEqual(liveDecisionConfig(), {
      rule: 'adaptive',
      ratio: 1.5,
      alpha: 0.05,
      beta: 0.05,
      adaptiveThresholdShare: DEFAULT_ADAPTIVE_THRESHOLD_SHARE,
    });
    assert.ok(Math.abs(limitAlpha(liveDecisionConfig()) - 0.0425) < 1e-15);
    assert.equal(limitAlpha({ rule: 'sprt', alpha: 0.05 }), 0.05);
  });

  test('the minimum number of sites is judged at the limit’s alpha: stricter alpha, more sites; never below the workflow’s three', () => {
    const at = (alpha: number) => {
      const built = buildBackgroundModel({ kind: 'sites', sites, limitAlpha: alpha });
      assert.ok(built.ok);
      return built.value.minimumSites;
    };
    const live = buildBackgroundModel({ kind: 'sites', sites });
    assert.ok(live.ok);
    assert.equal(live.value.minimumSites, at(0.0425), 'default = the live limit alpha');
    assert.ok(at(0.0085) > at(0.0425), `${at(0.0085)} vs ${at(0.0425)}`);
    assert.ok(at(0.2) >= DECISION_SETTINGS.workflowBackgroundSites);
    assert.ok(at(0.0085) <= DECISION_SETTINGS.minimumSites.cap);
    const bad = buildBackgroundModel({ kind: 'sites', sites, limitAlpha: 0.7 });
    assert.equal(bad.ok, false);
  });

  test('the live engine judges the minimum at its own rule’s alpha, and follows a change of rule', () => {
    const engine = createLiveEngine({
      decision: { ...liveDecisionConfig(), alpha: 0.01 },
      background: { kind: 'sites', sites },
    });
    const strict = engine.push({ startSeconds: 0, durationSeconds: 0.1, counts: 10 }).background
      ?.minimumSites;
    engine.setDecision(liveDecisionConfig());
    const loose = engine.push({ startSeconds: 0.1, durationSeconds: 0.1, counts: 10 }).background
      ?.minimumSites;
    assert.ok(strict !== undefined && loose !== undefined && strict > loose, `${strict} vs ${loose}`);
  });

  test('minimum sites at CV 25 %: 5, where the few-site limit first comes within 1.25 × the many-site limit (t quantiles from stdlib)', () => {
    // Student t quantile from stdlib's beta quantile (t² / (ν + t²) ~ Beta(1/2, ν/2)), an implementation
    // independent of counting's; the normal quantile as t with ν = 10⁹.
    const tq = (p: number, nu: number) => {
      const x = betaQuantile(2 * (1 - p), nu / 2, 0.5);
      return Math.sqrt((nu * (1 - x)) / x);
    };
    const a = limitAlpha(liveDecisionConfig());
    const s = Math.sqrt(Math.log1p(0.25 ** 2));
    const factor = (n: number) => Math.exp(s * (tq(1 - a, n - 1) * Math.sqrt(1 + 1 / n) - tq(1 - a, 1e9)));
    assert.ok(factor(4) > DECISION_SETTINGS.minimumSites.tolerance, `4 sites: ${factor(4)}`);
    assert.ok(factor(5) <= DECISION_SETTINGS.minimumSites.tolerance, `5 sites: ${factor(5)}`);
    // Five sites at ln-SD exactly s (normal scores ±1.2, ±0.6, 0 rescaled), 10⁶ counts each: counting noise
    // (ln-SD 0.001) does not move the spread.
    const raw = [-1.2, -0.6, 0, 0.6, 1.2];
    const sd = Math.sqrt(raw.reduce((acc, v) => acc + v * v, 0) / 4);
    const exact = raw.map((v, i) => ({
      siteLabel: `e${i + 1}`,
      counts: Math.round(1e6 * Math.exp((s * v) / sd)),
      durationSeconds: 10,
    }));
    const built = buildBackgroundModel({ kind: 'sites', sites: exact });
    assert.ok(built.ok);
    assert.equal(built.value.minimumSites, 5, built.value.minimumSitesReason);
    assert.equal(built.value.provisional, false);
  });
});
