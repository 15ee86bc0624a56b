// Probe presets against published figures: sensitivity, spatial and angular resolution, side shielding.
// Run: npx tsx packages/sim/bench/probe-sensitivity.ts
import {
  createProbeResponse,
  PROBE_PRESETS,
  physics,
  pointSourceCpsPerMBq,
  probeFigures,
} from '../src/index.js';

console.log(
  'Published: vendor > 20,000 cps/MBq, < 40° FWHM, < 17 mm FWHM at 1 cm, side shielding > 99.97 % (Crystal Photonics);',
);
console.log(
  'purchaser > 5,000 cps/MBq, < 40°, < 25 mm, > 99.9 % (Klinikum Augsburg); a collimated NaI(Tl) probe measured 6.9 cps/kBq',
);
console.log('(Tc-99m, optimum window; Phys Med 2014;30:822, PubMed 24704002).\n');
console.log(
  'preset            | nuclide | cps/MBq 1 cm air | 3 cm air | 3 cm water | spatial FWHM 1 cm mm | angular FWHM ° | side shielding %',
);
for (const probe of PROBE_PRESETS) {
  for (const nuclide of ['Tc-99m', 'In-111', 'Ga-68']) {
    const made = createProbeResponse({ probe, nuclide, tissue: 'water', physics });
    if (!made.ok) continue;
    const f = probeFigures(made.value);
    const water3 = pointSourceCpsPerMBq(made.value, 0, 3, 3);
    console.log(
      `${probe.id.padEnd(17)} | ${nuclide.padEnd(7)} | ${f.sensitivityAt1CmCpsPerMBq.toFixed(0).padStart(16)} | ${f.sensitivityAt3CmCpsPerMBq.toFixed(0).padStart(8)} | ${water3.toFixed(0).padStart(10)} | ${f.spatialFwhmAt1CmMm.toFixed(1).padStart(20)} | ${Number.isFinite(f.angularFwhmDeg) ? f.angularFwhmDeg.toFixed(0).padStart(14) : '    (> 180)   '} | ${f.sideShieldingPercent.toFixed(2).padStart(8)}`,
    );
  }
}

// Narrowing the Tc-99m window around the photopeak (Phys Med 2014: 6.9 → 2.5 → 1.4 cps/kBq).
const csi = PROBE_PRESETS.find((p) => p.id === 'csi-14mm');
if (csi) {
  console.log('\ncsi-14mm, Tc-99m at 1 cm in air, narrowing the window:');
  for (const [lowerKeV, upperKeV] of [
    [110, 175],
    [126, 155],
    [133, 148],
  ] as const) {
    const probe = { ...csi, windows: { ...csi.windows, 'Tc-99m': { lowerKeV, upperKeV } } };
    const made = createProbeResponse({ probe, nuclide: 'Tc-99m', tissue: 'water', physics });
    if (made.ok)
      console.log(
        `  ${lowerKeV}–${upperKeV} keV: ${pointSourceCpsPerMBq(made.value, 0, 1, 0).toFixed(0)} cps/MBq`,
      );
  }
}
