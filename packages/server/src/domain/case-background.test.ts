// The case's background as an @openrgs/outcome Outcome (issue 16, "one result/issue shape"): the model, or
// one issue saying why no verdict may rest on it — with the warnings met and, for a flagged site, the model
// the measurement records. The messages are the ones a measurement's evidence has always carried
// ("No verdict: <message>.", background-sites.int.test.ts and api.int.test.ts check them there).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DerivationContext } from '@openrgs/store';
import { caseBackground } from './derive-measurement.js';

/** Only what the background reads of a case: its background rows and the keep/drop decisions in force. */
function context(
  sites: Array<{ siteLabel: string; counts: number; durationSeconds: number }>,
  decisions: Array<{ siteLabel: string; action: 'keep' | 'drop' }> = [],
): DerivationContext {
  return { backgroundMeasurements: sites, backgroundDecisions: decisions } as unknown as DerivationContext;
}

// Four sites of 250 counts in 5 s (50 cps each) and a lifted probe: 0 counts where ~250 are expected
// (P(0 | mean 250) = e^-250, so no Poisson spread explains it).
const steady = [1, 2, 3, 4].map((i) => ({ siteLabel: `bg ${i}`, counts: 250, durationSeconds: 5 }));
const lifted = { siteLabel: 'bg lifted', counts: 0, durationSeconds: 5 };

describe('caseBackground: an Outcome with one issue that says why there is no model to judge by', () => {
  test('no background site yet: not-found, no model, the message the evidence quotes', () => {
    assert.deepEqual(caseBackground(context([])), {
      ok: false,
      issues: [
        {
          kind: 'not-found',
          code: 'no-background',
          message: 'no background measured in this case yet',
          warnings: [],
          model: null,
        },
      ],
    });
  });

  test('a flagged site nobody has decided: conflict, naming the site, with the model built without it', () => {
    const result = caseBackground(context([...steady, lifted]));
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.issues.length, 1);
    const [issue] = result.issues;
    assert.equal(issue?.kind, 'conflict');
    assert.equal(issue?.code, 'flagged-site');
    assert.match(issue?.message ?? '', /'bg lifted' looks wrong/);
    assert.equal(issue?.model?.sites, 4, 'the lifted site left out');
    assert.equal(issue?.model?.sitesGiven, 5);
    assert.equal(issue?.model?.meanCps, 50, 'four sites of 250 counts in 5 s: 50 cps');
    assert.ok(
      issue?.warnings.some((w) => w.includes("'bg lifted'")),
      issue?.warnings.join(' | '),
    );
  });

  test('the site dropped: the model of the four others', () => {
    const result = caseBackground(context([...steady, lifted], [{ siteLabel: 'bg lifted', action: 'drop' }]));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.model.sites, 4);
    assert.equal(result.value.model.meanCps, 50);
  });
});
