import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { messagesOf } from '@openrgs/outcome';
import fc from 'fast-check';
import { checkMaterial, type RawMaterial } from './attenuation.js';
import {
  attenuationAt,
  findMaterial,
  getAttenuation,
  getMaterial,
  interpolateLogLog,
  linearAttenuationPerCm,
  listMaterials,
  massAttenuationCm2PerG,
  massEnergyAbsorptionCm2PerG,
  PhysicsError,
  transmission,
} from './index.js';

function assertRel(actual: number, expected: number, tol: number, what: string): void {
  const rel = Math.abs(actual / expected - 1);
  assert.ok(rel <= tol, `${what}: ${actual} vs ${expected} (${(rel * 100).toFixed(3)} % > ${tol * 100} %)`);
}

describe('golden values: NIST XAAMDI μ/ρ at tabulated energies (to 1 %)', () => {
  // research-notes.md §4.2 grid, each value read from the NIST tables (water, ICRU-44 soft tissue,
  // lead Z=82, tungsten Z=74); lead cross-checked there against an XCOM output.
  const grid: [string, number, number][] = [
    ['water', 100, 0.1707],
    ['water', 150, 0.1505],
    ['water', 200, 0.137],
    ['water', 300, 0.1186],
    ['water', 500, 0.09687],
    ['water', 600, 0.08956],
    ['soft-tissue', 100, 0.1693],
    ['soft-tissue', 150, 0.1492],
    ['soft-tissue', 200, 0.1358],
    ['soft-tissue', 300, 0.1175],
    ['soft-tissue', 500, 0.09598],
    ['soft-tissue', 600, 0.08873],
    ['lead', 100, 5.549],
    ['lead', 150, 2.014],
    ['lead', 200, 0.9985],
    ['lead', 300, 0.4031],
    ['lead', 500, 0.1614],
    ['lead', 600, 0.1248],
    ['tungsten', 100, 4.438],
    ['tungsten', 150, 1.581],
    ['tungsten', 200, 0.7844],
    ['tungsten', 300, 0.3238],
    ['tungsten', 500, 0.1378],
    ['tungsten', 600, 0.1093],
  ];
  for (const [material, energyKeV, expected] of grid) {
    test(`${material} @ ${energyKeV} keV = ${expected} cm²/g (NIST, research-notes §4.2)`, () => {
      assertRel(massAttenuationCm2PerG(material, energyKeV), expected, 0.01, material);
    });
  }
  // NIST XAAMDI ComTab pages for air, cortical bone (ICRU-44), CsI and CdTe at 100 keV and 1 MeV;
  // μen/ρ of dry air at 100 keV and 662-keV neighbours (ComTab/air.html).
  const more: [string, number, number, 'mu' | 'muEn'][] = [
    ['air', 100, 0.1541, 'mu'],
    ['air', 1000, 0.06358, 'mu'],
    ['air', 100, 0.02325, 'muEn'],
    ['air', 600, 0.02953, 'muEn'],
    ['cortical-bone', 100, 0.1855, 'mu'],
    ['csi', 100, 2.035, 'mu'],
    ['csi', 1000, 0.05848, 'mu'],
    ['cdte', 100, 1.671, 'mu'],
    ['cdte', 1000, 0.05742, 'mu'],
  ];
  for (const [material, energyKeV, expected, which] of more) {
    test(`${material} @ ${energyKeV} keV ${which === 'mu' ? 'μ/ρ' : 'μen/ρ'} = ${expected} cm²/g (NIST ComTab)`, () => {
      const a = getAttenuation(material, energyKeV);
      assertRel(
        which === 'mu' ? a.massAttenuationCm2PerG : a.massEnergyAbsorptionCm2PerG,
        expected,
        0.01,
        material,
      );
    });
  }
});

