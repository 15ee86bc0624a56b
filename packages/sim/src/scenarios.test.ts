import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TRUNK, tissueAt } from './anatomy.js';
import { physics } from './physics-adapter.js';
import { findScenario, SCENARIOS, SMALL_BOWEL_WALL_FRACTION } from './scenarios.js';
import { createSimulation } from './simulation.js';
import { BODY_MASS_KG, findTracer } from './tracers.js';

const DOWN = [0, 0, -1] as const;

describe('small-bowel compartment (uptake.json source SMALL-BOWEL-COMPARTMENT)', () => {
  test('the wall fraction 0.523 is the ICRP-89 small-intestine wall (650 g at 1.05 g/mL) over the voxelised compartment (within 1 %)', () => {
    const step = 0.5;
    let voxels = 0;
    for (let x = -TRUNK.semiAxisXCm + step / 2; x < TRUNK.semiAxisXCm; x += step)
      for (let y = TRUNK.yMinCm + step / 2; y < TRUNK.yMaxCm; y += step)
        for (let z = -TRUNK.semiAxisZCm + step / 2; z < TRUNK.semiAxisZCm; z += step)
          if (tissueAt([x, y, z]) === 'small-bowel') voxels++;
    const compartmentMl = voxels * step ** 3;
    const wallMl = 650 / 1.05;
    assert.ok(
      Math.abs(wallMl / compartmentMl / SMALL_BOWEL_WALL_FRACTION - 1) < 0.01,
      `${wallMl.toFixed(0)} mL of ${compartmentMl.toFixed(0)} mL`,
    );
  });

  test('each tracer’s compartment SUV is its stated bowel-wall SUV × the fraction (uptake.json notes)', () => {
    for (const [tracer, wallSuv] of [
      ['Ga-68-DOTATATE', 3],
      ['Tc-99m-EDDA/HYNIC-TOC', 2],
      ['In-111-pentetreotide', 0.4],
    ] as const) {
      const bowel = findTracer(tracer)?.tissues['small-bowel'];
      assert.ok(bowel);
      assert.equal(bowel.basis, 'derived');
      assert.match(bowel.note, new RegExp(`bowel-wall SUV ${wallSuv} `));
      assert.ok(
        Math.abs(bowel.suv / (wallSuv * SMALL_BOWEL_WALL_FRACTION) - 1) < 0.01,
        `${tracer}: ${bowel.suv}`,
      );
    }
  });

  test('ileal lesions keep their uptake against the bowel wall: SUV 18 and 24 on Ga-68 (KUYUMCU-2013 range), 12 and 16 on Tc-99m', () => {
    for (const [name, expected] of [
      ['ileal-primary-occult-node', { 'ileal-primary': 18, 'mesenteric-node': 24 }],
      ['ileal-net-hynic-toc', { 'ileal-primary': 12, 'mesenteric-node': 16 }],
    ] as const) {
      const scenario = findScenario(name);
      assert.ok(scenario);
      const sim = createSimulation({ scenario, seed: 1 });
      const decay =
        0.5 ** ((scenario.hoursAfterInjection * 3600) / physics.halfLifeSeconds(scenario.nuclide));
      const perSuvMBqPerMl = (scenario.injectedActivityMBq / (BODY_MASS_KG * 1000)) * decay;
      for (const lesion of scenario.lesions) {
        const volumeMl = (4 / 3) * Math.PI * (lesion.diameterCm / 2) ** 3;
        const suv = (sim.sources().lesionActivityMBq[lesion.id] ?? 0) / volumeMl / perSuvMBqPerMl;
        const want = expected[lesion.id as keyof typeof expected];
        assert.ok(
          Math.abs(suv / want - 1) < 0.01,
          `${name}/${lesion.id}: SUV ${suv.toFixed(2)}, want ${want}`,
        );
      }
    }
  });
});

describe('suggested background sites', () => {
  test('every patient scenario suggests sites with advice; the ileal ones lie on small bowel, ≥ 4.5 cm from every lesion', () => {
    for (const scenario of SCENARIOS) {
      assert.ok(scenario.backgroundAdvice.length > 20, scenario.name);
      if (scenario.patient) assert.ok(scenario.backgroundSites.length >= 3, scenario.name);
    }
    for (const name of ['ileal-primary-occult-node', 'ileal-net-hynic-toc']) {
      const sim = createSimulation({ scenario: name, seed: 1 });
      const map = sim.bodyMap();
      for (const site of map.backgroundSites) {
        assert.equal(site.tissue, 'small-bowel', `${name}: ${site.label}`);
        for (const lesion of map.lesions) {
          const d = Math.hypot(site.xCm - lesion.xCm, site.yCm - lesion.yCm);
          assert.ok(d >= 4.5, `${name}: ${site.label} is ${d.toFixed(1)} cm from ${lesion.id}`);
        }
      }
    }
  });

  test('ileal-net-hynic-toc: the suggested sites read within ±5 % of their mean; over the primary the probe reads > 2 × that, over the node > 1.5 ×', () => {
    const sim = createSimulation({ scenario: 'ileal-net-hynic-toc', seed: 1 });
    const map = sim.bodyMap();
    const at = (x: number, y: number) =>
      sim.expectedRateCps({ positionCm: [x, y, map.surveyPlaneZCm], direction: [...DOWN] });
    const rates = map.backgroundSites.map((s) => at(s.xCm, s.yCm));
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    for (const r of rates) assert.ok(Math.abs(r / mean - 1) < 0.05, `${rates.map((v) => v.toFixed(0))}`);
    const [primary, node] = ['ileal-primary', 'mesenteric-node'].map((id) => {
      const l = map.lesions.find((x) => x.id === id);
      assert.ok(l);
      return at(l.xCm, l.yCm) / mean;
    });
    assert.ok(primary !== undefined && primary > 2, `primary T/B ${primary}`);
    assert.ok(node !== undefined && node > 1.5, `node T/B ${node}`);
  });
});
