// The synthetic demo registry (issue 9): historic-looking lesion rows generated from the simulator, so
// the registry page has content on first start. Every row is flagged synthetic and every output says so.
//
// How a row is made, per tumour scenario of @openrgs/sim (Ga-68, Tc-99m and In-111 NET scenarios):
// - the simulator gives the expected rate with the probe over each lesion (R_L) and over normal tissue
//   6 cm away (R_B), at the scenario's time after injection;
// - each synthetic case scales the lesion's excess rate by a log-normal factor (CV 60 %, patients differ)
//   and each background site by a log-normal factor (CV 15 %, normal tissue varies between sites);
// - counts are Poisson: three background sites of 10 s, the lesion for 5 s in vivo, the specimen ex vivo
//   for 5 s with the surrounding tissue's background gone (its T/B is that of the lesion over 0.25 × B);
// - decoys (tissue a surgeon suspects that is not tumour) have T/B near 1 (factor CV 25 %);
// - the verdict is the ratio rule with its interval (positive when the 95 % lower bound of T/B is ≥ 1.5,
//   negative when the upper bound is < 1.5, undecided between) — a stand-in for the live engine;
// - pathology: tumours are NET-confirmed, decoys are not; R status R0/R1/R2 at 75/20/5 %; recurrence at
//   24 months at 15 % after R0 and 40 % otherwise.

import { Worker } from 'node:worker_threads';
import { rateRatioInterval } from '@openrgs/counting';
import { createRandom, type RandomSource, samplePoisson } from '@openrgs/numeric';
import type { CaseOutcome, LesionRow } from '@openrgs/report';
import { createSimulation, SCENARIOS } from '@openrgs/sim';
import type { ImportResult, Store } from '@openrgs/store';
import { siteGroup } from './case-record.js';

export const SYNTHETIC_SOURCE = 'synthetic-demo';

export interface SyntheticRow {
  caseLabel: string;
  lesion: string;
  row: { lesion: LesionRow; outcome: CaseOutcome };
}