describe('interpolation', () => {
  test('exact at every tabulated point of every material (away from edges)', () => {
    for (const m of listMaterials()) {
      m.table.forEach(([e, mu, muEn], i) => {
        const duplicate = m.table[i + 1]?.[0] === e || m.table[i - 1]?.[0] === e;
        if (duplicate) return;
        const a = getAttenuation(m, e);
        assert.equal(a.massAttenuationCm2PerG, mu, `${m.id} @ ${e}`);
        assert.equal(a.massEnergyAbsorptionCm2PerG, muEn, `${m.id} @ ${e}`);
      });
    }
  });
  test('log-log: between two rows the value lies between them and ln μ is linear in ln E', () => {
    const water = getMaterial('water');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: water.table.length - 2 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (i, t) => {
          const [e0, mu0] = water.table[i] as [number, number, number];
          const [e1, mu1] = water.table[i + 1] as [number, number, number];
          const e = Math.exp(Math.log(e0) + t * Math.log(e1 / e0));
          const mu = massAttenuationCm2PerG(water, Math.min(Math.max(e, e0), e1));
          assert.ok(mu <= Math.max(mu0, mu1) * (1 + 1e-12) && mu >= Math.min(mu0, mu1) * (1 - 1e-12));
          const expected = Math.exp(Math.log(mu0) + t * Math.log(mu1 / mu0));
          assert.ok(Math.abs(mu / expected - 1) < 1e-9);
        },
      ),
    );
  });
  // Hand-worked: water between 100 keV (0.1707) and 150 keV (0.1505) at 140.511 keV:
  // t = ln(1.40511)/ln(1.5) = 0.83946; μ/ρ = 0.1707·(0.1505/0.1707)^t = 0.15356 cm²/g.
  test('water @ 140.511 keV (Tc-99m) = 0.15356 cm²/g by log-log (hand-worked)', () => {
    assertRel(massAttenuationCm2PerG('water', 140.511), 0.15356, 2e-4, 'water');
  });
  test('interpolateLogLog returns undefined outside the table, never extrapolates', () => {
    assert.equal(interpolateLogLog([1, 2], [4, 1], 0.5), undefined);
    assert.equal(interpolateLogLog([1, 2], [4, 1], 2.0001), undefined);
    assert.equal(interpolateLogLog([1, 2], [4, 1], 2), 1);
    assert.equal(interpolateLogLog([1, 2], [4, 1], Number.NaN), undefined);
  });
});

