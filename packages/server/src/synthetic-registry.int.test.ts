import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { registryStats } from '@openrgs/report';
import { Store } from '@openrgs/store';
import { type TempTarget, tempTarget } from '@openrgs/store/testing';
import { loadRegistryInput } from './domain/registry-input.js';
import { generateSyntheticRegistry, seedSyntheticRegistry } from './domain/synthetic-registry.js';

let temp: TempTarget;
let store: Store;
before(async () => {
  temp = await tempTarget('sqlite');
  store = await Store.open(temp.target);
});
after(async () => {
  await store.close();
  await temp.cleanup();
});

test('the synthetic registry comes from the simulator, is reproducible, flagged, and seeded once', async () => {
  const a = generateSyntheticRegistry({ casesPerScenario: 3, seed: 5 });
  const b = generateSyntheticRegistry({ casesPerScenario: 3, seed: 5 });
  assert.deepEqual(a, b);
  assert.ok(a.every((r) => r.row.lesion.synthetic && r.row.outcome.synthetic));
  // Tumours over tracer-avid tissue read above 1, decoys near 1 (what the simulator's physics implies).
  const tumours = a.filter((r) => r.row.lesion.netConfirmed).map((r) => r.row.lesion.inVivoRatio ?? 0);
  const decoys = a.filter((r) => !r.row.lesion.netConfirmed).map((r) => r.row.lesion.inVivoRatio ?? 0);
  const median = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)] ?? Number.NaN;
  assert.ok(median(tumours) > 1.3, `tumour median T/B ${median(tumours)}`);
  assert.ok(Math.abs(median(decoys) - 1) < 0.3, `decoy median T/B ${median(decoys)}`);

  const first = await seedSyntheticRegistry(store, { casesPerScenario: 3, seed: 5 });
  assert.equal(first?.inserted, a.length);
  assert.equal(await seedSyntheticRegistry(store, { casesPerScenario: 3, seed: 5 }), null);
  const stats = registryStats(await loadRegistryInput(store, { includeSynthetic: true }), {
    bootstrapReplicates: 100,
    seed: 1,
  });
  assert.equal(stats.synthetic, true);
  assert.equal(stats.syntheticCases, stats.cases);
  const without = registryStats(await loadRegistryInput(store, { includeSynthetic: false }), {
    bootstrapReplicates: 100,
    seed: 1,
  });
  assert.equal(without.cases, 0);
});