function normal(random: RandomSource): number {
  // Box–Muller; 1 − u avoids log(0).
  const u = 1 - random.nextFloat();
  const v = random.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Log-normal factor with mean 1 and coefficient of variation `cv`. */
function logNormal(random: RandomSource, cv: number): number {
  const sigma = Math.sqrt(Math.log(1 + cv * cv));
  return Math.exp(sigma * normal(random) - (sigma * sigma) / 2);
}

function verdictOf(
  targetCounts: number,
  targetSeconds: number,
  backgroundCounts: number,
  backgroundSeconds: number,
) {
  const ci = rateRatioInterval({
    targetCounts,
    targetSeconds,
    backgroundCounts,
    backgroundSeconds,
    confidence: 0.95,
  });
  const verdict = ci.ratioLow >= 1.5 ? 'positive' : ci.ratioHigh < 1.5 ? 'negative' : 'undecided';
  return { ratio: ci.ratio, verdict } as const;
}

export function generateSyntheticRegistry(options: {
  casesPerScenario: number;
  seed: number;
}): SyntheticRow[] {
  const random = createRandom(options.seed);
  const rows: SyntheticRow[] = [];
  const scenarios = SCENARIOS.filter((s) => s.tracer !== null && s.lesions.some((l) => l.tumour));
  // Case numbers run on per nuclide, so two scenarios on one nuclide never share a case label (the rows are
  // keyed by case label and lesion).
  const casesSoFar = new Map<string, number>();
  for (const scenario of scenarios) {
    const firstCase = casesSoFar.get(scenario.nuclide) ?? 0;
    casesSoFar.set(scenario.nuclide, firstCase + options.casesPerScenario);
    const sim = createSimulation({ scenario: scenario.name, seed: options.seed });
    const z = scenario.surveyPlaneZCm;
    const down = [0, 0, -1] as const;
    const lesions = scenario.lesions
      .filter((l) => l.tumour)
      .map((l) => {
        const over = sim.expectedRateCps({
          positionCm: [l.centerCm[0], l.centerCm[1], z],
          direction: [...down],
        });
        const beside = sim.expectedRateCps({
          positionCm: [l.centerCm[0] + 6, l.centerCm[1], z],
          direction: [...down],
        });
        return { lesion: l, overCps: over, backgroundCps: beside };
      });
    for (let k = 1; k <= options.casesPerScenario; k++) {
      const caseLabel = `SYN-${scenario.nuclide}-${String(firstCase + k).padStart(3, '0')}`;
      const u = random.nextFloat();
      const resectionStatus = u < 0.75 ? 'R0' : u < 0.95 ? 'R1' : 'R2';
      const recurred = random.nextFloat() < (resectionStatus === 'R0' ? 0.15 : 0.4);
      const outcome: CaseOutcome = {
        caseId: `${SYNTHETIC_SOURCE}:${caseLabel}`,
        caseLabel,
        tracer: scenario.tracer ?? scenario.nuclide,
        resectionStatus,
        followUps: [{ date: '2026-01-15', recurrence: recurred }],
        synthetic: true,
      };
      for (const { lesion, overCps, backgroundCps } of lesions) {
        const bCps = backgroundCps * logNormal(random, 0.15);
        let backgroundCounts = 0;
        for (let s = 0; s < 3; s++)
          backgroundCounts += samplePoisson(random, bCps * logNormal(random, 0.15) * 10);
        const lesionCps = bCps + Math.max(0, overCps - backgroundCps) * logNormal(random, 0.6);
        const inVivo = verdictOf(samplePoisson(random, lesionCps * 5), 5, backgroundCounts, 30);
        const exVivo = verdictOf(
          samplePoisson(random, (lesionCps - bCps) * 5 + 0.25 * bCps * 5),
          5,
          backgroundCounts * 0.25,
          30,
        );
        const seenDraw = random.nextFloat();
        rows.push({
          caseLabel,
          lesion: lesion.label,
          row: {
            lesion: {
              caseId: outcome.caseId,
              caseLabel,
              tracer: outcome.tracer,
              site: siteGroup(lesion.label),
              lesion: lesion.label,
              imagingStatus: seenDraw < 0.7 ? lesion.imaging : seenDraw < 0.85 ? 'indeterminate' : 'seen',
              inVivoRatio: inVivo.ratio,
              exVivoRatio: exVivo.ratio,
              rgsResult: inVivo.verdict,
              netConfirmed: true,
              synthetic: true,
            },
            outcome,
          },
        });
      }
      // One decoy per case: tissue the surgeon suspected, normal at pathology.
      const bCps = (lesions[0]?.backgroundCps ?? 50) * logNormal(random, 0.15);
      let backgroundCounts = 0;
      for (let s = 0; s < 3; s++)
        backgroundCounts += samplePoisson(random, bCps * logNormal(random, 0.15) * 10);
      const decoy = verdictOf(
        samplePoisson(random, bCps * logNormal(random, 0.25) * 5),
        5,
        backgroundCounts,
        30,
      );
      const decoyLabel = 'suspicious mesenteric node (reactive)';
      rows.push({
        caseLabel,
        lesion: decoyLabel,
        row: {
          lesion: {
            caseId: outcome.caseId,
            caseLabel,
            tracer: outcome.tracer,
            site: 'nodes',
            lesion: decoyLabel,
            imagingStatus: 'indeterminate',
            inVivoRatio: decoy.ratio,
            exVivoRatio: null,
            rgsResult: decoy.verdict,
            netConfirmed: false,
            synthetic: true,
          },
          outcome,
        },
      });
    }
  }
  return rows;
}

/**
 * Fills the registry with the synthetic demo rows unless it holds some already (idempotent: the rows are
 * keyed, so a second call with the same seed changes nothing).
 */
export async function seedSyntheticRegistry(
  store: Store,
  options: { casesPerScenario: number; seed: number; force?: boolean },
): Promise<ImportResult | null> {
  if (options.force !== true && (await store.registry.count()).synthetic > 0) return null;
  const rows = generateSyntheticRegistry(options);
  return store.registry.importRows(
    { userId: null, username: 'synthetic demo registry' },
    SYNTHETIC_SOURCE,
    true,
    rows,
  );
}

/** generateSyntheticRegistry in a worker thread, so a running server keeps serving live sessions. */
export function generateSyntheticRegistryInWorker(options: {
  casesPerScenario: number;
  seed: number;
}): Promise<SyntheticRow[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./synthetic-registry-worker.mjs', import.meta.url), {
      workerData: options,
    });
    worker.once('message', (message: { rows?: SyntheticRow[]; error?: string }) => {
      void worker.terminate();
      if (message.rows) resolve(message.rows);
      else reject(new Error(`synthetic registry generation failed: ${message.error ?? 'no result'}`));
    });
    worker.once('error', reject);
  });
}

/** Seeds the synthetic registry in the background of a running server (rows generated off the event loop). */
export async function seedSyntheticRegistryInBackground(
  store: Store,
  options: { casesPerScenario: number; seed: number },
): Promise<ImportResult | null> {
  if ((await store.registry.count()).synthetic > 0) return null;
  const rows = await generateSyntheticRegistryInWorker(options);
  return store.registry.importRows(
    { userId: null, username: 'synthetic demo registry' },
    SYNTHETIC_SOURCE,
    true,
    rows,
  );
}