describe('absorption edges (NIST lists the edge energy twice: below, above)', () => {
  // Pb K edge at 88.0045 keV (NIST ElemTab z82): μ/ρ 1.910 below, 7.683 cm²/g above.
  test('lead just below and just above the K edge (88.0045 keV) differ by the jump 7.683/1.910', () => {
    const below = massAttenuationCm2PerG('lead', 88.0044);
    const above = massAttenuationCm2PerG('lead', 88.0046);
    assertRel(below, 1.91, 1e-4, 'below');
    assertRel(above, 7.683, 1e-4, 'above');
    assertRel(above / below, 7.683 / 1.91, 1e-3, 'jump');
    assert.equal(massAttenuationCm2PerG('lead', 88.0045), 7.683, 'at the edge: above-edge value');
  });
  test('no interpolation across an edge: between 80 keV and the K edge lead stays on the low branch', () => {
    // 80 keV 2.419, 88.0045 keV 1.910 (below edge): at 85 keV log-log gives ≈ 2.09, not anything near 7.
    const mu = massAttenuationCm2PerG('lead', 85);
    assert.ok(mu > 1.91 && mu < 2.419, `${mu}`);
  });
  test('tungsten K edge 69.525 keV, CdTe Cd K 26.7112 / Te K 31.8138, CsI I K 33.1694 / Cs K 35.9846', () => {
    const jumps: [string, number][] = [
      ['tungsten', 69.525],
      ['cdte', 26.7112],
      ['cdte', 31.8138],
      ['csi', 33.1694],
      ['csi', 35.9846],
    ];
    for (const [m, e] of jumps) {
      const below = massAttenuationCm2PerG(m, e - 1e-4);
      const above = massAttenuationCm2PerG(m, e + 1e-4);
      assert.ok(above > 1.5 * below, `${m} ${e}: ${below} → ${above}`);
    }
  });
  // Between two edges, from 5 keV to 1 MeV, μ/ρ falls with energy (photoelectric ~E⁻³, Compton falling).
  // This caught a misprint in NIST's CsI table at 34.55 keV (data/README.md, corrected at build).
  test('μ/ρ strictly decreases within every edge-free interval between 5 keV and 1 MeV', () => {
    for (const m of listMaterials()) {
      m.table.forEach(([e, mu], i) => {
        const next = m.table[i + 1];
        if (!next || e < 5 || next[0] > 1000 || next[0] === e) return;
        assert.ok(next[1] < mu, `${m.id}: ${mu} at ${e} keV → ${next[1]} at ${next[0]} keV`);
      });
    }
  });
  test('CsI at 34.55 keV carries the documented correction (mixture rule 19.09, printed 26.87)', () => {
    const csi = getMaterial('csi');
    assert.equal(csi.source.corrections?.[0]?.printedMassAttenuationCm2PerG, 26.87);
    assert.equal(massAttenuationCm2PerG(csi, 34.55), 19.09);
  });
  test('every edge pair in every table sits at a listed NIST edge energy', () => {
    for (const m of listMaterials()) {
      const edgeEnergies = new Set(m.edges.map((e) => e.energyKeV));
      m.table.forEach(([e], i) => {
        if (m.table[i + 1]?.[0] === e) assert.ok(edgeEnergies.has(e), `${m.id} pair at ${e} keV`);
      });
    }
  });
});

describe('derived quantities', () => {
  test('linear coefficient via NIST density; HVL = ln2/μ', () => {
    const a = getAttenuation('lead', 140.511);
    assert.equal(a.densityGPerCm3, 11.35);
    assert.equal(a.linearAttenuationPerCm, a.massAttenuationCm2PerG * 11.35);
    assert.equal(a.halfValueLayerCm, Math.LN2 / a.linearAttenuationPerCm);
    assert.equal(linearAttenuationPerCm('lead', 140.511), a.linearAttenuationPerCm);
  });
  // Narrow-beam Pb HVL at 140.5 keV ≈ 0.026 cm; published label figures (0.017–0.023 cm, research-notes
  // §4.2) include the low-energy X-rays and broad-beam geometry, so only the order is checked there.
  test('lead HVL at 140.511 keV ≈ 0.026 cm (narrow beam); 511 keV ≈ 0.41 cm', () => {
    const h140 = getAttenuation('lead', 140.511).halfValueLayerCm;
    const h511 = getAttenuation('lead', 511).halfValueLayerCm;
    assert.ok(h140 > 0.024 && h140 < 0.028, `${h140}`);
    assert.ok(h511 > 0.39 && h511 < 0.43, `${h511}`);
  });
  // research-notes §4.2: tissue HVL about 45 mm at 140 keV and about 70 mm at 511 keV.
  test('soft tissue HVL ≈ 4.3 cm at 140 keV and ≈ 7.2 cm at 511 keV (research-notes: ~45 mm, ~70 mm)', () => {
    const h140 = getAttenuation('soft-tissue', 140.511).halfValueLayerCm;
    const h511 = getAttenuation('soft-tissue', 511).halfValueLayerCm;
    assert.ok(Math.abs(h140 - 4.5) < 0.3, `${h140}`);
    assert.ok(Math.abs(h511 - 7.0) < 0.4, `${h511}`);
  });
  test('transmission through one HVL is 1/2; through 0 cm is 1', () => {
    const hvl = getAttenuation('tungsten', 364.489).halfValueLayerCm;
    assert.ok(Math.abs(transmission('tungsten', 364.489, hvl) - 0.5) < 1e-12);
    assert.equal(transmission('tungsten', 364.489, 0), 1);
  });
});

