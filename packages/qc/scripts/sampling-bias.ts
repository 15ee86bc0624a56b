// Prints the bias of FWHM/FWTM from linear interpolation of sampled Gaussian profiles
// (σ = 5 mm, peak on a sample and between samples). Run: npx tsx packages/qc/scripts/sampling-bias.ts
import { profileWidths } from '../src/profile-width.js';
import { gaussianProfile } from '../src/test-data.js';

const sigma = 5;
console.log('step mm | step/σ | FWHM bias % (peak on / between samples) | FWTM bias %');
for (const step of [0.5, 1, 2, 2.5, 3]) {
  const cells: string[] = [];
  const tenth: string[] = [];
  for (const mu of [0, step * 0.37]) {
    const r = profileWidths(gaussianProfile({ sigma, mu, peak: 1000, from: -40, to: 40, step }), {
      background: { kind: 'none' },
    });
    if (!r.ok) throw new Error(r.issues[0]?.message);
    cells.push(((r.value.fwhm.width / (sigma * 2 * Math.sqrt(2 * Math.LN2)) - 1) * 100).toFixed(2));
    tenth.push(
      (((r.value.fwtm?.width ?? Number.NaN) / (sigma * 2 * Math.sqrt(2 * Math.LN10)) - 1) * 100).toFixed(2),
    );
  }
  console.log(`${step} | ${(step / sigma).toFixed(2)} | ${cells.join(' / ')} | ${tenth.join(' / ')}`);
}