describe('failures are values naming the bad input', () => {
  test('energy outside 1 keV – 20 MeV → energy_out_of_range, with the energy and the range', () => {
    for (const e of [0.5, 0, -3, 20000.1, 1e9]) {
      const r = attenuationAt('water', e);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.issues[0]?.code, 'energy_out_of_range');
        assert.ok(messagesOf(r.issues).includes(String(e)), messagesOf(r.issues));
        assert.match(messagesOf(r.issues), /1–20000 keV/);
      }
    }
    assert.equal(attenuationAt('water', 1).ok, true);
    assert.equal(attenuationAt('water', 20000).ok, true);
  });
  test('NaN energy → invalid_number', () => {
    const r = attenuationAt('water', Number.NaN);
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.issues[0]?.code, 'invalid_number');
  });
  test('unknown material → unknown_material naming it; helpers throw PhysicsError', () => {
    const r = findMaterial('unobtainium');
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.issues[0]?.code, 'unknown_material');
      assert.match(messagesOf(r.issues), /unobtainium/);
    }
    assert.throws(() => massAttenuationCm2PerG('unobtainium', 100), PhysicsError);
    assert.throws(() => massAttenuationCm2PerG('lead', 0.1), PhysicsError);
  });
  test('aliases: Pb, W, soft tissue, ICRU soft tissue, bone, cesium iodide, Cadmium-Telluride, H2O', () => {
    const cases: [string, string][] = [
      ['Pb', 'lead'],
      ['W', 'tungsten'],
      ['soft tissue', 'soft-tissue'],
      ['ICRU soft tissue', 'soft-tissue'],
      ['bone', 'cortical-bone'],
      ['cesium iodide', 'csi'],
      ['Cadmium-Telluride', 'cdte'],
      ['H2O', 'water'],
      ['CsI', 'csi'],
    ];
    for (const [alias, id] of cases) assert.equal(getMaterial(alias).id, id, alias);
  });
});

describe('names, absorption and unknown materials', () => {
  test('μen/ρ of water at 150 keV is the NIST XAAMDI value 2.764e-2 cm²/g', () => {
    // NIST XAAMDI, Table 4 (Water, Liquid): 1.50E-01 MeV, μ/ρ = 1.505E-01, μen/ρ = 2.764E-02 cm²/g.
    assert.equal(massEnergyAbsorptionCm2PerG('water', 150), 0.02764);
  });

  test('names are matched without case, surrounding spaces, hyphens or underscores', () => {
    for (const name of ['  Soft_Tissue ', 'SOFT-TISSUE', 'soft   tissue', 'ICRU-44 Soft Tissue']) {
      const r = findMaterial(name);
      assert.ok(r.ok && r.value.id === 'soft-tissue', name);
    }
    const unknown = findMaterial('unobtainium');
    assert.equal(unknown.ok, false);
    if (!unknown.ok) {
      assert.equal(unknown.issues[0]?.code, 'unknown_material');
      assert.match(messagesOf(unknown.issues), /^unknown material 'unobtainium'; known: water, soft-tissue,/);
    }
  });

  test('a material object that is not in the table is refused by name', () => {
    const r = attenuationAt({ ...getMaterial('water'), id: 'heavy-water' }, 140);
    assert.deepEqual(r, {
      ok: false,
      issues: [{ kind: 'invalid', code: 'unknown_material', message: "unknown material 'heavy-water'" }],
    });
  });
});

describe('tenth-value layer and provenance', () => {
  // NIST XAAMDI, Table 3 (Z = 82, lead): 5.000E-01 MeV, μ/ρ = 1.614E-01 cm²/g; density 11.35 g/cm³ (NIST
  // Table 1). Hand-worked: μ = 0.1614 × 11.35 = 1.83189 cm⁻¹; TVL = ln 10 / μ = 2.302585 / 1.83189 = 1.25694 cm.
  test('lead at 500 keV: TVL = ln 10 / μ = 1.2569 cm (NIST μ/ρ 0.1614 cm²/g, ρ 11.35 g/cm³)', () => {
    const a = getAttenuation('lead', 500);
    assert.ok(Math.abs(a.tenthValueLayerCm - 1.25694) < 1e-4, `${a.tenthValueLayerCm}`);
    assert.ok(Math.abs(a.halfValueLayerCm - 0.378378) < 1e-5, `${a.halfValueLayerCm}`);
  });
  test('the source names NIST XAAMDI and the table; a mixture also says it was derived', () => {
    const water = getAttenuation('water', 140);
    assert.equal(
      water.source,
      'NIST XAAMDI (Hubbell & Seltzer, SRD 126 v1.4), https://physics.nist.gov/PhysRefData/XrayMassCoef/ComTab/water.html',
    );
    const nai = getAttenuation('nai', 140);
    assert.match(nai.source, /^NIST XAAMDI \(Hubbell & Seltzer, SRD 126 v1\.4\), .*z11\.html.*z53\.html/);
    assert.ok(nai.source.endsWith('; derived by the mixture rule Σ wᵢ(μ/ρ)ᵢ'), nai.source);
  });
  test('a NaN energy and a negative thickness are refused by name', () => {
    const r = attenuationAt('water', Number.NaN);
    assert.ok(!r.ok && messagesOf(r.issues) === "photon energy 'NaN' keV is not a finite number");
    assert.throws(() => transmission('lead', 140, -1), /^RangeError: thicknessCm must be >= 0, got -1$/);
  });
});

describe('attenuation.json is checked as it loads', () => {
  const raw = (table: number[][], densityGPerCm3 = 1): RawMaterial => ({
    id: 'test-material',
    name: 'test material',
    aliases: [],
    kind: 'compound',
    densityGPerCm3,
    edges: [],
    source: { table: 'test', repository: 'test', file: 'test.csv', commit: '0000000' },
    table,
  });
  test('ascending rows, an edge as two rows at one energy, and two rows are accepted', () => {
    const { material, columns } = checkMaterial(
      raw([
        [10, 5, 4],
        [88, 2, 1.5],
        [88, 7, 2],
      ]),
    );
    assert.equal(material.minEnergyKeV, 10);
    assert.equal(material.maxEnergyKeV, 88);
    assert.deepEqual(columns, { energies: [10, 88, 88], mu: [5, 2, 7], muEn: [4, 1.5, 2] });
    assert.equal(
      checkMaterial(
        raw([
          [10, 5, 4],
          [20, 2, 1],
        ]),
      ).material.table.length,
      2,
    );
  });
  test('a falling energy, a zero μ/ρ or μen/ρ is a malformed row naming the material and energy', () => {
    const cases: number[][][] = [
      [
        [20, 5, 4],
        [10, 6, 5],
      ],
      [
        [10, 5, 4],
        [20, 0, 1],
      ],
      [
        [10, 5, 4],
        [20, 2, 0],
      ],
      [
        [10, 5, 4],
        [20, Number.NaN, 1],
      ],
    ];
    for (const table of cases) {
      assert.throws(
        () => checkMaterial(raw(table)),
        { message: `attenuation.json: test-material has a malformed row at ${table[1]?.[0]} keV` },
        JSON.stringify(table),
      );
    }
  });
  test('a zero density or a single row is an incomplete material', () => {
    const incomplete = { message: 'attenuation.json: test-material is incomplete' };
    assert.throws(
      () =>
        checkMaterial(
          raw(
            [
              [10, 5, 4],
              [20, 2, 1],
            ],
            0,
          ),
        ),
      incomplete,
    );
    assert.throws(() => checkMaterial(raw([[10, 5, 4]])), incomplete);
  });
});
